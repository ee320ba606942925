"""The stable subset of the model (CONTRACTS.md section 2) is present, with the documented types."""

import json

import pytest

from tests.documents import document_params
from tests.refresh_golden import model_text

CONTRACT = {
    "app": {"name": str, "slug": str, "package": str},
    "oauth": {"flows": list, "endpoints": dict, "scopes": list},
    "webhooks": {"config_example": dict, "events": list, "retry": dict, "failure": dict},
    "connectors": {
        "stripe": (dict, type(None)),
        "sendgrid": (dict, type(None)),
        "twilio": (dict, type(None)),
        "salesforce": (dict, type(None)),
    },
    "errors": {"format": dict, "retry_strategies": list, "circuit_breaker": dict},
    "security": {"rate_limits": list},
}
NESTED = {
    ("oauth", "endpoints"): {"authorize", "token", "revoke", "introspect"},
    ("webhooks", "retry"): {"initial_delay_seconds", "max_attempts", "backoff", "max_delay_seconds"},
    ("webhooks", "failure"): {"store_failed", "notify_after_failures", "manual_retry", "dashboard"},
    ("errors", "circuit_breaker"): {"failure_threshold", "reset_timeout_seconds"},
}


@pytest.mark.parametrize("document", document_params())
def test_contract_keys(document):
    model = json.loads(model_text(document))
    for section, fields in CONTRACT.items():
        if model[section] is None:
            continue
        for name, kind in fields.items():
            assert isinstance(model[section][name], kind), f"{section}.{name}"
    for (section, name), keys in NESTED.items():
        if model[section] is not None:
            assert keys <= set(model[section][name]), f"{section}.{name}"
    for scope in (model["oauth"] or {}).get("scopes", []):
        assert set(scope) >= {"name", "description"}
    for event in (model["webhooks"] or {}).get("events", []):
        assert set(event) >= {"name", "description", "payload_schema"}
    if model["webhooks"]:
        assert model["webhooks"]["retry"]["backoff"] in ("exponential", "linear", "fixed")
    stripe = model["connectors"]["stripe"]
    if stripe:
        assert set(stripe) >= {"payment_intent_path", "currency", "payment_method_types", "events_handled"}
    sendgrid = model["connectors"]["sendgrid"]
    if sendgrid:
        assert set(sendgrid) >= {"from_email", "templates", "rate_limits"}
        assert all(isinstance(v, str) for v in sendgrid["templates"].values())
    salesforce = model["connectors"]["salesforce"]
    if salesforce:
        assert set(salesforce["sync"]) >= {"direction", "frequency_seconds", "conflict_resolution"}
        assert all(set(m) >= {"source", "target", "transform"} for m in salesforce["field_mappings"])
    for strategy in model["errors"]["retry_strategies"]:
        assert set(strategy) >= {"error_type", "strategy", "max_attempts"}
    assert all(set(d) == {"line", "severity", "code", "message"} for d in model["diagnostics"])
    assert model["sources"] and all(isinstance(line, int) and line >= 1 for line in model["sources"].values())
