"""The inert, located elements a document is made of. Every element knows its 1-based source line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final


@dataclass(slots=True, unsafe_hash=True)
class CodeBlock:
    """A fenced (``` or ~~~) or indented code block."""

    line: Final[int]
    lang: Final[str]
    info: Final[str]
    text: Final[str]
    closed: Final[bool] = True
    fenced: Final[bool] = True

    @property
    def content_line(self) -> int:
        """The line of the block's first content line."""
        return self.line + 1 if self.fenced else self.line


@dataclass(slots=True, unsafe_hash=True)
class TableRow:
    line: Final[int]
    cells: Final[tuple[str, ...]]
    written_cells: Final[int]


@dataclass(slots=True, unsafe_hash=True)
class Table:
    """A GFM table; cells are the raw inline markdown of each cell."""

    line: Final[int]
    header: Final[tuple[str, ...]]
    rows: Final[tuple[TableRow, ...]]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(normalize_key(strip_code(cell)) for cell in self.header)


@dataclass(slots=True, unsafe_hash=True)
class ListItem:
    line: Final[int]
    text: Final[str]
    children: Final[tuple[ListItem, ...]] = ()


@dataclass(slots=True, unsafe_hash=True)
class ListBlock:
    line: Final[int]
    ordered: Final[bool]
    items: Final[tuple[ListItem, ...]]


@dataclass(slots=True, unsafe_hash=True)
class Paragraph:
    line: Final[int]
    text: Final[str]


Element = CodeBlock | Table | ListBlock | Paragraph


@dataclass
class Section:
    """A heading and everything under it up to the next heading of the same or a higher level."""

    title: str
    level: int
    line: int
    end_line: int = 0
    elements: list[Element] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)

    @property
    def heading_path(self) -> tuple[str, ...]:
        titles: list[str] = []
        node: Section | None = self
        while node is not None and node.level > 0:
            titles.append(node.title)
            node = node.parent
        return tuple(reversed(titles))

    def walk(self) -> list[Section]:
        """This section and all below it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found

    def blocks(self) -> list[CodeBlock]:
        return [e for e in self.elements if isinstance(e, CodeBlock)]

    def tables(self) -> list[Table]:
        return [e for e in self.elements if isinstance(e, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [e for e in self.elements if isinstance(e, Paragraph)]

    def lists(self) -> list[ListBlock]:
        return [e for e in self.elements if isinstance(e, ListBlock)]

    def all_elements(self) -> list[Element]:
        """Own elements, then those of every subsection, in document order."""
        return [element for section in self.walk() for element in section.elements]

    def prose(self) -> str:
        """The section's own paragraphs and list items as plain text."""
        parts: list[str] = []
        for element in self.elements:
            if isinstance(element, Paragraph):
                parts.append(element.text)
            elif isinstance(element, ListBlock):
                parts.extend(item.text for item in flatten_items(element.items))
        return "\n".join(parts)


@dataclass
class Document:
    path: str
    root: Section
    lines: list[str]

    @property
    def line_count(self) -> int:
        """Lines as an editor counts them: a final newline ends the last line, it does not start one."""
        return len(self.lines) - 1 if len(self.lines) > 1 and self.lines[-1] == "" else len(self.lines)

    def sections(self) -> list[Section]:
        return self.root.walk()[1:]


def flatten_items(items: tuple[ListItem, ...]) -> list[ListItem]:
    flat: list[ListItem] = []
    for item in items:
        flat.append(item)
        flat.extend(flatten_items(item.children))
    return flat


_CAMEL = re.compile(r"^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$")
_CAMEL_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_CODE_MARKS = re.compile(r"`+|\*\*")


def normalize_key(text: str) -> str:
    """``"Payload Schema"`` -> ``"payload_schema"``; ``"API_KEY"`` -> ``"api_key"``; a camelCase key as
    JavaScript writes it, ``"accessTokenTtl"`` -> ``"access_token_ttl"``."""
    text = text.strip()
    if _CAMEL.match(text):
        text = _CAMEL_BREAK.sub("_", text)
    return _NON_WORD.sub("_", text.lower()).strip("_")


def strip_code(text: str) -> str:
    """Remove inline-code backticks and emphasis markers from a cell or item text."""
    return _CODE_MARKS.sub("", text).strip()
