"""JSON Schemas for event payloads: inferred from an example, or from a list of field names."""

from __future__ import annotations

import re
from typing import Any

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELD = re.compile(
    r"`(?P<name>[A-Za-z_][\w.\[\]]*)`(?:\s*\((?P<type>bool|boolean|int|integer|number|string|date|datetime)\))?"
)
_FIELD_TYPES = {
    "bool": {"type": "boolean"}, "boolean": {"type": "boolean"}, "int": {"type": "integer"},
    "integer": {"type": "integer"}, "number": {"type": "number"}, "string": {"type": "string"},
    "date": {"type": "string", "format": "date"}, "datetime": {"type": "string", "format": "date-time"},
}  # fmt: skip


def is_json_schema(value: dict[str, Any]) -> bool:
    return "$schema" in value or (value.get("type") == "object" and isinstance(value.get("properties"), dict))


def infer_schema(value: Any) -> dict[str, Any]:
    """The schema an example value satisfies: every key seen is a required property."""
    if isinstance(value, dict):
        return {
            "type": "object",
            "properties": {key: infer_schema(child) for key, child in value.items()},
            "required": list(value),
        }
    if isinstance(value, list):
        return {"type": "array", "items": infer_schema(value[0])} if value else {"type": "array"}
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        if _DATE_TIME.match(value):
            return {"type": "string", "format": "date-time"}
        if _DATE.match(value):
            return {"type": "string", "format": "date"}
        return {"type": "string"}
    return {}


def payload_data(example: dict[str, Any], event: str) -> dict[str, Any]:
    """The ``data`` of an example written as a whole envelope (``{"type": event, "data": {...}}``)."""
    data = example.get("data")
    if isinstance(data, dict) and (example.get("type") == event or "id" in example or "type" in example):
        return data
    return example


def schema_data_part(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of ``data`` when ``schema`` describes a whole envelope (``id``/``type`` + ``data``)."""
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not isinstance(properties.get("data"), dict):
        return schema
    if "type" not in properties and "id" not in properties:
        return schema
    data = dict(properties["data"])
    for key in ("$defs", "definitions"):
        if key in schema:
            data.setdefault(key, schema[key])
    return data


def schema_from_fields(cell: str) -> dict[str, Any] | None:
    """``"`appointment_id`, `previous.start`, `late_cancel` (bool)"`` -> an object schema; None if no fields."""
    schema: dict[str, Any] = {"type": "object", "properties": {}}
    found = False
    for match in _FIELD.finditer(cell):
        found = True
        place_field(schema, match["name"].split("."), match["type"])
    return schema if found else None


def place_field(schema: dict[str, Any], parts: list[str], type_name: str | None) -> None:
    name = parts[0]
    is_list = name.endswith("[]")
    name = name.removesuffix("[]")
    properties: dict[str, Any] = schema.setdefault("properties", {})
    if len(parts) > 1:
        child = properties.setdefault(name, {"type": "object", "properties": {}})
        place_field(child, parts[1:], type_name)
        return
    leaf = field_schema(name, type_name)
    properties[name] = {"type": "array", "items": leaf} if is_list else leaf


def field_schema(name: str, type_name: str | None) -> dict[str, Any]:
    if type_name:
        return dict(_FIELD_TYPES[type_name])
    if name.endswith("_id") or name == "id":
        return {"type": "string"}
    if name.endswith("_at"):
        return {"type": "string", "format": "date-time"}
    return {}
