"""Forms the corpus documents (tests/corpus) showed models and people write, read as the template's."""

import pytest

from tests.helpers import doc, fence, read

OAUTH = "## OAuth 2.0 Provider\n"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("# 🚀 Integration Specifications: Orbit Fitness", "Orbit Fitness"),
        ("# Integration Specifications: Orbit Fitness ✨", "Orbit Fitness"),
        ("# Integration Specs - Pinecone Notes", "Pinecone Notes"),
        ("# 📘 Harvest Commons Integration Specifications", "Harvest Commons"),
        ("# Integration Spec: Acme", "Acme"),
    ],
)
def test_title_with_emoji_or_abbreviated(title: str, name: str) -> None:
    result = read(title + "\n## Overview\nText.\n")
    assert result.spec.app.name == name
    assert not [d for d in result.diagnostics if d.code == "app-name"]


def test_scopes_as_a_table_after_the_yaml_block() -> None:
    result = read(
        doc(
            OAUTH
            + fence("yaml", "Supported Flows:\n  - PKCE (mobile app)")
            + "\n| Scope | Description | Granted to |\n|---|---|---|\n"
            "| `orders:read` | Read orders | all |\n| `webhooks:manage` | Configure webhooks | cafés |\n"
        )
    )
    scopes = [(s.name, s.description) for s in result.spec.oauth.scopes]
    assert scopes == [("orders:read", "Read orders"), ("webhooks:manage", "Configure webhooks")]
    assert "oauth.scopes" not in result.spec.defaults
    assert result.spec.sources["oauth.scopes.0.name"] == 10


def test_scope_table_with_another_description_column() -> None:
    result = read(doc(OAUTH + "| Scope | Grants | Client |\n|---|---|---|\n| `events:read` | Event data | widgets |\n"))
    assert [(s.name, s.description) for s in result.spec.oauth.scopes] == [("events:read", "Event data")]


def test_scopes_as_a_markdown_list() -> None:
    result = read(
        doc(
            OAUTH + "The scopes are:\n\n- `employees:read` — names and addresses\n"
            "- `hours:write` - submit hours\n- webhooks:manage: manage endpoints\n"
        )
    )
    assert [(s.name, s.description) for s in result.spec.oauth.scopes] == [
        ("employees:read", "names and addresses"),
        ("hours:write", "submit hours"),
        ("webhooks:manage", "manage endpoints"),
    ]


def test_a_list_that_is_not_all_scopes_is_not_read_as_scopes() -> None:
    result = read(doc(OAUTH + "- `patients:*` scopes need a BAA\n- MFA for staff\n"))
    assert "oauth.scopes" in result.spec.defaults


def test_oauth_settings_as_key_value_list_items() -> None:
    result = read(
        doc(
            "## Auth\n### OAuth\n- flows: auth code, PKCE\n- authorize: /oauth/authorize\n"
            "- token: https://id.example.com/oauth/token\n- scopes: notes:read, notes:write\n"
            "- access token: 1h\n- refresh token: 30d, rotated\n"
        )
    )
    oauth = result.spec.oauth
    assert oauth.flows == ["authorization_code", "pkce"]
    assert (oauth.endpoints.authorize, oauth.endpoints.token) == ("/oauth/authorize", "/oauth/token")
    assert oauth.issuer == "https://id.example.com"
    assert [s.name for s in oauth.scopes] == ["notes:read", "notes:write"]
    assert (oauth.tokens.access_token_seconds, oauth.tokens.refresh_token_seconds) == (3600, 2592000)
    assert oauth.tokens.refresh_rotation
    assert {"oauth.flows", "oauth.scopes", "oauth.endpoints.token"}.isdisjoint(result.spec.defaults)
    assert result.diagnostics == []


def test_code_block_values_win_over_list_items() -> None:
    result = read(doc(OAUTH + fence("yaml", "Scopes:\n  - read:x - X") + "\n- scopes: other:y\n"))
    assert [s.name for s in result.spec.oauth.scopes] == ["read:x"]


WEBHOOKS = "## Webhook System\n"


def test_delivery_policy_as_a_settings_table() -> None:
    result = read(
        doc(
            WEBHOOKS + "### Delivery Guarantees\n| Setting | Value |\n|---|---|\n"
            "| Initial delay | 1 minute |\n| Max attempts | 6 |\n| Backoff | Exponential, ±10% jitter |\n"
            "| Max delay | 2 hours |\n| Failed deliveries | Stored 30 days |\n| Notify | Admin after 3 failures |\n"
            "| Manual retry | Yes, from the portal |\n"
        )
    )
    hooks = result.spec.webhooks
    retry = hooks.retry
    assert (retry.initial_delay_seconds, retry.max_attempts, retry.backoff, retry.max_delay_seconds) == (
        60,
        6,
        "exponential",
        7200,
    )
    assert retry.jitter == 0.1
    failure = hooks.failure
    assert (failure.store_failed, failure.retention_seconds, failure.notify_after_failures) == (True, 2592000, 3)
    assert failure.manual_retry and not failure.dashboard
    assert {"webhooks.retry", "webhooks.failure"}.isdisjoint(result.spec.defaults)
    assert result.spec.sources["webhooks.retry.max_attempts"] == 7


