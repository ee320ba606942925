"""OpenAPI documents checked with openapi-spec-validator, each problem with the document path it is about.

The model stage checks an OpenAPI document a spec embeds; the render stage checks the one it writes.
"""

from __future__ import annotations

from functools import cache
from typing import Any


def openapi_problems(document: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every problem openapi-spec-validator finds, each with the document path it is about."""
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from referencing.exceptions import Unresolvable

    problems = dangling_refs(document)
    if problems:
        return problems  # the validator stops at the first unresolvable $ref; report them all instead
    try:
        for error in located_validator(OpenAPIV31SpecValidator, "3.1")(document).iter_errors():
            path = getattr(error, "doc_path", None) or tuple(error.absolute_path)
            problems.append((tuple(path), error.message))
    except Unresolvable as exc:
        problems.append(((), f"unresolvable reference: {exc}"))
    return problems


@cache
def located_validator(base: type[Any], version: str) -> type[Any]:
    """``base`` whose semantic checks report document paths (theirs are relative or empty otherwise), and whose
    schema check is jsonschema's whatever else is installed: openapi-spec-validator prefers jsonschema-rs
    when it can import it (schemathesis brings it), whose messages are worded otherwise."""
    from jsonschema_path.paths import SchemaPath
    from openapi_spec_validator.schemas.backend.jsonschema import create_validator
    from openapi_spec_validator.schemas.utils import get_schema_content
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    def locating(keyword: type[Any]) -> type[Any]:
        def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N807
            where = next((a for a in (*args, *kwargs.values()) if isinstance(a, SchemaPath)), None)
            for error in keyword.__call__(self, *args, **kwargs):
                located = (
                    error if isinstance(error, OpenAPIValidationError) else OpenAPIValidationError.create_from(error)
                )
                if where is not None and not hasattr(located, "doc_path"):
                    located.doc_path = (*where.parts, *located.absolute_path)
                yield located

        return type("Located" + keyword.__name__, (keyword,), {"__call__": __call__})

    keywords = {name: locating(keyword) for name, keyword in base.keyword_validators.items()}
    schema_validator = create_validator(dict(get_schema_content(version)))
    return type(
        "Located" + base.__name__, (base,), {"keyword_validators": keywords, "schema_validator": schema_validator}
    )


def dangling_refs(document: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Local ``$ref``s that point nowhere (the validator would stop at the first one)."""
    found: list[tuple[tuple[str | int, ...], str]] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/") and resolve_pointer(document, ref) is None:
                found.append((path, f"$ref {ref!r} points nowhere"))
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(document, ())
    return found


def resolve_pointer(document: Any, ref: str) -> Any:
    node = document
    for part in ref[2:].split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdecimal() and key.isascii() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node
