"""Extractors for the document's frame: title and app, overview, architecture, docs, migration, clarifications."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.model.context import Context
from generator.model.schema import (
    App,
    Architecture,
    Clarification,
    Documentation,
    Migration,
    Pattern,
    RawSection,
    Step,
)
from generator.model.sections import DOMAINS, GROUPS
from generator.model.text import package_name, slugify, split_label, strip_markdown
from generator.parse.elements import ListBlock, Paragraph, Section, flatten_items
from generator.parse.nodes import Node

_TITLE_WORDS = re.compile(r"integration spec(?:ification)?s?\b", re.IGNORECASE)
_SEPARATORS = " \t:-–—|*_`"


def _strip_symbols(text: str) -> str:
    """Drop emoji and other symbols around a title: ``"🚀 Integration Specs ✨"`` -> ``"Integration Specs"``."""
    start, end = 0, len(text)
    while start < end and _is_decoration(text[start]):
        start += 1
    while end > start and _is_decoration(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_decoration(char: str) -> bool:
    # emoji and other symbols (So, Sk), joiners (Cf), emoji variation selectors, and spaces
    return char.isspace() or char in "\ufe0e\ufe0f" or unicodedata.category(char) in ("So", "Sk", "Cf")


def extract_app(ctx: Context) -> App:
    name, line = app_name(ctx)
    slug = slugify(name)
    if not slug:
        ctx.diags.warning(
            line,
            "package-name",
            f"app name {name!r} has no ASCII letters or digits, so the project is named 'app'; "
            "write the title as '# Integration Specifications: <Name>' with a Latin-script name to choose it",
        )
        slug = "app"
    package, why = package_name(slug)
    if why:
        ctx.diags.warning(line, "package-name", f"package name {package!r} used because {why}")
    for path in ("app.name", "app.slug", "app.package"):
        ctx.at(path, line)
    overview = overview_text(ctx)
    return App(
        name=name,
        slug=slug,
        package=package,
        overview=overview,
        api_base_url=api_base_url(overview),
        integration_types=integration_types(ctx),
    )


def app_name(ctx: Context) -> tuple[str, int]:
    sections = ctx.parsed.document.sections()
    for section in sections:
        name = name_in_title(section.title)
        if not name:
            continue
        if name.startswith("[") and name.endswith("]"):
            name = name.strip("[] ") or "Unnamed App"
            ctx.diags.warning(
                section.line,
                "app-name",
                f"the title still has the template placeholder [{name}]; the app is named {name!r} until you "
                "write its name",
            )
        return name, section.line
    heading = next((s for s in sections if s.level == 1 and any(c.isalnum() for c in s.title)), None)
    name, line = (strip_markdown(heading.title).strip(), heading.line) if heading else ("Unnamed App", 1)
    ctx.diags.warning(
        line,
        "app-name",
        f"no '# Integration Specifications: <App Name>' title; the app is named {name!r}"
        + (" after the first heading" if heading else ""),
    )
    return name, line


def name_in_title(title: str) -> str:
    """``"Integration Specifications: Brave"`` / ``"... for Brave"`` / ``"Brave Integration Specifications"``."""
    text = _strip_symbols(strip_markdown(title))
    match = _TITLE_WORDS.match(text)
    if match:
        rest = text[match.end() :].strip(_SEPARATORS)
        return rest[4:].strip(_SEPARATORS) if rest.lower().startswith("for ") else rest
    match = _TITLE_WORDS.search(text)
    if match and match.end() == len(text):
        return _strip_symbols(text[: match.start()].strip(_SEPARATORS))
    return ""


def overview_text(ctx: Context) -> str:
    """The overview's prose, list items included (as ``- item`` lines)."""
    sections = ctx.exact("overview")
    if not sections:
        return ""
    ctx.at("app.overview", sections[0].line)
    parts: list[str] = []
    for element in sections[0].elements:
        if isinstance(element, Paragraph):
            parts.append(strip_markdown(element.text))
        elif isinstance(element, ListBlock):
            parts.append("\n".join(f"- {strip_markdown(item.text)}" for item in element.items))
    return "\n\n".join(parts)


def api_base_url(overview: str) -> str | None:
    for match in re.finditer(r"https?://[^\s`)\"']+", overview):
        url = match.group().rstrip(".,;:")
        if "api." in url or re.search(r"/v\d+$", url):
            return url
    return None


def integration_types(ctx: Context) -> list[str]:
    types: list[str] = []
    for block in ctx.lists(ctx.exact("overview")):
        for item in block.items:
            label, rest = split_label(item.text)
            types.append(label or rest)
        break
    return types


