"""The functions of ``custom`` that are not written yet.

``@not_written`` marks one: it passes values through and is listed here, by ``GET /health`` (check
``mappings``) and nowhere else. Remove the decorator when you write the function.
"""

from collections.abc import Callable
from typing import Any, TypeVar

Function = TypeVar("Function", bound=Callable[..., Any])

NOT_WRITTEN: list[str] = []


def not_written(function: Function) -> Function:
    NOT_WRITTEN.append(function.__name__)
    return function
