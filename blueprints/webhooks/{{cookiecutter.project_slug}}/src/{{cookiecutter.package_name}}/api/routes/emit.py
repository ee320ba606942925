{%- set view = cookiecutter._intspec.view -%}
"""POST /api/v1/events: emit an event; every endpoint subscribed to its type gets a delivery."""

from fastapi import APIRouter

from {{ cookiecutter.package_name }}.api.auth import require_scopes
from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import ApiError
from {{ cookiecutter.package_name }}.webhooks.emit import EventValidationError, emit
from {{ cookiecutter.package_name }}.webhooks.schemas import EventAccepted, EventCreate

router = APIRouter(prefix="/api/v1")


@router.post(
    "/events",
    status_code=202,
    response_model=EventAccepted,
    dependencies=[require_scopes({{ view.scope | py }})],
    summary="Emit an event to the webhook endpoints subscribed to its type",
)
def emit_event(event: EventCreate, session: SessionDep) -> EventAccepted:
    try:
        event_id = emit(event.type, event.data, session)
    except EventValidationError as exc:
        raise ApiError(422, "invalid_event", str(exc), error_type="validation_error", field=exc.field) from exc
    session.commit()
    return EventAccepted(id=event_id)
