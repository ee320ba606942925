"""Exact message and line for every diagnostic a document can cause."""

from generator.errors import CODES
from tests.helpers import doc, fence, read

OAUTH = "## OAuth 2.0 Provider\n"
WEBHOOKS = "## Webhook System\n"


def diagnostics(text: str) -> list[tuple[int, str, str, str]]:
    return [(d.line, d.severity, d.code, d.message) for d in read(text).diagnostics]


def test_clean_minimal_document_has_no_diagnostics():
    assert diagnostics(doc(OAUTH + fence("yaml", "Scopes:\n  - read:profile - Profile"))) == []


def test_empty_document():
    assert diagnostics("") == [
        (1, "error", "empty-document", "the document is empty"),
        (
            1,
            "warning",
            "app-name",
            "no '# Integration Specifications: <App Name>' title; the app is named 'Unnamed App'",
        ),
    ]


def test_app_name_without_ascii_letters():
    assert diagnostics("# Integration Specifications: 統合\n") == [
        (
            1,
            "warning",
            "package-name",
            "app name '統合' has no ASCII letters or digits, so the project is named 'app'; "
            "write the title as '# Integration Specifications: <Name>' with a Latin-script name to choose it",
        )
    ]


def test_keyword_and_stdlib_names_get_a_suffix_with_a_warning():
    result = read("# Integration Specifications: Class\n")
    assert result.spec.app.package == "class_app"
    assert [(d.line, d.code, d.message) for d in result.diagnostics] == [
        (1, "package-name", "package name 'class_app' used because 'class' is a Python keyword")
    ]
    assert read("# Integration Specifications: Calendar\n").spec.app.package == "calendar_app"
    assert read("# Integration Specifications: 2048 Games\n").spec.app.package == "app_2048_games"


def test_yaml_syntax_error_points_at_the_document_line():
    text = doc(OAUTH + fence("yaml", "Scopes:\n  - read:profile\n Endpoints: [oops\n"))
    (diag,) = diagnostics(text)
    assert diag[:3] == (6, "warning", "yaml-syntax")
    assert diag[3].startswith("invalid YAML:")
    assert diag[3].endswith("; the block is ignored")


def test_json_syntax_error():
    text = doc(
        WEBHOOKS + "### Webhook Configuration\n" + fence("json", '{\n  "url": "https://x.com"\n  "events": []\n}')
    )
    assert diagnostics(text) == [
        (
            7,
            "warning",
            "json-syntax",
            "expected ',' or '}' after the value of 'url', found character '\"'; the block is ignored",
        )
    ]


def test_json_with_comments_is_read_leniently():
    text = doc(WEBHOOKS + "### Webhook Configuration\n" + fence("json", '{\n  "url": "https://x.com", // ours\n}'))
    assert diagnostics(text) == [(6, "warning", "json-lenient", "not strict JSON (a // comment); read as JSON5")]


def test_js_object_error():
    text = doc(
        "## Payment Processing\n### Stripe Integration\n"
        + fence("javascript", "POST /api/v1/payments/intent\n{\n  amount: ,\n}")
    )
    assert diagnostics(text) == [
        (7, "warning", "js-syntax", "expected a value, found character ','; this value is ignored")
    ]


def test_xml_error_and_entities():
    text = doc("## SAML 2.0 Integration\n" + fence("xml", "<EntityDescriptor>\n<SPSSODescriptor>\n</EntityDescriptor>"))
    assert diagnostics(text) == [(6, "warning", "xml-syntax", "invalid XML: mismatched tag; the block is ignored")]


def test_unclosed_fence():
    text = doc(OAUTH + "```yaml\nScopes:\n  - read:profile\n")
    assert diagnostics(text) == [
        (3, "warning", "fence-unclosed", "code fence is never closed; it runs to the end of the document")
    ]


