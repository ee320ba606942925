"""Build small documents inside tests and read them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.errors import Diagnostic
from generator.pipeline import ReadResult, read_spec_bytes

TITLE = "# Integration Specifications: Test App\n"


def doc(body: str, title: str = TITLE) -> str:
    return title + textwrap.dedent(body)


def read(text: str) -> ReadResult:
    return read_spec_bytes(text.encode("utf-8"), "spec.md")


def lines_of(result: ReadResult, code: str) -> list[int]:
    return [d.line for d in result.diagnostics if d.code == code]


def only(result: ReadResult, code: str) -> Diagnostic:
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, f"expected one {code!r} diagnostic, got {result.diagnostics}"
    return found[0]


def fence(lang: str, body: str) -> str:
    return f"```{lang}\n{textwrap.dedent(body).strip(chr(10))}\n```\n"


def build_file_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root`` (as copier's tests do); returns ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root
