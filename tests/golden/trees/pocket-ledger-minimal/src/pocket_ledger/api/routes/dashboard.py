"""/dashboard/webhooks: the webhook health page for operators with the webhook:manage scope: per
endpoint its success rate, median latency, queue, dead letters and last attempts, with buttons that send a
delivery again and recover an endpoint's failures since a time (see `webhooks/dashboard.py` for sign-in and
CSRF)."""

import time
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from pocket_ledger.api.auth import authenticate
from pocket_ledger.api.deps import SessionDep
from pocket_ledger.api.routes.webhooks import MANAGE_SCOPE
from pocket_ledger.core.config import Settings
from pocket_ledger.models.webhook import WebhookDelivery, WebhookEndpoint
from pocket_ledger.services.webhook_endpoints import list_endpoints
from pocket_ledger.webhooks.dashboard import (
    CSRF_FIELD,
    PATH,
    csrf_token,
    csrf_valid,
    end_session,
    operator,
    page,
    same_site,
    set_session,
)
from pocket_ledger.webhooks.health import endpoint_health
from pocket_ledger.webhooks.operations import RetryRefusedError, recover, retry_delivery

router = APIRouter(prefix=PATH, include_in_schema=False)

DEAD_LETTERS_SHOWN = 10
CsrfField = Annotated[str | None, Form(alias=CSRF_FIELD)]


def refused(message: str, status_code: int) -> Response:
    return page("message.html", status_code, title="Not allowed", message=message)


def back(notice: str) -> RedirectResponse:
    return RedirectResponse(f"{PATH}?notice={notice}", status_code=303)


def dead_letters(session: Session, endpoint_id: str) -> list[WebhookDelivery]:
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == "dead")
        .order_by(WebhookDelivery.completed_at.desc())
        .limit(DEAD_LETTERS_SHOWN)
    )
    return list(session.scalars(query))


@router.get("")
def dashboard(request: Request, session: SessionDep, notice: str | None = None) -> Response:
    signed_in = operator(request, MANAGE_SCOPE)
    if signed_in is None:
        return page("login.html", 401, scope=MANAGE_SCOPE, error=None)
    credential, principal = signed_in
    settings: Settings = request.app.state.settings
    endpoints = [
        (endpoint_health(session, endpoint), dead_letters(session, endpoint.id)) for endpoint in list_endpoints(session)
    ]
    notices = {"retried": "The delivery is queued again.", "recovered": "The endpoint's failed deliveries are queued again."}
    return page(
        "dashboard.html",
        app_name=settings.app_name,
        endpoints=endpoints,
        subject=principal.subject,
        csrf_token=csrf_token(credential),
        notice=notices.get(notice or ""),
    )


@router.post("/login")
def sign_in(request: Request, key: Annotated[str, Form(max_length=500)]) -> Response:
    if not same_site(request):
        return refused("This form may only be sent from the dashboard itself.", 403)
    principal = authenticate(request.app.state.db, request.app.state.settings, key.strip())
    if principal is None or MANAGE_SCOPE not in principal.scopes:
        error = f"That key is unknown, revoked, or lacks the {MANAGE_SCOPE} scope."
        return page("login.html", 401, scope=MANAGE_SCOPE, error=error)
    response = RedirectResponse(PATH, status_code=303)
    set_session(response, request, key.strip())
    return response


@router.post("/logout")
def sign_out(request: Request, csrf: CsrfField = None) -> Response:
    signed_in = operator(request, MANAGE_SCOPE)
    if signed_in is None or not same_site(request) or not csrf_valid(signed_in[0], csrf):
        return refused("Sign out from the dashboard's own button.", 403)
    response = RedirectResponse(PATH, status_code=303)
    end_session(response, request)
    return response


def checked(request: Request, csrf: str | None) -> Response | None:
    """A refusal, unless the caller is an operator and the form is the dashboard's own."""
    signed_in = operator(request, MANAGE_SCOPE)
    if signed_in is None:
        return refused(f"Sign in with a credential that has the {MANAGE_SCOPE} scope.", 401)
    if not same_site(request) or not csrf_valid(signed_in[0], csrf):
        return refused("The form's token is missing or wrong; reload the dashboard and try again.", 403)
    return None


@router.post("/deliveries/{delivery_id}/retry")
def retry_from_dashboard(request: Request, delivery_id: str, session: SessionDep, csrf: CsrfField = None) -> Response:
    refusal = checked(request, csrf)
    if refusal is not None:
        return refusal
    delivery = session.get(WebhookDelivery, delivery_id)
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id) if delivery else None
    if delivery is None or endpoint is None:
        return page("message.html", 404, title="Not found", message=f"There is no delivery {delivery_id}.")
    if not endpoint.active:
        return page("message.html", 409, title="Endpoint disabled", message="Turn the endpoint on again first.")
    try:
        retry_delivery(session, delivery)
    except RetryRefusedError as exc:
        return page("message.html", 409, title="In flight", message=str(exc))
    session.commit()
    return back("retried")


@router.post("/endpoints/{endpoint_id}/recover")
def recover_from_dashboard(
    request: Request,
    endpoint_id: str,
    session: SessionDep,
    hours: Annotated[float, Form(gt=0, le=24 * 365)],
    csrf: CsrfField = None,
) -> Response:
    refusal = checked(request, csrf)
    if refusal is not None:
        return refusal
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        return page("message.html", 404, title="Not found", message=f"There is no webhook endpoint {endpoint_id}.")
    if not endpoint.active:
        return page("message.html", 409, title="Endpoint disabled", message="Turn the endpoint on again first.")
    recover(session, endpoint.id, time.time() - hours * 3600)
    session.commit()
    return back("recovered")
