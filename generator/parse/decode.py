"""Pick a decoder for each code block by its info string (or by sniffing), and report its errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from generator.errors import Diagnostics
from generator.parse.elements import CodeBlock
from generator.parse.jsish import JsBlock, Leniency, decode_js, read_json, read_json5, strict_json_complaint
from generator.parse.nodes import DecodeError, Node
from generator.parse.tabular import CsvTable, decode_csv
from generator.parse.xml_block import XmlElement, decode_xml
from generator.parse.yaml_block import decode_yaml

_COLON_VALUE = re.compile(r"^(?P<head>\s*(?:- )?(?P<key>[^:#'\"\n]+?):\s+)(?P<value>[^#\n]*?: .*?)\s*$")
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


@dataclass(slots=True, unsafe_hash=True)
class Decoded:
    """A code block and what it decoded to. ``failed`` means a syntax error was reported."""

    block: Final[CodeBlock]
    kind: Final[Kind]
    node: Final[Node | None] = None
    js: Final[JsBlock | None] = None
    xml: Final[XmlElement | None] = None
    csv: Final[CsvTable | None] = None
    failed: Final[bool] = False

    @property
    def value(self) -> Node | None:
        """The block's data: the YAML/JSON value, or the first value of a JS block."""
        if self.node is not None:
            return self.node
        return self.js.first_value() if self.js is not None else None


IGNORED = "; the block is ignored"


def decode_block(block: CodeBlock, diags: Diagnostics) -> Decoded:
    """Decode one block. A block that cannot be read is a warning: it contributes nothing to the model."""
    if not block.closed:
        diags.warning(block.line, "fence-unclosed", "code fence is never closed; it runs to the end of the document")
    kind = LANGUAGES.get(block.lang)
    if kind is None:
        return sniff_block(block, diags) if not block.lang else Decoded(block, "text")
    try:
        return decode_as(block, kind, diags)
    except DecodeError as exc:
        diags.warning(exc.line, f"{kind}-syntax", exc.message + IGNORED)
    except RecursionError:
        diags.warning(block.content_line, f"{kind}-syntax", "the block is nested too deeply to read" + IGNORED)
    return Decoded(block, kind, failed=True)


def decode_as(block: CodeBlock, kind: Kind, diags: Diagnostics) -> Decoded:
    first = block.content_line
    if kind == "yaml":
        return decode_yaml_block(block, diags)
    if kind == "json":
        return decode_json_block(block, diags)
    if kind == "js":
        js, errors = decode_js(block.text, first)
        for error in errors:
            diags.warning(error.line, "js-syntax", error.message + "; this value is ignored")
        return Decoded(block, kind, js=js, failed=bool(errors))
    if kind == "xml":
        return Decoded(block, kind, xml=decode_xml(block.text, first))
    if kind == "csv":
        return Decoded(block, kind, csv=decode_csv(block.text, first, diags))
    return Decoded(block, "text")


def decode_yaml_block(block: CodeBlock, diags: Diagnostics) -> Decoded:
    """YAML; a block that is not YAML but JSON5 (JSON with ``//`` comments, say) is read so, with a warning at
    the line of the first thing YAML lacks."""
    warnings: list[tuple[int, str]] = []
    try:
        node = decode_yaml(block.text, block.content_line, warnings)
    except DecodeError as exc:
        quoted = colon_values_quoted(block, exc)
        if quoted is not None:
            node, key = quoted
            diags.warning(
                exc.line,
                "yaml-lenient",
                f"the value of {key!r} has ': ' in it, which YAML does not allow "
                "unquoted; read as text (quote it to be sure)",
            )
            return Decoded(block, "yaml", node=node)
        fallback = json5_fallback(block)
        if fallback is None:
            raise
        node, leniency = fallback
        line, what = (leniency.line, leniency.what) if leniency else (exc.line, exc.message)
        diags.warning(line, "yaml-lenient", f"not YAML ({what}); read as JSON5")
        return Decoded(block, "json", node=node)
    for line, message in warnings:
        diags.warning(line, "yaml-duplicate-key", message)
    return Decoded(block, "yaml", node=node)


def colon_values_quoted(block: CodeBlock, exc: DecodeError) -> tuple[Node, str] | None:
    """``- Refresh token: 7 days (door app: 36 hours)``: the block with such values quoted, if that reads,
    and the first key concerned."""
    if "mapping values are not allowed" not in exc.message:
        return None
    lines = block.text.split("\n")
    first_key = ""
    for index, line in enumerate(lines):
        found = _COLON_VALUE.match(line)
        if found and not found["value"].startswith(("'", '"', "[", "{", "|", ">")):
            first_key = first_key or found["key"].strip()
            lines[index] = found["head"] + "'" + found["value"].replace("'", "''") + "'"
    if not first_key:
        return None
    try:
        return decode_yaml("\n".join(lines), block.content_line), first_key
    except (DecodeError, RecursionError):
        return None


def json5_fallback(block: CodeBlock) -> tuple[Node, Leniency | None] | None:
    if block.text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        return read_json5(block.text, block.content_line)
    except (DecodeError, RecursionError):
        return None


def decode_json_block(block: CodeBlock, diags: Diagnostics) -> Decoded:
    """JSON, else JSON5, else a JavaScript object, else YAML: each fallback is a warning at the line of the
    first thing strict JSON does not allow."""
    first = block.content_line
    try:
        node, leniency, strict = read_json(block.text, first)
    except DecodeError as exc:
        fallback, what = json_fallback(block)
        if fallback is None:
            raise
        diags.warning(exc.line, "json-lenient", f"not JSON ({exc.message}); read as {what}")
        return fallback
    if block.lang == "json" and not strict:
        complaint = strict_json_complaint(block.text, first)
        if complaint is not None:
            where = leniency or complaint
            diags.warning(where.line, "json-lenient", f"not strict JSON ({where.what}); read as JSON5")
    return Decoded(block, "json", node=node)


def json_fallback(block: CodeBlock) -> tuple[Decoded | None, str]:
    """A ``json`` block that is not JSON5: a JavaScript object (``const config = {...}``), or YAML."""
    js, errors = decode_js(block.text, block.content_line)
    if js.values and not errors:
        if len(js.values) == 1 and not (js.code or js.lists or js.requests):
            return Decoded(block, "json", node=js.values[0].node), "a JavaScript object"
        return Decoded(block, "js", js=js), "JavaScript"
    try:
        node = decode_yaml(block.text, block.content_line)
    except (DecodeError, RecursionError):
        return None, ""
    if node.is_map or node.is_list:
        return Decoded(block, "yaml", node=node), "YAML"
    return None, ""


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
