"""The orchestrator: runs the stages in order. Each stage lives in its own module::

read_spec:  bytes --parse--> ParsedDocument --model--> IntegrationSpec (+ diagnostics)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostic, Diagnostics, IntspecError, SpecError
from generator.model import IntegrationSpec, build_model
from generator.parse import ParsedDocument, parse_document


@dataclass(frozen=True)
class ReadResult:
    path: str
    spec: IntegrationSpec
    diagnostics: list[Diagnostic]
    parsed: ParsedDocument

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def require_valid(self) -> IntegrationSpec:
        """The model, or ``SpecError`` carrying every diagnostic when the document has errors."""
        if self.has_errors:
            raise SpecError(self.path, self.diagnostics)
        return self.spec


def read_spec(path: Path, display_path: str | None = None) -> ReadResult:
    shown = display_path or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IntspecError(f"{shown}: cannot read the document ({exc.strerror or exc})") from None
    return read_spec_bytes(data, shown)


def read_spec_bytes(data: bytes, path: str = "spec.md") -> ReadResult:
    diags = Diagnostics()
    if not data.strip():
        diags.error(1, "empty-document", "the document is empty")
    parsed = parse_document(data, path, diags)
    spec = build_model(parsed, diags)
    return ReadResult(path=path, spec=spec, diagnostics=diags.sorted(), parsed=parsed)
