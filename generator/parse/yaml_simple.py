"""Compose plain block YAML a line at a time, exactly as PyYAML would, or give it back to PyYAML.

Nearly every YAML block a document holds is block mappings and sequences of one-line plain scalars
(``Retry Strategy:`` then ``  - Max attempts: 5``). PyYAML's pure-Python scanner reads those a character
at a time, and was most of the reading time. ``compose_simple`` reads them a line at a time and builds the
``yaml.Node`` tree PyYAML's composer builds: the same tags (from PyYAML's own resolver), the same values
and the same start lines (marks keep only the line, all that ``yaml_block`` reads). Whatever lies outside that subset gives ``None`` and is left to PyYAML, so every
other value, and every error message, stays PyYAML's: flow collections, quoted and block scalars,
anchors, aliases, tags, comments after a value, plain scalars over several lines, indentless sequences,
sequences in sequences, document markers, tabs and characters PyYAML refuses or treats specially, and any
indentation PyYAML would not accept.
"""

from __future__ import annotations

import re

import yaml

MAX_DEPTH = 40  # deeper nesting is PyYAML's to report (its own limits, its own message)
MAX_KEY = 1000  # PyYAML stops looking for a key's ':' after 1024 characters
RESOLVED = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)  # fmt: skip
_REFUSED_TEXT = re.compile(r"[\t\r\x85\u2028\u2029\ufeff]|^(?:---|\.\.\.)", re.MULTILINE)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_VALUE_INDICATOR = re.compile(r":(?: |$)")
_RESOLVER = yaml.resolver.Resolver()


class _OutsideError(Exception):
    """The text is outside the subset: PyYAML composes it."""


def compose_simple(text: str) -> yaml.Node | None:
    """The node tree PyYAML would compose from ``text``, or ``None`` when PyYAML must compose it."""
    if _REFUSED_TEXT.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    lines = [
        (number, len(line) - len(content), content)
        for number, line in enumerate(text.split("\n"))
        if (content := line.lstrip(" ")) and not content.startswith("#")
    ]
    if not lines or any(" #" in content for _, _, content in lines):
        return None  # a comment after a value
    composer = _Composer(lines)
    try:
        root = composer.collection(0, lines[0][1])
    except _OutsideError:
        return None
    return root if composer.index == len(lines) else None


class _Composer:
    """Recursive descent over the content lines: (line number, indentation, text after the indentation)."""

    def __init__(self, lines: list[tuple[int, int, str]]) -> None:
        self.lines = lines
        self.index = 0
        self.marks: dict[int, yaml.Mark] = {}

    def mark(self, line: int) -> yaml.Mark:
        """A start mark for ``line``: only the line is kept (nodes on one line share it)."""
        found = self.marks.get(line)
        if found is None:
            found = self.marks[line] = yaml.Mark("<unicode string>", 0, line, 0, None, 0)
        return found

    def scalar(self, text: str, line: int) -> yaml.ScalarNode:
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]  # untyped stub
        if tag not in RESOLVED:
            raise _OutsideError
        return yaml.ScalarNode(tag, text, self.mark(line), None)

    def indent_after(self) -> int:
        """The indentation of the next content line (-1 at the end)."""
        return self.lines[self.index][1] if self.index < len(self.lines) else -1

    def collection(self, depth: int, indent: int) -> yaml.Node:
        """The sequence or mapping whose first line (the current one) starts at column ``indent``."""
        if depth > MAX_DEPTH:
            raise _OutsideError
        content = self.lines[self.index][2]
        if content == "-" or content.startswith("- "):
            return self.sequence(depth, indent)
        if _VALUE_INDICATOR.search(content):
            return self.mapping(depth, indent, content)
        raise _OutsideError

    def sequence(self, depth: int, indent: int) -> yaml.SequenceNode:
        start = self.lines[self.index][0]
        items: list[yaml.Node] = []
        while self.index < len(self.lines) and self.lines[self.index][1] == indent:
            number, _, content = self.lines[self.index]
            if not content.startswith("- "):
                raise _OutsideError
            item = content[2:].lstrip(" ")
            column = indent + len(content) - len(item)  # where a mapping in the item has its keys
            item = item.rstrip(" ")
            if not item or item[0] in _INDICATORS:
                raise _OutsideError
            if _VALUE_INDICATOR.search(item):
                items.append(self.mapping(depth + 1, column, item))
            else:
                self.index += 1
                if self.indent_after() > indent:
                    raise _OutsideError
                items.append(self.scalar(item, number))
        if self.indent_after() > indent:
            raise _OutsideError
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items, self.mark(start), None)

    def mapping(self, depth: int, indent: int, content: str) -> yaml.MappingNode:
        """A block mapping at column ``indent`` whose first entry is ``content`` (the current line's)."""
        start = self.lines[self.index][0]
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        while True:
            number = self.lines[self.index][0]
            pairs.append(self.entry(depth, indent, number, content))
            following = self.indent_after()
            if following < indent:
                break
            if following > indent:
                raise _OutsideError
            content = self.lines[self.index][2]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, self.mark(start), None)

    def entry(self, depth: int, indent: int, number: int, content: str) -> tuple[yaml.Node, yaml.Node]:
        found = _VALUE_INDICATOR.search(content)
        if found is None:
            raise _OutsideError
        key_text = content[: found.start()].rstrip(" ")
        value_text = content[found.end() :].strip(" ")
        if not key_text or key_text[0] in _INDICATORS or len(key_text) > MAX_KEY or key_text in ("<<", "="):
            raise _OutsideError
        key = self.scalar(key_text, number)
        self.index += 1
        if value_text:
            if value_text[0] in _INDICATORS or value_text.endswith(":") or _VALUE_INDICATOR.search(value_text):
                raise _OutsideError
            if self.indent_after() > indent:
                raise _OutsideError
            return key, self.scalar(value_text, number)
        following = self.indent_after()
        if following > indent:
            return key, self.collection(depth + 1, following)
        if following == indent and self.lines[self.index][2][:1] == "-":
            raise _OutsideError  # an indentless sequence
        return key, self.scalar("", number)
