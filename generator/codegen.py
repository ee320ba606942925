"""Code generation services for blueprints: pydantic models from JSON Schemas (datamodel-code-generator, one
call per module), and the check of the OpenAPI 3.1 document a project's app serves (openapi-spec-validator)."""

from __future__ import annotations

import copy
import warnings
from typing import Any

from generator.errors import CodegenError
from generator.model.openapi import openapi_problems

# JSON Schema formats whose pydantic types need packages the generated service does not install.
DROPPED_FORMATS = frozenset({"email", "idn-email"})
ANY_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": True}


def component_schemas(named: dict[str, dict[str, Any] | None]) -> dict[str, dict[str, Any]]:
    """OpenAPI component schemas, one per ``{class name: JSON Schema}`` (``None``: an open object), local
    ``$defs`` hoisted as ``<Name><Def>``; a schema that is not an object is wrapped as ``{"value": ...}``."""
    schemas: dict[str, dict[str, Any]] = {}
    for name in sorted(named):
        given = named[name]
        schema: dict[str, Any] = copy.deepcopy(given) if given else dict(ANY_OBJECT)
        if schema.get("type") not in (None, "object"):
            schema = {"type": "object", "properties": {"value": schema}, "required": ["value"]}
        for key, definition in hoist_definitions(schema, name).items():
            schemas[key] = definition
        schemas[name] = schema
    return schemas


def hoist_definitions(schema: dict[str, Any], owner: str) -> dict[str, dict[str, Any]]:
    """Move a schema's own ``$defs``/``definitions`` up as ``<Owner><Def>`` and point its refs there."""
    hoisted: dict[str, dict[str, Any]] = {}
    renames: dict[str, str] = {}
    for key in ("$defs", "definitions"):
        for name, definition in (schema.pop(key, None) or {}).items():
            new_name = owner + "".join(part[:1].upper() + part[1:] for part in str(name).replace("-", "_").split("_"))
            renames[f"#/{key}/{name}"] = f"#/components/schemas/{new_name}"
            hoisted[new_name] = definition
    for target in (schema, *hoisted.values()):
        clean_schema(target, renames)
    return hoisted


def clean_schema(node: Any, renames: dict[str, str]) -> None:
    """Drop ``$schema``/``$id`` and formats needing extra packages; rewrite hoisted refs (in place)."""
    if isinstance(node, dict):
        node.pop("$schema", None)
        node.pop("$id", None)
        if node.get("format") in DROPPED_FORMATS:
            node.pop("format")
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in renames:
            node["$ref"] = renames[ref]
        for child in node.values():
            clean_schema(child, renames)
    elif isinstance(node, list):
        for child in node:
            clean_schema(child, renames)


def models_source(schemas: dict[str, dict[str, Any]], header: str) -> str:
    """One module of pydantic models for the component ``schemas``: a single datamodel-code-generator call,
    no timestamps, so that the same schemas always give the same bytes."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType, NamingStrategy
    from datamodel_code_generator.format import Formatter, PythonVersion

    document = {
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            source = generate(
                document,
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                formatters=[Formatter.BUILTIN],
                disable_timestamp=True,
                custom_file_header=header,
                field_constraints=True,
                use_double_quotes=True,
                naming_strategy=NamingStrategy.ParentPrefixed,
                allow_population_by_field_name=True,
                allow_remote_refs=False,
                strict_refs=True,
            )
        except Exception as exc:  # noqa: BLE001 - the generator raises many types; all mean "cannot model"
            raise CodegenError(f"could not generate pydantic models: {exc}") from None
    if not isinstance(source, str):
        raise CodegenError("datamodel-code-generator returned several modules; expected one")
    return source.rstrip("\n") + "\n"


def validate_openapi(document: dict[str, Any]) -> list[str]:
    """Every problem as a ``path: message`` line (empty when the document is valid)."""
    return [f"{'/'.join(map(str, path)) or '(document)'}: {message}" for path, message in openapi_problems(document)]


def check_openapi(document: dict[str, Any]) -> None:
    """``CodegenError`` naming every problem, unless ``document`` is a valid OpenAPI 3.1 document."""
    problems = validate_openapi(document)
    if problems:
        raise CodegenError("the generated OpenAPI document is invalid:\n  " + "\n  ".join(problems))
