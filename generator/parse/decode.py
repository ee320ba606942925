"""Pick a decoder for each code block by its info string (or by sniffing), and report its errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.errors import Diagnostics
from generator.parse.elements import CodeBlock
from generator.parse.jsish import JsBlock, decode_js, decode_value, is_strict_json
from generator.parse.nodes import DecodeError, Node
from generator.parse.tabular import CsvTable, decode_csv
from generator.parse.xml_block import XmlElement, decode_xml
from generator.parse.yaml_block import decode_yaml

_YAML_KEY = re.compile(r"^\s*(?:- )?[A-Za-z_][\w .()/-]*:(?:\s|$)")

Kind = Literal["yaml", "json", "js", "xml", "csv", "text"]

LANGUAGES: dict[str, Kind] = {
    "yaml": "yaml", "yml": "yaml",
    "json": "json", "jsonc": "json", "json5": "json",
    "js": "js", "javascript": "js", "ts": "js", "typescript": "js", "jsx": "js", "tsx": "js",
    "node": "js", "http": "js",
    "xml": "xml", "saml": "xml",
    "csv": "csv",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decoded:
    """A code block and what it decoded to. ``failed`` means a syntax error was reported."""

    block: CodeBlock
    kind: Kind
    node: Node | None = None
    js: JsBlock | None = None
    xml: XmlElement | None = None
    csv: CsvTable | None = None
    failed: bool = False

    @property
    def value(self) -> Node | None:
        """The block's data: the YAML/JSON value, or the first value of a JS block."""
        if self.node is not None:
            return self.node
        return self.js.first_value() if self.js is not None else None


def decode_block(block: CodeBlock, diags: Diagnostics) -> Decoded:
    if not block.closed:
        diags.warning(block.line, "fence-unclosed", "code fence is never closed; it runs to the end of the document")
    kind = LANGUAGES.get(block.lang)
    if kind is None:
        return sniff_block(block, diags) if not block.lang else Decoded(block, "text")
    try:
        return decode_as(block, kind, diags)
    except DecodeError as exc:
        diags.error(exc.line, f"{kind}-syntax", exc.message)
    except RecursionError:
        diags.error(block.content_line, f"{kind}-syntax", "the block is nested too deeply to read")
    return Decoded(block, kind, failed=True)


def decode_as(block: CodeBlock, kind: Kind, diags: Diagnostics) -> Decoded:
    first = block.content_line
    if kind == "yaml":
        warnings: list[tuple[int, str]] = []
        node = decode_yaml(block.text, first, warnings)
        for line, message in warnings:
            diags.warning(line, "yaml-duplicate-key", message)
        return Decoded(block, kind, node=node)
    if kind == "json":
        node = decode_value(block.text, first)
        complaint = is_strict_json(block.text) if block.lang == "json" else None
        if complaint:
            diags.warning(first, "json-lenient", f"not strict JSON ({complaint}); read as JSON5")
        return Decoded(block, kind, node=node)
    if kind == "js":
        js, errors = decode_js(block.text, first)
        for error in errors:
            diags.error(error.line, "js-syntax", error.message)
        return Decoded(block, kind, js=js, failed=bool(errors))
    if kind == "xml":
        return Decoded(block, kind, xml=decode_xml(block.text, first))
    if kind == "csv":
        return Decoded(block, kind, csv=decode_csv(block.text, first, diags))
    return Decoded(block, "text")


def sniff_block(block: CodeBlock, diags: Diagnostics) -> Decoded:
    """A block without an info string: decode it if it plainly is data, else keep it as text."""
    head = block.text.lstrip()[:1]
    candidates: tuple[Kind, ...]
    if head in ("{", "["):
        candidates = ("json", "js")
    elif head == "<":
        candidates = ("xml",)
    elif looks_like_yaml(block.text):
        candidates = ("yaml",)
    else:
        candidates = ()
    complaint: DecodeError | None = None
    for kind in candidates:
        found = Diagnostics()
        try:
            decoded = decode_as(block, kind, found)
        except DecodeError as exc:
            complaint = complaint or exc
            continue
        except RecursionError:
            continue
        if not decoded.failed:
            diags.extend(found)
            return decoded
    if complaint is not None and head in ("{", "["):
        diags.warning(
            complaint.line,
            "json-syntax",
            f"block without a language looks like JSON but is not ({complaint.message}); read as text",
        )
    return Decoded(block, "text")


def looks_like_yaml(text: str) -> bool:
    """The first line that is not blank or a comment reads ``Key:`` or ``Key: value`` or ``- Key: value``."""
    first = next((line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")), "")
    return _YAML_KEY.match(first) is not None
