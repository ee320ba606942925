"""The "Key: - item - item" shape most template sections use, read into ``{key: [items]}``."""

from __future__ import annotations

from collections.abc import Iterable

from generator.model.schema import Outline, RateLimit
from generator.parse.nodes import Node, texts
from generator.parse.quantities import parse_rate


def outline(nodes: Iterable[Node]) -> Outline:
    """Merge the top-level keys of ``nodes`` (mappings, or lists of one-key mappings) into an outline."""
    found: Outline = {}
    for node in nodes:
        for key, value in top_entries(node):
            found.setdefault(key, []).extend(item.text() for item in texts(value))
    return found


def top_entries(node: Node) -> list[tuple[str, Node]]:
    """Entries with keys as written (not normalized): they are shown to people."""
    if node.is_map:
        return list(node.items())
    pairs: list[tuple[str, Node]] = []
    for child in node.children():
        if child.is_map:
            pairs.extend(child.items())
    return pairs


def list_entries(node: Node) -> list[tuple[str, Node]]:
    """Items of a list as (key as written, value): one-key mappings give their entry, text gives ``("", text)``."""
    pairs: list[tuple[str, Node]] = []
    for child in node.children():
        if child.is_map:
            pairs.extend(child.items())
        else:
            pairs.append(("", child))
    return pairs


def rate_limits(items: Iterable[Node]) -> list[RateLimit]:
    """Each stated limit, split at ``;``, with its number and period where it gives them."""
    limits: list[RateLimit] = []
    for item in items:
        name, _, rest = item.text().partition(": ") if ": " in item.text() else ("", "", item.text())
        for part in rest.split(";"):
            limits.append(rate_limit(name.strip(), part.strip()))
    return [limit for limit in limits if limit.text]


def rate_limit(name: str, text: str) -> RateLimit:
    rate = parse_rate(text)
    if rate is None:
        return RateLimit(name=name, text=text)
    return RateLimit(name=name, text=text, count=rate.count, per_seconds=rate.per_seconds)
