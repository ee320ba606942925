"""Read plain block YAML a line at a time into the nodes PyYAML's reading gives, or give it back to PyYAML.

Nearly every YAML block a document holds is block mappings and sequences of one-line plain scalars
(``Retry Strategy:`` then ``  - Max attempts: 5``). PyYAML's pure-Python scanner reads those a character
at a time, and was most of the reading time. ``read_simple`` reads them a line at a time and builds the
located ``Node`` values ``yaml_block`` builds from PyYAML's tree: the same tags (from PyYAML's own
resolver), the same values (from PyYAML's own constructors), the same lines and the same duplicate-key
warnings, without building PyYAML's tree in between. Whatever lies outside that subset gives ``None`` and
is left to PyYAML, so every other value, and every error message, stays PyYAML's: flow collections, quoted
and block scalars, anchors, aliases, tags, comments after a value, plain scalars over several lines,
indentless sequences, sequences in sequences, document markers, tabs and characters PyYAML refuses or
treats specially, any indentation PyYAML would not accept, and a block too large or a number too long for
``yaml_block``'s limits.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from generator.parse.nodes import Node

MAX_DEPTH = 40  # deeper nesting is PyYAML's to report (its own limits, its own message)
MAX_KEY = 1000  # PyYAML stops looking for a key's ':' after 1024 characters
RESOLVED = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)  # fmt: skip
_REFUSED_TEXT = re.compile(r"[\t\r\x85\u2028\u2029\ufeff]|^(?:---|\.\.\.)", re.MULTILINE)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_VALUE_INDICATOR = re.compile(r":(?: |$)")
_RESOLVER = yaml.resolver.Resolver()
_IMPLICIT: dict[str | None, object] = _RESOLVER.yaml_implicit_resolvers  # first character -> its resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # only its plain scalar constructors are called
STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _OutsideError(Exception):
    """The text is outside the subset: PyYAML composes it."""


def read_simple(text: str, first_line: int, max_nodes: int, warnings: list[tuple[int, str]]) -> Node | None:
    """What ``yaml_block.decode_yaml`` gives for ``text`` (its duplicate-key warnings appended to
    ``warnings``), or ``None`` when PyYAML must read it. ``max_nodes`` is ``decode_yaml``'s limit: a block
    with more values is PyYAML's to refuse."""
    if _REFUSED_TEXT.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    lines = [
        (number, len(line) - len(content), content)
        for number, line in enumerate(text.split("\n"))
        if (content := line.lstrip(" ")) and not content.startswith("#")
    ]
    if not lines or any(" #" in content for _, _, content in lines):
        return None  # a comment after a value
    reader = _Reader(lines, first_line, max_nodes)
    try:
        root = Node(reader.collection(0, lines[0][1]), first_line + lines[0][0])
    except _OutsideError:
        return None
    if reader.index != len(lines):
        return None
    warnings.extend(reader.warnings)
    return root


def resolved_tag(text: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar ``text`` in block context. Its resolvers are listed by
    the first character they take: text that starts with none of them (and no resolver takes any) is
    PyYAML's default, a string, without a call."""
    if text and text[0] not in _IMPLICIT and None not in _IMPLICIT:
        return STR
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call,no-any-return]


def constructed(tag: str, text: str) -> Any:
    """What PyYAML's SafeConstructor makes of a plain scalar of an int, float or bool ``tag``."""
    return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))


