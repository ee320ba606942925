"""GET /api/v1/event-types: the event catalog, each event with its payload's JSON Schema."""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from {{ cookiecutter.package_name }}.events.catalog import event_types

router = APIRouter(prefix="/api/v1")


class EventTypePublic(BaseModel):
    name: str
    description: str
    schema_: dict[str, Any] = Field(serialization_alias="schema")


class EventTypeList(BaseModel):
    data: list[EventTypePublic]


@router.get("/event-types", response_model=EventTypeList, response_model_by_alias=True)
def list_event_types() -> EventTypeList:
    return EventTypeList(
        data=[
            EventTypePublic(name=event.name, description=event.description, schema_=event.schema_)
            for event in event_types().values()
        ]
    )
