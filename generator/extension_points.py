"""Extension points: the places a blueprint lets others add to what it renders.

A blueprint declares its extension points in its ``blueprint.yaml`` (the ``service`` blueprint declares the
app's: routers, settings, middleware, CLI commands, ...), each with a typed item schema::

    extension_points:
      routers:
        summary: APIRouter modules the app includes
        fields:
          module: module              # "type": required
          tag: identifier?            # "type?": optional, None (or [] for a list) when left out
        unique: [module]              # no two contributions may share a value of these fields
        reserved: [...]               # values of the unique fields the owner uses itself

or, for points whose items are single values, ``item: requirement`` (unique by the requirement's name).
Contributions (``contributes:`` in any blueprint) are checked against the schema when blueprints load, and
for name collisions when a plan combines them. Every field type below says what a value may be.

A mapping item may also say ``when: <dotted model path>``: it is contributed only when that path holds a
value (as ``requires`` decides), so one blueprint can add the ``jwks`` command only for a spec whose access
tokens are JWTs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.model.paths import path_problem
from generator.naming import is_identifier, is_module_path

_CLASS = re.compile(r"^[A-Z][A-Za-z0-9_]*$")
_WORD = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
_ENV = re.compile(r"^[A-Z][A-Z0-9_]*$")
_TYPE = re.compile(r"^[A-Za-z_][\w.]*(\[[\w., |\[\]\"-]*\])?( \| [A-Za-z_][\w.]*(\[[\w., |\[\]\"-]*\])?)*$")
_METRIC_KIND = re.compile(r"^(counter|gauge|histogram)$")
_REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9,._-]+\])?\s*([<>=!~]=?[^;\s]+(,\s*[<>=!~]=?[^;\s]+)*)?$"
)
_SCOPE = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]+$")  # RFC 6749 section 3.3: scope-token
_LIST = re.compile(r"^list\[(?P<inner>[a-z_]+)\]$")
RESERVED_FIELDS = frozenset({"blueprint", "when"})
WHEN = "when"


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or "\n" in value or "\r" in value or "\x00" in value:
        return "is not one line of text"
    return None


def _markdown(value: Any) -> str | None:
    return None if isinstance(value, str) and "\x00" not in value else "is not text"


def _matching(pattern: re.Pattern[str], what: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and pattern.match(value) else f"is not {what}"

    return check


def _predicate(test: Callable[[str], bool], what: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and test(value) else f"is not {what}"

    return check


def _identifier(value: Any) -> str | None:
    return None if isinstance(value, str) and is_identifier(value) else "is not a lowercase Python identifier"


def _scalar(value: Any) -> str | None:
    return None if value is None or isinstance(value, str | int | float | bool) else "is not a single value"


def _mapping(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and _scalar(v) is None for k, v in value.items()):
        return "is not a mapping of names to single values"
    return None


def _model_path(value: Any) -> str | None:
    if not isinstance(value, str):
        return "is not a dotted model path"
    problem = path_problem(value)
    return f"is not a path into the model: {problem}" if problem else None


FIELD_TYPES: dict[str, Callable[[Any], str | None]] = {
    "text": _text,
    "markdown": _markdown,
    "identifier": _identifier,
    "module": _predicate(is_module_path, "a dotted lowercase module path like 'api.routes.events'"),
    "class_name": _matching(_CLASS, "a class name like 'RequestTimer'"),
    "word": _matching(_WORD, "a lowercase word like 'worker' or 'send-test'"),
    "env_name": _matching(_ENV, "an environment variable name like 'REDIS_URL'"),
    "type_annotation": _matching(_TYPE, "a type annotation like 'str | None'"),
    "requirement": _matching(_REQUIREMENT, "a requirement like 'package>=1.0'"),
    "metric_kind": _matching(_METRIC_KIND, "one of counter, gauge, histogram"),
    "scope": _matching(_SCOPE, "an OAuth scope like 'webhook:manage' (printable ASCII, no space, quote or backslash)"),
    "scalar": _scalar,
    "mapping": _mapping,
    "model_path": _model_path,
}


def requirement_name(requirement: str) -> str:
    match = _REQUIREMENT.match(requirement)
    name = match["name"] if match else requirement
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: str  # a FIELD_TYPES key
    many: bool = False
    required: bool = True

    @property
    def default(self) -> Any:
        return [] if self.many else None

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value``, quoting it (``None``: nothing)."""
        check = FIELD_TYPES[self.type]
        if not self.many:
            problem = check(value)
            return f"{value!r} {problem}" if problem else None
        if not isinstance(value, list):
            return f"{value!r} is not a list of {self.type}"
        for index, item in enumerate(value):
            problem = check(item)
            if problem:
                return f"item {index} {item!r} {problem}"
        return None


