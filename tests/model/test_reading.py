"""What the reader copes with: wrappers, planning notes, shifted and reordered headings, N/A sections,
prose quantities, URLs, defaults and provenance."""

import json

from tests.helpers import doc, fence, read

WEBHOOK_SECTION = (
    "## Webhook System\n"
    "### Webhook Configuration\n"
    + fence("json", '{"url": "https://c.com/h", "events": ["order.created"], "secret": "whsec_abc", "active": true}')
    + "### Event Catalog\n| Event | Description | Payload Schema |\n|---|---|---|\n| `order.created` | New order | `order.v1` |\n"
    + "### Delivery Guarantees\n"
    + fence(
        "yaml",
        """
        Retry Strategy:
          - Initial delay: 10 seconds
          - Max attempts: 8 (1 initial + 7 retries)
          - Backoff: Exponential with ±20% jitter
          - Max delay: 24 hours
        Failure Handling:
          - Store failed deliveries (30 days)
          - Admin notification after 3 failures
        """,
    )
)


def test_planning_block_values_never_reach_the_model():
    text = (
        "<integration_planning>\nFROM_EMAIL: leak@planning.example\nevent: planning.secret\n</integration_planning>\n"
    )
    text += doc(WEBHOOK_SECTION)
    result = read(text)
    dumped = json.dumps(result.spec.model_dump(mode="json"))
    assert "planning" not in dumped.replace("planning-block", "").replace("integration_planning", "")
    assert [d.code for d in result.diagnostics] == ["planning-block"]
    assert result.spec.webhooks is not None and result.spec.webhooks.events[0].name == "order.created"


def test_document_wrapped_in_a_markdown_fence_with_inner_fences():
    result = read("```markdown\n" + doc(WEBHOOK_SECTION) + "```\n")
    assert result.diagnostics == []
    assert result.spec.webhooks is not None
    assert result.spec.webhooks.config_example["secret"] == "whsec_abc"
    assert result.spec.webhooks.retry.max_attempts == 8


def test_shifted_headings_and_reordered_sections_read_the_same():
    normal = read(doc(WEBHOOK_SECTION + "## OAuth 2.0 Provider\n" + fence("yaml", "Scopes:\n  - read:x - X")))
    shifted_text = doc(
        (
            "### OAuth 2.0 Provider\n"
            + fence("yaml", "Scopes:\n  - read:x - X")
            + WEBHOOK_SECTION.replace("## ", "### ").replace("### Webhook System", "### Webhook System")
        ).replace("\n## ", "\n### "),
        title="## Integration Specifications: Test App\n",
    )
    shifted = read(shifted_text.replace("### Webhook Configuration", "#### Webhook Configuration"))
    assert shifted.diagnostics == []
    assert shifted.spec.oauth == normal.spec.oauth
    assert shifted.spec.webhooks == normal.spec.webhooks


def test_prose_quantities_become_numbers_with_units():
    hooks = read(doc(WEBHOOK_SECTION)).spec.webhooks
    assert hooks is not None
    retry = hooks.retry
    assert (retry.initial_delay_seconds, retry.max_attempts, retry.backoff, retry.max_delay_seconds) == (
        10,
        8,
        "exponential",
        86400,
    )
    assert retry.jitter == 0.2
    assert hooks.failure.retention_seconds == 30 * 86400
    assert hooks.failure.notify_after_failures == 3
    assert hooks.failure.manual_retry is False and hooks.failure.dashboard is False


def test_not_applicable_sections_switch_capabilities_off():
    text = doc(
        "## Core Integrations\n### Payment Processing\nNot applicable.\n#### Stripe Integration\n"
        + fence("javascript", "POST /api/v1/payments/intent\n{ currency: 'eur' }")
        + "### SMS Integration (Twilio)\nN/A\n### Email Integration (SendGrid)\nNone.\n"
        + "## Accounting Integration\nNot in scope for v1. Reconcile from payout reports.\n"
    )
    spec = read(text).spec
    assert spec.connectors.stripe is None and spec.connectors.twilio is None and spec.connectors.sendgrid is None
    assert spec.accounting is None
    assert [(n.section, n.line) for n in spec.not_applicable] == [
        ("payments", 3),
        ("twilio", 10),
        ("sendgrid", 12),
        ("accounting", 14),
    ]


