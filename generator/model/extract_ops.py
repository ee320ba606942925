"""Extractors for operations and developer experience: error handling, security and privacy, monitoring,
testing, SDKs, import/export and bulk API, marketplace and partner access."""

from __future__ import annotations

import re
from typing import Any

from generator.model.context import Context
from generator.model.outline import outline, rate_limits
from generator.model.schema import (
    ApiRequest,
    CircuitBreaker,
    DataTransfer,
    Errors,
    ImportFormat,
    Monitoring,
    Outline,
    RateLimit,
    RetryStrategy,
    SdkFeature,
    Sdks,
    Security,
    Testing,
)
from generator.parse.decode import LANGUAGES
from generator.parse.elements import Section, normalize_key
from generator.parse.nodes import Node, entries, lookup, texts
from generator.parse.quantities import parse_count, parse_duration

TEMPLATE_ERROR_FORMAT: dict[str, Any] = {
    "error": {
        "type": "validation_error",
        "code": "missing_required_field",
        "message": "The 'email' field is required",
        "field": "email",
        "request_id": "req_abc123",
        "documentation": "https://docs.example.com/errors/missing_required_field",
    }
}
TEMPLATE_RETRY_STRATEGIES = [
    RetryStrategy(error_type="Network Timeout", strategy="Exponential backoff", max_attempts=3),
    RetryStrategy(error_type="429 Rate Limit", strategy="Honor Retry-After", max_attempts=5, status_codes=[429]),
    RetryStrategy(error_type="503 Service Unavailable", strategy="Linear backoff", max_attempts=3, status_codes=[503]),
    RetryStrategy(error_type="5xx Server Error", strategy="Exponential backoff", max_attempts=3),
    RetryStrategy(error_type="4xx Client Error", strategy="No retry", max_attempts=0),
]
ERROR_MEMBERS = frozenset({"code", "error_code", "message", "detail", "title", "type", "status"})
_THRESHOLD = re.compile(
    r"failure_?threshold\w*\s*(?::\s*int\s*)?[=:]\s*(?:[\w.]+\s*(?:\|\||\?\?|or)\s*)?(\d[\d_]{0,11})(?![\d_])",
    re.IGNORECASE,
)
_PROSE_THRESHOLD = re.compile(
    r"(?<![\d.])(\d{1,4})\s+(?:consecutive\s+|successive\s+|straight\s+)?(?:failures|failed\s+(?:calls|requests)|errors)\b",
    re.IGNORECASE,
)
# the duration in the words after "half-opens", "try again", "stays open", "reset", "cool-down", up to the sentence's end
_PROSE_RESET = re.compile(
    r"(?:half[- ]opens?|tr(?:y|ies)\s+again|stays?\s+open|open\s+for|resets?|cool[- ]?down|probes?)\b([^.;]*(?:\.\d[^.;]*)*)",
    re.IGNORECASE,
)
_RESET = re.compile(
    r"(reset_?timeout\w*|open_?duration\w*|cool_?down\w*)\s*(?::\s*\w+\s*)?[=:]\s*(?:[\w.]+\s*(?:\|\||\?\?|or)\s*)?"
    r"(?:timedelta\(\s*seconds\s*=\s*)?(\d[\d_]{0,15}(?:\.\d{1,6})?)(?![\d_.])",
    re.IGNORECASE,
)
_RATE_PROSE = re.compile(
    r"\d[\d,]*\s*(?:requests?|req|calls?)?\s*/\s*(?:min|minute|second|sec|hour|day)", re.IGNORECASE
)


# --- errors -------------------------------------------------------------------------------------------


def extract_errors(ctx: Context) -> Errors:
    return Errors(
        format=read_error_format(ctx),
        retry_strategies=read_retry_strategies(ctx),
        circuit_breaker=read_circuit_breaker(ctx),
    )


