"""Name each section of a document by what it is about, whatever its heading level or position.

Headings vary between model runs ("Webhook Security", "Signature Verification"; "## Event Delivery
(Webhooks)"), so a section is named by the first rule whose pattern matches its normalized title and
whose scope fits: below a grouping heading ("Core Integrations") every top-level rule applies; below a
known section only that section's own rules do ("Configuration" under Salesforce is its connection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from generator.parse.elements import CodeBlock, ListBlock, Paragraph, Section, Table


@dataclass(frozen=True, slots=True)
class Rule:
    """A section's name and its pattern; every match of the pattern holds one of ``words`` (none: a heading
    is always searched)."""

    key: str
    pattern: re.Pattern[str]
    within: str | None = None
    words: tuple[str, ...] = ()


_PLAIN_WORDS = re.compile(r"[a-z0-9 _-]+(?:\|[a-z0-9 _-]+)*")


def rule(key: str, pattern: str, within: str | None = None, words: str | None = None) -> Rule:
    """A rule. A pattern of plain words (``payment|billing``) is its own words; any other pattern declares
    them, ``|`` between (``""``: none), so that a heading with none of them is not searched (``RuleSet``)."""
    if words is None:
        if not _PLAIN_WORDS.fullmatch(pattern):
            raise ValueError(f"the rule for {key!r} must declare the words its pattern's matches hold")
        words = pattern
    return Rule(key, re.compile(pattern), within, tuple(words.split("|")) if words else ())


# Headings that only group others: below them every top-level rule applies.
GROUPS = frozenset(
    {"title", "core", "auth", "payments", "communication", "third_party", "marketplace_partners", "group"}
)
# A heading whose words name several unrelated sections ("SDKs, Testing & Docs") groups them.
GROUP = "group"
# Sections with parts of their own: below them only their own rules apply, and an unknown heading stays
# unknown (it is kept raw). Below any other known section an unknown heading belongs to that section.
DOMAINS = frozenset(
    {
        "webhooks",
        "errors",
        "security",
        "testing",
        "data",
        "salesforce",
        "calendars",
        "sdks",
        "documentation",
        "migration",
        "architecture",
    }
)

# Order matters: the first rule that matches names the section.
RULES: tuple[Rule, ...] = (
    # Parts of a domain, tried only below it.
    rule("webhooks.payloads", r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", "webhooks", words=""),
    rule("webhooks.payloads", r"payload|schemas?\b|examples?\b", "webhooks", words="payload|schema|example"),
    rule("webhooks.catalog", r"catalog|event types|^events?\b|events? (list|reference)", "webhooks", words="catalog|event"),
    rule("webhooks.signature", r"secur|signature|signing|verif|hmac", "webhooks"),
    rule("webhooks.config", r"config|endpoint|subscription|registration", "webhooks"),
    rule("webhooks.delivery", r"guarantee|retr(y|ies)|reliab|failure|delivery policy", "webhooks", words="guarantee|retr|reliab|failure|delivery policy"),
    rule("webhooks.architecture", r"architecture|pipeline|flow|overview|design", "webhooks"),
    rule("data.bulk", r"bulk", "data"),
    rule("data.export", r"export", "data"),
    rule("data.imports", r"import|format", "data"),
    rule("salesforce.mappings", r"mapping", "salesforce"),
    rule("salesforce.sync_logic", r"logic|handler|algorithm|code", "salesforce"),
    rule("salesforce.connection", r"config|connection|settings|setup|auth", "salesforce"),
    rule("calendars.google", r"google", "calendars"),
    rule("calendars.outlook", r"outlook|microsoft|office|graph", "calendars"),
    rule("sdks.features", r"feature", "sdks"),
    rule("sdks.example", r"example|usage|quick ?start", "sdks", words="example|usage|quick"),
    rule("sdks.layout", r"architecture|structure|layout", "sdks"),
    rule("monitoring", r"monitoring|health|observab", "testing"),
    rule("testing.mocks", r"mock|test data|sandbox|fixture", "testing"),
    rule("testing.scenarios", r"scenario|cases|test plan", "testing"),
    rule("errors.format", r"format|response|envelope|schema|^[\w-]+ errors?$", "errors", words="format|response|envelope|schema| error"),
    rule("errors.retry", r"retr(y|ies)", "errors", words="retr"),
    rule("errors.circuit_breaker", r"circuit", "errors"),
    rule("documentation.structure", r"structure|reference|layout", "documentation"),
    rule("documentation.interactive", r"interactive|explorer|playground", "documentation"),
    rule("privacy", r"privacy|\bpii\b|\bphi\b|compliance|gdpr|hipaa", "security", words="privacy|pii|phi|compliance|gdpr|hipaa"),
    rule("security.api", r"security|auth|rate limit|limits|throttl|protection|encryption", "security"),
    rule("migration.tools", r"tool|cli|script|config", "migration"),
    rule("migration.guides", r"guide|steps|process|plan|checklist", "migration"),
    rule("architecture.diagram", r"high.level|diagram|overview", "architecture", words="high|diagram|overview"),
    rule("architecture.patterns", r"pattern", "architecture"),
    # Top-level rules: tried at the top and below grouping headings.
    rule("title", r"^integration spec", words="integration spec"),
    rule("webhooks.catalog", r"event catalog"),
    rule("webhooks", r"webhook|event notification|outbound event|event delivery|event subscription"),
    rule("identity_providers", r"identity provider|\bidps?\b", words="identity provider|idp"),
    rule("oauth", r"oauth|openid|\boidc\b", words="oauth|openid|oidc"),
    rule("saml", r"\bsaml\b", words="saml"),
    rule("auth", r"authentication|\bsso\b|single sign", words="authentication|sso|single sign"),
    rule("payment_flow", r"payment flow|checkout flow"),
    rule("stripe", r"stripe"),
    rule("payments", r"payment|billing"),
    rule("sendgrid", r"sendgrid|e-?mail", words="sendgrid|mail"),
    rule("twilio", r"twilio|\bsms\b|text messag", words="twilio|sms|text messag"),
    rule("communication", r"communication|messaging|notification"),
    rule("storage", r"storage|\bs3\b|file upload|object store", words="storage|s3|file upload|object store"),
    rule("analytics", r"analytics|tracking"),
    rule("core", r"core integrations?", words="core integration"),
    rule("data", r"import|export|data transfer|bulk data"),
    rule("salesforce", r"salesforce|\bcrm\b(?!.*\b(?:hubspot|pipedrive|zoho|dynamics|zendesk|freshsales|attio)\b)", words="salesforce|crm"),
    rule("calendars", r"calendar"),
    rule("accounting", r"accounting|quickbooks|xero|ledger"),
    rule("third_party", r"third.party|partner systems|external integrations", words="third|partner systems|external integrations"),
    rule("sdks", r"\bsdks?\b|client librar", words="sdk|client librar"),
    rule("monitoring", r"monitoring|health|observab"),
    rule("testing", r"testing|\btests?\b|qa\b", words="test|qa"),
    rule("errors.circuit_breaker", r"circuit breaker"),
    rule("errors", r"error"),
    rule("documentation", r"documentation|\bdocs\b|developer portal", words="documentation|docs|developer portal"),
    rule("privacy", r"privacy|\bpii\b|\bphi\b|compliance|gdpr|hipaa", words="privacy|pii|phi|compliance|gdpr|hipaa"),
    rule("security", r"security"),
    rule("security.api", r"rate limit|throttling"),
    rule("marketplace_partners", r"marketplace.*partner|partner.*marketplace", words="marketplace"),
    rule("partner_access", r"partner"),
    rule("marketplace", r"marketplace|app store|listing"),
    rule("migration", r"migrat"),
    rule("clarifications", r"clarification|feedback|open questions|assumptions"),
    rule("architecture", r"architecture"),
    rule("overview", r"^overview|^introduction|^summary|^executive summary|^purpose", words="overview|introduction|summary|purpose"),
)  # fmt: skip


def rules_within(scope: str | None) -> tuple[Rule, ...]:
    """The rules tried below a section of ``scope`` (``None``: the top-level rules), in order."""
    return tuple(r for r in RULES if r.within == scope)


class RuleSet:
    """Rules in order, and which of them hold each word: a heading is searched only by the rules whose words
    it has (and those without words).

    The words a heading holds are found by one pattern of them all, longest first, searched again from one
    past each match's start: that finds every place where a word starts, and there the longest word, whose
    rules are kept with those of every word inside it (the shorter words starting there among them)."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.always = frozenset(index for index, r in enumerate(rules) if not r.words)
        by_word: dict[str, list[int]] = {}
        for index, r in enumerate(rules):
            for word in r.words:
                by_word.setdefault(word, []).append(index)
        longest_first = sorted(by_word, key=len, reverse=True)
        self.words = re.compile("|".join(re.escape(word) for word in longest_first))
        self.held = {
            word: frozenset(index for inner in by_word if inner in word for index in by_word[inner]) for word in by_word
        }

    def candidates(self, text: str) -> list[Rule]:
        """The rules that may match ``text``, in order: those with a word ``text`` holds, and those without."""
        picked = set(self.always)
        found = self.words.search(text)
        while found is not None:
            picked |= self.held[found.group()]
            found = self.words.search(text, found.start() + 1)
        return [self.rules[index] for index in sorted(picked)]

    def matching(self, text: str) -> list[Rule]:
        """The rules whose pattern matches ``text`` somewhere, in order."""
        return [r for r in self.candidates(text) if r.pattern.search(text)]


