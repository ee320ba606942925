"""Extractors for third-party connectors: Stripe, SendGrid, Twilio, Salesforce; storage, analytics,
calendars and accounting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.model.context import Context
from generator.model.extract_webhooks import report_event_name
from generator.model.outline import list_entries, outline, rate_limits, top_entries
from generator.model.schema import (
    Accounting,
    Analytics,
    ApiRequest,
    Bucket,
    Calendars,
    CustomFunction,
    FieldMapping,
    Salesforce,
    SalesforceSync,
    SendGrid,
    Storage,
    Stripe,
    TransformStep,
    Twilio,
)
from generator.model.text import is_event_name, strip_markdown
from generator.model.transforms import Step, custom_function_name, parse_transform
from generator.parse.elements import Paragraph, Section, Table, normalize_key, strip_code
from generator.parse.jsish import JsBlock
from generator.parse.nodes import Node, entries, lookup, texts
from generator.parse.quantities import parse_duration
from generator.parse.tabular import table_rows, unique_keys

_ID_SEGMENT = re.compile(r"^[a-z]{2,6}_(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z0-9]{3,}$")
_INTENT_PATH = re.compile(r"intent|payment|checkout|charge|\bpay\b", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_ENV_NAME = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
_STRIPE_PATH = re.compile(r"(/[\w/-]*stripe[\w/-]*)")


# --- Stripe -------------------------------------------------------------------------------------------


def extract_stripe(ctx: Context) -> Stripe | None:
    sections = ctx.begin("stripe", "connectors.stripe")
    if not sections:
        return None
    stripe = Stripe()
    blocks = [data.js for data in ctx.decoded(sections, "js") if data.js is not None]
    for js in blocks:
        read_stripe_request(ctx, stripe, js)
        read_stripe_events(ctx, stripe, js)
    if stripe.payment_intent_path_example is None:
        ctx.defaulted("connectors.stripe.payment_intent_path")
    body = stripe.request_example
    if not body:
        body = next(
            (n.plain() for n in ctx.values(sections) if n.is_map and ("currency" in n.value or "amount" in n.value)), {}
        )
        stripe.request_example = body
    read_stripe_body(stripe, body)
    prose = "\n".join(p.text for p in ctx.paragraphs(sections + ctx.sections("payments")))
    code = "\n".join(js.code_text() + "\n".join(c for _, c in js.comments) for js in blocks)
    stripe.connect = bool(
        re.search(r"stripe-account|\bconnect(ed)? account|stripe connect", prose + code, re.IGNORECASE)
    )
    stripe.notes = [strip_markdown(p.text) for p in ctx.paragraphs(sections)]
    stripe.webhook_path = stripe_webhook_path(ctx, blocks)
    if not stripe.events_handled:
        ctx.defaulted("connectors.stripe.events_handled")
        stripe.events_handled = ["payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded"]
    return stripe


def read_stripe_request(ctx: Context, stripe: Stripe, js: JsBlock) -> None:
    for segment in js.values:
        if segment.request is None:
            continue
        body = segment.node.plain() if segment.node.is_map else {}
        stripe.requests.append(
            ApiRequest(name=segment.request.label, method=segment.request.method, path=segment.request.path, body=body)
        )
        if stripe.payment_intent_path_example or not _INTENT_PATH.search(segment.request.path):
            continue
        stripe.request_example = segment.node.plain() if segment.node.is_map else {}
        stripe.payment_intent_method = segment.request.method
        stripe.payment_intent_path_example = segment.request.path
        stripe.payment_intent_path = template_path(segment.request.path, stripe.request_example)
        ctx.at("connectors.stripe.payment_intent_path", segment.request.line)
        ctx.record("connectors.stripe.request_example", segment.node)


def template_path(path: str, body: dict[str, Any]) -> str:
    """``/v2/appointments/apt_7Qm2Xr/copay-intent`` -> ``/v2/appointments/{appointment_id}/copay-intent``.

    A segment that is an example ID becomes a parameter named after the metadata key holding the same
    value, else ``{id}``.
    """
    path = path.split("?", maxsplit=1)[0]
    metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    by_value = {str(value): key for key, value in {**body, **(metadata or {})}.items() if isinstance(value, str)}
    segments = []
    for segment in path.split("/"):
        if segment in by_value and re.fullmatch(r"[a-z_]+", by_value[segment]):
            segments.append("{" + by_value[segment] + "}")
        elif _ID_SEGMENT.match(segment):
            segments.append("{id}")
        else:
            segments.append(segment)
    return "/".join(segments)


def read_stripe_body(stripe: Stripe, body: dict[str, Any]) -> None:
    if isinstance(body.get("currency"), str):
        stripe.currency = body["currency"].lower()
    types = body.get("payment_method_types")
    if isinstance(types, list) and all(isinstance(t, str) for t in types):
        stripe.payment_method_types = list(types)
    if isinstance(body.get("capture_method"), str):
        stripe.capture_method = body["capture_method"]
    metadata = body.get("metadata")
    if isinstance(metadata, dict):
        stripe.metadata_keys = list(metadata)


def read_stripe_events(ctx: Context, stripe: Stripe, js: JsBlock) -> None:
    for segment in js.lists:
        for node, comment in segment.items:
            name, _, rest = node.text().partition(" ")
            comment = comment or rest.strip().lstrip("→-–:> ").strip()
            if not is_event_name(name):
                report_event_name(ctx, node.line, "Stripe event", name)
                continue
            if name in stripe.events_handled:
                continue
            ctx.at(f"connectors.stripe.events_handled.{len(stripe.events_handled)}", node.line)
            stripe.events_handled.append(name)
            if comment:
                stripe.event_notes[name] = comment


def stripe_webhook_path(ctx: Context, blocks: list[JsBlock]) -> str:
    candidates = [label for js in blocks for segment in js.lists for label in [segment.label]]
    candidates += [ctx.parsed.data(block).block.text for s in ctx.sections("payment_flow") for block in s.blocks()]
    for text in candidates:
        match = _STRIPE_PATH.search(text)
        if match:
            return match.group(1)
    return "/webhooks/stripe"


# --- SendGrid -----------------------------------------------------------------------------------------


def extract_sendgrid(ctx: Context) -> SendGrid | None:
    sections = ctx.begin("sendgrid", "connectors.sendgrid")
    if not sections:
        return None
    sendgrid = SendGrid()
    # An email section about another provider (Postmark, Mailgun, SES, ...) fills the same connector, but
    # its template IDs are not SendGrid's "d-" IDs.
    other_vendor = not any("sendgrid" in " ".join(s.heading_path).lower() for s in sections) and any(
        _OTHER_EMAIL_VENDOR.search(" ".join(s.heading_path)) for s in sections
    )
    nodes = list(ctx.values(sections, "yaml", "json", "js"))
    nodes += settings_table(ctx, sections)
    rules: list[Node] = []
    for node in nodes:
        for key, value in entries(node):
            if key in ("configuration", "config", "settings"):
                read_sendgrid_config(ctx, sendgrid, value, check_ids=not other_vendor)
            elif key in ("rate_limits", "limits", "rate_limiting", "ratelimits", "rate_limit"):
                sendgrid.rate_limits = rate_limits(texts(value))
                ctx.at("connectors.sendgrid.rate_limits", value.line)
            elif key in _TEMPLATE_KEYS:
                read_templates(ctx, sendgrid, value, check_ids=not other_vendor)
            elif key in _FROM_KEYS:
                read_from_email(ctx, sendgrid, value)
            elif key in _API_KEY_KEYS:
                read_api_key(sendgrid, value)
            else:
                rules.append(Node({key: value}, value.line))
    sendgrid.rules = outline(rules)
    if "connectors.sendgrid.from_email" not in ctx.sources:
        ctx.defaulted("connectors.sendgrid.from_email")
    return sendgrid


_OTHER_EMAIL_VENDOR = re.compile(
    r"postmark|mailgun|\bses\b|mailchimp|mandrill|sparkpost|resend|brevo|sendinblue|mailjet|customer\.io", re.IGNORECASE
)
# camelCase keys are normalized without a separator: "fromEmail" -> "fromemail"
_FROM_KEYS = ("from_email", "from", "sender", "from_address", "fromemail", "from_addr", "sender_email")
_TEMPLATE_KEYS = ("templates", "dynamic_templates", "template_ids")
_API_KEY_KEYS = ("api_key", "apikey", "api_key_env", "apikeyenv")


def settings_table(ctx: Context, sections: list[Section]) -> list[Node]:
    """Settings written as a two-column ``| Setting | Value |`` table: ``From``, ``API key``, ``Rate
    limit`` and ``Template: <name>`` rows, as the entries the code blocks would give."""
    found: list[Node] = []
    for table, rows in ctx.tables(sections):
        if len(table.keys) != 2:
            continue
        templates: dict[str, Node] = {}
        for row in rows:
            label, value = (cell.text() for cell in row.children())
            key = normalize_key(label)
            name = re.match(r"(?:dynamic_)?templates?_(\w+)$", key)
            if name:
                templates[name.group(1)] = Node(value, row.line)
            elif key in _FROM_KEYS or key in _API_KEY_KEYS:
                found.append(Node({key: Node(value, row.line)}, row.line))
            elif key.startswith("rate_limit"):
                found.append(Node({"rate_limits": Node([Node(value, row.line)], row.line)}, row.line))
        if templates:
            found.append(Node({"templates": Node(templates, table.line)}, table.line))
    return found


def read_api_key(sendgrid: SendGrid, value: Node) -> None:
    env = _ENV_NAME.search(value.text())
    if env:
        sendgrid.api_key_env = env.group()
    sendgrid.settings["api_key"] = value.text()


def read_sendgrid_config(ctx: Context, sendgrid: SendGrid, config: Node, *, check_ids: bool = True) -> None:
    for key, value in entries(config):
        if key in _FROM_KEYS:
            read_from_email(ctx, sendgrid, value)
        elif key in _TEMPLATE_KEYS:
            read_templates(ctx, sendgrid, value, check_ids=check_ids)
        elif key in _API_KEY_KEYS:
            read_api_key(sendgrid, value)
        else:
            sendgrid.settings[key] = value.text()


def read_from_email(ctx: Context, sendgrid: SendGrid, value: Node) -> None:
    address = value.text().split()[0] if value.text() else ""
    if not _EMAIL.match(address):
        ctx.diags.warning(
            value.line,
            "email",
            f"FROM_EMAIL {value.text()!r} is not an email address; using {sendgrid.from_email}",
        )
        return
    sendgrid.from_email = address
    ctx.at("connectors.sendgrid.from_email", value.line)


def read_templates(ctx: Context, sendgrid: SendGrid, value: Node, *, check_ids: bool = True) -> None:
    for name, template in top_entries(value) if value.is_map else list_entries(value):
        template_id = template.text()
        if not name:
            name, _, template_id = template_id.partition(":")
            name, template_id = name.strip(), template_id.strip()
        if check_ids and not template_id.startswith("d-"):
            ctx.diags.warning(
                template.line,
                "sendgrid-template",
                f"template {name!r} has ID {template_id!r}; dynamic template IDs start with 'd-'",
            )
        ctx.at(f"connectors.sendgrid.templates.{name}", template.line)
        sendgrid.templates[name] = template_id


# --- Twilio -------------------------------------------------------------------------------------------


def extract_twilio(ctx: Context) -> Twilio | None:
    sections = ctx.begin("twilio", "connectors.twilio")
    if not sections:
        return None
    twilio = Twilio()
    config = next((n for n in ctx.values(sections) if n.is_map), None)
    if config is not None:
        ctx.record("connectors.twilio.config", config)
        plain = config.plain()
        twilio.config = plain
        twilio.account_sid = string_or_none(plain.get("accountSid") or plain.get("account_sid"))
        twilio.messaging_service_sid = string_or_none(
            plain.get("messagingServiceSid") or plain.get("messaging_service_sid")
        )
        twilio.phone_numbers = dict_or_empty(plain.get("phoneNumbers") or plain.get("phone_numbers"))
        twilio.templates = {k: str(v) for k, v in dict_or_empty(plain.get("templates")).items()}
        twilio.inbound_keywords = {
            k: str(v) for k, v in dict_or_empty(plain.get("inboundKeywords") or plain.get("inbound_keywords")).items()
        }
    for table in (t for s in sections for t in s.tables()):
        twilio.status_handling.extend({k: n.text() for k, n in row.items()} for row in table_rows(table, ctx.diags))
    return twilio


def string_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def dict_or_empty(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# --- Salesforce ---------------------------------------------------------------------------------------


def extract_salesforce(ctx: Context) -> Salesforce | None:
    sections = ctx.begin("salesforce", "connectors.salesforce")
    if not sections:
        return None
    salesforce = Salesforce()
    config = [
        pair for node in ctx.values(ctx.sections("salesforce.connection") or sections, "yaml") for pair in entries(node)
    ]
    connection = next((v for k, v in config if k in ("connection", "auth", "authentication")), None)
    sync = next((v for k, v in config if k.startswith("sync")), None)
    read_connection(ctx, salesforce, connection)
    salesforce.sync = read_sync(ctx, salesforce, sync)
    salesforce.field_mappings = read_mappings(ctx, ctx.sections("salesforce.mappings") or sections)
    logic = [d.block.text.rstrip("\n") for d in ctx.decoded(ctx.sections("salesforce.sync_logic"))]
    salesforce.sync_logic = "\n\n".join(logic)
    return salesforce


def read_connection(ctx: Context, salesforce: Salesforce, node: Node | None) -> None:
    if node is None:
        ctx.defaulted("connectors.salesforce.auth")
        ctx.defaulted("connectors.salesforce.api_version")
        return
    auth = lookup(node, "type", "auth", "authentication", "flow")
    if auth is not None:
        salesforce.auth_text = auth.text()
        salesforce.auth = salesforce_auth(ctx, auth)
        ctx.at("connectors.salesforce.auth", auth.line)
    else:
        ctx.defaulted("connectors.salesforce.auth")
    instance = lookup(node, "instance", "instance_url", "login_url", "domain")
    if instance is not None:
        salesforce.instance_url = instance.text().split()[0] if instance.text() else None
        ctx.at("connectors.salesforce.instance_url", instance.line)
    version = lookup(node, "api_version", "version")
    if version is None:
        ctx.defaulted("connectors.salesforce.api_version")
        return
    match = re.fullmatch(r"v?(\d{2,3})(?:\.0)?", version.text().split()[0] if version.text() else "")
    if match is None:
        ctx.diags.warning(
            version.line,
            "number",
            f"Salesforce API version {version.text()!r} is not like 'v59.0'; using {salesforce.api_version}",
        )
        ctx.defaulted("connectors.salesforce.api_version")
        return
    salesforce.api_version = f"v{match.group(1)}.0"
    ctx.at("connectors.salesforce.api_version", version.line)


def salesforce_auth(ctx: Context, node: Node) -> str:
    text = node.text().lower()
    for name, pattern in (
        ("jwt_bearer", r"jwt"),
        ("client_credentials", r"client credentials"),
        ("authorization_code", r"web server|authori[sz]ation code"),
        ("password", r"password"),
        ("refresh_token", r"refresh"),
    ):
        if re.search(pattern, text):
            return name
    ctx.diags.warning(
        node.line,
        "salesforce-auth",
        f"Salesforce connection type {node.text()!r} is not a known OAuth flow; using JWT bearer",
    )
    return "jwt_bearer"


def read_sync(ctx: Context, salesforce: Salesforce, node: Node | None) -> SalesforceSync:
    sync = SalesforceSync()
    if node is None:
        ctx.defaulted("connectors.salesforce.sync")
        return sync
    direction = lookup(node, "direction")
    if direction is not None:
        sync.direction_text = direction.text()
        sync.direction = sync_direction(direction.text())
        ctx.at("connectors.salesforce.sync.direction", direction.line)
    frequency = lookup(node, "frequency", "interval", "schedule")
    if frequency is not None and (seconds := parse_duration(frequency.text())) is not None:
        sync.frequency_seconds = seconds
        ctx.at("connectors.salesforce.sync.frequency_seconds", frequency.line)
    elif frequency is not None:
        ctx.diags.warning(
            frequency.line,
            "number",
            f"sync frequency {frequency.text()!r} states no interval (e.g. 'Every 15 minutes'); using 15 minutes",
        )
        ctx.defaulted("connectors.salesforce.sync.frequency_seconds")
    conflict = lookup(node, "conflict_resolution", "conflicts", "conflict")
    if conflict is not None:
        sync.conflict_resolution_text = conflict.text()
        sync.conflict_resolution = conflict_rule(conflict.text())
        ctx.at("connectors.salesforce.sync.conflict_resolution", conflict.line)
    upsert = lookup(node, "upsert_key", "external_id", "match_key")
    if upsert is not None and upsert.text():
        salesforce.upsert_key = upsert.text().split()[0]
    known = {
        "direction",
        "frequency",
        "interval",
        "schedule",
        "conflict_resolution",
        "conflicts",
        "conflict",
        "upsert_key",
        "external_id",
        "match_key",
    }
    sync.notes = [f"{key}: {value.text()}" for key, value in entries(node) if key not in known and value.text()]
    return sync


def sync_direction(text: str) -> Any:
    lowered = text.lower()
    if "bidirectional" in lowered or "two-way" in lowered or "↔" in text or "<->" in text or "both" in lowered:
        return "bidirectional"
    outbound = re.search(r"→\s*salesforce|->\s*salesforce|to salesforce|outbound|one-way|push", lowered)
    inbound = re.search(r"salesforce\s*(→|->)|from salesforce|inbound|pull", lowered)
    if outbound and inbound:
        return "bidirectional"
    return "from_salesforce" if inbound else "to_salesforce"


def conflict_rule(text: str) -> str:
    lowered = text.lower()
    if "last write" in lowered or "last-write" in lowered or "most recent" in lowered:
        return "last_write_wins"
    if "salesforce wins" in lowered:
        return "salesforce_wins"
    if "manual" in lowered:
        return "manual"
    if "wins" in lowered:
        return "local_wins"
    return "last_write_wins"


def read_mappings(ctx: Context, sections: list[Section]) -> list[FieldMapping]:
    mappings: list[FieldMapping] = []
    taken: set[str] = set()
    for section in sections:
        for table in section.tables():
            columns = mapping_columns(table)
            if columns is None:
                continue
            notes = notes_below(section, table)
            for row in table_rows(table, ctx.diags):
                mapping = field_mapping(ctx, row, columns, notes, taken)
                if mapping is not None:
                    ctx.at(f"connectors.salesforce.field_mappings.{len(mappings)}", row.line)
                    mappings.append(mapping)
    return mappings


@dataclass(frozen=True)
class MappingColumns:
    source: str
    target: str
    transform: str | None
    direction: str | None
    notes: str | None


def mapping_columns(table: Table) -> MappingColumns | None:
    keys = unique_keys(table.keys)
    if len(keys) < 2:
        return None
    return MappingColumns(
        source=keys[0],
        target=next((k for k in keys[1:] if "salesforce" in k or "sf" in k.split("_")), keys[1]),
        transform=next((k for k in keys if k.startswith("transform")), None),
        direction=next((k for k in keys if k.startswith("direction") or k == "sync"), None),
        notes=next((k for k in keys if k.startswith("note")), None),
    )


def notes_below(section: Section, table: Table) -> list[str]:
    """The paragraphs after ``table`` in its section, up to the next table: where documents give enum pairs."""
    elements = section.elements[section.elements.index(table) + 1 :]
    until = next((i for i, e in enumerate(elements) if isinstance(e, Table)), len(elements))
    return [strip_code(e.text) for e in elements[:until] if isinstance(e, Paragraph)]


def field_mapping(
    ctx: Context, row: Node, columns: MappingColumns, notes: list[str], taken: set[str]
) -> FieldMapping | None:
    cells = {key: node.text() for key, node in row.items()}
    source, target = cells.get(columns.source, ""), cells.get(columns.target, "")
    if not source or not target:
        ctx.diags.warning(
            row.line,
            "field-mapping",
            "field mapping row needs both our field and the Salesforce field; the row is skipped",
        )
        return None
    text = cells.get(columns.transform, "") if columns.transform else ""
    steps = parse_transform(text, row_notes(source, cells.get(columns.notes or "", ""), notes))
    direction = mapping_direction(cells.get(columns.direction, "")) if columns.direction else None
    mapping = FieldMapping(source=source, target=target, transform_text=text, direction=direction)
    if steps is None:
        mapping.transform = "custom"
        mapping.custom = CustomFunction(
            function=custom_function_name("transform", source, taken), kind="transform", line=row.line
        )
        warn_unknown_transform(ctx, row.line, text, source, mapping.custom.function)
        return mapping
    mapping.steps = [TransformStep(name=step.name, params=step.params) for step in steps]
    mapping.transform = steps[0].name if steps else "direct"
    mapping.enum_map = next((dict(s.params["pairs"]) for s in steps if s.name == "enum_map"), None) or None
    mapping.custom = user_function(steps, source, row.line, taken)
    return mapping


def row_notes(source: str, cell: str, paragraphs: list[str]) -> str:
    """The notes for one row: its Notes cell, else a paragraph below the table naming its field, else one
    that names no field (``Notes: Active→Customer``)."""
    if cell:
        return cell
    naming = [p for p in paragraphs if source in p]
    return (naming or [p for p in paragraphs if not re.search(r"\b\w+\.\w+\b", p.split(":", 1)[0])] or [""])[0]


def user_function(steps: tuple[Step, ...], source: str, line: int, taken: set[str]) -> CustomFunction | None:
    """Lookups need the user's data, and so does an enum map whose pairs the document does not give."""
    for step in steps:
        if step.name == "lookup":
            return CustomFunction(function=custom_function_name("lookup", source, taken), kind="lookup", line=line)
        if step.name == "enum_map" and not step.params["pairs"] and step.params["default"] is None:
            return CustomFunction(function=custom_function_name("map", source, taken), kind="map", line=line)
    return None