def read_error_format(ctx: Context) -> dict[str, Any]:
    """The Error Response Format example: ``{"error": {...}}`` as in the template, or a flat object."""
    for sections in (ctx.sections("errors.format"), ctx.sections("errors")):
        for data in ctx.decoded(sections, "json", "js", "yaml"):
            node = data.value
            if node is not None and node.is_map and looks_like_error(node):
                check_error_format(ctx, node)
                ctx.record("errors.format", node)
                return dict(node.plain())
    ctx.defaulted("errors.format")
    return dict(TEMPLATE_ERROR_FORMAT)


def looks_like_error(node: Node) -> bool:
    body = node.get("error", "errors")
    target = body if body is not None and body.is_map else node
    return any(normalize_key(key) in ERROR_MEMBERS for key, _ in target.items())


def check_error_format(ctx: Context, node: Node) -> None:
    body = node.get("error", "errors")
    target = body if body is not None and body.is_map else node
    keys = {normalize_key(key) for key, _ in target.items()}
    for role, names in (
        ("code", ("code", "error_code", "type")),
        ("message", ("message", "detail", "title", "description")),
    ):
        if not keys & set(names):
            ctx.diags.warning(
                target.line, "error-format", f"the error format has no {role} member; the service adds one"
            )


def read_retry_strategies(ctx: Context) -> list[RetryStrategy]:
    strategies: list[RetryStrategy] = []
    for table, rows in ctx.tables(ctx.sections("errors.retry") or ctx.sections("errors")):
        keys = table.keys
        if len(keys) < 2 or not keys[0].startswith(("error", "failure", "condition", "status")):
            continue
        attempts_key = next((k for k in keys if "attempt" in k or "retries" in k), None)
        for row in rows:
            strategy = retry_strategy(ctx, row, keys, attempts_key)
            if strategy is not None:
                ctx.at(f"errors.retry_strategies.{len(strategies)}", row.line)
                strategies.append(strategy)
    if not strategies:
        ctx.defaulted("errors.retry_strategies")
        return [s.model_copy() for s in TEMPLATE_RETRY_STRATEGIES]
    return strategies


def retry_strategy(ctx: Context, row: Node, keys: tuple[str, ...], attempts_key: str | None) -> RetryStrategy | None:
    cells = {key: node.text() for key, node in row.items()}
    error_type = cells.get(keys[0], "")
    if not error_type:
        return None
    attempts = None
    if attempts_key and cells.get(attempts_key):
        attempts = parse_count(cells[attempts_key])
        if attempts is None:
            ctx.diags.warning(
                row.line,
                "number",
                f"max attempts {cells[attempts_key]!r} for {error_type!r} is not a number; "
                "the row is kept with no attempt limit",
            )
    codes = [int(code) for code in re.findall(r"\b([1-5]\d\d)\b", error_type)]
    return RetryStrategy(
        error_type=error_type, strategy=cells.get(keys[1], ""), max_attempts=attempts, status_codes=codes
    )


def read_circuit_breaker(ctx: Context) -> CircuitBreaker:
    sections = ctx.sections("errors.circuit_breaker") or ctx.sections("errors")
    breaker = CircuitBreaker()
    found_threshold = found_reset = False
    for data in ctx.decoded(sections):
        code, lang = data.block.text, data.block.lang
        threshold = _THRESHOLD.search(code)
        if threshold and not found_threshold:
            breaker.failure_threshold = int(threshold.group(1).replace("_", ""))
            ctx.at(
                "errors.circuit_breaker.failure_threshold",
                data.block.content_line + code[: threshold.start()].count("\n"),
            )
            found_threshold = True
        reset = _RESET.search(code)
        if reset and not found_reset:
            breaker.reset_timeout_seconds = reset_seconds(
                reset.group(1), reset.group(2), lang, code[reset.start() : reset.end()]
            )
            ctx.at(
                "errors.circuit_breaker.reset_timeout_seconds",
                data.block.content_line + code[: reset.start()].count("\n"),
            )
            found_reset = True
    read_breaker_values(ctx, sections, breaker, found_threshold, found_reset)
    return breaker