def test_event_names_must_be_dotted_identifiers():
    text = doc(
        WEBHOOKS
        + "### Event Catalog\n| Event | Description | Payload Schema |\n|---|---|---|\n"
        + "| `order.created` | ok | x |\n| Order Updated | bad | x |\n| `[entity].deleted` | placeholder | x |\n| `order.created` | again | x |\n"
    )
    assert diagnostics(text) == [
        (
            7,
            "warning",
            "event-name",
            "event name 'Order Updated' is not a dotted identifier like 'invoice.paid'; it is left out",
        ),
        (
            8,
            "warning",
            "event-name",
            "event name '[entity].deleted' is an unfilled template placeholder; it is left out",
        ),
        (9, "warning", "duplicate-event", "event 'order.created' is already listed at line 6"),
    ]


def test_table_rows_with_missing_cells():
    text = doc(WEBHOOKS + "### Event Catalog\n| Event | Description |\n|---|---|\n| `a.b` |\n")
    assert diagnostics(text) == [
        (6, "warning", "table-cells", "table row has 1 of 2 cells; the missing ones are empty")
    ]


def test_scopes_are_oauth_scope_tokens():
    text = doc(
        OAUTH
        + fence(
            "yaml",
            "Scopes:\n  - read:profile - ok\n  - profile - also ok\n  - read profile - bad\n"
            '  - read:profile - twice\n  - read"x - hostile',
        )
    )
    result = read(text)
    assert [scope.name for scope in result.spec.oauth.scopes] == ["read:profile", "profile"]
    assert diagnostics(text) == [
        (
            7,
            "warning",
            "scope-name",
            "scope 'read profile' has characters OAuth does not allow in a scope (RFC 6749 §3.3: printable ASCII "
            "except space, '\"' and '\\'); it is left out",
        ),
        (8, "warning", "duplicate-scope", "scope 'read:profile' is listed twice"),
        (
            9,
            "error",
            "scope-name",
            "scope 'read\"x' has characters OAuth does not allow in a scope (double quotes, backslashes, control characters); "
            "write it like 'read:profile'",
        ),
    ]


def test_unknown_oauth_flow_and_bad_endpoint():
    text = doc(OAUTH + fence("yaml", "Supported Flows:\n  - Telepathy\nEndpoints:\n  - Token: token please"))
    assert diagnostics(text) == [
        (
            5,
            "warning",
            "oauth-flow",
            "unknown OAuth flow 'Telepathy'; known flows: authorization_code, pkce, client_credentials, "
            "refresh_token, device_code, jwt_bearer, token_exchange, implicit, password",
        ),
        (
            7,
            "warning",
            "endpoint",
            "OAuth token endpoint 'token please' is neither a path nor a URL; using /oauth/token",
        ),
    ]


RETRY = WEBHOOKS + "### Delivery Guarantees\n"


def test_numbers_that_are_not_numbers():
    text = doc(
        RETRY
        + fence("yaml", "Retry Strategy:\n  - Initial delay: soon\n  - Max attempts: five\n  - Max delay: 6 hours")
    )
    assert diagnostics(text) == [
        (6, "warning", "number", "initial delay: 'soon' is not a duration (e.g. '30 seconds'); using 30 seconds"),
        (7, "warning", "number", "max attempts: 'five' is not a number; using 5"),
    ]


def test_max_delay_below_initial_delay():
    text = doc(
        RETRY
        + fence(
            "yaml", "Retry Strategy:\n  - Initial delay: 10 minutes\n  - Max attempts: 3\n  - Max delay: 30 seconds"
        )
    )
    assert diagnostics(text) == [
        (
            8,
            "warning",
            "retry-inconsistent",
            "max delay (30s) is below the initial delay (600s); the max delay is raised to the initial delay",
        )
    ]


def test_schedule_that_does_not_fit_the_attempts():
    text = doc(RETRY + fence("yaml", "Retry Strategy:\n  - Max attempts: 5\n  - Schedule: 10s → 1m"))
    assert diagnostics(text) == [
        (
            7,
            "warning",
            "retry-inconsistent",
            "the schedule lists 2 delays but 5 attempts need 4; both are kept as written",
        )
    ]


def test_unknown_backoff():
    text = doc(RETRY + fence("yaml", "Retry Strategy:\n  - Backoff: Fibonacci"))
    assert diagnostics(text) == [
        (6, "warning", "backoff", "backoff 'Fibonacci' is not exponential, linear or fixed; using exponential")
    ]


