"""Blueprints: one folder per capability, each a cookiecutter template plus a ``blueprint.yaml``.

A blueprint folder holds::

    blueprint.yaml                        name, summary, version, requires, depends_on, enhances, context,
                                          extension_points, contributes
    blueprint.py                          (optional) the blueprint's logic: validate, view, artifacts, export
    cookiecutter.json                     defaults, so that plain ``cookiecutter --no-input`` renders it
    {{cookiecutter.project_slug}}/...     the files it writes
    hooks/                                (optional) cookiecutter hooks; run for outside blueprints only with --trust

``requires`` lists dotted model paths that must hold a value for the blueprint to apply; ``depends_on`` names
blueprints it needs; ``enhances`` names blueprints it works with when they apply too (its templates read
``_intspec.enhances.<name>``); ``context`` maps the names its templates use to dotted model paths;
``extension_points`` declares what others may add to its files (see ``generator.extension_points``) and
``contributes`` adds items to the extension points of others (or its own). Model paths are checked against
the model's schema, contributions against the declared item schemas, when the blueprints load.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.errors import BlueprintError
from generator.extension_points import ExtensionPoint, parse_point
from generator.model.paths import path_problem
from generator.naming import is_identifier

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "blueprints"
TEMPLATE_DIR_NAME = "{{cookiecutter.project_slug}}"
LOGIC_FILE = "blueprint.py"


class BlueprintFile(BaseModel):
    """The schema of ``blueprint.yaml``."""

    model_config = ConfigDict(extra="forbid")

    name: str
    summary: str
    version: str
    requires: list[str] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)
    enhances: list[str] = Field(default_factory=list)
    context: dict[str, str] = Field(default_factory=dict)
    extension_points: dict[str, dict[str, Any]] = Field(default_factory=dict)
    contributes: dict[str, list[Any]] = Field(default_factory=dict)

    @field_validator("version", mode="before")
    @classmethod
    def version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @field_validator("name")
    @classmethod
    def name_is_identifier(cls, value: str) -> str:
        if not is_identifier(value):
            raise ValueError(f"{value!r} is not a lowercase identifier (letters, digits, underscores)")
        return value

    @field_validator("requires")
    @classmethod
    def requires_model_paths(cls, value: list[str]) -> list[str]:
        for index, path in enumerate(value):
            problem = path_problem(path)
            if problem:
                raise ValueError(f"item {index}: {problem}")
        return value

    @field_validator("context")
    @classmethod
    def context_model_paths(cls, value: dict[str, str]) -> dict[str, str]:
        for name, path in value.items():
            if not is_identifier(name):
                raise ValueError(f"{name!r} is not a lowercase identifier")
            problem = path_problem(path)
            if problem:
                raise ValueError(f"{name}: {problem}")
        return value


@dataclass(frozen=True)
class Blueprint:
    name: str
    summary: str
    version: str
    root: Path
    builtin: bool
    requires: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    enhances: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    extension_points: dict[str, ExtensionPoint] = field(default_factory=dict)
    contributes: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def file(self) -> Path:
        return self.root / "blueprint.yaml"

    @property
    def template(self) -> Path:
        return self.root / TEMPLATE_DIR_NAME

    @property
    def logic(self) -> Path | None:
        path = self.root / LOGIC_FILE
        return path if path.is_file() else None

    @property
    def has_hooks(self) -> bool:
        hooks = self.root / "hooks"
        return hooks.is_dir() and any(hooks.iterdir())

    @property
    def runs_code(self) -> bool:
        """Hooks or a logic module: code that runs on the user's machine."""
        return self.has_hooks or self.logic is not None

    @property
    def source(self) -> str:
        return "builtin" if self.builtin else str(self.root)


