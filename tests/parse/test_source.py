from generator.errors import Diagnostics
from generator.parse.source import read_source


def source(text: str | bytes) -> tuple[list[str], Diagnostics]:
    diags = Diagnostics()
    data = text if isinstance(text, bytes) else text.encode()
    return read_source(data, "spec.md", diags).lines, diags


def test_crlf_and_lone_cr_become_newlines_keeping_line_count():
    lines, diags = source("a\r\nb\rc\n")
    assert lines == ["a", "b", "c", ""]
    assert not diags.items


def test_bom_is_dropped():
    lines, _ = source(b"\xef\xbb\xbf# Title\n")
    assert lines[0] == "# Title"


def test_invalid_utf8_is_replaced_with_a_warning_at_its_line():
    lines, diags = source(b"ok\nbad \xff here\n")
    assert lines[1] == "bad \ufffd here"
    assert [(d.line, d.code) for d in diags] == [(2, "encoding")]


def test_planning_block_is_blanked_and_warned_about():
    text = "<integration_planning>\nFROM_EMAIL: leak@x.com\n</integration_planning>\n# Integration Specifications: A\n"
    lines, diags = source(text)
    assert lines[:4] == ["", "", "", "# Integration Specifications: A"]
    assert "leak" not in "\n".join(lines)
    assert [(d.line, d.code, d.message) for d in diags] == [
        (1, "planning-block", "private <integration_planning> block (lines 1-3) ignored")
    ]


def test_planning_block_on_one_line_keeps_text_after_it():
    lines, diags = source("<integration_planning>secret</integration_planning> after\n")
    assert lines[0] == "after"
    assert [d.message for d in diags] == ["private <integration_planning> block (line 1) ignored"]


def test_planning_tag_quoted_in_prose_is_not_a_block():
    lines, diags = source("We drop the `<integration_planning>` notes.\n# T\n")
    assert lines[0].startswith("We drop")
    assert not diags.items


def test_unclosed_planning_block_ends_before_the_first_heading():
    lines, diags = source("<integration_planning>\nsecret: 1\n# Integration Specifications: A\nbody\n")
    assert lines == ["", "", "# Integration Specifications: A", "body", ""]
    assert [(d.line, d.code) for d in diags] == [(1, "planning-unclosed")]


def test_wrapper_fence_is_removed_even_when_inner_fences_have_the_same_length():
    text = "```markdown\n# Title\n```yaml\na: 1\n```\nafter\n```\n"
    lines, diags = source(text)
    assert lines == ["", "# Title", "```yaml", "a: 1", "```", "after", "", ""]
    assert not diags.items


def test_wrapper_with_bare_inner_fences():
    text = "```md\n# T\n```\nx\n```\n```\ny\n```\n```\n"
    lines, _ = source(text)
    assert lines == ["", "# T", "```", "x", "```", "```", "y", "```", "", ""]


def test_unclosed_wrapper_is_a_warning():
    lines, diags = source("```markdown\n# T\n```json\n{}\n```\n")
    assert lines[0] == ""
    assert [(d.line, d.code) for d in diags] == [(1, "wrapper-unclosed")]


def test_a_markdown_fence_after_the_first_heading_is_not_a_wrapper():
    lines, _ = source("# T\n```markdown\n# inner\n```\n")
    assert lines[1] == "```markdown"
