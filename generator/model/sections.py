"""Name each section of a document by what it is about, whatever its heading level or position.

Headings vary between model runs ("Webhook Security", "Signature Verification"; "## Event Delivery
(Webhooks)"), so a section is named by the first rule whose pattern matches its normalized title and
whose required ancestor (``within``) is among the names already given to the sections above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.parse.elements import CodeBlock, ListBlock, Paragraph, Section, Table


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    pattern: re.Pattern[str]
    within: str | None = None


def rule(key: str, pattern: str, within: str | None = None) -> Rule:
    return Rule(key, re.compile(pattern), within)


# Order matters: specific rules (those with ``within``) before the general ones they refine.
RULES: tuple[Rule, ...] = (
    rule("title", r"^integration spec"),
    rule("webhooks.payloads", r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", "webhooks"),
    # Webhooks and their parts.
    rule("webhooks.payloads", r"payload|schemas?\b|examples?\b", "webhooks"),
    rule("webhooks.catalog", r"catalog|event types|^events?\b|events? (list|reference)", "webhooks"),
    rule("webhooks.signature", r"secur|signature|signing|verif|hmac", "webhooks"),
    rule("webhooks.config", r"config|endpoint|subscription|registration", "webhooks"),
    rule("webhooks.delivery", r"guarantee|retr(y|ies)|reliab|failure|delivery policy", "webhooks"),
    rule("webhooks.architecture", r"architecture|pipeline|flow|overview|design", "webhooks"),
    rule("webhooks.catalog", r"event catalog"),
    rule("webhooks", r"webhook"),
    # Authentication.
    rule("identity_providers", r"identity provider|\bidps?\b"),
    rule("oauth", r"oauth|openid|\boidc\b"),
    rule("saml", r"\bsaml\b"),
    rule("auth", r"authentication|\bsso\b|single sign"),
    # Payments and communication.
    rule("payment_flow", r"payment flow|checkout flow"),
    rule("stripe", r"stripe"),
    rule("payments", r"payment|billing"),
    rule("sendgrid", r"sendgrid|e-?mail"),
    rule("twilio", r"twilio|\bsms\b|text messag"),
    rule("communication", r"communication|messaging|notification"),
    rule("storage", r"storage|\bs3\b|file upload|object store"),
    rule("analytics", r"analytics|tracking"),
    rule("core", r"core integrations?"),
    # Import / export.
    rule("data.bulk", r"bulk", "data"),
    rule("data.export", r"export", "data"),
    rule("data.imports", r"import|format", "data"),
    rule("data", r"import|export|data transfer|bulk data"),
    # Third parties.
    rule("salesforce.mappings", r"mapping", "salesforce"),
    rule("salesforce.sync_logic", r"logic|handler|algorithm|code", "salesforce"),
    rule("salesforce.connection", r"config|connection|settings|setup|auth", "salesforce"),
    rule("salesforce", r"salesforce|\bcrm\b"),
    rule("calendars.google", r"google", "calendars"),
    rule("calendars.outlook", r"outlook|microsoft|office|graph", "calendars"),
    rule("calendars", r"calendar"),
    rule("accounting", r"accounting|quickbooks|xero|ledger"),
    rule("third_party", r"third.party|partner systems|external integrations"),
    # Developer experience and operations.
    rule("sdks.features", r"feature", "sdks"),
    rule("sdks.example", r"example|usage|quick ?start", "sdks"),
    rule("sdks.layout", r"architecture|structure|layout", "sdks"),
    rule("sdks", r"\bsdks?\b|client librar"),
    rule("monitoring", r"monitoring|health|observab"),
    rule("testing.mocks", r"mock|test data|sandbox|fixture", "testing"),
    rule("testing.scenarios", r"scenario|cases|test plan", "testing"),
    rule("testing", r"testing|\btests?\b|qa\b"),
    rule("errors.format", r"format|response|envelope|schema", "errors"),
    rule("errors.retry", r"retr(y|ies)", "errors"),
    rule("errors.circuit_breaker", r"circuit", "errors"),
    rule("errors", r"error"),
    rule("errors.circuit_breaker", r"circuit breaker"),
    rule("documentation.structure", r"structure|reference|layout", "documentation"),
    rule("documentation.interactive", r"interactive|explorer|playground", "documentation"),
    rule("documentation", r"documentation|\bdocs\b|developer portal"),
    rule("privacy", r"privacy|\bpii\b|\bphi\b|compliance|gdpr|hipaa"),
    rule("security.api", r"security|auth", "security"),
    rule("security", r"security"),
    rule("marketplace_partners", r"marketplace.*partner|partner.*marketplace"),
    rule("partner_access", r"partner"),
    rule("marketplace", r"marketplace|app store|listing"),
    rule("migration.tools", r"tool|cli|script|config", "migration"),
    rule("migration.guides", r"guide|steps|process|plan|checklist", "migration"),
    rule("migration", r"migrat"),
    rule("clarifications", r"clarification|feedback|open questions|assumptions"),
    rule("architecture.diagram", r"high.level|diagram|overview", "architecture"),
    rule("architecture.patterns", r"pattern", "architecture"),
    rule("architecture", r"architecture"),
    rule("overview", r"^overview|^introduction|^summary|^executive summary|^purpose"),
)

_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+")
_NOT_APPLICABLE = re.compile(
    r"^(not applicable|n/?a|none|not in scope|out of scope|not used|not required|not needed|not supported"
    r"|not planned|no .{0,40} (is|are) (used|planned|required|in scope))\b",
    re.IGNORECASE,
)


def normalize_title(title: str) -> str:
    text = title.strip().lower()
    text = re.sub(r"[*_`]", "", text)
    return _NUMBERING.sub("", text).strip()


@dataclass
class Classified:
    """Every section of the document with the name it was given (``None``: not a known section)."""

    named: list[tuple[str | None, Section]] = field(default_factory=list)
    not_applicable: set[int] = field(default_factory=set)

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


def classify(root: Section) -> Classified:
    classified = Classified()
    for child in root.children:
        visit(child, (), classified, off=False)
    return classified


# Keys that only group other sections: an unknown heading below one of them stays unknown (and is kept
# raw), while an unknown heading below any other known section belongs to that section.
CONTAINERS = frozenset(
    {
        "title",
        "core",
        "auth",
        "payments",
        "communication",
        "third_party",
        "data",
        "marketplace_partners",
        "webhooks",
        "errors",
        "security",
        "testing",
        "architecture",
        "sdks",
        "documentation",
        "migration",
        "calendars",
    }
)


def visit(section: Section, ancestors: tuple[str, ...], classified: Classified, off: bool) -> None:
    key = name_section(section.title, ancestors)
    if key is None and ancestors and ancestors[-1] not in CONTAINERS:
        key = ancestors[-1]
    classified.named.append((key, section))
    off = off or is_not_applicable(section)
    if off:
        classified.not_applicable.add(section.line)
    below = (*ancestors, key) if key else ancestors
    for child in section.children:
        visit(child, below, classified, off)


def name_section(title: str, ancestors: tuple[str, ...]) -> str | None:
    text = normalize_title(title)
    roots = {name.split(".")[0] for name in ancestors}
    for candidate in RULES:
        if candidate.within is not None and candidate.within not in roots:
            continue
        if candidate.pattern.search(text):
            return candidate.key
    return None


def is_not_applicable(section: Section) -> bool:
    """A section whose body is only "Not applicable." / "N/A" / "None" (or begins so, without data)."""
    if any(isinstance(element, CodeBlock | Table) for element in section.elements):
        return False
    first = next((e for e in section.elements if isinstance(e, Paragraph | ListBlock)), None)
    if first is None:
        return False
    text = first.text if isinstance(first, Paragraph) else (first.items[0].text if first.items else "")
    cleaned = re.sub(r"^[*_>\s]+", "", text).strip()
    return _NOT_APPLICABLE.match(cleaned) is not None


def iter_named(classified: Classified) -> Iterator[tuple[str, Section]]:
    for name, section in classified.named:
        if name is not None:
            yield name, section