def test_full_url_endpoints_give_paths_and_the_issuer():
    text = doc(
        "## OAuth 2.0 Provider\n"
        + fence(
            "yaml",
            """
            Endpoints:
              - Authorization: https://auth.example.com/oauth2/authorize
              - Token: https://auth.example.com/oauth2/token
            """,
        )
    )
    oauth = read(text).spec.oauth
    assert oauth is not None
    assert (oauth.endpoints.authorize, oauth.endpoints.token, oauth.issuer) == (
        "/oauth2/authorize",
        "/oauth2/token",
        "https://auth.example.com",
    )
    assert oauth.endpoints.revoke == "/oauth/revoke"


def test_missing_values_take_template_defaults_and_are_marked():
    result = read(
        doc(
            "## OAuth 2.0 Provider\n"
            + fence("yaml", "Scopes:\n  - read:x - X")
            + "## Webhook System\nEvents are delivered.\n"
        )
    )
    spec = result.spec
    assert spec.oauth is not None and spec.oauth.flows == ["authorization_code", "client_credentials", "pkce"]
    assert spec.webhooks is not None and spec.webhooks.retry.initial_delay_seconds == 30
    assert {"oauth.flows", "oauth.endpoints.token", "webhooks.retry", "webhooks.failure", "errors.format"} <= set(
        spec.defaults
    )
    assert "oauth.scopes" not in spec.defaults


def test_sections_a_document_lacks_are_null_or_empty():
    spec = read(doc("## Overview\nJust words.\n")).spec
    assert spec.oauth is None and spec.webhooks is None and spec.connectors.salesforce is None
    assert spec.identity_providers == [] and spec.clarifications == []


def test_every_value_knows_its_line():
    spec = read(doc(WEBHOOK_SECTION)).spec
    assert spec.sources["app.name"] == 1
    assert spec.sources["webhooks.config_example.secret"] == 5
    assert spec.sources["webhooks.events.0.name"] == 10
    assert spec.sources["webhooks.retry.max_attempts"] == 15
    assert spec.sources["webhooks.failure.notify_after_failures"] == 20


def test_unknown_sections_are_kept_raw():
    spec = read(doc("## Video Integration (Zoom)\nWe use Zoom.\n```yaml\nmeeting: auto\n```\n")).spec
    (raw,) = spec.extra_sections
    assert raw.heading == ["Integration Specifications: Test App", "Video Integration (Zoom)"]
    assert raw.line == 2 and "meeting: auto" in raw.text


def test_javascript_flavoured_stripe_block():
    text = doc(
        "## Payment Processing\n### Stripe Integration\n"
        + fence(
            "js",
            """
            // Payment Intent Creation
            POST /v2/orders/ord_9Xk2/pay
            {
              amount: 5000, // cents
              currency: 'EUR',
              payment_method_types: ['card', 'sepa_debit',],
              metadata: { order_id: 'ord_9Xk2' },
            }

            // Webhook Events Handled (/hooks/stripe)
            - payment_intent.succeeded  // mark paid
            - charge.refunded
            """,
        )
    )
    stripe = read(text).spec.connectors.stripe
    assert stripe is not None
    assert stripe.payment_intent_path == "/v2/orders/{order_id}/pay"
    assert (stripe.currency, stripe.payment_method_types) == ("eur", ["card", "sepa_debit"])
    assert stripe.events_handled == ["payment_intent.succeeded", "charge.refunded"]
    assert stripe.event_notes == {"payment_intent.succeeded": "mark paid"}
    assert stripe.webhook_path == "/hooks/stripe"


def test_payload_examples_and_schemas_attach_to_their_events():
    text = doc(
        "## Webhook System\n### Event Catalog\n| Event | Description | Payload |\n|---|---|---|\n"
        "| `a.created` | A | `a_id`, `previous.start`, `late` (bool) |\n| `b.created` | B | x |\n| `c.created` | C | x |\n"
        "### Event Payloads\n**`b.created`**\n"
        + fence("json", '{"id": "evt_1", "type": "b.created", "data": {"b_id": "b_1", "n": 2}}')
        + "Schema for `c.created`:\n"
        + fence(
            "json",
            '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"c_id": {"type": "string"}}}',
        )
    )
    events = {e.name: e for e in read(text).spec.webhooks.events}
    assert events["a.created"].payload_schema_source == "fields"
    assert events["a.created"].payload_schema["properties"]["late"] == {"type": "boolean"}
    assert events["a.created"].payload_schema["properties"]["previous"]["properties"]["start"] == {}
    assert events["b.created"].payload_schema == {
        "type": "object",
        "properties": {"b_id": {"type": "string"}, "n": {"type": "integer"}},
        "required": ["b_id", "n"],
    }
    assert events["c.created"].payload_schema_source == "document"


