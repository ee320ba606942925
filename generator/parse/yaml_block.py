"""YAML blocks -> located nodes. Safe loading only: PyYAML's SafeLoader composes and constructs (or, for
plain block YAML, ``read_simple`` reads the same nodes faster)."""

from __future__ import annotations

from typing import Any

import yaml

from generator.parse.nodes import DecodeError, Node
from generator.parse.yaml_simple import kept_value, read_simple

MAX_NODES = 100_000
MAX_DEPTH = 50
SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "seq",
        "map",
        "timestamp",
        "binary",
        "omap",
        "pairs",
        "set",
        "merge",
        "value",
    )
)


def decode_yaml(text: str, first_line: int, warnings: list[tuple[int, str]] | None = None) -> Node:
    """Decode YAML ``text`` whose first line is document line ``first_line``."""
    found = warnings if warnings is not None else []
    simple = read_simple(text, first_line, MAX_NODES, found)
    return simple if simple is not None else read_with_pyyaml(text, first_line, found)


def read_with_pyyaml(text: str, first_line: int, warnings: list[tuple[int, str]]) -> Node:
    """``decode_yaml`` by PyYAML's composer alone: any YAML, and every error."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
        builder = _NodeBuilder(loader, first_line, warnings)
        return builder.build(root) if root is not None else Node(None, first_line)
    except yaml.MarkedYAMLError as exc:
        raise DecodeError(yaml_message(exc), first_line + mark_line(exc)) from None
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, exc.position)
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise DecodeError(f"invalid YAML: character {character!r} is not allowed", line) from None
    except yaml.YAMLError as exc:
        raise DecodeError(f"invalid YAML: {exc}", first_line) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise DecodeError(f"invalid YAML: {exc}", first_line) from None
    finally:
        if loader is not None:
            loader.dispose()


def mark_line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.problem_mark or exc.context_mark
    return mark.line if mark is not None else 0


def yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (exc.context, exc.problem) if part]
    return "invalid YAML: " + ", ".join(parts) if parts else "invalid YAML"


class _NodeBuilder:
    def __init__(self, loader: yaml.SafeLoader, first_line: int, warnings: list[tuple[int, str]]) -> None:
        self.loader = loader
        self.first_line = first_line
        self.warnings = warnings
        self.count = 0
        self.depth = 0
        self.active: set[int] = set()

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise DecodeError(f"YAML expands to more than {MAX_NODES} values (aliases?)", self.line_of(node))
        if id(node) in self.active:
            raise DecodeError("recursive YAML alias", self.line_of(node))
        if len(self.active) >= MAX_DEPTH:
            raise DecodeError(f"values nested more than {MAX_DEPTH} deep", self.line_of(node))
        if isinstance(node, yaml.ScalarNode):
            return self.build_node(node)  # nothing inside: it cannot be its own ancestor
        self.active.add(id(node))
        try:
            return self.build_node(node)
        finally:
            self.active.discard(id(node))

    def build_node(self, node: yaml.Node) -> Node:
        if node.tag not in SAFE_TAGS:
            raise DecodeError(f"invalid YAML: tag {node.tag!r} is not allowed (safe loading only)", self.line_of(node))
        if isinstance(node, yaml.MappingNode):
            return Node(self.build_mapping(node), self.line_of(node))
        if isinstance(node, yaml.SequenceNode):
            return Node([self.build(item) for item in node.value], self.line_of(node))
        return Node(self.construct_scalar(node), self.line_of(node))

    def build_mapping(self, node: yaml.MappingNode) -> dict[str, Node]:
        self.loader.flatten_mapping(node)
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.key_text(key_node)
            if key in mapping:
                self.warnings.append((self.line_of(key_node), f"duplicate YAML key {key!r}; the last one wins"))
            value = self.build(value_node)
            mapping[key] = Node(value.value, self.line_of(key_node))
        return mapping

    def key_text(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            value = self.construct_scalar(node)
            return "" if value is None else str(value)
        raise DecodeError("a YAML key must be a plain value, not a list or mapping", self.line_of(node))

    def construct_scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # what SafeConstructor gives for these two, without its bookkeeping
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)  # dates stay as written: "2024-01-20T10:30:00Z"
        return kept_value(self.loader.construct_object(node, deep=True), str(node.value))
