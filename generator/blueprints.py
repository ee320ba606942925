"""Blueprints: one folder per capability, each a cookiecutter template plus a ``blueprint.yaml``.

A blueprint folder holds::

    blueprint.yaml                        name, summary, version, requires, depends_on, context, contributes
    cookiecutter.json                     defaults, so that plain ``cookiecutter --no-input`` renders it
    {{cookiecutter.project_slug}}/...     the files it writes
    openapi.yaml                          (optional) the paths it adds to the project's OpenAPI document
    hooks/                                (optional) cookiecutter hooks; run for outside blueprints only with --trust

``requires`` lists dotted model paths that must hold a value for the blueprint to apply; ``context`` maps
the names its templates use to dotted model paths; ``contributes`` adds items to merge points (lists that
one blueprint renders for all, such as the routers the service registers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.errors import BlueprintError
from generator.naming import is_identifier

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "blueprints"
TEMPLATE_DIR_NAME = "{{cookiecutter.project_slug}}"
_MODULE = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")
_CLASS = re.compile(r"^[A-Z][A-Za-z0-9_]*$")
_TYPE = re.compile(r"^[A-Za-z_][\w.]*(\[[\w., |\[\]]*\])?( \| [A-Za-z_][\w.]*(\[[\w., |\[\]]*\])?)*$")
_REQUIREMENT = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?\s*([<>=!~]=?[^;\s]+(,\s*[<>=!~]=?[^;\s]+)*)?$"
)
IDENTIFIER_KEYS = {"settings": ("name",), "health_checks": ("function",)}
MERGE_POINTS = ("routers", "dependencies", "dev_dependencies", "settings", "env", "models", "health_checks", "readme")


class BlueprintFile(BaseModel):
    """The schema of ``blueprint.yaml``."""

    model_config = ConfigDict(extra="forbid")

    name: str
    summary: str
    version: str
    requires: list[str] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)
    context: dict[str, str] = Field(default_factory=dict)
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

    @field_validator("contributes")
    @classmethod
    def known_merge_points(cls, value: dict[str, list[Any]]) -> dict[str, list[Any]]:
        unknown = sorted(set(value) - set(MERGE_POINTS))
        if unknown:
            raise ValueError(f"unknown merge point(s) {', '.join(unknown)}; known: {', '.join(MERGE_POINTS)}")
        for point, items in value.items():
            for item in items:
                check_contribution(point, item)
        return value


def check_contribution(point: str, item: Any) -> None:
    """Contributions become imports and identifiers in generated code: their names must be safe."""
    if point in ("dependencies", "dev_dependencies"):
        if not isinstance(item, str) or not _REQUIREMENT.match(item):
            raise ValueError(f"{point}: {item!r} is not a requirement like 'package>=1.0'")
        return
    if not isinstance(item, dict):
        raise ValueError(f"{point}: each item is a mapping, not {item!r}")
    if "module" in item and not _MODULE.match(str(item["module"])):
        raise ValueError(f"{point}: module {item['module']!r} is not a dotted lowercase module path")
    for key in IDENTIFIER_KEYS.get(point, ()):
        if key in item and not is_identifier(str(item[key])):
            raise ValueError(f"{point}: {key} {item[key]!r} is not a lowercase identifier")
    for name in item.get("names", []):
        if not _CLASS.match(str(name)):
            raise ValueError(f"{point}: {name!r} is not a class name")
    if point == "settings" and not _TYPE.match(str(item.get("type", ""))):
        raise ValueError(f"settings: type {item.get('type')!r} is not a type annotation like 'str | None'")


@dataclass(frozen=True)
class Blueprint:
    name: str
    summary: str
    version: str
    root: Path
    builtin: bool
    requires: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    contributes: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def template(self) -> Path:
        return self.root / TEMPLATE_DIR_NAME

    @property
    def openapi_fragment(self) -> Path | None:
        path = self.root / "openapi.yaml"
        return path if path.is_file() else None

    @property
    def has_hooks(self) -> bool:
        hooks = self.root / "hooks"
        return hooks.is_dir() and any(hooks.iterdir())

    @property
    def source(self) -> str:
        return "builtin" if self.builtin else str(self.root)


def load_blueprints(extra_dirs: list[Path] | None = None) -> dict[str, Blueprint]:
    """The built-in blueprints, then those in ``extra_dirs`` (a later one of the same name replaces it)."""
    found: dict[str, Blueprint] = {}
    for directory, builtin in [(BUILTIN_DIR, True), *((Path(d), False) for d in extra_dirs or [])]:
        if not directory.is_dir():
            raise BlueprintError(f"{directory}: no such blueprints folder")
        for folder in sorted(directory.iterdir()):
            if (folder / "blueprint.yaml").is_file():
                blueprint = load_blueprint(folder, builtin)
                found[blueprint.name] = blueprint
    return found


def load_blueprint(folder: Path, builtin: bool) -> Blueprint:
    path = folder / "blueprint.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = BlueprintFile.model_validate(raw)
    except yaml.YAMLError as exc:
        raise BlueprintError(f"{path}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in exc.errors())
        raise BlueprintError(f"{path}: {problems}") from None
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
        context=dict(spec.context),
        contributes={key: list(items) for key, items in spec.contributes.items()},
    )


def refuse_symlinks(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            raise BlueprintError(f"{path}: blueprints may not contain symbolic links")
