import pytest
from markdown_it import MarkdownIt

from generator.errors import Diagnostics
from generator.parse import parse_document
from generator.parse.elements import CodeBlock, ListBlock, Paragraph, Table
from generator.parse.markdown import block_parser, normalized_text
from generator.parse.source import read_source
from tests.documents import all_documents


def parse(text: str):
    return parse_document(text.encode(), "spec.md", Diagnostics())


def test_headings_become_a_tree_with_line_ranges():
    parsed = parse("# A\n\n## B\ntext\n### C\n## D\n")
    (a,) = parsed.root.children
    assert (a.title, a.level, a.line, a.end_line) == ("A", 1, 1, 7)
    b, d = a.children
    assert (b.title, b.line, b.end_line) == ("B", 3, 5)
    assert b.children[0].heading_path == ("A", "B", "C")
    assert (d.title, d.line) == ("D", 6)


def test_shifted_and_skipped_heading_levels_still_nest():
    parsed = parse("## Title\n#### Deep\n### Mid\n")
    (title,) = parsed.root.children
    assert [c.title for c in title.children] == ["Deep", "Mid"]


def test_fenced_blocks_keep_their_line_and_language():
    parsed = parse("# A\n~~~YAML title\nk: v\n~~~\n```\nraw\n```\n")
    blocks = parsed.root.children[0].blocks()
    assert [(b.line, b.lang, b.info, b.text) for b in blocks] == [
        (2, "yaml", "YAML title", "k: v\n"),
        (5, "", "", "raw\n"),
    ]


def test_unclosed_fence_is_flagged():
    parsed = parse("# A\n```json\n{}\n")
    (block,) = parsed.root.children[0].blocks()
    assert block.closed is False


def test_tables_keep_raw_cells_row_lines_and_written_cell_counts():
    parsed = parse("# A\n| Event | Description |\n|---|---|\n| `a.b` | x |\n| c.d |\n")
    (table,) = parsed.root.children[0].tables()
    assert table.keys == ("event", "description")
    assert [(r.line, r.cells, r.written_cells) for r in table.rows] == [
        (4, ("`a.b`", "x"), 2),
        (5, ("c.d", ""), 1),
    ]


def test_lists_nest_and_code_inside_items_is_still_a_block():
    parsed = parse("# A\n- one\n  - two\n- three\n\n  ```yaml\n  k: v\n  ```\n")
    section = parsed.root.children[0]
    (block,) = [e for e in section.elements if isinstance(e, ListBlock)]
    assert [(i.line, i.text) for i in block.items] == [(2, "one"), (4, "three")]
    assert block.items[0].children[0].text == "two"
    assert [e.lang for e in section.elements if isinstance(e, CodeBlock)] == ["yaml"]


def test_paragraphs_and_headings_inside_fences_are_not_headings():
    parsed = parse("# A\nSome **text**.\n\n```md\n# not a heading\n```\n")
    section = parsed.root.children[0]
    assert section.children == []
    assert [(p.line, p.text) for p in section.elements if isinstance(p, Paragraph)] == [(2, "Some **text**.")]
    assert not [e for e in section.elements if isinstance(e, Table)]


def test_every_block_is_decoded_once_keyed_by_its_line():
    parsed = parse("# A\n```yaml\na: 1\n```\n```json\n[1]\n```\n")
    assert sorted(parsed.decoded) == [2, 5]
    assert parsed.decoded[2].value.plain() == {"a": 1}


@pytest.mark.parametrize(
    "data",
    [
        b'# A\r\n\r\ntext\r\n```json\r\n{"a": 1}\r\n```\r\n| x | y |\r\n|---|---|\r\n| 1 | 2 |\r\n',
        b"# A\rtext\r\r- item\x00one\r  - two\r",
        b"# T\x00itle\n\n```\ncode \x00 here\n```\n\x00\n\n<div>\x00</div>\n",
    ],
    ids=["crlf", "cr-and-nul", "nul"],
)
def test_block_tokens_are_markdown_its_with_its_own_normalize(data: bytes) -> None:
    """``block_parser`` leaves out markdown-it's ``normalize``: ``read_source`` and ``normalized_text`` do its
    work, to the same tokens as markdown-it's own reading of the raw text."""
    source = read_source(data, "spec.md", Diagnostics())
    assert block_parser().parse(normalized_text(source.text)) == with_normalize().parse(data.decode())


def test_block_tokens_of_the_example_documents_are_markdown_its() -> None:
    for path in all_documents():
        source = read_source(path.read_bytes(), path.name, Diagnostics())
        assert block_parser().parse(normalized_text(source.text)) == with_normalize().parse(source.text)


def with_normalize() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"])
