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

# Corpus documents that still have errors, each because of a reader limit in a file outside the model
# extractors. Their tests are strict xfails: fixing the reader makes them pass, and then this entry goes.
CORPUS_KNOWN_ERRORS = {
    "orbit-fitness": "free-text Salesforce transforms ('Truncate to 80 characters', 'Prefix with \"SF-\"', ...) "
    "are transform-unknown errors (generator/model/extract_connectors.py transforms)",
    "lantern-events": "'- Refresh token: 7 days (Door app: 36 hours, ...)' is a yaml-syntax error "
    "(generator/parse/yaml_block.py), and free-text transforms are transform-unknown errors",
}


def own_documents() -> list[Path]:
    return sorted(SPEC_INPUTS.glob("*.md"))


def shared_documents() -> list[Path]:
    return sorted(SHARED_SPECS.glob("*.md")) if SHARED_SPECS.is_dir() else []


def corpus_documents() -> list[Path]:
    return sorted(CORPUS.glob("*.md"))


def all_documents() -> list[Path]:
    return own_documents() + corpus_documents() + shared_documents()


def clean_documents() -> list[Path]:
    """The documents expected to read without errors (the ones that scaffold)."""
    return [path for path in all_documents() if not known_errors(path)]


def known_errors(document: Path) -> str | None:
    if document.parent.resolve() != CORPUS.resolve():
        return None
    return CORPUS_KNOWN_ERRORS.get(document.stem)


def document_params(*, expect_clean: bool = True) -> list[object]:
    """One pytest param per document; the shared ones are skipped where ../shared is absent. With
    ``expect_clean``, the corpus documents in ``CORPUS_KNOWN_ERRORS`` are strict xfails."""
    params: list[object] = [pytest.param(path, id=path.stem) for path in own_documents()]
    for path in corpus_documents():
        reason = known_errors(path) if expect_clean else None
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(path, id=f"corpus-{path.stem}", marks=marks))
    if shared_documents():
        params += [pytest.param(path, id=f"shared-{path.stem}") for path in shared_documents()]
    else:
        params.append(pytest.param(None, id="shared", marks=pytest.mark.skip(reason="../shared/specs is not here")))
    return params


def golden_path(document: Path) -> Path:
    folder = document.parent.resolve()
    prefix = "shared-" if folder == SHARED_SPECS.resolve() else "corpus-" if folder == CORPUS.resolve() else ""
    return GOLDEN / f"{prefix}{document.stem}.json"
