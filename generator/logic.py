"""A blueprint's own Python logic: the optional ``blueprint.py`` beside its ``blueprint.yaml``.

It may define any of four functions, which the core calls for every blueprint that applies, knowing none
by name::

    def validate(spec: IntegrationSpec) -> list[Diagnostic]
        # located diagnostics for what this blueprint needs of the model; an error stops the scaffold
    def view(spec: IntegrationSpec) -> dict[str, Any]
        # the blueprint's typed view of the model (JSON data), given to its templates as `_intspec.view`
    def contributions(spec: IntegrationSpec) -> dict[str, list[Any]]
        # items for extension points that depend on the document (a setting per identity provider), checked
        # like those of blueprint.yaml; they are data, never rendered as templates
    def artifacts(spec: IntegrationSpec, spec_file: str) -> dict[str, str]
        # generated code or documents its templates insert verbatim, as `_intspec.generated.<name>`

Built-in blueprints' modules are part of intspec; an outside blueprint's module is code from elsewhere and
runs only with ``--trust``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from generator.blueprints import Blueprint
from generator.errors import BlueprintError, Diagnostic
from generator.model.schema import IntegrationSpec

Validate = Callable[[IntegrationSpec], list[Diagnostic]]
View = Callable[[IntegrationSpec], dict[str, Any]]
Contributions = Callable[[IntegrationSpec], dict[str, list[Any]]]
Artifacts = Callable[[IntegrationSpec, str], dict[str, str]]
FUNCTIONS = ("validate", "view", "contributions", "artifacts")


@dataclass(frozen=True)
class Logic:
    validate: Validate | None = None
    view: View | None = None
    contributions: Contributions | None = None
    artifacts: Artifacts | None = None


NO_LOGIC = Logic()


def load_logic(blueprint: Blueprint) -> Logic:
    """The functions ``blueprint.py`` defines (none when the blueprint has no such file)."""
    if blueprint.logic is None:
        return NO_LOGIC
    module = import_logic(blueprint)
    found = {name: getattr(module, name, None) for name in FUNCTIONS}
    for name, function in found.items():
        if function is not None and not callable(function):
            raise BlueprintError(f"{blueprint.logic}: {name} must be a function")
    return Logic(**found)


def import_logic(blueprint: Blueprint) -> ModuleType:
    name = f"intspec_blueprint_{blueprint.name}"
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", None) == str(blueprint.logic):
        return loaded
    spec = importlib.util.spec_from_file_location(name, blueprint.logic)
    if spec is None or spec.loader is None:
        raise BlueprintError(f"{blueprint.logic}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - any failure in a blueprint's module is that blueprint's error
        del sys.modules[name]
        raise BlueprintError(f"{blueprint.logic}: failed to import ({type(exc).__name__}: {exc})") from None
    return module