def read_breaker_values(
    ctx: Context, sections: list[Section], breaker: CircuitBreaker, has_threshold: bool, has_reset: bool
) -> None:
    """Circuit-breaker settings written as YAML ("Failure threshold: 5", "Reset timeout: 60 seconds"), or
    as a sentence ("opens after 8 consecutive failures and half-opens after 45 seconds")."""
    for node in ctx.values(sections, "yaml"):
        threshold = lookup(node, "failure_threshold", "threshold", "failures")
        if threshold is not None and not has_threshold and (count := parse_count(threshold.value)) is not None:
            breaker.failure_threshold, has_threshold = count, True
            ctx.at("errors.circuit_breaker.failure_threshold", threshold.line)
        reset = lookup(node, "reset_timeout", "timeout", "open_duration", "cooldown")
        if reset is not None and not has_reset and (seconds := parse_duration(reset.text())) is not None:
            breaker.reset_timeout_seconds, has_reset = seconds, True
            ctx.at("errors.circuit_breaker.reset_timeout_seconds", reset.line)
    for paragraph in ctx.paragraphs(ctx.sections("errors.circuit_breaker")):
        text = paragraph.text
        threshold_text = _PROSE_THRESHOLD.search(text)
        if threshold_text and not has_threshold:
            breaker.failure_threshold, has_threshold = int(threshold_text.group(1)), True
            ctx.at("errors.circuit_breaker.failure_threshold", paragraph.line)
        reset_text = _PROSE_RESET.search(text)
        if reset_text and not has_reset and (seconds := parse_duration(reset_text.group(1))) is not None:
            breaker.reset_timeout_seconds, has_reset = seconds, True
            ctx.at("errors.circuit_breaker.reset_timeout_seconds", paragraph.line)
    if not has_threshold:
        ctx.defaulted("errors.circuit_breaker.failure_threshold")
    if not has_reset:
        ctx.defaulted("errors.circuit_breaker.reset_timeout_seconds")


def reset_seconds(name: str, number: str, lang: str, written: str) -> float:
    """JavaScript writes milliseconds; a name ending in Ms/_ms says so; Python and ``timedelta`` use seconds."""
    value = float(number.replace("_", ""))
    lowered = name.lower()
    if lowered.endswith("ms") or "milli" in lowered:
        return value / 1000
    if lowered.endswith(("seconds", "_s", "sec", "secs")) or "timedelta" in written:
        return value
    if LANGUAGES.get(lang) == "js" or value >= 1000:
        return value / 1000
    return value


# --- security and privacy -----------------------------------------------------------------------------


def extract_security(ctx: Context) -> Security | None:
    sections = ctx.sections("security.api") or ctx.sections("security")
    if not sections:
        stated = prose_rate_limits(ctx)
        return Security(rate_limits=stated) if stated else None
    ctx.at("security", sections[0].line)
    security = Security()
    other: list[Node] = []
    for node in ctx.values(sections, "yaml"):
        for key, value in entries(node):
            items = [item.text() for item in texts(value)]
            if key.startswith("authentication"):
                security.authentication.extend(items)
            elif key.startswith("authorization"):
                security.authorization.extend(items)
            elif key.startswith("rate"):
                security.rate_limits.extend(rate_limits(texts(value)))
                ctx.at("security.rate_limits", value.line)
            elif key.startswith("encryption"):
                security.encryption.extend(items)
            else:
                other.append(Node({key: value}, value.line))
    security.other = outline(other)
    security.rate_limits.extend(prose_rate_limits(ctx))
    return security