@dataclass(frozen=True, slots=True)
class ExtensionPoint:
    """One declared extension point: its owner, its item schema and its uniqueness rule."""

    name: str
    owner: str
    summary: str
    fields: tuple[FieldSpec, ...] = ()
    item: FieldSpec | None = None  # items that are single values
    unique: tuple[str, ...] = ()
    reserved: tuple[str, ...] = ()

    def check(self, item: Any) -> tuple[Any, str | None]:
        """The item with its optional fields filled in, and what is wrong with it (``None``: nothing)."""
        if self.item is not None:
            return item, self.item.problem(item)
        if not isinstance(item, dict):
            return item, f"{item!r} is not a mapping with {', '.join(f.name for f in self.fields)}"
        known = {f.name for f in self.fields}
        unknown = sorted(set(item) - known - {WHEN})
        if unknown:
            return item, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})"
        problem = when_problem(item.get(WHEN))
        if problem:
            return item, f"when: {problem}"
        filled = dict(item)
        for spec in self.fields:
            if spec.name not in item:
                if spec.required:
                    return item, f"{spec.name}: missing (required)"
                filled[spec.name] = spec.default
                continue
            if item[spec.name] is None and not spec.required:
                filled[spec.name] = spec.default
                continue
            problem = spec.problem(item[spec.name])
            if problem:
                return item, f"{spec.name}: {problem}"
        return filled, None

    def identities(self, item: Any) -> list[tuple[str, str]]:
        """(what, value) pairs no two contributions may share."""
        if self.item is not None:
            value = requirement_name(item) if self.item.type == "requirement" else str(item)
            return [("name" if self.item.type == "requirement" else "value", value)]
        return [(name, str(item[name])) for name in self.unique if item.get(name) is not None]


def when_problem(value: Any) -> str | None:
    """What is wrong with an item's ``when`` (``None``: nothing, or no ``when``)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"{value!r} is not a dotted model path"
    problem = path_problem(value)
    return f"{value!r} is not a path into the model: {problem}" if problem else None


def parse_field(name: str, declared: Any) -> FieldSpec:
    """``"module"``, ``"identifier?"``, ``"list[word]"``, ``"list[text]?"``."""
    if not isinstance(declared, str):
        raise ValueError(f"field {name!r}: its type must be text like 'identifier?', not {declared!r}")
    text = declared.strip()
    required = not text.endswith("?")
    text = text.rstrip("?")
    listed = _LIST.match(text)
    kind = listed["inner"] if listed else text
    if kind not in FIELD_TYPES:
        raise ValueError(f"field {name!r}: unknown type {kind!r} (known: {', '.join(FIELD_TYPES)})")
    if name in RESERVED_FIELDS:
        raise ValueError(f"field {name!r} is reserved: intspec adds it to every item")
    return FieldSpec(name, kind, many=listed is not None, required=required)


def parse_point(owner: str, name: str, declared: dict[str, Any]) -> ExtensionPoint:
    """One entry of a blueprint's ``extension_points``; ``ValueError`` names what is wrong."""
    if not is_identifier(name):
        raise ValueError(f"{name!r} is not a lowercase identifier")
    unknown = sorted(set(declared) - {"summary", "fields", "item", "unique", "reserved"})
    if unknown:
        raise ValueError(f"{name}: unknown key {unknown[0]!r} (known: fields, item, reserved, summary, unique)")
    if ("fields" in declared) == ("item" in declared):
        raise ValueError(f"{name}: give either 'fields' (items are mappings) or 'item' (items are single values)")
    fields = tuple(parse_field(key, value) for key, value in (declared.get("fields") or {}).items())
    item = parse_field("item", declared["item"]) if "item" in declared else None
    unique = tuple(declared.get("unique") or ())
    missing = [key for key in unique if key not in {f.name for f in fields}]
    if missing:
        raise ValueError(f"{name}: unique names {missing[0]!r}, which is not one of its fields")
    reserved = tuple(str(value) for value in declared.get("reserved") or ())
    return ExtensionPoint(name, owner, str(declared.get("summary", "")), fields, item, unique, reserved)