def test_config_example_subscribing_to_unknown_event():
    text = doc(
        WEBHOOKS
        + "### Webhook Configuration\n"
        + fence("json", '{"url": "https://x.com/h", "events": ["a.b", "c.d"]}')
        + "### Event Catalog\n| Event | Description |\n|---|---|\n| `a.b` | x |\n"
    )
    assert diagnostics(text) == [
        (
            5,
            "warning",
            "unknown-event",
            "the configuration example subscribes to 'c.d', which the event catalog does not list",
        )
    ]


def test_payload_for_unknown_event():
    text = doc(
        WEBHOOKS
        + "### Event Catalog\n| Event | Description |\n|---|---|\n| `a.b` | x |\n"
        + "### Event Payloads\n"
        + fence("json", '{"type": "z.z", "data": {}}')
    )
    assert diagnostics(text) == [
        (8, "warning", "payload-unknown-event", "payload example for 'z.z', which the event catalog does not list")
    ]


def test_duplicate_sections_warn_and_conflicting_ones_are_errors():
    config = '{"url": "https://x.com/h", "events": [], "secret": "%s"}'
    text = doc(
        WEBHOOKS
        + "### Webhook Configuration\n"
        + fence("json", config % "whsec_one")
        + "### Webhook Configuration\n"
        + fence("json", config % "whsec_two")
    )
    assert diagnostics(text) == [
        (
            7,
            "warning",
            "duplicate-section",
            "section 'Webhook Configuration' repeats 'Webhook Configuration' (line 3); the first one is used",
        ),
        (
            9,
            "error",
            "conflicting-section",
            "duplicate section 'Webhook Configuration' disagrees with line 3 on secret: 'whsec_two' here, 'whsec_one' at line 5; keep one",
        ),
    ]
    assert read(text).spec.webhooks.config_example["secret"] == "whsec_one"


def test_identical_duplicate_is_only_a_warning():
    block = fence("json", '{"url": "https://x.com/h", "events": []}')
    text = doc(WEBHOOKS + "### Webhook Configuration\n" + block + "### Webhook Configuration\n" + block)
    assert [d[2] for d in diagnostics(text)] == ["duplicate-section"]


SALESFORCE = (
    "## CRM Integration (Salesforce)\n### Field Mapping\n| Our Field | Salesforce Field | Transform |\n|---|---|---|\n"
)


def test_unknown_transform_and_incomplete_mapping_are_warnings():
    text = doc(SALESFORCE + "| a.name | Account.Name | Direct |\n| a.x | Account.X__c | Rot13 |\n| a.y |  | Direct |\n")
    result = read(text)
    assert diagnostics(text) == [
        (
            7,
            "warning",
            "transform-unknown",
            "unknown transform 'Rot13' for a.x; the generated project gets a pass-through function "
            "transform_a_x() in mappings/custom.py for you to write",
        ),
        (
            8,
            "warning",
            "field-mapping",
            "field mapping row needs both our field and the Salesforce field; the row is skipped",
        ),
    ]
    mappings = result.spec.connectors.salesforce.field_mappings
    assert [(m.source, m.transform) for m in mappings] == [("a.name", "direct"), ("a.x", "custom")]
    assert mappings[1].custom.model_dump() == {"function": "transform_a_x", "kind": "transform", "line": 7}
    assert mappings[1].transform_text == "Rot13"


def test_salesforce_connection_problems():
    text = doc(
        "## CRM Integration (Salesforce)\n### Configuration\n"
        + fence(
            "yaml",
            "Connection:\n  - Type: Carrier pigeon\n  - API Version: latest\nSync Settings:\n  - Frequency: Real-time",
        )
    )
    assert diagnostics(text) == [
        (
            6,
            "warning",
            "salesforce-auth",
            "Salesforce connection type 'Carrier pigeon' is not a known OAuth flow; using JWT bearer",
        ),
        (7, "warning", "number", "Salesforce API version 'latest' is not like 'v59.0'; using v59.0"),
        (
            9,
            "warning",
            "number",
            "sync frequency 'Real-time' states no interval (e.g. 'Every 15 minutes'); using 15 minutes",
        ),
    ]