def prose_rate_limits(ctx: Context) -> list[RateLimit]:
    """Limits stated in prose near errors or security: "API limits: 600 requests/minute per key and ..."."""
    found = []
    for paragraph in ctx.paragraphs(ctx.sections("errors") + ctx.sections("security")):
        if "limit" not in paragraph.text.lower() or not _RATE_PROSE.search(paragraph.text):
            continue
        _, _, statement = paragraph.text.partition(":")
        parts = re.split(r"\s+and\s+|;\s*", statement or paragraph.text)
        found.extend(
            rate_limits(Node(part.strip().strip("."), paragraph.line) for part in parts if _RATE_PROSE.search(part))
        )
        ctx.at("security.rate_limits", paragraph.line)
    return found


def extract_outline(ctx: Context, key: str) -> Outline | None:
    sections = ctx.begin(key, key)
    if not sections:
        return None
    return outline(ctx.values(sections, "yaml", "json"))


# --- monitoring, testing, SDKs ------------------------------------------------------------------------


def extract_monitoring(ctx: Context) -> Monitoring | None:
    sections = ctx.begin("monitoring", "monitoring")
    if not sections:
        return None
    monitoring = Monitoring()
    for node in ctx.values(sections, "yaml"):
        for key, value in entries(node):
            items = [item.text() for item in texts(value)]
            if key.startswith("health"):
                monitoring.health_checks.extend(items)
            elif key.startswith(("metric", "kpi", "alert")):
                monitoring.metrics.extend(items)
    return monitoring


def extract_testing(ctx: Context) -> Testing | None:
    sections = ctx.begin("testing", "testing")
    if not sections:
        return None
    scenarios = outline(ctx.values(ctx.sections("testing.scenarios") or sections, "yaml"))
    mocks = next((n.plain() for n in ctx.values(ctx.sections("testing.mocks"), "json", "js") if n.is_map), None)
    return Testing(scenarios=scenarios, mock_services=mocks)


def extract_sdks(ctx: Context) -> Sdks | None:
    sections = ctx.begin("sdks", "sdks")
    if not sections:
        return None
    sdks = Sdks()
    layout = next((d.block.text for d in ctx.decoded(ctx.sections("sdks.layout"), "text")), "")
    sdks.layout = layout.rstrip("\n")
    sdks.example = "\n\n".join(d.block.text.rstrip("\n") for d in ctx.decoded(ctx.sections("sdks.example")))
    for table, rows in ctx.tables(ctx.sections("sdks.features") or sections):
        languages = list(table.header[1:])
        keys = table.keys[1:]
        sdks.languages = sdks.languages or [strip_cell(lang) for lang in languages]
        for row in rows:
            cells = {k: n.text() for k, n in row.items()}
            feature = cells.get(table.keys[0], "")
            support = {
                strip_cell(lang): supported(cells.get(key, "")) for lang, key in zip(languages, keys, strict=False)
            }
            sdks.features.append(SdkFeature(feature=feature, support=support))
    return sdks


def strip_cell(text: str) -> str:
    return text.strip(" *`:")


def supported(cell: str) -> bool:
    return cell.strip().lower() in ("✓", "✔", "✅", "yes", "y", "true", "x", "supported")


# --- import/export, bulk API --------------------------------------------------------------------------


def extract_data_transfer(ctx: Context) -> DataTransfer | None:
    sections = ctx.begin("data", "data_transfer")
    if not sections:
        return None
    transfer = DataTransfer()
    for data in ctx.decoded(ctx.sections("data.imports")):
        if data.csv is not None:
            transfer.imports.append(ImportFormat(format="csv", title=data.csv.title, columns=list(data.csv.columns)))
        elif data.value is not None:
            transfer.imports.append(
                ImportFormat(format=data.kind if data.kind != "js" else "json", example=data.value.plain())
            )
    transfer.export = outline(ctx.values(ctx.sections("data.export"), "yaml"))
    for data in ctx.decoded(ctx.sections("data.bulk"), "js"):
        assert data.js is not None
        for segment in data.js.values:
            if segment.request is not None:
                body = segment.node.plain() if segment.node.is_map else {}
                transfer.bulk_operations.append(
                    ApiRequest(
                        name=segment.request.label, method=segment.request.method, path=segment.request.path, body=body
                    )
                )
    return transfer
