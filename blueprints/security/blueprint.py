"""The security blueprint's logic: the scope catalog and the API-key prefix, read from the model."""

from __future__ import annotations

import re
from typing import Any

from generator.model.schema import IntegrationSpec

# "API keys for server-side (prefixed hfx_live_ / hfx_test_, hashed at rest)"
_PREFIX = re.compile(r"\bprefix(?:ed)?\s+(?:with\s+)?`?([A-Za-z][A-Za-z0-9]*_(?:[A-Za-z0-9]+_)*)`?")
DEFAULT_PREFIX = "key_"


def view(spec: IntegrationSpec) -> dict[str, Any]:
    """``scopes``: the spec's OAuth scopes (name, description, line); ``key_prefix``: how API keys start, as
    the security section says (``hfx_live_``), else ``key_``; ``key_prefix_line``: where it says so."""
    scopes = [
        {"name": scope.name, "description": scope.description, "line": spec.sources.get(f"oauth.scopes.{index}.name")}
        for index, scope in enumerate(spec.oauth.scopes if spec.oauth else [])
    ]
    prefix, line = key_prefix(spec)
    return {"scopes": scopes, "key_prefix": prefix, "key_prefix_line": line}


def key_prefix(spec: IntegrationSpec) -> tuple[str, int | None]:
    for index, text in enumerate(spec.security.authentication if spec.security else []):
        if "key" in text.lower():
            found = _PREFIX.search(text)
            if found:
                return found.group(1), spec.sources.get(f"security.authentication.{index}") or spec.sources.get(
                    "security"
                )
    return DEFAULT_PREFIX, None
