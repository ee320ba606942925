"""Located values: what every block decoder returns.

A ``Node`` is a decoded value with the document line it was written on. Mappings hold ``dict[str, Node]``
(the line of an entry is the line of its key), sequences hold ``list[Node]``, scalars hold plain Python
values. ``plain()`` gives back ordinary data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from generator.parse.elements import normalize_key


class DecodeError(Exception):
    """A block that cannot be decoded; ``line`` is the document line of the problem."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(slots=True, unsafe_hash=True)
class Node:
    """A value and its line. Frozen by its ``Final`` fields (mypy refuses an assignment) rather than by
    ``frozen=True``, as are the other values a reading makes many of (``elements``, ``Decoded``): a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, which made it about three times
    as slow (bench/parse_speed.py). Equality, hashing and ``repr`` stay the dataclass's."""

    value: Final[Any]
    line: Final[int]

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, dict | list)

    def plain(self) -> Any:
        value = self.value
        if isinstance(value, dict):
            return {key: child.plain() for key, child in value.items()}
        if isinstance(value, list):
            return [child.plain() for child in value]
        return value

    def text(self) -> str:
        """The value as text: scalars as written, ``None`` as empty."""
        value = self.value
        if isinstance(value, str):  # most values: tested first
            return value.strip()
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dict | list):
            return ""
        return str(value).strip()

    def items(self) -> Iterable[tuple[str, Node]]:
        """A mapping's entries (none for any other value): its ``items()`` view, not a generator, which cost
        more to make than the few entries most mappings have cost to walk."""
        value = self.value
        return value.items() if isinstance(value, dict) else ()

    def children(self) -> list[Node]:
        if isinstance(self.value, list):
            return list(self.value)
        if isinstance(self.value, dict):
            return list(self.value.values())
        return []

    def get(self, *names: str) -> Node | None:
        """The entry whose normalized key equals one of ``names`` (already normalized)."""
        for key, child in self.items():
            if normalize_key(key) in names:
                return child
        return None


def entries(node: Node | None) -> list[tuple[str, Node]]:
    """Flatten the shapes documents use for "key: value" lists into (normalized key, value) pairs.

    A mapping gives its items; a list gives each single-key mapping's item, and each ``"Key: value"``
    string split at its first ``": "``. List items without a key come back with the key ``""``.
    """
    if node is None:
        return []
    if node.is_map:
        return [(normalize_key(key), child) for key, child in node.items()]
    found: list[tuple[str, Node]] = []
    for child in node.children():
        if child.is_map:
            found.extend((normalize_key(key), value) for key, value in child.items())
        elif isinstance(child.value, str) and ": " in child.value:
            key, _, rest = child.value.partition(": ")
            found.append((normalize_key(key), Node(rest.strip(), child.line)))
        else:
            found.append(("", child))
    return found


def lookup(node: Node | None, *names: str) -> Node | None:
    """The first entry (as flattened by ``entries``) whose key is one of ``names``."""
    for key, child in entries(node):
        if key in names:
            return child
    return None


def texts(node: Node | None) -> list[Node]:
    """A list of text items from a scalar, a list of scalars, or a list of "key: value" entries."""
    if node is None:
        return []
    if node.is_scalar:
        return [node] if node.text() else []
    found: list[Node] = []
    for child in node.children():
        if child.is_scalar:
            if child.text():
                found.append(child)
        elif child.is_map:
            found.extend(Node(f"{key}: {value.text()}".rstrip(": "), value.line) for key, value in child.items())
    return found
