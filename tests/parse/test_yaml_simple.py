"""``read_simple`` (plain block YAML a line at a time) agrees with PyYAML's reading wherever it answers."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Diagnostics
from generator.parse import parse_document
from generator.parse.nodes import DecodeError, Node
from generator.parse.yaml_block import MAX_NODES, read_with_pyyaml
from generator.parse.yaml_simple import read_simple, resolved_tag
from tests.documents import all_documents


def shape(node: Node) -> Any:
    """A node's value and line, and every child's, in order (a dict's ``==`` ignores the order of keys)."""
    if isinstance(node.value, dict):
        return node.line, "map", [(key, shape(child)) for key, child in node.value.items()]
    if isinstance(node.value, list):
        return node.line, "seq", [shape(child) for child in node.value]
    return node.line, type(node.value).__name__, node.value


def assert_agrees(text: str, first_line: int = 7) -> bool:
    """When ``read_simple`` reads ``text``, PyYAML reads the same nodes and warnings; says whether it did."""
    fast_warnings: list[tuple[int, str]] = []
    fast = read_simple(text, first_line, MAX_NODES, fast_warnings)
    if fast is None:
        assert fast_warnings == []
        return False
    slow_warnings: list[tuple[int, str]] = []
    try:
        slow = read_with_pyyaml(text, first_line, slow_warnings)
    except DecodeError as exc:
        pytest.fail(f"the fast path read what PyYAML refuses ({exc.message}):\n{text}")
    assert shape(fast) == shape(slow)
    assert fast_warnings == slow_warnings
    return True


SCALARS = st.sampled_from(
    [
        "5", "-12", "+3", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "190:20:30", "3.14", "1e3", "1.5e3",
        "-.inf", ".NaN", ".5", "6.8523015e+5", "yes", "No", "on", "OFF", "true", "False", "y", "n", "~", "null",
        "Null", "2024-01-20", "2024-01-20T10:30:00Z", "2001-12-14 21:59:43.10 -5", "30 seconds", "Max attempts",
        "https://api.example.com/v1", "a:b", "a :b", "x-y", "é", "O'Brien", 'say "hi"', "50%", "a#b", "1" * 30,
        "99999999999999999999", "0x" + "f" * 20, "1." , "12e", "=", "<<", "? x", "- x", "key:",
    ]
)  # fmt: skip
KEYS = st.sampled_from(["a", "b", "Retry Strategy", "Max attempts", "1", "true", "~", "2024-01-01", "x y", "a"])


def block_lines(indent: int) -> st.SearchStrategy[list[str]]:
    """The lines of a block mapping or sequence at column ``indent``, with nested collections below."""
    pad = " " * indent
    scalar_entry = st.tuples(KEYS, SCALARS).map(lambda kv: [f"{pad}{kv[0]}: {kv[1]}"])
    empty_entry = KEYS.map(lambda key: [f"{pad}{key}:"])
    item = SCALARS.map(lambda value: [f"{pad}- {value}"])
    leaves = st.one_of(scalar_entry, empty_entry, item)
    if indent >= 8:
        return st.lists(leaves, min_size=1, max_size=4).map(flatten)
    nested = st.tuples(KEYS, st.sampled_from([2, 4]).flatmap(lambda step: block_lines(indent + step))).map(
        lambda pair: [f"{pad}{pair[0]}:", *pair[1]]
    )
    item_map = block_lines(indent + 2).map(lambda lines: [pad + "- " + lines[0].lstrip(" "), *lines[1:]])
    return st.lists(st.one_of(leaves, nested, item_map), min_size=1, max_size=4).map(flatten)


def flatten(parts: list[list[str]]) -> list[str]:
    return [line for part in parts for line in part]


@settings(max_examples=400, deadline=None)
@given(lines=block_lines(0), blank=st.booleans(), comment=st.booleans())
def test_plain_block_yaml_reads_as_pyyaml_reads_it(lines: list[str], blank: bool, comment: bool) -> None:
    if blank:
        lines = [*lines[:1], "", *lines[1:]]
    if comment:
        lines = ["# a comment", *lines]
    assert_agrees("\n".join(lines) + "\n")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list(" -:#\n\tab1'\"[{?&*!|>~.x")), max_size=60))
def test_any_text_the_fast_path_reads_reads_so_with_pyyaml(text: str) -> None:
    assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "Retry Strategy:\n  - Initial delay: 30 seconds\n  - Max attempts: 5\n",
        "a: 1\na: 2\nb:\n  c: yes\n  c: ~\n",
        "- x\n- y: 1\n  z: 2.5\n- 2024-01-01\n",
        "1: 2024-01-01\ntrue: x\n~: null\n0x10: 1_000\n",
    ],
)
def test_typical_blocks_take_the_fast_path_and_agree(text: str) -> None:
    assert assert_agrees(text)


def test_every_yaml_block_of_the_example_documents_agrees() -> None:
    taken = 0
    for path in all_documents():
        parsed = parse_document(path.read_bytes(), path.name, Diagnostics())
        for section in parsed.root.walk():
            for block in section.blocks():
                if block.lang in ("yaml", "yml", ""):
                    taken += assert_agrees(block.text, block.content_line)
    assert taken > 10


def test_a_block_over_the_node_limit_is_left_to_pyyaml() -> None:
    text = "".join(f"- {n}\n" for n in range(20))
    assert read_simple(text, 1, 20, []) is None
    assert read_simple(text, 1, 21, []) is not None


@settings(max_examples=500, deadline=None)
@given(
    text=st.one_of(
        SCALARS, KEYS, st.text(max_size=12), st.text(alphabet="+-.0123456789eE:_xXoOyYnNtTfF~<=", max_size=8)
    )
)
def test_a_scalars_tag_is_pyyamls(text: str) -> None:
    """Text that starts with no resolver's character is a string without asking the resolver; the rest ask."""
    assert resolved_tag(text) == yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))


def test_every_first_character_resolves_as_pyyaml_resolves_it() -> None:
    for code in range(0x250):
        for text in (chr(code), chr(code) + "1", chr(code) + "es", chr(code) + "ull", chr(code) + "ff"):
            assert resolved_tag(text) == yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
