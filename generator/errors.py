"""Errors and diagnostics: every exception intspec raises is defined here.

Problems in a document are *diagnostics*: located, collected, never raised one by one. Problems that stop
a command are exceptions, all derived from one base class so the CLI can map them to exit codes::

    IntspecError                     exit 1   a user error; the message says what to do next
     ├── DocumentError               exit 1   the document cannot be read at all (a missing file)
     ├── SpecError                   exit 1   the document has errors (carries its diagnostics)
     ├── UnsafeNameError             exit 1   a name would be unsafe as a path or identifier (also a ValueError)
     ├── BlueprintError              exit 1   a blueprint folder is unusable or fails to render
     │    └── UntrustedBlueprintError exit 1  an outside blueprint would run code; pass --trust
     ├── PlanError                   exit 1   blueprints cannot be combined as asked (collisions, cycles)
     ├── CodegenError                exit 1   generated code or documents fail their own checks
     ├── OutputError                 exit 1   the output folder cannot be written as asked
     └── ProjectError                exit 1   a folder is not a generated project, or its checker is missing

Inside the parse stage, ``generator.parse.nodes.DecodeError`` marks a block that cannot be decoded; it never
leaves the stage: ``decode_block`` turns it into a diagnostic. Private exceptions (``_NotPlainError``) are a
module's own control flow: a fast path giving way to the general one; they never leave their module.

Usage errors (exit 2) are the command line's own, reported by typer before a command runs. Anything else
escaping a command is a bug in intspec: exit 3, one line, traceback only with ``--debug``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]

# Every diagnostic code, with what it means. docs/diagnostics.md explains each one with an example.
CODES: dict[str, str] = {
    "empty-document": "the document has no content",
    "encoding": "the document is not valid UTF-8",
    "planning-block": "a private <integration_planning> block was ignored",
    "planning-unclosed": "an <integration_planning> block is never closed",
    "wrapper-unclosed": "the ```markdown fence wrapping the document is never closed",
    "fence-unclosed": "a code fence is never closed",
    "yaml-syntax": "a YAML block cannot be read",
    "yaml-duplicate-key": "a YAML mapping repeats a key",
    "json-syntax": "a JSON block cannot be read",
    "json-lenient": "a JSON block is not strict JSON; it was read as JSON5, a JavaScript object or YAML",
    "yaml-lenient": "a YAML block is not YAML as written (JSON5, or values with ': '); it was read leniently",
    "js-syntax": "a data object in a JavaScript-flavoured block cannot be read",
    "xml-syntax": "an XML block cannot be read, or declares entities or external references",
    "csv-syntax": "a CSV block cannot be read",
    "table-cells": "a table row has fewer or more cells than its header",
    "app-name": "the document has no '# Integration Specifications: <App Name>' title",
    "package-name": "the app name cannot become a Python package name as written",
    "duplicate-section": "a section appears twice; the first one is used",
    "extra-section": "a heading that only loosely matches a template section is kept as an extra section",
    "not-applicable-content": "a section marked not applicable has data below it, which is ignored",
    "conflicting-section": "two copies of a section disagree on a value",
    "oauth-flow": "an OAuth flow intspec does not know",
    "oauth-grant-refused": "the spec lists the implicit or password grant, which the service never offers",
    "oauth-grant-unsupported": "the spec lists an OAuth grant the oauth blueprint does not generate",
    "endpoint": "an OAuth endpoint is not a path or URL, or endpoints are on different hosts",
    "scope-name": "a scope is not two words joined by a colon, like 'read:profile'",
    "duplicate-scope": "a scope is listed twice",
    "jwt-algorithm": "JWT access tokens with a signing algorithm the oauth blueprint does not generate",
    "event-name": "an event name is not a dotted identifier",
    "duplicate-event": "an event is listed twice in the catalog",
    "event-class": "two events would be modelled by one payload class",
    "saml-url": "a SAML metadata URL whose path the service cannot serve",
    "saml-binding": "a SAML endpoint binding that is not a SAML 2.0 binding",
    "identity-provider": "an identity provider that gets no settings, or another provider's settings names",
    "unknown-event": "the webhook configuration example subscribes to an event the catalog lacks",
    "payload-unknown-event": "a payload example is for an event the catalog lacks",
    "number": "a value that must be a number or duration is not one",
    "retry-inconsistent": "retry settings contradict each other",
    "backoff": "a backoff that is not exponential, linear or fixed",
    "email": "an email address is not valid",
    "sendgrid-template": "a SendGrid template ID does not look like a dynamic template ID",
    "salesforce-auth": "a Salesforce connection type intspec does not know",
    "field-mapping": "a field mapping row lacks a field",
    "transform-unknown": "a field mapping uses a transform intspec does not know",
    "error-format": "the error response format lacks members the service needs",
    "openapi-invalid": "an OpenAPI document embedded in the spec is not valid OpenAPI 3.x",
    "reader-bug": "intspec failed on this section: a bug in intspec, please report it",
}


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
        self.add(Diagnostic(max(line, 1), "error", code, message))

    def warning(self, line: int, code: str, message: str) -> None:
        self.add(Diagnostic(max(line, 1), "warning", code, message))

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {diagnostic.code!r}; add it to generator.errors.CODES")
        self.items.append(diagnostic)

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self, last_line: int | None = None) -> list[Diagnostic]:
        """Unique diagnostics in document order. A line past ``last_line`` (an empty block at the very end
        of the document reports the line after its fence) is moved onto it."""
        items = self.items
        if last_line is not None:
            items = [replace(d, line=min(d.line, max(last_line, 1))) for d in items]
        unique = dict.fromkeys(items)
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


class DocumentError(IntspecError):
    """The document cannot be read (missing, unreadable)."""


class UnsafeNameError(IntspecError, ValueError):
    """A value that was about to become a path or an identifier is not safe to use as one."""


class BlueprintError(IntspecError):
    """A blueprint folder is not usable; the message names the file and what to change."""


class UntrustedBlueprintError(BlueprintError):
    """An outside blueprint has hooks or Python code, and ``--trust`` was not given."""


class PlanError(IntspecError):
    """The blueprints cannot be combined as asked; the message names them."""


class CodegenError(IntspecError):
    """Generated code or documents failed their own checks (a blueprint or intspec bug)."""


class OutputError(IntspecError):
    """The output cannot be written where or as asked."""


class ProjectError(IntspecError):
    """A folder given as a generated project is not one, or cannot be checked as asked."""
