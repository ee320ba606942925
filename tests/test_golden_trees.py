"""The project scaffolded from each tree document, compared file by file with tests/golden/trees/
(``make golden`` refreshes it; review the diff)."""

from pathlib import Path

import pytest

from tests.refresh_golden import TREE_DOCUMENTS, TREES, scaffold_tree
from tests.scaffolding import tree_bytes


@pytest.mark.parametrize("document", TREE_DOCUMENTS, ids=lambda d: d.stem)
def test_scaffolded_tree_matches_golden(document: Path, tmp_path: Path) -> None:
    expected = tree_bytes(TREES / document.stem)
    actual = tree_bytes(scaffold_tree(document, tmp_path / "out"))
    assert sorted(actual) == sorted(expected), "files differ; run `make golden` if intended"
    for path in sorted(expected):
        assert actual[path] == expected[path], f"{path} differs from the golden tree; run `make golden` if intended"
