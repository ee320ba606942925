"""The Jinja environment blueprints render in: sandboxed, strict about undefined names, with filters
that escape a value for the file it lands in.

Cookiecutter builds a plain ``Environment``; while intspec renders, ``sandboxed_cookiecutter`` makes it
build a ``SandboxedEnvironment`` instead, so a template from outside ``blueprints/`` cannot reach Python
internals. The filters are registered by ``IntspecExtension``, which each blueprint's ``cookiecutter.json``
lists in ``_extensions`` (so plain ``cookiecutter`` in intspec's environment renders it the same way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import cookiecutter.generate
from cookiecutter.environment import ExtensionLoaderMixin
from jinja2 import Environment, StrictUndefined, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from generator.naming import (
    constant_name,
    event_class_name,
    is_module_path,
    pascal_case,
    require_identifier,
    snake_case,
)
from generator.templating.escape import (
    comment_text,
    docstring_text,
    json_string,
    json_text,
    markdown_code,
    markdown_inline,
    python_literal,
    shell_word,
    toml_string,
    toml_value,
    yaml_string,
)
from generator.templating.mappings import field_maps
from generator.templating.shapes import error_envelope


@pass_context
def spec_ref(context: Context, path: str) -> str:
    """``"webhooks.retry.max_attempts" | spec_ref`` -> ``"spec.md:418"`` (empty when the value was defaulted)."""
    intspec = context["cookiecutter"].get("_intspec", {})
    line = intspec.get("lines", {}).get(path)
    return comment_text(f"{intspec.get('spec_file', 'spec.md')}:{line}") if line else ""


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def import_lines(imports: list[list[str]], package: str) -> str:
    """``from <package>.<module> import A, b`` lines for ``[module, name]`` pairs, merged per module and in
    the order ruff's isort wants (modules alphabetically; constants, classes, then functions). A triple
    ``[module, name, alias]`` imports ``name as alias`` on a line of its own (two blueprints' ``register``)."""
    names: dict[str, set[str]] = {}
    aliased: list[tuple[str, str]] = []
    for module, name, *alias in imports:
        if not is_module_path(module) or not _NAME.match(name) or not all(_NAME.match(a) for a in alias):
            raise ValueError(f"cannot import {name!r} from {module!r}: not a module path and a name")
        full = f"{require_identifier(package, 'package name')}.{module}"
        if alias:
            aliased.append((full, f"{name} as {alias[0]}"))
        else:
            names.setdefault(full, set()).add(name)
    lines = [(module, ", ".join(sorted(found, key=import_order))) for module, found in names.items()]
    return "\n".join(import_line(module, what) for module, what in sorted([*lines, *aliased]))


def import_line(module: str, what: str, line_length: int = 120) -> str:
    """One ``from`` import, wrapped as ruff's isort wraps one longer than the line length: a name a line."""
    line = f"from {module} import {what}"
    if len(line) <= line_length:
        return line
    names = "".join(f"    {name},\n" for name in what.split(", "))
    return f"from {module} import (\n{names})"


def import_order(name: str) -> tuple[int, str]:
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower()


FILTERS: dict[str, Any] = {
    "import_lines": import_lines,
    "py": python_literal,
    "json_str": json_string,
    "json": json_text,
    "toml_str": toml_string,
    "toml_value": toml_value,
    "yaml_str": yaml_string,
    "sh": shell_word,
    "md": markdown_inline,
    "code": markdown_code,
    "comment": comment_text,
    "doc": docstring_text,
    "ident": lambda name: require_identifier(str(name), "name"),
    "pascal": pascal_case,
    "snake": snake_case,
    "constant": constant_name,
    "event_class": event_class_name,
    "spec_ref": spec_ref,
    "error_envelope": error_envelope,
    "field_maps": field_maps,
}


class IntspecExtension(Extension):
    """Registers intspec's escaping and naming filters."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(FILTERS)


class SandboxedStrictEnvironment(ExtensionLoaderMixin, SandboxedEnvironment):  # type: ignore[misc]
    """Cookiecutter's ``StrictEnvironment``, sandboxed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(undefined=StrictUndefined, **kwargs)


def sandboxed_env(context: dict[str, Any]) -> SandboxedStrictEnvironment:
    return SandboxedStrictEnvironment(context=context, keep_trailing_newline=True, autoescape=False)


@contextmanager
def sandboxed_cookiecutter() -> Iterator[None]:
    """Make ``cookiecutter.generate.generate_files`` render in the sandboxed environment."""
    original = cookiecutter.generate.create_env_with_context
    cookiecutter.generate.create_env_with_context = sandboxed_env
    try:
        yield
    finally:
        cookiecutter.generate.create_env_with_context = original