# Each heading is tried against these, so they are picked out of RULES once.
TOP_RULES = rules_within(None)
SCOPED_RULES: dict[str, tuple[Rule, ...]] = {r.within: rules_within(r.within) for r in RULES if r.within}
TOP = RuleSet(TOP_RULES)

_EMPHASIS = re.compile(r"[*_`]")
_LEADING_SYMBOLS = re.compile(r"^[^\w(\[]+")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+")
_MARKUP_AROUND = re.compile(r"^[*_>\s]+|[*_]+")
_NOT_APPLICABLE = re.compile(
    r"^(?:not applicable|n/?a|none|not in scope|out of scope|not used|not required|not needed|not supported"
    r"|not planned)(?:$|\s*[.;:!—–(-]|\s+(?:for|in|at|to|here|yet|currently|because|as|since)\b)",
    re.IGNORECASE,
)


def normalize_title(title: str) -> str:
    """Lowercase words without emphasis, emoji or numbering: ``"## 📋 3.2 **Webhook Signature**"`` ->
    ``"webhook signature"``."""
    text = title.strip().lower()
    text = _EMPHASIS.sub("", text)
    text = _LEADING_SYMBOLS.sub("", text)
    return _NUMBERING.sub("", text).strip()


# Where each section sits in the template: its parent section ("title" is the document's top). A heading
# whose words name a section matches it *strongly* when it also sits where the template puts that section
# (below its parent, or any ancestor: documents often drop a grouping level) and its words name no
# unrelated section; otherwise *weakly*.
TEMPLATE_PARENT: dict[str, str] = {
    "overview": "title", "architecture": "title", "core": "title", "webhooks": "title", "data": "title",
    "third_party": "title", "sdks": "title", "testing": "title", "errors": "title", "documentation": "title",
    "security": "title", "marketplace_partners": "title", "migration": "title", "clarifications": "title",
    "auth": "core", "payments": "core", "communication": "core", "storage": "core", "analytics": "core",
    "oauth": "auth", "saml": "auth", "identity_providers": "auth",
    "stripe": "payments", "payment_flow": "payments",
    "sendgrid": "communication", "twilio": "communication",
    "salesforce": "third_party", "calendars": "third_party", "accounting": "third_party",
    "webhooks.catalog": "webhooks", "monitoring": "testing", "errors.circuit_breaker": "errors",
    "privacy": "security", "security.api": "security", "marketplace": "marketplace_partners", "partner_access": "marketplace_partners",
}  # fmt: skip


