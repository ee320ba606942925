"""Dotted paths into the model (``webhooks.retry.max_attempts``, ``webhooks.events.0.name``), checked against
``IntegrationSpec``'s schema, so that a blueprint's ``requires`` or ``context`` with a typo is refused where it
is written instead of resolving to nothing."""

from __future__ import annotations

import types
import typing
from typing import Any, Union

from pydantic import BaseModel

from generator.model.schema import IntegrationSpec


def path_problem(path: str, root: type[BaseModel] = IntegrationSpec) -> str | None:
    """Why ``path`` names no value of the model (``None``: it does)."""
    annotation: Any = root
    walked: list[str] = []
    for part in path.split("."):
        annotation = step(annotation, part)
        if annotation is None:
            where = ".".join(walked) or "the model"
            return f"{path!r}: {where} has no {part!r}{known_fields(walked, root)}"
        walked.append(part)
    return None


def step(annotation: Any, part: str) -> Any:
    """The type found at ``part`` inside a value of type ``annotation`` (``None``: nothing there)."""
    for option in options(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            field = option.model_fields.get(part)
            if field is not None:
                return field.annotation
        origin = typing.get_origin(option)
        if origin is list and part.isdecimal():
            return typing.get_args(option)[0]
        if origin is dict:
            return typing.get_args(option)[1]
        if option is Any:
            return Any
    return None


def options(annotation: Any) -> list[Any]:
    """The members of ``X | Y | None``; ``[annotation]`` otherwise."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return [annotation]


def known_fields(walked: list[str], root: type[BaseModel]) -> str:
    annotation: Any = root
    for part in walked:
        annotation = step(annotation, part)
    names = [
        name
        for option in options(annotation)
        if isinstance(option, type) and issubclass(option, BaseModel)
        for name in option.model_fields
    ]
    return f" (it has {', '.join(names)})" if names else ""
