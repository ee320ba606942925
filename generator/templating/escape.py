"""Escaping for each kind of file a spec value can land in. Every filter returns text that, placed in its
file, reads back as exactly the original value (or, for comments and markdown, as harmless text)."""

from __future__ import annotations

import json
import math
import re
import shlex
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def python_literal(value: Any) -> str:
    """A Python expression equal to ``value`` (JSON-like data), with double-quoted strings."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else '-float("inf")'
        return repr(value)
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(python_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(str(k))}: {python_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write a {type(value).__name__} as a Python literal")


def json_string(text: str) -> str:
    """A double-quoted string literal valid in JSON and Python alike (line separators escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON for a value; with ``indent``, the stable pretty form used for data files."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    body = body.replace("\n", "\\n").replace("\r", "\\r")
    body = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", body)
    return '"' + body + '"'


def toml_value(value: object) -> str:
    """A TOML value for a single value: booleans, integers, finite floats, strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    raise ValueError(f"{value!r} has no TOML form here (a boolean, number or string is expected)")


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar; characters YAML may not hold raw are escaped."""
    out = []
    for char in json.dumps(text, ensure_ascii=False)[1:-1]:
        code = ord(char)
        printable = (char == "\t" or 0x20 <= code <= 0x7E or 0xE000 <= code <= 0xFFFD or code >= 0x10000) or (
            0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029)
        )
        out.append(char if printable else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def markdown_inline(text: str) -> str:
    """Text safe inside a markdown paragraph, heading or table cell: one line, markup escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", comment_text(text))


def markdown_code(text: str, table: bool = False) -> str:
    """``text`` as a markdown code span, backticks and all: one line, its fence longer than any run of
    backticks inside. In a table cell (``table=True``) ``|`` is escaped so that the cell does not end at it;
    GitHub's tables take ``\\|`` in a code span as ``|``."""
    line = comment_text(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", line)), default=0) + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    if table:
        line = line.replace("|", "\\|")
    return f"{fence}{pad}{line}{pad}{fence}"


def docstring_text(text: str) -> str:
    """Text safe inside a one-line ``\"\"\"docstring\"\"\"``: as ``comment_text``, with backslashes and quotes escaped."""
    return comment_text(text).replace("\\", "\\\\").replace('"', '\\"')


def comment_text(text: str) -> str:
    """Text safe inside a one-line ``#`` comment: line breaks and control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def shell_word(value: object) -> str:
    """``value`` as one word of a POSIX shell command line (quoted when it needs to be)."""
    return shlex.quote(str(value))