def extract_architecture(ctx: Context) -> Architecture:
    diagram = None
    for data in ctx.decoded(ctx.sections("architecture")):
        if data.kind == "text":
            diagram = data.block.text.rstrip("\n")
            ctx.at("architecture.diagram", data.block.line)
            break
    patterns = [
        Pattern(name=name, description=text) for name, text, _ in labelled_items(ctx.sections("architecture.patterns"))
    ]
    for index, (_, _, line) in enumerate(labelled_items(ctx.sections("architecture.patterns"))):
        ctx.at(f"architecture.patterns.{index}", line)
    return Architecture(diagram=diagram, patterns=patterns)


def labelled_items(sections: list[Section]) -> list[tuple[str, str, int]]:
    """``**Name**: text`` list items of the sections, as (name, text, line)."""
    found: list[tuple[str, str, int]] = []
    for section in sections:
        for element in section.elements:
            if isinstance(element, ListBlock):
                for item in element.items:
                    name, text = split_label(item.text)
                    found.append((name, text, item.line))
    return found


def extract_clarifications(ctx: Context) -> list[Clarification]:
    items = labelled_items(ctx.sections("clarifications"))
    for index, (_, _, line) in enumerate(items):
        ctx.at(f"clarifications.{index}", line)
    found = [Clarification(title=name, text=text) for name, text, _ in items]
    if not found:
        for paragraph in ctx.paragraphs(ctx.sections("clarifications")):
            found.append(Clarification(text=strip_markdown(paragraph.text)))
    return found


def extract_documentation(ctx: Context) -> Documentation | None:
    sections = ctx.sections("documentation")
    if not sections:
        return None
    structure = next((d.block.text.rstrip("\n") for d in ctx.decoded(sections, "text")), "")
    interactive = [strip_markdown(item.text) for block in ctx.lists(sections) for item in flatten_items(block.items)]
    ctx.at("documentation", sections[0].line)
    return Documentation(structure=structure, interactive=interactive)


def extract_migration(ctx: Context) -> Migration | None:
    sections = ctx.begin("migration", "migration")
    if not sections:
        return None
    tool = next((d.block.text.rstrip("\n") for d in ctx.decoded(sections)), "")
    guides = [Step(name=name, description=text) for name, text, _ in labelled_items(sections)]
    return Migration(tool_example=tool, guides=guides)


def raw_sections(ctx: Context) -> list[RawSection]:
    """Sections no extractor reads (unknown ones, and the text of grouping sections), as written."""
    lines = ctx.parsed.document.lines
    kept: list[RawSection] = []
    for name, section in ctx.classified.named:
        if (
            not section.elements
            or (name is not None and name not in GROUPS | DOMAINS)
            or ctx.classified.is_off(section)
        ):
            continue
        end = section.children[0].line - 1 if section.children else section.end_line
        text = "\n".join(lines[section.line : end]).strip("\n")
        kept.append(RawSection(heading=list(section.heading_path), line=section.line, text=text))
    return kept


def extract_api_spec(ctx: Context) -> dict[str, Any] | None:
    """An OpenAPI document the spec embeds (the prompt's ``<api_spec>``), validated, errors at their lines."""
    for data in ctx.parsed.decoded.values():
        node = data.value
        version = openapi_version(node)
        if node is None or not isinstance(version, str | int | float) or isinstance(version, bool):
            continue
        ctx.at("api_spec", node.line)
        document: dict[str, Any] = node.plain()
        document["openapi"] = str(version)  # `openapi: 3.1` unquoted is a number in YAML
        if document["openapi"].startswith("3."):
            report_openapi_problems(ctx, node, document)
        return document
    return None


def openapi_version(node: Node | None) -> Any:
    """The ``openapi`` entry of a mapping block, as plain data (``None``: none); read without making the
    whole block plain data, which every block that is no OpenAPI document would pay for."""
    entry = node.value.get("openapi") if node is not None and node.is_map else None
    return entry.plain() if entry is not None else None


def report_openapi_problems(ctx: Context, node: Node, document: dict[str, Any]) -> None:
    from generator.model.openapi import openapi_problems

    for path, message in openapi_problems(document):
        ctx.diags.warning(
            line_at(node, path), "openapi-invalid", f"embedded OpenAPI document, at {describe_path(path)}: {message}"
        )


def describe_path(path: tuple[str | int, ...]) -> str:
    """``("paths", "/items/{id}", "get")`` -> ``paths["/items/{id}"].get``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][\w-]*", part):
            text += f".{part}" if text else part
        else:
            text += f'["{part}"]'
    return text or "the top level"


def line_at(node: Node, path: tuple[str | int, ...]) -> int:
    """The line of the deepest value along ``path`` that the document has."""
    for part in path:
        child = node.value.get(str(part)) if node.is_map else None
        if node.is_list and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node.line
