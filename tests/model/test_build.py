"""``build``'s own steps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.model.build import natural_key, natural_order

PARTS = st.sampled_from(
    ["", "0", "7", "07", "10", "999999999", "1000000000", "²", "a", "ab", "b", "a\x00", "\x01", "Z"]
)
PATHS = st.lists(PARTS, min_size=1, max_size=4).map(".".join)


@given(st.lists(PATHS, unique=True))
def test_natural_order_sorts_as_natural_key(paths: list[str]) -> None:
    """The flat string key sorts as ``natural_key`` does: indexes by number, before names; a name before the
    longer names it begins; and, with a NUL in a path, by ``natural_key`` itself."""
    sources = {path: line for line, path in enumerate(paths)}
    expected = sorted(sources, key=natural_key)
    assert list(natural_order(sources)) == expected


def test_natural_order_of_typical_paths() -> None:
    sources = {"webhooks.events.10.name": 1, "webhooks.events.2.name": 2, "webhooks.events": 3, "app.name": 4}
    assert list(natural_order(sources)) == [
        "app.name",
        "webhooks.events",
        "webhooks.events.2.name",
        "webhooks.events.10.name",
    ]