def kept_value(value: Any, text: str) -> Any:
    """A constructed scalar as the model keeps it: a number no JSON reader could use (an integer beyond 64
    bits, infinity, NaN) or a value that is not JSON-like stays as written."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return text
    if isinstance(value, float) and not math.isfinite(value):
        return text
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


class _Reader:
    """Recursive descent over the content lines: (line number, indentation, text after the indentation)."""

    def __init__(self, lines: list[tuple[int, int, str]], first_line: int, max_nodes: int) -> None:
        self.lines = lines
        self.index = 0
        self.first_line = first_line
        self.nodes_left = max_nodes
        self.warnings: list[tuple[int, str]] = []

    def count(self) -> None:
        """Count a value (not a key) against the limit, as ``yaml_block`` counts them. The methods below
        give plain values; their callers make the nodes, each with its line (an entry's is its key's)."""
        self.nodes_left -= 1
        if self.nodes_left < 0:
            raise _OutsideError

    def scalar_value(self, text: str) -> Any:
        """The value ``yaml_block`` builds for the plain scalar ``text``."""
        if text and text[0] not in _IMPLICIT and None not in _IMPLICIT:
            return text  # a string: ``resolved_tag``'s first test, made here for the many that pass it
        tag = resolved_tag(text)
        if tag == STR:
            return text
        if tag == NULL:
            return None
        if tag == TIMESTAMP:
            return text
        if tag not in RESOLVED:
            raise _OutsideError
        try:
            return kept_value(constructed(tag, text), text)
        except ValueError:  # an integer of more than 4300 digits: PyYAML's to report
            raise _OutsideError from None

    def scalar(self, text: str) -> Any:
        self.nodes_left -= 1  # count(), written out: one call less for every scalar
        if self.nodes_left < 0:
            raise _OutsideError
        return self.scalar_value(text)

    def key_text(self, text: str) -> str:
        value = self.scalar_value(text)
        return "" if value is None else str(value)

    def indent_after(self) -> int:
        """The indentation of the next content line (-1 at the end)."""
        return self.lines[self.index][1] if self.index < len(self.lines) else -1

    def collection(self, depth: int, indent: int) -> list[Node] | dict[str, Node]:
        """The sequence or mapping whose first line (the current one) starts at column ``indent``."""
        if depth > MAX_DEPTH:
            raise _OutsideError
        content = self.lines[self.index][2]
        if content == "-" or content.startswith("- "):
            return self.sequence(depth, indent)
        if _VALUE_INDICATOR.search(content):
            return self.mapping(depth, indent, content)
        raise _OutsideError

    def sequence(self, depth: int, indent: int) -> list[Node]:
        self.count()
        lines, first_line = self.lines, self.first_line
        items: list[Node] = []
        while self.index < len(lines) and lines[self.index][1] == indent:
            number, _, content = lines[self.index]
            if not content.startswith("- "):
                raise _OutsideError
            item = content[2:].lstrip(" ")
            column = indent + len(content) - len(item)  # where a mapping in the item has its keys
            item = item.rstrip(" ")
            if not item or item[0] in _INDICATORS:
                raise _OutsideError
            if _VALUE_INDICATOR.search(item):
                items.append(Node(self.mapping(depth + 1, column, item), first_line + number))
            else:
                self.index += 1
                if self.index < len(lines) and lines[self.index][1] > indent:  # indent_after(), written out
                    raise _OutsideError
                items.append(Node(self.scalar(item), first_line + number))
        if self.indent_after() > indent:
            raise _OutsideError
        return items

    def mapping(self, depth: int, indent: int, content: str) -> dict[str, Node]:
        """A block mapping at column ``indent`` whose first entry is ``content`` (the current line's)."""
        self.count()
        mapping: dict[str, Node] = {}
        while True:
            number = self.lines[self.index][0]
            self.entry(mapping, depth, indent, number, content)
            following = self.indent_after()
            if following < indent:
                break
            if following > indent:
                raise _OutsideError
            content = self.lines[self.index][2]
        return mapping

    def entry(self, mapping: dict[str, Node], depth: int, indent: int, number: int, content: str) -> None:
        """Read the entry on line ``number`` (and the lines below it that are its value) into ``mapping``;
        a repeated key is warned about before its value is read, as ``yaml_block`` does."""
        found = _VALUE_INDICATOR.search(content)
        if found is None:
            raise _OutsideError
        key_text = content[: found.start()].rstrip(" ")
        value_text = content[found.end() :].strip(" ")
        if not key_text or key_text[0] in _INDICATORS or len(key_text) > MAX_KEY or key_text in ("<<", "="):
            raise _OutsideError
        key = self.key_text(key_text)
        if key in mapping:
            self.warnings.append((self.first_line + number, f"duplicate YAML key {key!r}; the last one wins"))
        self.index += 1
        mapping[key] = Node(self.entry_value(depth, indent, value_text), self.first_line + number)

    def entry_value(self, depth: int, indent: int, value_text: str) -> Any:
        """The value of an entry at column ``indent``: ``value_text`` after its key, or the lines below."""
        if value_text:
            if value_text[0] in _INDICATORS or value_text.endswith(":") or _VALUE_INDICATOR.search(value_text):
                raise _OutsideError
            if self.indent_after() > indent:
                raise _OutsideError
            return self.scalar(value_text)
        following = self.indent_after()
        if following > indent:
            return self.collection(depth + 1, following)
        if following == indent and self.lines[self.index][2][:1] == "-":
            raise _OutsideError  # an indentless sequence
        return self.scalar("")
