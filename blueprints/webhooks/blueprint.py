"""The webhooks blueprint's logic: the delivery policy the spec states (retry delays, signature scheme,
timeout, retention, which 4xx answers are retried), the endpoint configuration fields of its example, and
the scope that guards webhook management, read from the model once so the templates only place values."""

from __future__ import annotations

import keyword
import re
from typing import Any

from generator.errors import Diagnostic
from generator.model.schema import IntegrationSpec, RetryPolicy, Webhooks

DEFAULT_SCOPE = "webhook:manage"
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_RETENTION_SECONDS = 30 * 86400.0
DEFAULT_JITTER = 0.1
DEFAULT_TOLERANCE_SECONDS = 300.0
# When the document is silent: an admin is told after this many failed attempts in a row, and an endpoint
# failing without a success for this long is disabled.
DEFAULT_NOTIFY_AFTER_FAILURES = 5
DEFAULT_AUTO_DISABLE_SECONDS = 5 * 86400.0
# Answers retried whatever the spec's table says (CONTRACTS: 408, 429 and 5xx are transient).
ALWAYS_RETRIED = {408, 429}
# Members of the Webhook Configuration every endpoint has; the example's others become extra fields.
KNOWN_FIELDS = {"url", "events", "filters", "headers", "secret", "active", "api_version", "description"}
# Fields the endpoint model has itself, which an extra field of the example may not shadow.
OWN_FIELDS = KNOWN_FIELDS | {"id", "created_at", "updated_at", "disabled_reason", "options"}
HASHES = {"hmac-sha256": "sha256", "hmac-sha1": "sha1", "hmac-sha512": "sha512"}
_SCOPE_WORDS = re.compile(r"webhook", re.IGNORECASE)
# As the generated `webhooks/schemas.py` checks custom headers: RFC 9110 names, no CR, LF or NUL in values.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")
_SERVICE_HEADERS = {"content-type", "content-length", "host", "user-agent", "transfer-encoding", "connection"}


def validate(spec: IntegrationSpec) -> list[Diagnostic]:
    """A warning for each member of the configuration example that cannot be a field of the endpoint API."""
    webhooks = spec.webhooks
    if webhooks is None:
        return []
    line = spec.sources.get("webhooks.config_example", spec.sources.get("webhooks", 1))
    headers = webhooks.config_example.get("headers")
    refused = (
        [name for name in headers if not header_allowed(webhooks, name, headers[name])]
        if isinstance(headers, dict)
        else []
    )
    return [
        Diagnostic(
            spec.sources.get(f"webhooks.config_example.headers.{name}", line),
            "warning",
            "webhook-config-header",
            f"the example's custom header {name!r} would be refused (a reserved name, or CR, LF or NUL in it); "
            "the generated tests leave it out",
        )
        for name in refused
    ] + [
        Diagnostic(
            spec.sources.get(f"webhooks.config_example.{name}", line),
            "warning",
            "webhook-config-field",
            f"the Webhook Configuration member {name!r} is not a lowercase identifier; the endpoints API leaves it out",
        )
        for name in webhooks.config_example
        if name not in KNOWN_FIELDS and not is_field_name(name)
    ]


def view(spec: IntegrationSpec) -> dict[str, Any]:
    """The delivery policy (``policy``), the endpoint's extra configuration fields (``extra_fields``), the
    configuration example (``example``), the management scope (``scope``) and the events whose payloads have
    required members (``strict_events``, for the tests), and the failures in a row that alert an admin."""
    webhooks = spec.webhooks or Webhooks()
    return {
        "scope": manage_scope(spec),
        "policy": policy(spec, webhooks),
        "extra_fields": extra_fields(webhooks.config_example),
        "example": example_config(webhooks),
        "emit_example": emit_example(webhooks),
        "strict_events": [event.name for event in webhooks.events if (event.payload_schema or {}).get("required")],
        "notify_after_failures": webhooks.failure.notify_after_failures or DEFAULT_NOTIFY_AFTER_FAILURES,
    }


def contributions(spec: IntegrationSpec) -> dict[str, list[Any]]:
    """The management scope, for the catalog (the spec's own description stays when it names the scope), and
    the settings whose defaults are the spec's: the delivery timeout, the failures in a row that alert an
    admin, and how long an endpoint may fail before it is disabled."""
    webhooks = spec.webhooks or Webhooks()
    failure = webhooks.failure
    settings = [
        spec_setting(
            "webhook_delivery_timeout_seconds",
            float(webhooks.delivery_timeout_seconds or DEFAULT_TIMEOUT_SECONDS),
            "how long a receiver has to answer a delivery before the attempt counts as failed",
            "webhooks.delivery_timeout_seconds",
        ),
        spec_setting(
            "webhook_notify_after_failures",
            int(failure.notify_after_failures or DEFAULT_NOTIFY_AFTER_FAILURES),
            "failed attempts in a row after which an endpoint's admin is notified (0: never)",
            "webhooks.failure.notify_after_failures",
        ),
        spec_setting(
            "webhook_auto_disable_after_seconds",
            float(failure.auto_disable_after_seconds or DEFAULT_AUTO_DISABLE_SECONDS),
            "an endpoint failing without a success for this long is disabled (0: never)",
            "webhooks.failure.auto_disable_after_seconds",
        ),
    ]
    scope = {"name": manage_scope(spec), "description": "Manage webhook endpoints and emit events"}
    return {"scopes": [scope], "settings": settings}


