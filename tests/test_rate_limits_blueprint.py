"""The rate_limits blueprint reads what each stated limit is about from its words, as real documents write
them. (Its generated project's tests — 429s, headers, two processes on one Redis — run with every example
document in test_generated_projects.py.)"""

from __future__ import annotations

import pytest

from generator.blueprints import load_blueprints
from generator.logic import load_logic
from generator.model.schema import IntegrationSpec, RateLimit, Security

LOGIC = load_logic(load_blueprints()["rate_limits"])


def limits_of(*stated: tuple[str, str, float | None, float | None]) -> list[dict[str, object]]:
    security = Security(rate_limits=[RateLimit(name=n, text=t, count=c, per_seconds=p) for n, t, c, p in stated])
    spec = IntegrationSpec.model_validate({"app": {"name": "A", "slug": "a", "package": "a"}, "security": security})
    assert LOGIC.view is not None
    found: list[dict[str, object]] = LOGIC.view(spec)["limits"]
    return found


@pytest.mark.parametrize(
    ("label", "text", "count", "per", "expected"),
    [
        ("", "1000 requests/minute per API key", 1000, 60, ("per_api_key", "api_key", False, None)),
        ("", "600 requests/minute per workspace key", 600, 60, ("per_api_key", "api_key", False, None)),
        ("", "300 requests/minute per user OAuth token", 300, 60, ("per_access_token", "access_token", False, None)),
        ("", "300 requests/minute per member token", 300, 60, ("per_access_token", "access_token", False, None)),
        ("", "600 requests/minute per client per district", 600, 60, ("per_caller", "any", False, None)),
        ("", "1000 requests/minute per merchant", 1000, 60, ("per_caller", "any", False, None)),
        ("Burst", "20 requests/second", 20, 1, ("caller_burst", "any", False, None)),
        ("", "Burst allowance of 50 requests/second", 50, 1, ("caller_burst", "any", False, None)),
        ("", "50 requests/second burst", 50, 1, ("caller_burst", "any", False, None)),
        ("", "60 requests/minute on rate quote endpoints", 60, 60, ("rate_quote_endpoints", "any", True, None)),
        ("", "60 requests/minute for bulk endpoints", 60, 60, ("bulk_endpoints", "any", True, None)),
        ("", "120 requests/minute on interval endpoints per client", 120, 60, ("interval_endpoints", "any", True, None)),
        ("", "20 requests/second burst on availability search", 20, 1, ("availability_search", "any", True, None)),
        ("OAI-PMH", "1 request/second per harvester", 1, 1, ("oai_pmh", "any", True, None)),
        ("Imports", "30/hour per user", 30, 3600, ("imports", "any", True, None)),
        ("", "30 req/min on /api/v1/search per API key", 30, 60, ("api_v1_search", "api_key", False, "/api/v1/search")),
        ("", "10/minute on /api/v1/orders/{id}/refunds", 10, 60, ("api_v1_orders_id_refunds", "any", False, "/api/v1/orders/{id}/refunds")),
    ],
)  # fmt: skip
def test_what_a_limit_is_about(label: str, text: str, count: float, per: float, expected: tuple[object, ...]) -> None:
    (limit,) = limits_of((label, text, count, per))
    assert (limit["name"], limit["credential"], limit["named"], limit["path"]) == expected
    assert (limit["count"], limit["per_seconds"]) == (count, per)


def test_limits_without_a_rate_are_left_out_and_names_are_unique() -> None:
    found = limits_of(
        ("", "Per API key limits", None, None),
        ("", "100 requests/minute per client", 100, 60),
        ("", "1000 requests/hour per client", 1000, 3600),
    )
    assert [limit["name"] for limit in found] == ["per_caller", "per_caller_2"]


def test_a_fractional_rate_becomes_one_request_per_longer_period() -> None:
    (limit,) = limits_of(("", "0.5 requests/second per client", 0.5, 1))
    assert (limit["count"], limit["per_seconds"]) == (1, 2.0)
