"""The orchestrator: runs the stages in order. Each stage lives in its own module::

read_spec:  bytes --parse--> ParsedDocument --model--> IntegrationSpec (+ diagnostics)
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Diagnostic, Diagnostics, DocumentError, SpecError
from generator.model import IntegrationSpec, build_model
from generator.parse import ParsedDocument, parse_document

if TYPE_CHECKING:
    from generator.plan import Plan


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
        raise DocumentError(f"{shown}: cannot read the document ({exc.strerror or exc})") from None
    return read_spec_bytes(data, shown)


def read_spec_bytes(data: bytes, path: str = "spec.md") -> ReadResult:
    diags = Diagnostics()
    if not data.strip():
        diags.error(1, "empty-document", "the document is empty")
    with collector_paused():
        parsed = parse_document(data, path, diags)
        spec = build_model(parsed, diags)
    return ReadResult(path=path, spec=spec, diagnostics=diags.sorted(parsed.document.line_count), parsed=parsed)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading allocates many small objects and no garbage cycles worth collecting meanwhile; pausing the
    cyclic collector roughly halves the time for a large document (bench/parse_speed.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate_spec(path: Path) -> list[Diagnostic]:
    """The document's diagnostics, and what the built-in blueprints that apply find in its model."""
    from generator.blueprints import load_blueprints
    from generator.plan import blueprint_diagnostics

    result = read_spec(path)
    if result.has_errors:
        return result.diagnostics
    found = result.diagnostics + blueprint_diagnostics(result.spec, load_blueprints())
    return sorted(found, key=lambda d: (d.line, d.severity != "error", d.code, d.message))


def plan_spec(
    spec_path: Path, blueprint_dirs: list[Path] | None = None, trust: bool = False
) -> tuple[Plan, list[Diagnostic]]:
    """Read the document (errors stop here) and plan the project it describes; also its warnings and those
    of the blueprints that apply. An outside blueprint's Python module runs only with ``trust``."""
    from generator.blueprints import load_blueprints
    from generator.plan import plan_project

    result = read_spec(spec_path)
    spec = result.require_valid()
    try:
        plan = plan_project(spec, load_blueprints(blueprint_dirs), spec_file=spec_path.name, trust=trust)
    except SpecError as exc:  # a blueprint's own checks of the model: located in the document as given
        raise SpecError(result.path, exc.diagnostics) from None
    warnings = result.diagnostics + list(plan.warnings)
    return plan, sorted(warnings, key=lambda d: (d.line, d.severity != "error", d.code, d.message))


@dataclass(frozen=True)
class ScaffoldResult:
    plan: Plan
    target: Path
    files: list[str]
    kept: list[str]
    warnings: list[Diagnostic]


def scaffold(
    spec_path: Path,
    target: Path,
    *,
    force: bool = False,
    dry_run: bool = False,
    blueprint_dirs: list[Path] | None = None,
    trust: bool = False,
) -> ScaffoldResult:
    """Generate the project ``spec_path`` describes into ``target``; with ``dry_run``, only plan it."""
    from generator.output import check_target
    from generator.render import render_project

    plan, warnings = plan_spec(spec_path, blueprint_dirs, trust)
    if dry_run:
        return ScaffoldResult(plan, target, [], [], warnings)
    check_target(target, force)
    spec_sha256 = hashlib.sha256(spec_path.read_bytes()).hexdigest()
    rendered = render_project(plan, target, spec_sha256, trust=trust)
    return ScaffoldResult(plan, target, rendered.files, rendered.kept, warnings)
