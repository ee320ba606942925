"""What every extractor works with: the parsed document, its named sections, and the provenance record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from generator.errors import Diagnostics
from generator.model.sections import Classified
from generator.parse import ParsedDocument
from generator.parse.decode import Decoded, Kind
from generator.parse.elements import ListBlock, Paragraph, Section, Table
from generator.parse.nodes import Node
from generator.parse.tabular import table_rows


@dataclass
class Context:
    parsed: ParsedDocument
    classified: Classified
    diags: Diagnostics
    sources: dict[str, int] = field(default_factory=dict)
    defaults: list[str] = field(default_factory=list)
    shadowed: set[int] = field(default_factory=set)

    # --- provenance -------------------------------------------------------------------------------

    def at(self, path: str, line: int) -> None:
        """Record that the value at dotted ``path`` came from document line ``line``."""
        self.sources.setdefault(path, line)

    def defaulted(self, path: str) -> None:
        if path not in self.defaults:
            self.defaults.append(path)

    def record(self, prefix: str, node: Node) -> None:
        """Record the lines of ``node`` and everything inside it under ``prefix``."""
        self.at(prefix, node.line)
        if node.is_map:
            for key, child in node.items():
                self.record(f"{prefix}.{key}", child)
        elif node.is_list:
            for index, child in enumerate(node.children()):
                self.record(f"{prefix}.{index}", child)

    # --- sections ---------------------------------------------------------------------------------

    def sections(self, key: str) -> list[Section]:
        """Sections named ``key`` or ``key.*`` that are in force (not shadowed duplicates, not "N/A")."""
        under = self.named_under.get(key, [])
        return [s for s in under if s.line not in self.shadowed and not self.classified.is_off(s)]

    @cached_property
    def named_under(self) -> dict[str, list[Section]]:
        """``classified.under`` for every key at once: each section under its name and each of the name's
        dotted prefixes (``webhooks.catalog`` under ``webhooks`` too), in document order."""
        index: dict[str, list[Section]] = {}
        for name, section in self.classified.named:
            if name is not None:
                parts = name.split(".")
                for end in range(1, len(parts) + 1):
                    index.setdefault(".".join(parts[:end]), []).append(section)
        return index

    def begin(self, key: str, path: str) -> list[Section]:
        """The sections for ``key`` (empty when the document lacks them); records where ``path`` starts."""
        found = self.sections(key)
        if found:
            self.at(path, found[0].line)
        return found

    def exact(self, key: str) -> list[Section]:
        return [s for s in self.sections(key) if self.classified.key_of(s) == key]

    def decoded(self, sections: list[Section], *kinds: Kind) -> Iterator[Decoded]:
        """Decoded code blocks of ``sections`` (own elements only), optionally of the given kinds."""
        for section in sections:
            for block in section.blocks():
                data = self.parsed.data(block)
                if not kinds or data.kind in kinds:
                    yield data

    def values(self, sections: list[Section], *kinds: Kind) -> Iterator[Node]:
        """Every data value in the sections' blocks: YAML/JSON values and each value of a JS block."""
        for data in self.decoded(sections, *kinds):
            if data.node is not None:
                yield data.node
            elif data.js is not None:
                for segment in data.js.values:
                    yield segment.node

    def tables(self, sections: list[Section]) -> Iterator[tuple[Table, list[Node]]]:
        for section in sections:
            for table in section.tables():
                yield table, table_rows(table, self.diags)

    def paragraphs(self, sections: list[Section]) -> Iterator[Paragraph]:
        for section in sections:
            yield from section.paragraphs()

    def lists(self, sections: list[Section]) -> Iterator[ListBlock]:
        for section in sections:
            yield from section.lists()

    def first_line(self, key: str) -> int:
        found = self.sections(key)
        return found[0].line if found else 1
