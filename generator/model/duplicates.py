"""Sections a document has twice: the first one is used; a second one that disagrees is an error."""

from __future__ import annotations

from generator.model.context import Context
from generator.model.sections import GROUP, template_title
from generator.parse.elements import Section
from generator.parse.nodes import Node
from generator.parse.tabular import table_rows

# Parts of the template that a document states once. (Import formats, payload examples and the like are
# naturally written as several sibling sections.)
SINGULAR = frozenset(
    {
        "overview", "oauth", "saml", "identity_providers", "stripe", "payment_flow", "sendgrid", "twilio",
        "webhooks.config", "webhooks.signature", "webhooks.catalog", "webhooks.delivery",
        "salesforce.connection", "salesforce.mappings", "errors.format", "errors.retry",
        "errors.circuit_breaker", "security.api", "privacy", "marketplace", "partner_access",
        "clarifications", "architecture.patterns", "calendars.google", "calendars.outlook",
        "monitoring", "testing.scenarios",
    }
)  # fmt: skip


def report_duplicates(ctx: Context) -> None:
    report_demoted(ctx)
    report_grouped(ctx)
    named: dict[str | None, list[Section]] = {}  # the sections of each name, found in one pass
    for name, section in ctx.classified.named:
        named.setdefault(name, []).append(section)
    for key in sorted(SINGULAR):
        candidates = [s for s in named.get(key, []) if s.elements and not ctx.classified.is_off(s)]
        first = candidates[0] if candidates else None
        for later in candidates[1:]:
            if first is None or is_nested(first, later):
                continue
            ctx.shadowed.add(later.line)
            ctx.diags.warning(
                later.line,
                "duplicate-section",
                f"section {later.title!r} repeats {first.title!r} (line {first.line}); the first one is used",
            )
            report_conflict(ctx, first, later)


def report_grouped(ctx: Context) -> None:
    """A heading that names several sections groups them; data right below it is kept as an extra section."""
    for name, section in ctx.classified.named:
        names = ctx.classified.grouped.get(section.line)
        if name == GROUP and names and (section.blocks() or section.tables()) and not ctx.classified.is_off(section):
            ctx.diags.warning(
                section.line,
                "extra-section",
                f"heading {section.title!r} names several template sections ({names}), so it is read as a heading "
                "over them and the data right below it is kept as an extra section; give each part a heading of its own",
            )


def report_demoted(ctx: Context) -> None:
    """One warning per weakly matched subtree that a strong section of the same name displaced."""
    demoted = {item.section.line for item in ctx.classified.demoted}
    for item in ctx.classified.demoted:
        if any(ancestor.line in demoted for ancestor in ancestors(item.section)):
            continue
        ctx.diags.warning(
            item.section.line,
            "extra-section",
            f"heading {item.section.title!r} reads like the template's {template_title(item.key)!r} section but {item.reason}; "
            f"{item.used.title!r} (line {item.used.line}) is that section, so this one is kept as an extra section",
        )


def ancestors(section: Section) -> list[Section]:
    found: list[Section] = []
    node = section.parent
    while node is not None:
        found.append(node)
        node = node.parent
    return found


def is_nested(outer: Section, inner: Section) -> bool:
    return any(node is outer for node in ancestors(inner))


def section_data(ctx: Context, section: Section) -> list[Node]:
    found: list[Node] = []
    for block in section.blocks():
        value = ctx.parsed.data(block).value
        if value is not None:
            found.append(value)
    for table in section.tables():
        found.append(Node(table_rows(table, ctx.diags), table.line))
    return found


def report_conflict(ctx: Context, first: Section, later: Section) -> None:
    for one, other in zip(section_data(ctx, first), section_data(ctx, later), strict=False):
        difference = first_difference(one, other, "")
        if difference is not None:
            path, was, now = difference
            where = f" on {path.lstrip('.')}" if path else ""
            message = (
                f"duplicate section {later.title!r} disagrees with line {first.line}{where}: "
                f"{now.plain()!r} here, {was.plain()!r} at line {was.line}"
            )
            if ctx.classified.is_weak(first) or ctx.classified.is_weak(later):
                # Matched by their words only: not surely the same contract value, so the first one stands.
                ctx.diags.warning(now.line, "conflicting-section", message + "; the first one is used")
            else:
                ctx.diags.error(now.line, "conflicting-section", message + "; keep one")
            return


def first_difference(one: Node, other: Node, path: str) -> tuple[str, Node, Node] | None:
    if one.is_map and other.is_map:
        for key, child in one.items():
            counterpart = other.value.get(key)
            if counterpart is not None:
                found = first_difference(child, counterpart, f"{path}.{key}")
                if found:
                    return found
        return None
    if one.is_list and other.is_list:
        for index, (child, counterpart) in enumerate(zip(one.children(), other.children(), strict=False)):
            found = first_difference(child, counterpart, f"{path}.{index}")
            if found:
                return found
        return None
    return None if one.plain() == other.plain() else (path, one, other)
