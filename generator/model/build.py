"""Stage 2, model: named sections -> ``IntegrationSpec``, with provenance and diagnostics.

Each part of the model has one extractor. An extractor that fails on input nobody foresaw must not take
the whole reading down: ``guarded`` turns the failure into an error diagnostic at the section's line
(code ``reader-bug``, which the test suite treats as a failure of its own).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TypeVar

from generator.errors import Diagnostics
from generator.model import extract_auth, extract_connectors, extract_core, extract_ops, extract_webhooks
from generator.model.context import Context
from generator.model.duplicates import report_duplicates
from generator.model.schema import (
    App,
    Architecture,
    Connectors,
    DiagnosticOut,
    Errors,
    IntegrationSpec,
    NotApplicable,
)
from generator.model.sections import classify
from generator.parse import ParsedDocument
from generator.parse.elements import CodeBlock, Section, Table

T = TypeVar("T")


def build_model(parsed: ParsedDocument, diags: Diagnostics) -> IntegrationSpec:
    ctx = Context(parsed=parsed, classified=classify(parsed.root), diags=diags)
    report_duplicates(ctx)
    app = guarded(ctx, "app", extract_core.extract_app, App(name="Unnamed App", slug="app", package="app"))
    spec = IntegrationSpec(
        app=app,
        architecture=guarded(ctx, "architecture", extract_core.extract_architecture, Architecture()),
        oauth=guarded(ctx, "oauth", extract_auth.extract_oauth, None),
        saml=guarded(ctx, "saml", extract_auth.extract_saml, None),
        identity_providers=guarded(ctx, "identity_providers", extract_auth.extract_identity_providers, []),
        connectors=Connectors(
            stripe=guarded(ctx, "stripe", extract_connectors.extract_stripe, None),
            sendgrid=guarded(ctx, "sendgrid", extract_connectors.extract_sendgrid, None),
            twilio=guarded(ctx, "twilio", extract_connectors.extract_twilio, None),
            salesforce=guarded(ctx, "salesforce", extract_connectors.extract_salesforce, None),
        ),
        payment_flow=guarded(ctx, "payment_flow", payment_flow, None),
        storage=guarded(ctx, "storage", extract_connectors.extract_storage, None),
        analytics=guarded(ctx, "analytics", extract_connectors.extract_analytics, None),
        webhooks=guarded(ctx, "webhooks", extract_webhooks.extract_webhooks, None),
        data_transfer=guarded(ctx, "data", extract_ops.extract_data_transfer, None),
        calendars=guarded(ctx, "calendars", extract_connectors.extract_calendars, None),
        accounting=guarded(ctx, "accounting", extract_connectors.extract_accounting, None),
        sdks=guarded(ctx, "sdks", extract_ops.extract_sdks, None),
        testing=guarded(ctx, "testing", extract_ops.extract_testing, None),
        monitoring=guarded(ctx, "monitoring", extract_ops.extract_monitoring, None),
        errors=guarded(ctx, "errors", extract_ops.extract_errors, Errors()),
        documentation=guarded(ctx, "documentation", extract_core.extract_documentation, None),
        security=guarded(ctx, "security", extract_ops.extract_security, None),
        privacy=guarded(ctx, "privacy", lambda c: extract_ops.extract_outline(c, "privacy"), None),
        marketplace=guarded(ctx, "marketplace", lambda c: extract_ops.extract_outline(c, "marketplace"), None),
        partner_access=guarded(ctx, "partner_access", lambda c: extract_ops.extract_outline(c, "partner_access"), None),
        migration=guarded(ctx, "migration", extract_core.extract_migration, None),
        clarifications=guarded(ctx, "clarifications", extract_core.extract_clarifications, []),
        api_spec=guarded(ctx, "api_spec", extract_core.extract_api_spec, None),
        extra_sections=guarded(ctx, "extra_sections", extract_core.raw_sections, []),
        not_applicable=not_applicable(ctx),
    )
    spec.defaults = list(ctx.defaults)
    spec.sources = natural_order(ctx.sources)
    last_line = parsed.document.line_count
    spec.diagnostics = [DiagnosticOut(**d.to_json()) for d in diags.sorted(last_line)]  # type: ignore[arg-type]
    return spec


def natural_order(sources: dict[str, int]) -> dict[str, int]:
    """``sources`` in the order of ``natural_key``. Sorted by ``flat_natural_key`` (the same order, strings
    compare faster than lists of tuples: about half the time of this step) unless a path has the NUL
    character that the flat key joins parts with."""
    if "\x00" in "".join(sources):
        return dict(sorted(sources.items(), key=lambda item: natural_key(item[0])))
    return dict(sorted(sources.items(), key=lambda item: flat_natural_key(item[0])))


def flat_natural_key(path: str) -> str:
    """``natural_key`` as one string, for paths without NUL: each part marked as an index (U+0001, then its
    number in nine digits) or a name (U+0002, then the name), the parts joined by NUL, which sorts before
    any character of a name: a name sorts before the longer names it begins, as in ``natural_key``."""
    return "\x00".join(
        [
            "\x01" + part.zfill(9) if part.isdigit() and part.isascii() and len(part) <= 9 else "\x02" + part
            for part in path.split(".")
        ]
    )


def natural_key(path: str) -> list[tuple[int, int | str]]:
    """Sort ``events.2`` before ``events.10``: a part of one to nine ASCII digits is an index, sorted by its
    number before any name (the test is written out here: this key is made for every path of ``sources``)."""
    return [
        (0, int(part)) if part.isdigit() and part.isascii() and len(part) <= 9 else (1, part)
        for part in path.split(".")
    ]


def guarded(ctx: Context, key: str, extract: Callable[[Context], T], fallback: T) -> T:
    try:
        return extract(ctx)
    except Exception as exc:  # noqa: BLE001 - any failure here is a reader bug, reported with its place
        line = ctx.first_line(key)
        where = traceback.extract_tb(exc.__traceback__)[-1]
        ctx.diags.error(
            line,
            "reader-bug",
            f"intspec could not read this section ({type(exc).__name__}: {exc} at {where.name}:{where.lineno}); "
            "please report this with the document",
        )
        return fallback


def payment_flow(ctx: Context) -> str | None:
    for data in ctx.decoded(ctx.sections("payment_flow")):
        ctx.at("payment_flow", data.block.line)
        return data.block.text.rstrip("\n")
    return None


def not_applicable(ctx: Context) -> list[NotApplicable]:
    """Sections switched off by a "Not applicable" body (the outermost of each switched-off subtree)."""
    marked: list[NotApplicable] = []
    for name, section in ctx.classified.named:
        parent_off = section.parent is not None and ctx.classified.is_off(section.parent)
        if ctx.classified.is_off(section) and not parent_off:
            marked.append(NotApplicable(section=name or "", heading=section.title, line=section.line))
            warn_ignored_data(ctx, section)
    return marked


def warn_ignored_data(ctx: Context, section: Section) -> None:
    for element in section.all_elements():
        if isinstance(element, CodeBlock | Table):
            ctx.diags.warning(
                element.line,
                "not-applicable-content",
                f"section {section.title!r} (line {section.line}) is marked not applicable, so this is ignored; "
                "remove the marker or the data",
            )
            return
