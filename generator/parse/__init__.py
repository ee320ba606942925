"""Stage 1, parse: document bytes -> a section tree of located elements, every code block decoded.

``parse_document`` is the stage's entry point. It reports problems as diagnostics and never raises for
anything a document may contain.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Diagnostics
from generator.parse.decode import Decoded, decode_block
from generator.parse.elements import CodeBlock, Document, Section
from generator.parse.markdown import parse_markdown
from generator.parse.source import read_source


@dataclass
class ParsedDocument:
    """A document's section tree, and each code block's decoded data keyed by the block's line."""

    document: Document
    decoded: dict[int, Decoded]

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def root(self) -> Section:
        return self.document.root

    def data(self, block: CodeBlock) -> Decoded:
        return self.decoded[block.line]


def parse_document(data: bytes, path: str, diags: Diagnostics) -> ParsedDocument:
    source = read_source(data, path, diags)
    document = parse_markdown(source)
    decoded: dict[int, Decoded] = {}
    for section in document.root.walk():
        for block in section.blocks():
            decoded[block.line] = decode_block(block, diags)
    return ParsedDocument(document=document, decoded=decoded)


__all__ = ["ParsedDocument", "parse_document"]