def test_field_mappings_with_transforms_enum_maps_and_directions():
    text = doc(
        "## CRM Integration (Salesforce)\n### Field Mapping\n| Our Field | Contact Field | Transform | Direction |\n|---|---|---|---|\n"
        "| p.email | Email | Lowercase | → |\n| p.sex | Sex__c | Enum map (`f`→Female, `m`→Male) | → |\n| p.owner | OwnerId | User lookup | ← |\n"
    )
    mappings = read(text).spec.connectors.salesforce.field_mappings
    assert [(m.source, m.target, m.transform, m.direction) for m in mappings] == [
        ("p.email", "Email", "lowercase", "to_salesforce"),
        ("p.sex", "Sex__c", "enum_map", "to_salesforce"),
        ("p.owner", "OwnerId", "lookup", "from_salesforce"),
    ]
    assert mappings[1].enum_map == {"f": "Female", "m": "Male"}


def test_circuit_breaker_from_js_class_ts_constant_or_python():
    js = "class CircuitBreaker {\n  constructor(options = {}) {\n    this.failureThreshold = options.failureThreshold || 7;\n    this.resetTimeout = options.resetTimeout || 90000;\n  }\n}"
    ts = "const breakerDefaults = { failureThreshold: 4, resetTimeoutMs: 45_000 };"
    py = "@dataclass\nclass Breaker:\n    failure_threshold: int = 8\n    reset_timeout: float = 90.0\n"
    for lang, body, expected in (("javascript", js, (7, 90)), ("ts", ts, (4, 45)), ("python", py, (8, 90))):
        breaker = read(
            doc("## Error Handling\n### Circuit Breaker Pattern\n" + fence(lang, body))
        ).spec.errors.circuit_breaker
        assert (breaker.failure_threshold, breaker.reset_timeout_seconds) == expected, lang


def test_rate_limits_as_stated():
    text = doc(
        "## Security Considerations\n### API Security\n"
        + fence("yaml", "Rate Limiting: 300 req/min per client; 30 req/min on patient search")
        + "## Error Handling\n### Retry Strategies\nAPI limits: 600 requests/minute per key and 120/minute per user token.\n"
    )
    limits = read(text).spec.security.rate_limits
    assert [(limit.count, limit.per_seconds) for limit in limits] == [(300, 60), (30, 60), (600, 60), (120, 60)]


def test_csv_and_xml_blocks_land_in_the_model():
    text = doc(
        "## Data Import/Export\n### CSV Import\n"
        + fence("csv", "# Users Import Template\nemail,first_name\na@b.com,A")
        + "## SAML 2.0 Integration\n"
        + fence(
            "xml",
            '<EntityDescriptor entityID="https://a.com"><SPSSODescriptor WantAssertionsSigned="true"><AssertionConsumerService Location="https://a.com/acs"/></SPSSODescriptor></EntityDescriptor>',
        )
    )
    spec = read(text).spec
    assert spec.data_transfer.imports[0].columns == ["email", "first_name"]
    assert (spec.saml.entity_id, spec.saml.acs_url, spec.saml.want_assertions_signed) == (
        "https://a.com",
        "https://a.com/acs",
        True,
    )


def test_max_retries_count_after_the_first_attempt():
    text = doc("## Webhook System\n### Delivery Guarantees\n" + fence("yaml", "Retry Strategy:\n  - Max retries: 7"))
    assert read(text).spec.webhooks.retry.max_attempts == 8


def test_not_applicable_phrasings():
    for body in (
        "**Not applicable** — we bill offline.",
        "Not applicable to this product.",
        "N/A (handled by the ERP)",
    ):
        spec = read(doc(f"## Payment Processing\n{body}\n")).spec
        assert [n.section for n in spec.not_applicable] == ["payments"], body


def test_unquoted_openapi_version_is_read():
    spec = read(doc("## API\n" + fence("yaml", "openapi: 3.1\ninfo: {title: X, version: '1'}\npaths: {}"))).spec
    assert spec.api_spec is not None and spec.api_spec["openapi"] == "3.1"


def test_error_formats_wrapped_in_errors():
    result = read(
        doc(
            "## Error Handling\n### Error Response Format\n"
            + fence("json", '{"errors": {"code": "x", "message": "m"}}')
        )
    )
    assert result.diagnostics == []