def load_blueprints(extra_dirs: list[Path] | None = None) -> dict[str, Blueprint]:
    """The built-in blueprints, then those in ``extra_dirs`` (a later one of the same name replaces it), with
    every contribution checked against the extension point it goes to."""
    found: dict[str, Blueprint] = {}
    for directory, builtin in [(BUILTIN_DIR, True), *((Path(d), False) for d in extra_dirs or [])]:
        if not directory.is_dir():
            raise BlueprintError(f"{directory}: no such blueprints folder")
        for folder in sorted(directory.iterdir()):
            if (folder / "blueprint.yaml").is_file():
                blueprint = load_blueprint(folder, builtin)
                found[blueprint.name] = blueprint
    points = declared_points(found)
    return {name: checked_contributions(blueprint, points) for name, blueprint in found.items()}


def load_blueprint(folder: Path, builtin: bool) -> Blueprint:
    path = folder / "blueprint.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = BlueprintFile.model_validate(raw)
    except yaml.YAMLError as exc:
        raise BlueprintError(f"{path}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in exc.errors())
        raise BlueprintError(f"{path}: {problems.replace('Value error, ', '')}") from None
    if spec.name != folder.name:
        raise BlueprintError(f"{path}: name {spec.name!r} must match the folder name {folder.name!r}")
    if not (folder / TEMPLATE_DIR_NAME).is_dir() or not (folder / "cookiecutter.json").is_file():
        raise BlueprintError(f"{folder}: a blueprint needs cookiecutter.json and a {TEMPLATE_DIR_NAME}/ folder")
    refuse_symlinks(folder)
    return Blueprint(
        name=spec.name,
        summary=spec.summary,
        version=spec.version,
        root=folder.resolve(),
        builtin=builtin,
        requires=tuple(spec.requires),
        depends_on=tuple(spec.depends_on),
        enhances=tuple(spec.enhances),
        context=dict(spec.context),
        extension_points=parse_points(path, spec.name, spec.extension_points),
        contributes={key: list(items) for key, items in spec.contributes.items()},
    )


def parse_points(path: Path, owner: str, declared: dict[str, dict[str, Any]]) -> dict[str, ExtensionPoint]:
    points: dict[str, ExtensionPoint] = {}
    for name, declaration in declared.items():
        try:
            points[name] = parse_point(owner, name, declaration)
        except ValueError as exc:
            raise BlueprintError(f"{path}: extension_points.{exc}") from None
    return points


def declared_points(blueprints: dict[str, Blueprint]) -> dict[str, ExtensionPoint]:
    """Every extension point, by name; two blueprints declaring one name is an error."""
    points: dict[str, ExtensionPoint] = {}
    for blueprint in blueprints.values():
        for name, point in blueprint.extension_points.items():
            if name in points:
                raise BlueprintError(
                    f"{blueprint.file}: extension_points.{name}: already declared by blueprint {points[name].owner!r}"
                )
            points[name] = point
    return points


def checked_contributions(blueprint: Blueprint, points: dict[str, ExtensionPoint]) -> Blueprint:
    """``blueprint`` with each contribution checked against its point's schema and its optional fields filled."""
    checked: dict[str, list[Any]] = {}
    for name, items in blueprint.contributes.items():
        point = points.get(name)
        if point is None:
            known = ", ".join(sorted(points))
            raise BlueprintError(
                f"{blueprint.file}: contributes.{name}: no blueprint declares this extension point (declared: {known})"
            )
        checked[name] = []
        for index, item in enumerate(items):
            filled, problem = point.check(item)
            problem = problem or reserved_problem(point, filled)
            if problem:
                raise BlueprintError(f"{blueprint.file}: contributes.{name}[{index}]: {problem}")
            checked[name].append(filled)
    return replace(blueprint, contributes=checked)


def reserved_problem(point: ExtensionPoint, item: Any) -> str | None:
    for what, value in point.identities(item):
        if value in point.reserved:
            return f"{what} {value!r} is reserved: blueprint {point.owner!r} uses it itself"
    return None


def refuse_symlinks(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            raise BlueprintError(f"{path}: blueprints may not contain symbolic links")