def spec_setting(name: str, default: float, description: str, spec_path: str) -> dict[str, Any]:
    """A setting of the service whose default the spec gives (an ``int`` or a ``float``, as the default is)."""
    kind = "int" if isinstance(default, int) else "float"
    return {"name": name, "type": kind, "default": default, "description": description, "spec": spec_path}


def manage_scope(spec: IntegrationSpec) -> str:
    """The spec's scope for managing webhooks (``webhooks:manage``, say), else ``webhook:manage``."""
    for scope in spec.oauth.scopes if spec.oauth else []:
        if _SCOPE_WORDS.search(scope.name) and "manage" in scope.name.lower():
            return scope.name
    return DEFAULT_SCOPE


def policy(spec: IntegrationSpec, webhooks: Webhooks) -> dict[str, Any]:
    signature = webhooks.signature
    timestamp_headers = [name for name in signature.extra_headers if "timestamp" in name.lower()]
    return {
        "delays": retry_delays(webhooks.retry),
        "max_attempts": max(1, webhooks.retry.max_attempts),
        "max_delay_seconds": webhooks.retry.max_delay_seconds,
        "jitter": webhooks.retry.jitter if webhooks.retry.jitter is not None else DEFAULT_JITTER,
        "retention_seconds": webhooks.failure.retention_seconds or DEFAULT_RETENTION_SECONDS,
        "retried_4xx": retried_client_errors(spec),
        "api_version": api_version
        if isinstance(api_version := webhooks.config_example.get("api_version"), str)
        else None,
        "signature": {
            "header": signature.header,
            "hash": HASHES[signature.algorithm],
            "encoding": signature.encoding,
            "signed_content": signature.signed_content,
            "format": signature.format,
            "timestamp_header": timestamp_headers[0] if timestamp_headers else None,
            "tolerance_seconds": signature.timestamp_tolerance_seconds or DEFAULT_TOLERANCE_SECONDS,
        },
    }


def retry_delays(retry: RetryPolicy) -> list[float]:
    """The wait before each retry (``max_attempts - 1`` of them): the spec's own schedule where it lists one
    (its last delay repeated if it lists fewer), else from the initial delay and the backoff; each at most the
    maximum delay."""
    count = max(0, retry.max_attempts - 1)
    if retry.schedule_seconds:
        listed = retry.schedule_seconds
        delays = [listed[min(index, len(listed) - 1)] for index in range(count)]
    else:
        delays = [backoff_delay(retry, number) for number in range(1, count + 1)]
    return [min(delay, retry.max_delay_seconds) for delay in delays]


def backoff_delay(retry: RetryPolicy, number: int) -> float:
    if retry.backoff == "exponential":
        return float(retry.initial_delay_seconds * 2 ** (number - 1))
    if retry.backoff == "linear":
        return float(retry.initial_delay_seconds * number)
    return float(retry.initial_delay_seconds)


def retried_client_errors(spec: IntegrationSpec) -> dict[str, int]:
    """4xx statuses the spec's retry table retries (besides 408 and 429), with its attempts for each; JSON
    keys are text, so the statuses are too."""
    retried: dict[str, int] = {}
    for strategy in spec.errors.retry_strategies if spec.errors else []:
        for status in strategy.status_codes:
            if 400 <= status < 500 and status not in ALWAYS_RETRIED and (strategy.max_attempts or 0) > 0:
                retried[str(status)] = int(strategy.max_attempts or 0)
    return retried


def is_field_name(name: str) -> bool:
    return name.isidentifier() and name.islower() and not keyword.iskeyword(name) and not name.startswith("_")


def extra_fields(example: dict[str, Any]) -> list[dict[str, Any]]:
    """Members of the configuration example beyond the common ones, each with a type read from its value."""
    return [
        {"name": name, "type": value_type(value)}
        for name, value in example.items()
        if name not in OWN_FIELDS and is_field_name(name)
    ]


def value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "list[str]"
    if isinstance(value, list):
        return "list[Any]"
    return "dict[str, Any]"


def header_allowed(webhooks: Webhooks, name: str, value: Any) -> bool:
    """Whether the endpoints API accepts ``name: value`` as a custom header."""
    reserved = _SERVICE_HEADERS | {
        webhooks.signature.header.lower(),
        *(h.lower() for h in webhooks.signature.extra_headers),
    }
    text = str(value)
    return (
        bool(_HEADER_NAME.match(name))
        and name.lower() not in reserved
        and not name.lower().startswith("webhook-")
        and not any(c in text for c in "\r\n\0")
        and len(text) <= 1000
    )


def example_config(webhooks: Webhooks) -> dict[str, Any]:
    """The configuration example as a request body: without the placeholder secret (the service makes one)
    and without custom headers the API would refuse."""
    example = {name: value for name, value in webhooks.config_example.items() if name != "secret"}
    if isinstance(example.get("headers"), dict):
        example["headers"] = {
            name: value for name, value in example["headers"].items() if header_allowed(webhooks, name, value)
        }
    names = [event.name for event in webhooks.events]
    events = (
        [name for name in example.get("events", []) if name in names] if isinstance(example.get("events"), list) else []
    )
    example["events"] = events or names[:1]
    return example


def emit_example(webhooks: Webhooks) -> dict[str, Any]:
    """A ``POST /api/v1/events`` body for the README: the first subscribed event with the spec's example data."""
    name = example_config(webhooks)["events"][0] if webhooks.events else ""
    event = next((event for event in webhooks.events if event.name == name), None)
    example = (event.payload_example if event else None) or {}
    data = example.get("data")
    if isinstance(data, dict) and ("type" in example or "id" in example):
        example = data
    return {"type": name, "data": example}