def warn_unknown_transform(ctx: Context, line: int, text: str, source: str, function: str) -> None:
    ctx.diags.warning(
        line,
        "transform-unknown",
        f"unknown transform {text!r} for {source}; the generated project gets a pass-through function "
        f"{function}() in mappings/custom.py for you to write",
    )


def mapping_direction(text: str) -> Any:
    """A Direction cell: ``→``, ``←``, ``↔``, or an arrow to or from Salesforce (``SF → Ridgeline``)."""
    lowered = text.lower()
    if "↔" in text or "<->" in text or re.search(r"\bboth\b|bidirectional|two-way", lowered):
        return "both"
    if re.search(r"\b(?:sf|salesforce)\s*(?:→|->)|(?:←|<-)\s*(?:sf|salesforce)\b", lowered):
        return "from_salesforce"
    if re.search(r"(?:→|->)\s*(?:sf|salesforce)\b|\b(?:sf|salesforce)\s*(?:←|<-)", lowered):
        return "to_salesforce"
    if "←" in text or "<-" in text:
        return "from_salesforce"
    if "→" in text or "->" in text:
        return "to_salesforce"
    return None


# --- storage, analytics, calendars, accounting -------------------------------------------------------


def extract_storage(ctx: Context) -> Storage | None:
    sections = ctx.begin("storage", "storage")
    if not sections:
        return None
    nodes = list(ctx.values(sections, "yaml"))
    settings = outline(nodes)
    buckets: list[Bucket] = []
    for node in nodes:
        for key, value in top_entries(node):
            if key.lower() == "buckets":
                buckets.extend(read_buckets(value))
    settings.pop("Buckets", None)
    return Storage(buckets=buckets, settings=settings)


