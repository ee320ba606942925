"""Names that become paths or identifiers: validated here, in one place, before anything is written."""

from __future__ import annotations

import keyword
import re

from generator.errors import UnsafeNameError

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_MODULE = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORDS = re.compile(r"[A-Za-z0-9]+")


def is_identifier(name: str) -> bool:
    """A lowercase Python identifier that is not a keyword."""
    return bool(_IDENTIFIER.match(name)) and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


def is_module_path(path: str) -> bool:
    """A dotted path of lowercase identifiers, ``api.routes.events``."""
    return bool(_MODULE.match(path))


def is_slug(name: str) -> bool:
    return bool(_SLUG.match(name))


def require_identifier(name: str, what: str) -> str:
    if not is_identifier(name):
        raise UnsafeNameError(f"{what} {name!r} is not a lowercase Python identifier")
    return name


def require_slug(name: str, what: str) -> str:
    if not is_slug(name):
        raise UnsafeNameError(f"{what} {name!r} is not lowercase kebab-case")
    return name


def pascal_case(text: str) -> str:
    """``"time_entry.approved"`` -> ``"TimeEntryApproved"``; always a valid class name."""
    words = _WORDS.findall(text)
    name = "".join(word[:1].upper() + word[1:] for word in words)
    if not name or name[0].isdigit():
        name = "X" + name
    return name


def snake_case(text: str) -> str:
    """``"Time Entry.approved"`` -> ``"time_entry_approved"``; always a valid identifier."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    name = "_".join(word.lower() for word in _WORDS.findall(spaced))
    if not name or name[0].isdigit():
        name = "x_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def event_class_name(event: str) -> str:
    """The pydantic model of an event's ``data``: ``invoice.paid`` -> ``InvoicePaidData``."""
    return pascal_case(event) + "Data"


def constant_name(text: str) -> str:
    """``"invoice.paid"`` -> ``"INVOICE_PAID"``."""
    return snake_case(text).upper().strip("_")
