"""Extractor for the webhook system: configuration, signature, event catalog and payloads, delivery policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.model.context import Context
from generator.model.schema import FailureHandling, RetryPolicy, Signature, WebhookEvent, Webhooks
from generator.model.schemas import infer_schema, is_json_schema, payload_data, schema_data_part, schema_from_fields
from generator.model.text import is_event_name, is_hostile
from generator.parse.elements import CodeBlock, Paragraph, Section, normalize_key
from generator.parse.nodes import Node, entries, lookup, texts
from generator.parse.quantities import (
    parse_backoff,
    parse_count,
    parse_duration,
    parse_durations,
    parse_percent,
)

_HEADER = re.compile(r"\b((?:x-)?[a-z][a-z0-9]*(?:-[a-z0-9]+)*-signature(?:-[a-z0-9]+)*)\b", re.IGNORECASE)
_OTHER_HEADER = re.compile(r"\b((?:x-)?[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*-(?:Timestamp|Event-Id|Delivery-Id|Id))\b")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_TIMEOUT = re.compile(
    r"(?<!\d)(\d{1,6})\s*(?:s|sec|seconds?)\s+timeout|timeout\D{0,12}(?<!\d)(\d{1,6})\s*(?:s|sec|seconds?)\b",
    re.IGNORECASE,
)
_BASE64 = re.compile(r"base64|b64", re.IGNORECASE)
_TIMESTAMPED = re.compile(r"\$\{\s*(t|ts|timestamp)\s*\}\.|\{(t|ts|timestamp)\}\.|timestamp\s*\+\s*['\"]\.")
_TOLERANCE = re.compile(r"tolerance\w*\s*[=:]\s*(\d{1,9})(?!\d)|\)\s*>\s*(\d{1,9})(?!\d)\s*\)?")
_STRIPE_FORMAT = re.compile(r"t=[^,;\s]*[,;]\s*v1=")
_DOTTED_NAME = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")
_NOTIFY = re.compile(r"notif|alert|email|page")
_AFTER_COUNT = re.compile(r"after (\d{1,9})\b")
_MANUAL = re.compile(r"manual|replay|re-?send|redeliver")
_AUTO_DISABLE = re.compile(r"auto[- ]?(disabl|paus|deactivat)|(disabl|paus|deactivat)\w*\s+automatically")


def extract_webhooks(ctx: Context) -> Webhooks | None:
    sections = ctx.begin("webhooks", "webhooks")
    if not sections:
        return None
    hooks = Webhooks()
    hooks.config_example = read_config_example(ctx, sections)
    hooks.signature = read_signature(ctx)
    hooks.events = read_catalog(ctx, sections)
    attach_payloads(ctx, sections, hooks.events)
    read_delivery(ctx, sections, hooks)
    read_architecture(ctx, hooks)
    check_config_events(ctx, hooks)
    return hooks


# --- configuration ------------------------------------------------------------------------------------


def read_config_example(ctx: Context, sections: list[Section]) -> dict[str, Any]:
    for candidates in (ctx.sections("webhooks.config"), sections):
        for node in ctx.values(candidates, "json", "js", "yaml"):
            if node.is_map and node.get("url") is not None:
                ctx.record("webhooks.config_example", node)
                return dict(node.plain())
    ctx.defaulted("webhooks.config_example")
    return {
        "url": "https://customer.com/webhooks",
        "events": ["order.created", "order.updated"],
        "headers": {"X-Custom-Header": "value"},
        "secret": "whsec_...",
        "active": True,
        "api_version": "2024-01-01",
    }


def check_config_events(ctx: Context, hooks: Webhooks) -> None:
    names = {event.name for event in hooks.events}
    events = hooks.config_example.get("events")
    if not names or not isinstance(events, list) or "webhooks.config_example" in ctx.defaults:
        return
    for index, event in enumerate(events):
        if isinstance(event, str) and event not in names and "*" not in event:
            line = ctx.sources.get(f"webhooks.config_example.events.{index}", ctx.sources["webhooks.config_example"])
            ctx.diags.warning(
                line,
                "unknown-event",
                f"the configuration example subscribes to {event!r}, which the event catalog does not list",
            )


# --- signature ----------------------------------------------------------------------------------------


def read_signature(ctx: Context) -> Signature:
    sections = ctx.sections("webhooks.signature")
    code = "\n".join(block.text for section in sections for block in section.blocks())
    prose = "\n".join(p.text for p in ctx.paragraphs(sections))
    if not code.strip():
        ctx.defaulted("webhooks.signature")
        return Signature()
    signature = Signature(example=code.rstrip("\n"))
    ctx.at("webhooks.signature", sections[0].line)
    header = _HEADER.search(code + "\n" + prose)
    if header:
        signature.header = canonical_header(header.group(1))
    else:
        ctx.defaulted("webhooks.signature.header")
    signature.algorithm = hmac_algorithm(code)
    signature.encoding = "base64" if _BASE64.search(code) else "hex"
    timestamped = _TIMESTAMPED.search(code)
    signature.signed_content = "timestamp.body" if timestamped else "body"
    signature.format = signature_format(code + "\n" + prose)
    tolerance = _TOLERANCE.search(code)
    if tolerance:
        signature.timestamp_tolerance_seconds = float(tolerance.group(1) or tolerance.group(2))
    signature.extra_headers = sorted({canonical_header(m) for m in _OTHER_HEADER.findall(code + "\n" + prose)})
    return signature


def canonical_header(name: str) -> str:
    """``x-harbor-signature`` -> ``X-Harbor-Signature``; names written with capitals keep them."""
    if name != name.lower():
        return name
    return "-".join(part.capitalize() for part in name.split("-"))


def hmac_algorithm(code: str) -> Any:
    lowered = code.lower()
    for name in ("sha512", "sha1", "sha256"):
        if name in lowered:
            return f"hmac-{name}"
    return "hmac-sha256"


def signature_format(text: str) -> Any:
    if _STRIPE_FORMAT.search(text):
        return "t=timestamp,v1=signature"
    if "sha256=" in text:
        return "sha256=signature"
    return "plain"


# --- event catalog ------------------------------------------------------------------------------------


def read_catalog(ctx: Context, sections: list[Section]) -> list[WebhookEvent]:
    catalog_sections = ctx.sections("webhooks.catalog") or sections
    events: list[WebhookEvent] = []
    seen: dict[str, int] = {}
    for table, rows in ctx.tables(catalog_sections):
        keys = table.keys
        if not keys or not keys[0].startswith(("event", "name", "type", "topic")):
            continue
        ctx.at("webhooks.events", table.line)
        columns = catalog_columns(keys)
        for row, raw in zip(rows, table.rows, strict=True):
            event = catalog_event(ctx, row, raw.cells, columns, seen)
            if event is not None:
                ctx.at(f"webhooks.events.{len(events)}.name", row.line)
                seen[event.name] = row.line
                events.append(event)
    return events


@dataclass(frozen=True, slots=True)
class CatalogColumns:
    """The columns of an event catalog table that hold each event's name, description and payload (the
    payload's position in the header, for its raw cell); the others are kept as the event's ``columns``."""

    name: str
    description: str | None
    payload: str | None
    payload_index: int


def catalog_columns(keys: tuple[str, ...]) -> CatalogColumns:
    """Found once per table, from its normalized header ``keys`` (the first is the name's)."""
    description = next(
        (k for k in keys[1:] if k.startswith(("description", "fired", "when", "trigger", "summary"))), None
    )
    description = description or (keys[1] if len(keys) > 1 else None)
    payload = next((k for k in keys[1:] if "payload" in k or "schema" in k), None)
    return CatalogColumns(keys[0], description, payload, keys.index(payload) if payload is not None else -1)


def report_event_name(ctx: Context, line: int, what: str, name: str) -> None:
    """A name that is not ``noun.verb``: skipped with a warning, refused when it would break generated code."""
    if is_hostile(name):
        ctx.diags.error(
            line,
            "event-name",
            f"{what} {name!r} has characters that cannot be part of a generated name (quotes, backslashes, "
            "braces, '<', '>', ';', '$' or control characters); write it like 'invoice.paid'",
        )
        return
    hint = "an unfilled template placeholder" if "[" in name else "not a dotted identifier like 'invoice.paid'"
    ctx.diags.warning(line, "event-name", f"{what} {name!r} is {hint}; it is left out")


def catalog_event(
    ctx: Context, row: Node, raw_cells: tuple[str, ...], columns: CatalogColumns, seen: dict[str, int]
) -> WebhookEvent | None:
    cells = {key: node.text() for key, node in row.items()}
    name = cells.get(columns.name, "").strip()
    if not name:
        ctx.diags.warning(row.line, "event-name", "event catalog row has no event name; the row is skipped")
        return None
    if not is_event_name(name):
        report_event_name(ctx, row.line, "event name", name)
        return None
    if name in seen:
        ctx.diags.warning(row.line, "duplicate-event", f"event {name!r} is already listed at line {seen[name]}")
        return None
    named = (columns.name, columns.description, columns.payload)
    event = WebhookEvent(
        name=name,
        description=cells.get(columns.description, "") if columns.description else "",
        columns={k: v for k, v in cells.items() if k not in named and v},
    )
    if columns.payload is not None:
        raw = raw_cells[columns.payload_index] if columns.payload_index < len(raw_cells) else ""
        read_payload_cell(event, columns.payload, cells.get(columns.payload, ""), raw)
    return event


def read_payload_cell(event: WebhookEvent, key: str, text: str, raw: str) -> None:
    if "schema" in key or not raw.count("`") >= 2:
        event.schema_ref = text or None
        return
    schema = schema_from_fields(raw)
    if schema is not None:
        event.payload_schema = schema
        event.payload_schema_source = "fields"
    else:
        event.schema_ref = text or None


# --- payload examples and schemas ---------------------------------------------------------------------


def attach_payloads(ctx: Context, sections: list[Section], events: list[WebhookEvent]) -> None:
    by_name = {event.name: index for index, event in enumerate(events)}
    for section in sections:
        heading = f"`{section.title}`"
        label = heading
        for element in section.elements:
            if isinstance(element, Paragraph):
                label = f"{element.text} {heading}"
                continue
            if isinstance(element, CodeBlock):
                attach_block(ctx, element, label, events, by_name)
            label = heading


def attach_block(
    ctx: Context, block: CodeBlock, label: str, events: list[WebhookEvent], by_name: dict[str, int]
) -> None:
    data = ctx.parsed.data(block)
    node = data.value
    if node is None or not node.is_map or data.kind not in ("json", "js", "yaml"):
        return
    if node.get("url") is not None and node.get("events") is not None:
        return
    value = node.plain()
    name = payload_event_name(label, value, by_name)
    if name is None:
        if isinstance(value.get("type"), str) and is_event_name(value["type"]):
            ctx.diags.warning(
                block.line,
                "payload-unknown-event",
                f"payload example for {value['type']!r}, which the event catalog does not list",
            )
        return
    index = by_name[name]
    event = events[index]
    if is_json_schema(value):
        event.payload_schema, event.payload_schema_source = schema_data_part(value), "document"
        ctx.at(f"webhooks.events.{index}.payload_schema", block.line)
    else:
        event.payload_example = value
        event.payload_schema, event.payload_schema_source = infer_schema(payload_data(value, name)), "example"
        ctx.at(f"webhooks.events.{index}.payload_example", block.line)


def payload_event_name(label: str, value: dict[str, Any], by_name: dict[str, int]) -> str | None:
    spans: list[str] = [span.strip() for span in _CODE_SPAN.findall(label)]
    words: list[str] = _DOTTED_NAME.findall(label)
    for candidate in spans + words:
        if candidate in by_name:
            return candidate
    kind = value.get("type") or value.get("event") or value.get("title")
    if isinstance(kind, str) and kind in by_name:
        return kind
    return None


# --- delivery guarantees ------------------------------------------------------------------------------


def read_delivery(ctx: Context, sections: list[Section], hooks: Webhooks) -> None:
    config = [pair for node in delivery_values(ctx, sections) for pair in entries(node)]
    retry = next((v for k, v in config if k in ("retry_strategy", "retry_policy", "retries", "retry")), None)
    failure = next((v for k, v in config if k in ("failure_handling", "failures", "on_failure", "failure")), None)
    ordering = next((v for k, v in config if k.startswith("ordering") or k.startswith("idempotency")), None)
    if retry is None or failure is None:
        table_retry, table_failure = settings_tables(ctx)
        retry = retry or table_retry
        failure = failure or table_failure
    hooks.retry = read_retry(ctx, retry)
    hooks.failure = read_failure(ctx, failure)
    hooks.ordering = [node.text() for node in texts(ordering)]


def delivery_values(ctx: Context, sections: list[Section]) -> list[Node]:
    preferred = list(ctx.values(ctx.sections("webhooks.delivery"), "yaml", "json", "js"))
    return preferred or list(ctx.values(sections, "yaml"))


_RETRY_SETTINGS = re.compile(
    r"^(initial|first|max|maximum|backoff|jitter|schedule|intervals|delays|attempts|retries|cap)"
)
_FAILURE_SETTINGS = re.compile(r"fail|notif|alert|manual|replay|dashboard|dead|dlq|auto_?(disabl|paus)")


def settings_tables(ctx: Context) -> tuple[Node | None, Node | None]:
    """A delivery policy written as a two-column ``| Setting | Value |`` table: the retry settings as a
    mapping, the failure-handling rows as ``"Setting: value"`` items."""
    retry: dict[str, Node] = {}
    failure: list[Node] = []
    for table, rows in ctx.tables(ctx.sections("webhooks.delivery")):
        if len(table.keys) != 2:
            continue
        for row in rows:
            cells = row.children()
            label, value = cells[0].text(), cells[1].text()
            key = normalize_key(label)
            if not key or not value:
                continue
            if _RETRY_SETTINGS.match(key):
                retry.setdefault(key, Node(value, row.line))
            elif _FAILURE_SETTINGS.search(key):
                failure.append(Node(f"{label}: {value}", row.line))
    retry_node = Node(retry, min(node.line for node in retry.values())) if retry else None
    return retry_node, Node(failure, failure[0].line) if failure else None


def read_retry(ctx: Context, node: Node | None) -> RetryPolicy:
    policy = RetryPolicy()
    if node is None:
        ctx.defaulted("webhooks.retry")
        return policy
    ctx.at("webhooks.retry", node.line)
    read_retry_durations(ctx, node, policy)
    read_retry_attempts(ctx, node, policy)
    read_backoff(ctx, node, policy)
    check_retry(ctx, policy)
    return policy


def read_retry_durations(ctx: Context, node: Node, policy: RetryPolicy) -> None:
    for field, names in (
        ("initial_delay_seconds", ("initial_delay", "initial_interval", "first_retry", "delay")),
        ("max_delay_seconds", ("max_delay", "maximum_delay", "max_interval", "cap")),
    ):
        value = lookup(node, *names)
        if value is None:
            ctx.defaulted(f"webhooks.retry.{field}")
            continue
        seconds = parse_duration(value.text())
        if seconds is None:
            ctx.diags.warning(
                value.line,
                "number",
                f"{names[0].replace('_', ' ')}: {value.text()!r} is not a duration (e.g. '30 seconds'); "
                f"using {getattr(policy, field):g} seconds",
            )
            ctx.defaulted(f"webhooks.retry.{field}")
            continue
        setattr(policy, field, seconds)
        ctx.at(f"webhooks.retry.{field}", value.line)


def read_retry_attempts(ctx: Context, node: Node, policy: RetryPolicy) -> None:
    attempts = lookup(node, "max_attempts", "attempts", "maximum_attempts")
    retries = lookup(node, "max_retries", "retries", "maximum_retries")
    given = attempts if attempts is not None else retries
    if given is None:
        ctx.defaulted("webhooks.retry.max_attempts")
        return
    count = parse_count(given.value)
    if count is None:
        ctx.diags.warning(
            given.line, "number", f"max attempts: {given.text()!r} is not a number; using {policy.max_attempts}"
        )
        ctx.defaulted("webhooks.retry.max_attempts")
        return
    # "Max retries: 7" counts the deliveries after the first one.
    policy.max_attempts = count if attempts is not None else count + 1
    ctx.at("webhooks.retry.max_attempts", given.line)


def read_backoff(ctx: Context, node: Node, policy: RetryPolicy) -> None:
    value = lookup(node, "backoff", "backoff_strategy", "strategy")
    schedule = lookup(node, "schedule", "intervals", "delays")
    if value is None:
        ctx.defaulted("webhooks.retry.backoff")
    else:
        kind = parse_backoff(value.text())
        if kind is None:
            ctx.diags.warning(
                value.line,
                "backoff",
                f"backoff {value.text()!r} is not exponential, linear or fixed; using exponential",
            )
        else:
            policy.backoff = kind
            ctx.at("webhooks.retry.backoff", value.line)
        policy.jitter = parse_percent(value.text()) if "jitter" in value.text().lower() else None
        policy.schedule_seconds = parse_durations(value.text())
    if schedule is not None:
        policy.schedule_seconds = parse_durations(schedule.text())
        ctx.at("webhooks.retry.schedule_seconds", schedule.line)
    jitter = lookup(node, "jitter")
    if jitter is not None and policy.jitter is None:
        policy.jitter = parse_percent(jitter.text())


def check_retry(ctx: Context, policy: RetryPolicy) -> None:
    line = ctx.sources.get("webhooks.retry.max_delay_seconds") or ctx.sources["webhooks.retry"]
    if policy.max_delay_seconds < policy.initial_delay_seconds:
        ctx.diags.warning(
            line,
            "retry-inconsistent",
            f"max delay ({policy.max_delay_seconds:g}s) is below the initial delay ({policy.initial_delay_seconds:g}s); "
            "the max delay is raised to the initial delay",
        )
        policy.max_delay_seconds = policy.initial_delay_seconds
    if policy.max_attempts < 1:
        ctx.diags.warning(
            ctx.sources.get("webhooks.retry.max_attempts", line),
            "retry-inconsistent",
            "max attempts must be at least 1; using 1 (one delivery, no retries)",
        )
        policy.max_attempts = 1
    schedule = policy.schedule_seconds
    if schedule and len(schedule) != policy.max_attempts - 1:
        ctx.diags.warning(
            ctx.sources.get("webhooks.retry.schedule_seconds", line),
            "retry-inconsistent",
            f"the schedule lists {len(schedule)} delays but {policy.max_attempts} attempts need "
            f"{policy.max_attempts - 1}; both are kept as written",
        )


def read_failure(ctx: Context, node: Node | None) -> FailureHandling:
    if node is None:
        ctx.defaulted("webhooks.failure")
        return FailureHandling()
    ctx.at("webhooks.failure", node.line)
    failure = FailureHandling(store_failed=False, notify_after_failures=None, manual_retry=False, dashboard=False)
    for item in texts(node):
        read_failure_item(ctx, item, failure)
    return failure


def read_failure_item(ctx: Context, item: Node, failure: FailureHandling) -> None:
    text = item.text()
    lowered = text.lower()
    if "store" in lowered or "retain" in lowered or "kept" in lowered:
        failure.store_failed = True
        failure.retention_seconds = parse_duration(text)
        ctx.at("webhooks.failure.store_failed", item.line)
    elif _NOTIFY.search(lowered):
        count = _AFTER_COUNT.search(lowered)
        if count:
            failure.notify_after_failures = int(count.group(1))
            ctx.at("webhooks.failure.notify_after_failures", item.line)
    if _MANUAL.search(lowered):
        failure.manual_retry = True
        ctx.at("webhooks.failure.manual_retry", item.line)
    if "dashboard" in lowered:
        failure.dashboard = True
        ctx.at("webhooks.failure.dashboard", item.line)
    if _AUTO_DISABLE.search(lowered):
        failure.auto_disable_after_seconds = parse_duration(text)
        ctx.at("webhooks.failure.auto_disable_after_seconds", item.line)
    failure.notes.append(text)


def read_architecture(ctx: Context, hooks: Webhooks) -> None:
    for data in ctx.decoded(ctx.sections("webhooks.architecture"), "text"):
        hooks.architecture = data.block.text.rstrip("\n")
        ctx.at("webhooks.architecture", data.block.line)
        timeout = _TIMEOUT.search(data.block.text)
        if timeout:
            hooks.delivery_timeout_seconds = float(timeout.group(1) or timeout.group(2))
        return
