"""The event catalog (pocket-ledger-minimal.md:101): each event type, its description, the JSON Schema
of its payload (`catalog.json`) and the model that validates it (`payloads.py`)."""

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel

from pocket_ledger.events import payloads


class EventType(BaseModel):
    name: str
    description: str
    schema_: dict[str, Any]
    example: dict[str, Any] | None = None

    @property
    def payload_model(self) -> type[BaseModel]:
        return PAYLOAD_MODELS[self.name]


PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "entry.created": payloads.EntryCreatedData,  # pocket-ledger-minimal.md:103
    "entry.reversed": payloads.EntryReversedData,  # pocket-ledger-minimal.md:104
    "account.created": payloads.AccountCreatedData,  # pocket-ledger-minimal.md:105
    "account.balance_changed": payloads.AccountBalanceChangedData,  # pocket-ledger-minimal.md:106
    "period.closed": payloads.PeriodClosedData,  # pocket-ledger-minimal.md:107
}


@cache
def event_types() -> dict[str, EventType]:
    """Every event type by name, in the catalog's order."""
    text = resources.files(__package__).joinpath("catalog.json").read_text(encoding="utf-8")
    entries = json.loads(text)
    return {
        entry["name"]: EventType(
            name=entry["name"], description=entry["description"], schema_=entry["schema"], example=entry["example"]
        )
        for entry in entries
    }


def payload_data(event: EventType) -> dict[str, Any] | None:
    """The `data` of the spec's example payload (examples are often written as whole envelopes)."""
    example = event.example
    if example is None:
        return None
    data = example.get("data")
    if isinstance(data, dict) and ("type" in example or "id" in example):
        return data
    return example
