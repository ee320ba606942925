{%- set view = cookiecutter._intspec.view -%}
"""The operator's side of webhooks, behind the {{ view.scope | doc }} scope: the attempt log of an endpoint or
an event, sending one delivery again, and recovering an endpoint's failures since a time."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.api.auth import require_scopes
from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.api.routes.webhooks import MANAGE_SCOPE, find_endpoint
from {{ cookiecutter.package_name }}.core.errors import ApiError
from {{ cookiecutter.package_name }}.models.webhook import WebhookDelivery, WebhookEndpoint, WebhookMessage
from {{ cookiecutter.package_name }}.webhooks.operations import (
    DeliveryLog,
    DeliveryLogList,
    DeliveryStatus,
    Recover,
    Requeued,
    RetryRefusedError,
    delivery_logs,
    recover,
    retry_delivery,
)

router = APIRouter(prefix="/api/v1", dependencies=[require_scopes(MANAGE_SCOPE)])

Limit = Annotated[int, Query(ge=1, le=500)]


def require_active(endpoint: WebhookEndpoint) -> None:
    if not endpoint.active:
        raise ApiError(
            409,
            "webhook_disabled",
            f"The endpoint {endpoint.id!r} is disabled ({endpoint.disabled_reason or 'by its owner'}); "
            "turn it on again (PATCH active=true) before sending to it.",
        )


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response_model=DeliveryLogList,
    summary="The endpoint's deliveries, newest first, each with its attempts",
)
def list_endpoint_deliveries(
    endpoint_id: str,
    session: SessionDep,
    status: DeliveryStatus | None = None,
    event_id: str | None = None,
    limit: Limit = 50,
) -> DeliveryLogList:
    find_endpoint(session, endpoint_id)
    return DeliveryLogList(data=delivery_logs(session, endpoint_id, event_id, status, limit))


@router.get(
    "/events/{event_id}/deliveries",
    response_model=DeliveryLogList,
    summary="The deliveries of one event, to every endpoint, each with its attempts",
)
def list_event_deliveries(event_id: str, session: SessionDep, limit: Limit = 50) -> DeliveryLogList:
    if session.get(WebhookMessage, event_id) is None:
        raise ApiError(404, "event_not_found", f"There is no event {event_id!r}.", field="id")
    return DeliveryLogList(data=delivery_logs(session, event_id=event_id, limit=limit))


def retry(session: Session, delivery_id: str) -> DeliveryLog:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise ApiError(404, "delivery_not_found", f"There is no delivery {delivery_id!r}.", field="id")
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is not None:
        require_active(endpoint)
    try:
        retry_delivery(session, delivery)
    except RetryRefusedError as exc:
        raise ApiError(409, "delivery_in_flight", f"{exc}; try again when its attempt is over.") from exc
    session.commit()
    return delivery_logs(session, delivery_id=delivery.id)[0]


@router.post(
    "/deliveries/{delivery_id}/retry",
    status_code=202,
    response_model=DeliveryLog,
    summary="Send one delivery again (a dead-lettered one gets a fresh round of attempts)",
)
def retry_one_delivery(delivery_id: str, session: SessionDep) -> DeliveryLog:
    return retry(session, delivery_id)


@router.post(
    "/webhooks/{endpoint_id}/recover",
    status_code=202,
    response_model=Requeued,
    summary="Send again every delivery of the endpoint that failed since a time",
)
def recover_endpoint(endpoint_id: str, window: Recover, session: SessionDep) -> Requeued:
    endpoint = find_endpoint(session, endpoint_id)
    require_active(endpoint)
    until = window.until.timestamp() if window.until else None
    ids = recover(session, endpoint.id, window.since.timestamp(), until)
    session.commit()
    return Requeued(requeued=len(ids), ids=ids)