@pytest.mark.parametrize(
    ("line", "seconds"),
    [
        ("Endpoint auto-disabled after 5 days of continuous failure", 5 * 86400),
        ("Endpoints paused automatically after 72 hours of failures", 72 * 3600),
        ("Endpoints are deactivated automatically after 2 days of failures", 2 * 86400),
        ("Disable endpoint after 50 consecutive failures", None),
    ],
)
def test_the_auto_disable_window(line: str, seconds: float | None) -> None:
    result = read(doc(WEBHOOKS + "### Failure Handling\n" + fence("yaml", f"Failure Handling:\n  - {line}")))
    assert result.spec.webhooks.failure.auto_disable_after_seconds == seconds


def test_yaml_delivery_policy_wins_over_a_table() -> None:
    result = read(
        doc(
            WEBHOOKS
            + "### Delivery Guarantees\n"
            + fence("yaml", "Retry Strategy:\n  - Max attempts: 4")
            + "| Setting | Value |\n|---|---|\n| Max attempts | 9 |\n"
        )
    )
    assert result.spec.webhooks.retry.max_attempts == 4


def test_email_settings_as_a_table_from_another_vendor() -> None:
    result = read(
        doc(
            "## Email Integration (Mailgun)\n| Setting | Value |\n|---|---|\n"
            "| API key | `MAILGUN_API_KEY` environment variable |\n| From | `orders@example.com` |\n"
            "| Template: order confirmation | `order-confirmation` |\n| Rate limit | 300/minute |\n"
        )
    )
    email = result.spec.connectors.sendgrid
    assert email.from_email == "orders@example.com"
    assert email.api_key_env == "MAILGUN_API_KEY"
    assert email.templates == {"order_confirmation": "order-confirmation"}
    assert [(r.count, r.per_seconds) for r in email.rate_limits] == [(300, 60)]
    assert result.diagnostics == []  # Mailgun template names are not SendGrid's d- IDs


def test_sendgrid_template_ids_are_still_checked() -> None:
    result = read(doc("## Email Integration (SendGrid)\n" + fence("yaml", "TEMPLATES:\n  - welcome: tpl-1")))
    assert [d.code for d in result.diagnostics] == ["sendgrid-template"]


def test_camel_case_email_keys() -> None:
    result = read(
        doc("## Email (SendGrid)\n" + fence("js", "{ fromEmail: 'a@example.com', rateLimits: { burst: '5/second' } }"))
    )
    email = result.spec.connectors.sendgrid
    assert email.from_email == "a@example.com"
    assert [r.count for r in email.rate_limits] == [5]


@pytest.mark.parametrize(
    ("sentence", "threshold", "reset"),
    [
        (
            "Calls are wrapped in a breaker that opens after 8 consecutive failures and half-opens after 45 seconds.",
            8,
            45,
        ),
        ("Opens after 5 failures in 30 seconds, stays open 2 minutes.", 5, 120),
        ("Workers stop after 6 consecutive failures and try again after 10 minutes.", 6, 600),
    ],
)
def test_circuit_breaker_as_a_sentence(sentence: str, threshold: int, reset: float) -> None:
    result = read(doc(f"## Error Handling\n### Circuit Breaker Pattern\n{sentence}\n"))
    breaker = result.spec.errors.circuit_breaker
    assert (breaker.failure_threshold, breaker.reset_timeout_seconds) == (threshold, reset)
    assert not {"errors.circuit_breaker.failure_threshold", "errors.circuit_breaker.reset_timeout_seconds"} & set(
        result.spec.defaults
    )


def test_jwt_algorithm_and_audience_of_the_access_entry() -> None:
    result = read(doc("## Auth\n### OAuth\n- Access: 30 minutes (JWT, es256, audience `api.example.com`)\n"))
    tokens = result.spec.oauth.tokens
    assert (tokens.access_token_format, tokens.access_token_algorithm) == ("jwt", "ES256")
    assert tokens.access_token_audience == "api.example.com"
    assert result.spec.sources["oauth.tokens.access_token_algorithm"] == 4


def test_a_jwt_algorithm_the_service_does_not_sign_with_is_a_warning() -> None:
    result = read(doc("## Auth\n### OAuth\n- Access: 1 hour (JWT, PS256)\n"))
    assert result.spec.oauth.tokens.access_token_algorithm is None
    assert [d.code for d in result.diagnostics] == ["jwt-algorithm"]
    assert "PS256" in result.diagnostics[0].message
