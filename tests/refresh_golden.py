"""Write the golden files: ``python -m tests.refresh_golden`` (or ``make golden``). Review the diff after.

Golden models: the inspected model of every example document. Golden trees: the whole project scaffolded
from the documents in ``TREE_DOCUMENTS``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from generator.pipeline import read_spec, scaffold
from tests.documents import GOLDEN, SPEC_INPUTS, all_documents, golden_path

TREES = GOLDEN / "trees"
TREE_DOCUMENTS = [SPEC_INPUTS / "pocket-ledger-minimal.md"]


def model_text(document: Path) -> str:
    """The inspected model of ``document`` as stable JSON (its diagnostics included)."""
    result = read_spec(document, display_path=document.name)
    return json.dumps(result.spec.model_dump(mode="json"), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def scaffold_tree(document: Path, target: Path) -> Path:
    return scaffold(document, target).target


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for document in all_documents():
        target = golden_path(document)
        target.write_text(model_text(document), encoding="utf-8")
        print(f"wrote {target.relative_to(GOLDEN.parents[1])}")
    for document in TREE_DOCUMENTS:
        tree = TREES / document.stem
        shutil.rmtree(tree, ignore_errors=True)
        with tempfile.TemporaryDirectory() as scratch:
            shutil.copytree(scaffold_tree(document, Path(scratch) / "out"), tree)
        print(f"wrote {tree.relative_to(GOLDEN.parents[1])}/")


if __name__ == "__main__":
    main()
