"""Derived shapes templates need from spec values, computed once in Python rather than in Jinja."""

from __future__ import annotations

from typing import Any

ERROR_ROLES: dict[str, tuple[str, ...]] = {
    "type": ("type", "error_type", "category", "kind"),
    "code": ("code", "error_code"),
    "message": ("message", "detail", "title", "description", "error_description"),
    "field": ("field", "param", "parameter", "pointer", "source"),
    "request_id": ("request_id", "requestid", "trace_id", "traceid", "correlation_id"),
    "documentation": ("documentation", "doc_url", "docs", "documentation_url", "help_url", "more_info", "link"),
    "status": ("status", "status_code", "http_status"),
}


def error_envelope(example: dict[str, Any]) -> dict[str, Any]:
    """How the spec's Error Response Format example is shaped.

    ``{"error": {"type", "code", "message", "field", "request_id", "documentation"}}`` gives
    ``{"wrapper": "error", "members": [["type", "type"], ...], "documentation_url": ".../errors/{code}"}``:
    the member list pairs each role the service fills with the key the spec uses for it, in the spec's order.
    """
    wrapper = next((key for key in ("error", "errors") if isinstance(example.get(key), dict)), None)
    body: dict[str, Any] = example[wrapper] if wrapper else example
    members: list[list[str]] = []
    taken: set[str] = set()
    for key in body:
        role = next((r for r, names in ERROR_ROLES.items() if key.lower().replace("-", "_") in names), None)
        if role is not None and role not in taken:
            members.append([role, key])
            taken.add(role)
    for role in ("type", "code", "message", "request_id"):
        if role not in taken:
            members.append([role, role])
    return {"wrapper": wrapper, "members": members, "documentation_url": documentation_url(body)}


def documentation_url(body: dict[str, Any]) -> str | None:
    """``https://docs.x.com/errors/time_entry_locked`` with code ``time_entry_locked`` -> ``.../errors/{code}``."""
    url = first_text(body, ERROR_ROLES["documentation"])
    code = first_text(body, ERROR_ROLES["code"])
    if not url or not url.startswith(("http://", "https://")):
        return None
    url = url.replace("{", "{{").replace("}", "}}")
    if code and code in url:
        return url.replace(code, "{code}")
    return url


def first_text(body: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for key, value in body.items():
        if key.lower() in names and isinstance(value, str):
            return value
    return None
