"""/api/v1/webhooks: the webhook endpoints, behind the webhook:manage scope."""

from typing import Annotated

from fastapi import APIRouter, Body, Response
from sqlalchemy.orm import Session

from pocket_ledger.api.auth import require_scopes
from pocket_ledger.api.deps import SessionDep, SettingsDep
from pocket_ledger.core.errors import ApiError
from pocket_ledger.models.webhook import WebhookEndpoint
from pocket_ledger.services.webhook_endpoints import (
    create_endpoint,
    list_endpoints,
    public,
    rotate_secret,
    update_endpoint,
    with_secret,
)
from pocket_ledger.webhooks.schemas import (
    RotateSecret,
    WebhookEndpointCreate,
    WebhookEndpointList,
    WebhookEndpointPublic,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)

MANAGE_SCOPE = "webhook:manage"

router = APIRouter(prefix="/api/v1/webhooks", dependencies=[require_scopes(MANAGE_SCOPE)])


def find_endpoint(session: Session, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise ApiError(404, "webhook_not_found", f"There is no webhook endpoint {endpoint_id!r}.", field="id")
    return endpoint


@router.post("", status_code=201, response_model=WebhookEndpointWithSecret, summary="Register a webhook endpoint")
def create_webhook(fields: WebhookEndpointCreate, session: SessionDep) -> WebhookEndpointWithSecret:
    endpoint = create_endpoint(session, fields)
    session.commit()
    return with_secret(endpoint)


@router.get("", response_model=WebhookEndpointList, summary="List the webhook endpoints")
def list_webhooks(session: SessionDep) -> WebhookEndpointList:
    return WebhookEndpointList(data=[public(endpoint) for endpoint in list_endpoints(session)])


@router.get("/{endpoint_id}", response_model=WebhookEndpointPublic, summary="One webhook endpoint")
def get_webhook(endpoint_id: str, session: SessionDep) -> WebhookEndpointPublic:
    return public(find_endpoint(session, endpoint_id))


@router.patch("/{endpoint_id}", response_model=WebhookEndpointPublic, summary="Change a webhook endpoint")
def update_webhook(endpoint_id: str, fields: WebhookEndpointUpdate, session: SessionDep) -> WebhookEndpointPublic:
    endpoint = update_endpoint(find_endpoint(session, endpoint_id), fields)
    session.commit()
    return public(endpoint)


@router.delete("/{endpoint_id}", status_code=204, response_class=Response, summary="Remove a webhook endpoint")
def delete_webhook(endpoint_id: str, session: SessionDep) -> Response:
    session.delete(find_endpoint(session, endpoint_id))
    session.commit()
    return Response(status_code=204)


@router.post(
    "/{endpoint_id}/rotate-secret",
    response_model=WebhookEndpointWithSecret,
    summary="Rotate the signing secret (the old one signs beside it for the grace period)",
)
def rotate_webhook_secret(
    endpoint_id: str,
    session: SessionDep,
    settings: SettingsDep,
    rotation: Annotated[RotateSecret | None, Body()] = None,
) -> WebhookEndpointWithSecret:
    endpoint = find_endpoint(session, endpoint_id)
    rotate_secret(endpoint, settings.webhook_secret_grace_seconds, rotation.secret if rotation else None)
    session.commit()
    return with_secret(endpoint)
