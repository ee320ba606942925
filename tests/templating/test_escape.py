"""Each escaping filter round-trips any text through the parser of the file it is meant for."""

import ast
import json
import tomllib

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.templating.escape import (
    comment_text,
    docstring_text,
    json_string,
    markdown_code,
    markdown_inline,
    python_literal,
    toml_string,
    yaml_string,
)

# Any text a UTF-8 file can hold (no lone surrogates).
texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300)
@given(texts)
def test_strings_round_trip(text: str) -> None:
    assert ast.literal_eval(python_literal(text)) == text
    assert json.loads(json_string(text)) == text
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text
    assert yaml.safe_load(f"value: {yaml_string(text)}")["value"] == text


@settings(max_examples=150)
@given(data)
def test_python_literals_of_json_data(value: object) -> None:
    assert ast.literal_eval(python_literal(value)) == value


@settings(max_examples=300)
@given(texts)
def test_comments_and_docstrings_stay_on_one_line(text: str) -> None:
    comment = comment_text(text)
    assert "\n" not in comment and "\r" not in comment
    source = f'"""{docstring_text(text)}."""'
    assert isinstance(ast.literal_eval(source), str)


def test_markdown_escapes_markup() -> None:
    assert markdown_inline("a|b *c* [d](e) <script>") == "a\\|b \\*c\\* \\[d\\](e) \\<script\\>"


def code_spans(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [child.content for token in tokens for child in token.children or [] if child.type == "code_inline"]


@settings(max_examples=300)
@given(texts)
def test_code_spans_show_the_text_as_written(text: str) -> None:
    line = comment_text(text)
    if not line.strip(" "):
        return  # an empty code span is no code span
    assert code_spans(f"see {markdown_code(text)} here") == [line]
    table = f"| a |\n|---|\n| {markdown_code(text, table=True)} |\n"
    assert code_spans(table) == [line]
