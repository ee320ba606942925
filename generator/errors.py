"""Errors and diagnostics.

Problems in a document are *diagnostics*: located, collected, never raised one by one. Problems that stop
a command are exceptions, all derived from one base class so the CLI can map them to exit codes::

    IntspecError                 exit 1   a user error; the message says what to do next
     ├── SpecError               exit 1   the document has errors (carries its diagnostics)
     ├── UsageError              exit 2   the command line asks for something impossible
     └── OutputError             exit 1   the output folder cannot be written as asked

Anything else escaping a command is a bug in intspec: exit 3, one line, traceback only with ``--debug``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about the document, at a 1-based line."""

    line: int
    severity: Severity
    code: str
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.severity}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "severity": self.severity, "code": self.code, "message": self.message}


@dataclass
class Diagnostics:
    """Collects diagnostics while a document is read; stages append, nobody raises."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, line: int, code: str, message: str) -> None:
        self.items.append(Diagnostic(max(line, 1), "error", code, message))

    def warning(self, line: int, code: str, message: str) -> None:
        self.items.append(Diagnostic(max(line, 1), "warning", code, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.items)
        return sorted(unique, key=lambda d: (d.line, d.severity != "error", d.code, d.message))

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class IntspecError(Exception):
    """Base of every error intspec reports to a user."""

    exit_code = 1


class SpecError(IntspecError):
    """The document has errors; ``diagnostics`` holds all of them, in document order."""

    def __init__(self, path: str, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.severity == "error")
        super().__init__(f"{path}: {errors} error(s); fix them and run the command again")


class UsageError(IntspecError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class OutputError(IntspecError):
    """The output cannot be written where or as asked."""