def test_sendgrid_email_and_template_ids():
    text = doc(
        "## Email Integration (SendGrid)\n"
        + fence("yaml", "Configuration:\n  FROM_EMAIL: not-an-address\n  TEMPLATES:\n    - welcome: 12345")
    )
    assert diagnostics(text) == [
        (
            5,
            "warning",
            "email",
            "FROM_EMAIL 'not-an-address' is not an email address; using noreply@example.com",
        ),
        (7, "warning", "sendgrid-template", "template 'welcome' has ID '12345'; dynamic template IDs start with 'd-'"),
    ]


def test_error_format_without_code():
    text = doc(
        "## Error Handling\n### Error Response Format\n" + fence("json", '{"error": {"field": "x", "message": "m"}}')
    )
    assert diagnostics(text) == [
        (5, "warning", "error-format", "the error format has no code member; the service adds one")
    ]


def test_retry_table_attempts_must_be_numbers():
    text = doc(
        "## Error Handling\n### Retry Strategies\n| Error Type | Retry Strategy | Max Attempts |\n|---|---|---|\n| 429 | Wait | many |\n"
    )
    assert diagnostics(text) == [
        (6, "warning", "number", "max attempts 'many' for '429' is not a number; the row is kept with no attempt limit")
    ]


def test_yaml_duplicate_key():
    text = doc(OAUTH + fence("yaml", "Scopes:\n  - read:profile\nScopes:\n  - write:data"))
    assert diagnostics(text) == [(6, "warning", "yaml-duplicate-key", "duplicate YAML key 'Scopes'; the last one wins")]


def test_every_code_is_documented():
    documented = (__import__("pathlib").Path(__file__).parents[2] / "docs" / "diagnostics.md").read_text()
    missing = [code for code in CODES if f"`{code}`" not in documented]
    assert missing == []


def test_not_applicable_section_with_data_below_it():
    text = doc(
        "## Payment Processing\nNot applicable.\n### Stripe Integration\n"
        + fence("js", "POST /pay\n{ currency: 'usd' }")
    )
    assert diagnostics(text) == [
        (
            5,
            "warning",
            "not-applicable-content",
            "section 'Payment Processing' (line 2) is marked not applicable, so this is ignored; remove the marker or the data",
        )
    ]


def test_none_at_the_start_of_a_sentence_does_not_switch_a_section_off():
    text = doc(
        "## Payment Processing\nNone of the card data touches our servers.\n### Stripe Integration\n"
        + fence("js", "POST /pay\n{ currency: 'usd' }")
    )
    result = read(text)
    assert result.diagnostics == [] and result.spec.connectors.stripe is not None


def test_headings_below_another_section_are_not_read_as_top_level_ones():
    text = doc("## Webhook System\n### Email Notifications to Admins\nWe email admins.\n")
    assert read(text).spec.connectors.sendgrid is None


def test_placeholder_title():
    assert diagnostics("# Integration Specifications: [App Name]\n")[0] == (
        1,
        "warning",
        "app-name",
        "the title still has the template placeholder [App Name]; the app is named 'App Name' until you write its name",
    )


def test_embedded_openapi_document_is_validated_with_lines():
    text = doc(
        "## API\n"
        + fence(
            "yaml",
            'openapi: 3.1.0\ninfo:\n  title: X\npaths:\n  /items:\n    get:\n      responses:\n        "20x":\n          description: ok',
        )
    )
    assert diagnostics(text) == [
        (5, "warning", "openapi-invalid", "embedded OpenAPI document, at info: 'version' is a required property"),
        (
            10,
            "warning",
            "openapi-invalid",
            "embedded OpenAPI document, at paths[\"/items\"].get.responses: 'default' is a required property",
        ),
        (
            10,
            "warning",
            "openapi-invalid",
            "embedded OpenAPI document, at paths[\"/items\"].get.responses: Unevaluated properties are not allowed ('20x' was unexpected)",
        ),
    ]
    assert read(text).spec.api_spec["info"] == {"title": "X"}