# The template's own heading for each section, to name it in messages.
TEMPLATE_TITLES: dict[str, str] = {
    "title": "Integration Specifications", "overview": "Overview", "architecture": "Integration Architecture",
    "core": "Core Integrations", "auth": "Authentication & SSO", "oauth": "OAuth 2.0 Provider",
    "saml": "SAML 2.0 Integration", "identity_providers": "Supported Identity Providers",
    "payments": "Payment Processing", "stripe": "Stripe Integration", "payment_flow": "Payment Flow",
    "communication": "Communication Services", "sendgrid": "Email Integration (SendGrid)",
    "twilio": "SMS Integration (Twilio)", "storage": "Cloud Storage", "analytics": "Analytics Integration",
    "webhooks": "Webhook System", "webhooks.catalog": "Event Catalog", "data": "Data Import/Export",
    "third_party": "Third-Party Integrations", "salesforce": "CRM Integration (Salesforce)",
    "calendars": "Calendar Integration", "accounting": "Accounting Integration", "sdks": "API Client SDKs",
    "testing": "Integration Testing", "monitoring": "Integration Health Monitoring", "errors": "Error Handling",
    "errors.circuit_breaker": "Circuit Breaker Pattern", "documentation": "Documentation",
    "security": "Security Considerations", "security.api": "API Security", "privacy": "Data Privacy",
    "marketplace_partners": "Marketplace & Partner Integrations", "marketplace": "Integration Marketplace",
    "partner_access": "Partner API Access", "migration": "Migration Support",
    "clarifications": "Clarification Requests or Feedback",
}  # fmt: skip