def read_buckets(node: Node) -> list[Bucket]:
    buckets = []
    for name, value in top_entries(node) if node.is_map else list_entries(node):
        description = value.text()
        if not name:
            name, _, description = description.partition(":")
        ttl = parse_duration(description) if "ttl" in description.lower() else None
        buckets.append(Bucket(name=name.strip(), description=description.strip(), ttl_seconds=ttl))
    return buckets


def extract_analytics(ctx: Context) -> Analytics | None:
    sections = ctx.begin("analytics", "analytics")
    if not sections:
        return None
    example: dict[str, Any] = next((n.plain() for n in ctx.values(sections) if n.is_map), {})
    platforms: list[str] = []
    for data in ctx.decoded(sections, "js"):
        assert data.js is not None
        for segment in data.js.lists:
            platforms.extend(node.text() for node, _ in segment.items)
        for _, comment in data.js.comments:
            head, _, rest = comment.partition(":")
            if re.search(r"platform|destination|provider|tool", head, re.IGNORECASE) and rest.strip():
                platforms.extend(part.strip() for part in rest.split(","))
    return Analytics(event_example=example, platforms=platforms)


def extract_calendars(ctx: Context) -> Calendars | None:
    sections = ctx.begin("calendars", "calendars")
    if not sections:
        return None
    google_sections = ctx.sections("calendars.google")
    outlook_sections = ctx.sections("calendars.outlook")
    google = next((n.plain() for n in ctx.values(google_sections) if n.is_map), None)
    outlook = outline(ctx.values(outlook_sections, "yaml")) if outlook_sections else None
    return Calendars(google=google, outlook=outlook)


def extract_accounting(ctx: Context) -> Accounting | None:
    sections = ctx.begin("accounting", "accounting")
    if not sections:
        return None
    providers = {}
    for section in sections:
        nodes = list(ctx.values([section], "yaml"))
        if nodes:
            providers[strip_markdown(section.title)] = outline(nodes)
    notes = [strip_markdown(p.text) for p in ctx.paragraphs(sections)]
    return Accounting(providers=providers, notes=notes)
