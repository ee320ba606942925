"""The example documents the suite reads: ours in spec_inputs/, the corpus in tests/corpus/ (the same
template written the way other models and hurried people write it), and the shared ones where they exist."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC_INPUTS = ROOT / "spec_inputs"
SHARED_SPECS = Path(os.environ.get("INTSPEC_SHARED_SPECS", ROOT.parent / "shared" / "specs"))
CORPUS = ROOT / "tests" / "corpus"
GOLDEN = ROOT / "tests" / "golden"


def own_documents() -> list[Path]:
    return sorted(SPEC_INPUTS.glob("*.md"))


def shared_documents() -> list[Path]:
    return sorted(SHARED_SPECS.glob("*.md")) if SHARED_SPECS.is_dir() else []


def corpus_documents() -> list[Path]:
    return sorted(CORPUS.glob("*.md"))


def all_documents() -> list[Path]:
    return own_documents() + corpus_documents() + shared_documents()


def document_params() -> list[object]:
    """One pytest param per document; the shared ones are skipped where ../shared is absent."""
    params: list[object] = [pytest.param(path, id=path.stem) for path in own_documents()]
    params += [pytest.param(path, id=f"corpus-{path.stem}") for path in corpus_documents()]
    if shared_documents():
        params += [pytest.param(path, id=f"shared-{path.stem}") for path in shared_documents()]
    else:
        params.append(pytest.param(None, id="shared", marks=pytest.mark.skip(reason="../shared/specs is not here")))
    return params


def golden_path(document: Path) -> Path:
    folder = document.parent.resolve()
    prefix = "shared-" if folder == SHARED_SPECS.resolve() else "corpus-" if folder == CORPUS.resolve() else ""
    return GOLDEN / f"{prefix}{document.stem}.json"
