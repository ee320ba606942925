"""The view of the model's field mappings that the ``mappings`` blueprint's templates place:
``field_mappings | field_maps``. Names are validated here, before they become code."""

from __future__ import annotations

from typing import Any

from generator.naming import require_identifier

USER_STEPS = {"lookup": "lookup", "enum_map": "map"}


def field_maps(mappings: list[dict[str, Any]] | None) -> dict[str, Any]:
    """``{rows, custom, uses_partial, uses_custom}``: each row with the calls its steps compile to
    (``{module: "transforms" | "custom", function, params}``), and the functions the user writes."""
    rows = [compiled_row(index, mapping) for index, mapping in enumerate(mappings or [])]
    calls = [call for row in rows for call in row["steps"]]
    return {
        "rows": rows,
        "custom": [custom_entry(row) for row in rows if row["custom"]],
        "uses_partial": any(call["params"] for call in calls),
        "uses_custom": any(call["module"] == "custom" for call in calls),
    }


def compiled_row(index: int, mapping: dict[str, Any]) -> dict[str, Any]:
    custom = mapping.get("custom")
    if custom is not None:
        require_identifier(str(custom["function"]), "custom function name")
    if mapping["transform"] == "custom":
        steps = [user_call(custom)]
    else:
        steps = [compiled_step(step, custom) for step in mapping["steps"]]
    return {
        "path": f"connectors.salesforce.field_mappings.{index}",
        "source": mapping["source"],
        "target": mapping["target"],
        "direction": mapping["direction"],
        "text": mapping["transform_text"],
        "custom": custom,
        "steps": steps,
        "user_step": next((s for s in mapping["steps"] if s["name"] in USER_STEPS), None),
    }


def compiled_step(step: dict[str, Any], custom: dict[str, Any] | None) -> dict[str, Any]:
    if custom is not None and USER_STEPS.get(step["name"]) == custom["kind"]:
        return user_call(custom)
    params = {require_identifier(str(key), "transform parameter"): value for key, value in step["params"].items()}
    return {"module": "transforms", "function": require_identifier(str(step["name"]), "transform"), "params": params}


def user_call(custom: dict[str, Any] | None) -> dict[str, Any]:
    if custom is None:
        raise ValueError("a custom transform without its function")
    return {"module": "custom", "function": custom["function"], "params": {}}


def custom_entry(row: dict[str, Any]) -> dict[str, Any]:
    custom = row["custom"]
    return {
        **custom,
        "path": row["path"],
        "source": row["source"],
        "target": row["target"],
        "text": row["text"],
        "step": row["user_step"],
    }