def template_title(key: str) -> str:
    return TEMPLATE_TITLES.get(key) or TEMPLATE_TITLES.get(key.split(".", maxsplit=1)[0], key)


def template_ancestors(key: str) -> frozenset[str]:
    """The sections above ``key`` in the template, ``title`` included."""
    found: set[str] = set()
    parent = TEMPLATE_PARENT.get(key)
    while parent is not None and parent not in found:
        found.add(parent)
        parent = TEMPLATE_PARENT.get(parent)
    return frozenset(found | {"title"})


ANCESTORS: dict[str, frozenset[str]] = {r.key: template_ancestors(r.key) for r in TOP_RULES}


@dataclass(slots=True, unsafe_hash=True)
class Match:
    """The section a heading names; ``weak`` is ``"placed"`` when the match is by its words only (the
    template has that section elsewhere), empty for a strong match. For a heading that names several
    unrelated sections the key is ``GROUP`` and ``weak`` names two of them."""

    key: Final[str]
    weak: Final[str] = ""


@dataclass(frozen=True, slots=True)
class Demoted:
    """A weakly matched section kept as an extra section because a strong match of its key exists."""

    section: Section
    key: str
    reason: str
    used: Section


@dataclass
class Classified:
    """Every section of the document with the name it was given (``None``: not a known section)."""

    named: list[tuple[str | None, Section]] = field(default_factory=list)
    not_applicable: set[int] = field(default_factory=set)
    weak: dict[int, str] = field(default_factory=dict)
    demoted: list[Demoted] = field(default_factory=list)
    grouped: dict[int, str] = field(default_factory=dict)  # line -> the sections its heading names

    def sections(self, key: str) -> list[Section]:
        """Sections named ``key``, in document order."""
        return [section for name, section in self.named if name == key]

    def under(self, prefix: str) -> list[Section]:
        """Sections named ``prefix`` or ``prefix.*``, in document order."""
        return [s for name, s in self.named if name is not None and (name == prefix or name.startswith(prefix + "."))]

    def key_of(self, section: Section) -> str | None:
        for name, candidate in self.named:
            if candidate is section:
                return name
        return None

    def is_off(self, section: Section) -> bool:
        return section.line in self.not_applicable

    def is_weak(self, section: Section) -> bool:
        return section.line in self.weak


def classify(root: Section) -> Classified:
    classified = Classified()
    for child in root.children:
        visit(child, (), classified, off=False, weak="")
    settle(classified)
    return classified


def visit(section: Section, ancestors: tuple[str, ...], classified: Classified, off: bool, weak: str) -> None:
    """Name ``section`` and its subtree; ``weak`` is the reason an enclosing section matched only weakly."""
    match = name_section(section.title, ancestors[-1] if ancestors else None)
    key = match.key if match else None
    if match is not None and key == GROUP:
        classified.grouped[section.line] = match.weak
    own = weak_reason(match, section)
    if key is not None and (weak or own):
        classified.weak[section.line] = weak or own
    classified.named.append((key, section))
    off = off or is_not_applicable(section)
    if off:
        classified.not_applicable.add(section.line)
    below = (*ancestors, key) if key and key != GROUP else ancestors  # a group is judged where it sits
    inherited = weak or (f"is below {section.title!r}, which {own}" if own else "")
    for child in section.children:
        visit(child, below, classified, off, inherited)


