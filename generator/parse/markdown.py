"""Read markdown into a section tree of located elements, with markdown-it-py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.parse.elements import (
    CodeBlock,
    Document,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    Table,
    TableRow,
)
from generator.parse.source import Source

_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_QUOTE_MARKERS = re.compile(r"^\s{0,3}(?:>\s?)+")
# The characters that start inline markup in CommonMark (escapes, entities, emphasis, code spans, links,
# images, autolinks, HTML, line breaks): text without any of them parses to itself.
_INLINE_MARKUP = re.compile(r"[\\&*_`\[\]!<>\n]")


@cache
def markdown_parser() -> MarkdownIt:
    """The markdown intspec reads: CommonMark with tables and HTML."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@cache
def block_parser() -> MarkdownIt:
    """``markdown_parser`` without its inline pass (nor ``text_join``, which only tidies what that pass
    makes): every element but a heading keeps its raw text, so only headings' text is parsed as inline
    markup (``heading_text``). That saves a third of the parsing time. Nor its ``normalize`` rule, whose
    work ``read_source`` and ``normalized_text`` have done (its regex replaced every newline by a newline:
    ~0.2 ms for 20 KB)."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join", "normalize"])


def parse_markdown(source: Source) -> Document:
    env: dict[str, object] = {}
    tokens = block_parser().parse(normalized_text(source.text), env)
    lines = source.lines
    root = Section(title="", level=0, line=1)
    builder = _TreeBuilder(root, lines, env)
    builder.consume(tokens)
    close_sections(root, len(lines))
    return Document(path=source.path, root=root, lines=lines)


def normalized_text(text: str) -> str:
    """What markdown-it's ``normalize`` rule makes of a source's text, whose line breaks ``read_source`` has
    made ``\\n`` already: NUL characters replaced by U+FFFD."""
    return text.replace("\0", "\ufffd") if "\0" in text else text


class _TreeBuilder:
    """Walks the token stream once; headings open sections, blocks become elements of the current one."""

    def __init__(self, root: Section, lines: list[str], env: dict[str, object]) -> None:
        self.stack = [root]
        self.lines = lines
        self.env = env  # what the block pass found (link references), for reading headings' inline markup

    @property
    def current(self) -> Section:
        return self.stack[-1]

    def consume(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.visit(tokens, index)

    def visit(self, tokens: Sequence[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            self.open_section(token, tokens[index + 1])
            return index + 3
        if kind in ("fence", "code_block"):
            self.current.elements.append(code_block(token, self.lines))
        elif kind == "table_open":
            table, index = read_table(tokens, index, self.lines)
            self.current.elements.append(table)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            block, index = self.read_list(tokens, index)
            self.current.elements.append(block)
        elif kind == "inline" and token.map is not None:
            self.current.elements.append(Paragraph(line=token.map[0] + 1, text=token.content))
        elif kind == "html_block" and token.map is not None and token.content.strip():
            self.current.elements.append(Paragraph(line=token.map[0] + 1, text=token.content.strip()))
        return index + 1

    def open_section(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1:])
        line = token.map[0] + 1 if token.map else 1
        while self.current.level >= level:
            self.stack.pop()
        section = Section(title=heading_text(inline, self.env), level=level, line=line, parent=self.current)
        self.current.children.append(section)
        self.stack.append(section)

    def read_list(self, tokens: Sequence[Token], index: int) -> tuple[ListBlock, int]:
        """Read a list; code blocks and tables nested in items still become section elements."""
        opener = tokens[index]
        closer_type = opener.type.replace("_open", "_close")
        level = opener.level
        items: list[ListItem] = []
        index += 1
        while not (tokens[index].type == closer_type and tokens[index].level == level):
            if tokens[index].type == "list_item_open":
                item, index = self.read_item(tokens, index)
                items.append(item)
            else:
                index += 1
        line = opener.map[0] + 1 if opener.map else 1
        return ListBlock(line=line, ordered=opener.type.startswith("ordered"), items=tuple(items)), index

    def read_item(self, tokens: Sequence[Token], index: int) -> tuple[ListItem, int]:
        opener = tokens[index]
        level = opener.level
        texts: list[str] = []
        children: list[ListItem] = []
        index += 1
        while not (tokens[index].type == "list_item_close" and tokens[index].level == level):
            token = tokens[index]
            if token.type in ("bullet_list_open", "ordered_list_open"):
                nested, index = self.read_list(tokens, index)
                children.extend(nested.items)
            elif token.type == "inline":
                texts.append(token.content)
            elif token.type in ("fence", "code_block"):
                self.current.elements.append(code_block(token, self.lines))
            elif token.type == "table_open":
                table, index = read_table(tokens, index, self.lines)
                self.current.elements.append(table)
            index += 1
        line = opener.map[0] + 1 if opener.map else 1
        return ListItem(line=line, text="\n".join(texts), children=tuple(children)), index + 1


def code_block(token: Token, lines: list[str]) -> CodeBlock:
    start, end = token.map if token.map else (0, 0)
    fenced = token.type == "fence"
    info = token.info.strip() if fenced else ""
    lang = info.split()[0].lower() if info else ""
    closed = not fenced or fence_is_closed(token, lines, start, end)
    return CodeBlock(line=start + 1, lang=lang, info=info, text=token.content, closed=closed, fenced=fenced)


def fence_is_closed(token: Token, lines: list[str], start: int, end: int) -> bool:
    if end - 1 <= start or end - 1 >= len(lines):
        return False
    last = _QUOTE_MARKERS.sub("", lines[end - 1]).strip()
    return last.startswith(token.markup) and not last.strip(token.markup[0])


def read_table(tokens: Sequence[Token], index: int, lines: list[str]) -> tuple[Table, int]:
    start = tokens[index].map
    header: tuple[str, ...] = ()
    rows: list[TableRow] = []
    index += 1
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open" and token.map is not None:
            cells, index = read_row(tokens, index)
            row_line = token.map[0]
            if not header:
                header = cells
            else:
                rows.append(TableRow(line=row_line + 1, cells=cells, written_cells=count_cells(lines[row_line])))
        index += 1
    line = start[0] + 1 if start else 1
    return Table(line=line, header=header, rows=tuple(rows)), index


def read_row(tokens: Sequence[Token], index: int) -> tuple[tuple[str, ...], int]:
    cells: list[str] = []
    while tokens[index].type != "tr_close":
        if tokens[index].type == "inline":
            cells.append(tokens[index].content.strip())
        index += 1
    return tuple(cells), index


def count_cells(line: str) -> int:
    """How many cells a table row has as written (markdown-it pads short rows)."""
    text = _QUOTE_MARKERS.sub("", line).strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return len(_PIPE_SPLIT.split(text))


def heading_text(token: Token, env: dict[str, object]) -> str:
    """Plain text of a heading's inline token: emphasis dropped, code spans kept as their content."""
    if not _INLINE_MARKUP.search(token.content):
        return token.content.strip()
    parser = block_parser()
    children: list[Token] = []
    parser.inline.parse(token.content, parser, env, children)
    if not children:
        return token.content.strip()
    parts = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def close_sections(section: Section, last_line: int) -> None:
    """Give every section the last line it covers."""
    section.end_line = last_line
    for position, child in enumerate(section.children):
        following = section.children[position + 1].line - 1 if position + 1 < len(section.children) else last_line
        close_sections(child, following)
