"""Section matching by words and by place: a weak match never overrides or conflicts with a strong one."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Diagnostics
from generator.model.sections import (
    GROUP,
    RULES,
    SCOPED_RULES,
    TOP,
    TOP_RULES,
    Match,
    classify,
    covered,
    name_section,
    normalize_title,
    rule,
)
from generator.parse import parse_document
from tests.documents import all_documents
from tests.helpers import doc, fence, read


def diagnostics(text: str) -> list[tuple[int, str, str, str]]:
    return [(d.line, d.severity, d.code, d.message) for d in read(text).diagnostics]


@pytest.mark.parametrize(
    ("title", "parent", "expected"),
    [
        # In the template's place: strong.
        ("OAuth 2.0 Provider", "auth", Match("oauth")),
        ("OAuth 2.0 Provider", "core", Match("oauth")),  # a grouping level dropped
        ("OAuth 2.0 Provider", "title", Match("oauth")),
        ("OAuth 2.0 Provider", None, Match("oauth")),
        ("Analytics & Monitoring", "core", Match("analytics")),  # monitoring belongs under testing
        ("Marketplace & Partner Integrations", "title", Match("marketplace_partners")),  # its own children
        ("Webhook Event Catalog", "title", Match("webhooks.catalog")),
        ("Stripe Integration", "payments", Match("stripe")),
        # Elsewhere in the template: weak, by words only.
        ("Boards Security", "third_party", Match("security", weak="placed")),
        ("Stripe Payments", "third_party", Match("stripe", weak="placed")),
        ("Webhooks", "communication", Match("webhooks", weak="placed")),
        # Words that, apart, name unrelated sections: a heading that groups them.
        ("Security & Error Handling", "title", Match(GROUP, weak="'Error Handling' and 'Security Considerations'")),
        (
            "Analytics & Monitoring",
            "title",
            Match(GROUP, weak="'Analytics Integration' and 'Integration Health Monitoring'"),
        ),
        (
            "Payments, Security & Partner Boards",
            "third_party",
            Match(GROUP, weak="'Payment Processing' and 'Security Considerations'"),
        ),
        # ... but not words inside one match: "event notification" is the webhooks, not messaging.
        ("Outbound Event Notifications", "title", Match("webhooks")),
        # Below a section with no parts of its own, the section beside it in the template.
        ("Payment Flow", "stripe", Match("payment_flow")),
        ("SAML 2.0", "oauth", Match("saml")),
        ("Security", "oauth", Match("oauth")),
        # Parts of a domain are matched within it.
        ("Webhook Security", "webhooks", Match("webhooks.signature")),
        ("Configuration", "salesforce", Match("salesforce.connection")),
        ("Scopes", "oauth", Match("oauth")),
        ("Something else", "webhooks", None),
        ("Something else", None, None),
    ],
)
def test_name_section(title, parent, expected):
    assert name_section(title, parent) == expected


def classified(text: str):
    parsed = parse_document(text.encode(), "spec.md", Diagnostics())
    return classify(parsed.root)


def test_a_weak_match_alone_is_used():
    text = doc("## Third-Party Integrations\n### Stripe Payments\n" + fence("yaml", "Currency: eur"))
    found = classified(text)
    (stripe,) = found.sections("stripe")
    assert found.is_weak(stripe)
    assert read(text).spec.connectors.stripe is not None
    assert diagnostics(text) == []


def test_a_weak_match_beside_a_strong_one_is_kept_as_an_extra_section():
    text = doc(
        "## Third-Party Integrations\n"
        "### Boards Security\n"
        + fence("yaml", "Rate Limiting:\n  - 10 requests per second")
        + "## Security Considerations\n"
        "### API Security\n" + fence("yaml", "Rate Limiting:\n  - 100 requests per minute")
    )
    result = read(text)
    assert [limit.text for limit in result.spec.security.rate_limits] == ["100 requests per minute"]
    assert [section.heading[-1] for section in result.spec.extra_sections] == ["Boards Security"]
    assert diagnostics(text) == [
        (
            3,
            "warning",
            "extra-section",
            "heading 'Boards Security' reads like the template's 'Security Considerations' section but sits under "
            "'Third-Party Integrations'; 'Security Considerations' (line 8) is that section, so this one is kept "
            "as an extra section",
        )
    ]


def test_a_weak_match_never_conflicts_with_a_strong_one():
    config = '{"url": "https://x.com/h", "events": [], "secret": "%s"}'
    text = doc(
        "## Core Integrations\n### Communication\n#### Webhooks\n"
        "##### Webhook Configuration\n" + fence("json", config % "whsec_partner") + "## Webhook System\n"
        "### Webhook Configuration\n" + fence("json", config % "whsec_ours")
    )
    result = read(text)
    assert result.spec.webhooks.config_example["secret"] == "whsec_ours"
    assert [d[2] for d in diagnostics(text)] == ["extra-section"]
    assert diagnostics(text)[0][3].startswith(
        "heading 'Webhooks' reads like the template's 'Webhook System' section but sits under 'Communication'"
    )


def test_two_weak_copies_that_disagree_are_a_warning():
    config = '{"url": "https://x.com/h", "events": [], "secret": "%s"}'
    text = doc(
        "## Communication\n### Webhooks\n#### Webhook Configuration\n"
        + fence("json", config % "whsec_one")
        + "#### Webhook Configuration\n"
        + fence("json", config % "whsec_two")
    )
    assert [(d[1], d[2]) for d in diagnostics(text)] == [
        ("warning", "duplicate-section"),
        ("warning", "conflicting-section"),
    ]
    assert diagnostics(text)[1][3].endswith("'whsec_one' at line 6; the first one is used")


def test_two_strong_copies_that_disagree_are_an_error():
    config = '{"url": "https://x.com/h", "events": [], "secret": "%s"}'
    text = doc(
        "## Webhook System\n### Webhook Configuration\n"
        + fence("json", config % "whsec_one")
        + "## Webhooks\n### Webhook Configuration\n"
        + fence("json", config % "whsec_two")
    )
    assert [(d[1], d[2]) for d in diagnostics(text)] == [
        ("warning", "duplicate-section"),
        ("error", "conflicting-section"),
    ]


def test_children_of_a_displaced_section_are_displaced_without_more_warnings():
    body = "POST /api/v1/payments/intent\n{ amount: 100, currency: '%s' }"
    text = doc(
        "## Third-Party Integrations\n### Boards Payments\n#### Stripe Connect\n"
        + fence("javascript", body % "gbp")
        + "## Core Integrations\n### Payment Processing\n#### Stripe Integration\n"
        + fence("javascript", body % "usd")
    )
    result = read(text)
    assert result.spec.connectors.stripe.currency == "usd"
    assert [d[2] for d in diagnostics(text)] == ["extra-section"]
    assert diagnostics(text)[0][0] == 3


def test_a_heading_naming_several_sections_groups_them():
    text = doc(
        "## Third-Party Integrations\n### Payments, Security & Partner Boards\n"
        + fence("yaml", "Rate Limiting:\n  - 10 requests per second")
        + "#### Partner API Access\n"
        + fence("yaml", "Partner Tiers:\n  - Gold")
    )
    result = read(text)
    assert result.spec.partner_access == {"Partner Tiers": ["Gold"]}
    assert result.spec.security is None
    assert diagnostics(text) == [
        (
            3,
            "warning",
            "extra-section",
            "heading 'Payments, Security & Partner Boards' names several template sections ('Payment Processing' "
            "and 'Security Considerations'), so it is read as a heading over them and the data right below it is "
            "kept as an extra section; give each part a heading of its own",
        )
    ]


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("📋 Overview", "overview"),
        ("🔔 3.2 **Webhook System**", "webhooks"),
        ("CRM Integration (Salesforce)", "salesforce"),
        ("CRM Integration", "salesforce"),
        ("CRM Integration (HubSpot)", None),
        ("Limits and Protection", None),
        ("Rate Limiting", "security.api"),
    ],
)
def test_heading_words(heading, key):
    match = name_section(heading, "title")
    assert (match.key if match else None) == key


def test_graphql_errors_are_the_error_format():
    assert name_section("GraphQL errors", "errors") == Match("errors.format")
    assert name_section("Limits and Protection", "security") == Match("security.api")


def covered_position_by_position(text: str, patterns: list[re.Pattern[str]]) -> set[int]:
    """``covered`` by its definition: a match tried at every position of ``text``."""
    positions: set[int] = set()
    for pattern in patterns:
        for start in range(len(text)):
            found = pattern.match(text, start)
            if found:
                positions.update(range(found.start(), max(found.end(), found.start() + 1)))
    return positions


WORDS = ["webhook", "event", "catalog", "oauth", "sso", "api", "security", "rate limit", "s3", "crm", "hubspot",
         "integration", "spec", "errors", "x", "", "-", "."]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=6), rules=st.sets(st.integers(0, len(TOP_RULES) - 1)))
def test_covered_finds_what_matching_at_every_position_finds(words: list[str], rules: set[int]) -> None:
    text = " ".join(words)
    patterns = [TOP_RULES[index].pattern for index in sorted(rules)] + [re.compile(r"\b"), re.compile("x?")]
    assert covered(text, patterns) == covered_position_by_position(text, patterns)


def test_the_rule_lists_keep_the_order_of_rules() -> None:
    assert tuple(r for r in RULES if r.within is None) == TOP_RULES
    for scope, rules in SCOPED_RULES.items():
        assert rules == tuple(r for r in RULES if r.within == scope)
    assert set(SCOPED_RULES) == {r.within for r in RULES if r.within}


@pytest.mark.parametrize("index", range(len(RULES)), ids=[f"{r.key}-{n}" for n, r in enumerate(RULES)])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_match_of_a_rule_holds_one_of_its_words(index: int, data: st.DataObject) -> None:
    found = RULES[index]
    text = data.draw(st.from_regex(found.pattern))
    match = found.pattern.search(text)
    assert match is not None
    assert not found.words or any(word in match.group() for word in found.words), (text, found.words)


def test_a_rule_of_plain_words_is_its_own_words_and_any_other_declares_them() -> None:
    assert rule("x", "payment|billing").words == ("payment", "billing")
    assert rule("x", r"\bsaml\b", words="saml|sso").words == ("saml", "sso")
    assert rule("x", r"^[a-z]+$", words="").words == ()
    with pytest.raises(ValueError, match="must declare the words"):
        rule("x", r"\bsaml\b")


def every_heading() -> list[str]:
    titles = []
    for path in all_documents():
        root = parse_document(path.read_bytes(), path.name, Diagnostics()).root
        titles.extend(normalize_title(section.title) for section in root.walk()[1:])
    return titles


HEADING_WORDS = sorted({word for r in TOP_RULES for word in r.words} | {"x", " ", "-", ".", "and", "api", "hubspot"})


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(HEADING_WORDS), max_size=5), joiner=st.sampled_from(["", " ", "-"]))
def test_the_rules_a_heading_matches_are_those_its_words_pick(words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    assert TOP.matching(text) == [r for r in TOP_RULES if r.pattern.search(text)]


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from([*HEADING_WORDS, "e", "s", "mai", "ion"]), max_size=6))
def test_the_candidates_of_a_heading_are_the_rules_with_a_word_it_holds(parts: list[str]) -> None:
    """One search for the words, again from one past each match's start, finds every word a heading holds,
    overlapping ones too (``"e-mail"``: ``mail`` inside it; ``"payment flow"`` and ``"payment"``)."""
    text = "".join(parts)
    assert TOP.candidates(text) == [r for r in TOP_RULES if not r.words or any(word in text for word in r.words)]


def test_every_heading_of_the_documents_matches_the_rules_it_matches_by_searching_them_all() -> None:
    headings = every_heading()
    assert len(headings) > 100
    for text in headings:
        assert TOP.matching(text) == [r for r in TOP_RULES if r.pattern.search(text)], text