def weak_reason(match: Match | None, section: Section) -> str:
    if match is None or not match.weak or match.key == GROUP:
        return ""
    return f"sits under {section.parent.title!r}" if section.parent is not None else "is out of place"


def name_section(title: str, parent: str | None) -> Match | None:
    """What a heading below a section named ``parent`` is (``None``: at the top, or unknown)."""
    text = normalize_title(title)
    scope = parent.split(".")[0] if parent else None
    if scope is None or scope in GROUPS:
        return name_by_words(text, parent)
    found = next((r.key for r in SCOPED_RULES.get(scope, ()) if r.pattern.search(text)), None)
    if found is not None:
        return Match(found)
    if parent in DOMAINS or parent is None:
        return None
    return sibling(text, parent) or Match(parent)


def sibling(text: str, parent: str) -> Match | None:
    """Below a section with no parts of its own, a heading naming the section beside it in the template
    (``Payment Flow`` below ``Stripe``, ``SAML`` below ``OAuth``) is that section."""
    home = TEMPLATE_PARENT.get(parent)
    for r in TOP.candidates(text):
        if r.key != parent and TEMPLATE_PARENT.get(r.key) == home and r.pattern.search(text):
            return Match(r.key)
    return None


def name_by_words(text: str, parent: str | None) -> Match | None:
    """A top-level rule's key: strong when the heading sits where the template has that section; weak when
    the template has it elsewhere; ``GROUP`` when its words, apart, name unrelated sections."""
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for r in TOP.matching(text):
        patterns.setdefault(r.key, []).append(r.pattern)
    if not patterns:
        return None
    fitting = [key for key in patterns if parent is None or parent in ANCESTORS[key]]
    considered = fitting or list(patterns)
    first = considered[0]
    others = [key for key in considered[1:] if not related(key, first)]
    words = covered(text, patterns[first]) if others else set()
    unrelated = [key for key in others if not covered(text, patterns[key]) <= words]
    if unrelated:
        return Match(GROUP, weak=f"{template_title(first)!r} and {template_title(unrelated[0])!r}")
    return Match(first, weak="" if fitting else "placed")


def covered(text: str, patterns: list[re.Pattern[str]]) -> set[int]:
    """The positions of ``text`` that any match of ``patterns`` covers, wherever it starts (before the end).

    ``search`` from one past the last match's start finds the next start at which the pattern matches,
    and that match, without trying ``match`` at every position between."""
    positions: set[int] = set()
    for pattern in patterns:
        found = pattern.search(text)
        while found is not None and found.start() < len(text):
            positions.update(range(found.start(), max(found.end(), found.start() + 1)))
            found = pattern.search(text, found.start() + 1)
    return positions


def related(one: str, other: str) -> bool:
    """One section is inside the other in the template."""
    return one in ANCESTORS[other] or other in ANCESTORS[one]


def settle(classified: Classified) -> None:
    """A weak match never competes with a strong one: where a key has a strong section, its weak sections
    are kept as extra sections (unnamed) instead."""
    strong: dict[str, Section] = {}
    for key, section in classified.named:
        if key not in (None, GROUP) and not classified.is_weak(section):
            strong.setdefault(key, section)
    for index, (key, section) in enumerate(classified.named):
        if key is not None and classified.is_weak(section) and key in strong:
            classified.named[index] = (None, section)
            classified.demoted.append(Demoted(section, key, classified.weak[section.line], strong[key]))


def is_not_applicable(section: Section) -> bool:
    """A section whose body is only "Not applicable." / "N/A" / "None" (or begins so, without data)."""
    if any(isinstance(element, CodeBlock | Table) for element in section.elements):
        return False
    first = next((e for e in section.elements if isinstance(e, Paragraph | ListBlock)), None)
    if first is None:
        return False
    text = first.text if isinstance(first, Paragraph) else (first.items[0].text if first.items else "")
    cleaned = _MARKUP_AROUND.sub("", text).strip()
    return _NOT_APPLICABLE.match(cleaned) is not None
