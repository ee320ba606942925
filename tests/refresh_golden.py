"""Write the golden models: ``python -m tests.refresh_golden`` (or ``make golden``). Review the diff after."""

from __future__ import annotations

import json
from pathlib import Path

from generator.pipeline import read_spec
from tests.documents import GOLDEN, all_documents, golden_path


def model_text(document: Path) -> str:
    """The inspected model of ``document`` as stable JSON (its diagnostics included)."""
    result = read_spec(document, display_path=document.name)
    return json.dumps(result.spec.model_dump(mode="json"), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for document in all_documents():
        target = golden_path(document)
        target.write_text(model_text(document), encoding="utf-8")
        print(f"wrote {target.relative_to(GOLDEN.parents[1])}")


if __name__ == "__main__":
    main()
