"""Small text helpers shared by the extractors."""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata
from urllib.parse import urlsplit

_LEAD_LABEL = re.compile(r"^\s*(?:\d+\.\s*)?\*\*(?P<name>[^*]+?)\*\*\s*[:\-–—]?\s*(?P<rest>.*)$", re.DOTALL)
_PLAIN_LABEL = re.compile(r"^\s*(?P<name>[^:]{1,60}?):\s+(?P<rest>.+)$", re.DOTALL)
_EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_SCOPE_NAME = re.compile(r"^[A-Za-z][\w.-]*:[\w.*-]+$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"\*\*|`")
# RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
_SCOPE_TOKEN = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]+$")
# Characters that end a string, a template or a statement in the files a name lands in.
_HOSTILE = re.compile(r"[\"'`\\{}<>;$\x00-\x1f\x7f]")

RESERVED_PACKAGES = frozenset(
    {
        "alembic", "authlib", "fastapi", "httpx", "pydantic", "pydantic_settings", "pytest", "sendgrid",
        "sqlalchemy", "starlette", "stripe", "uvicorn", "prometheus_client", "simple_salesforce", "tests",
        "migrations", "standardwebhooks", "yaml", "jinja2", "setuptools", "pip",
    }
)  # fmt: skip


def strip_markdown(text: str) -> str:
    """Drop emphasis, code ticks and link syntax: ``**Foo** [bar](x)`` -> ``Foo bar``."""
    text = _LINK.sub(r"\1", text)
    return _MARKS.sub("", text).strip()


def split_label(text: str) -> tuple[str, str]:
    """``"**Batch Processing**: Scheduled sync"`` -> (``"Batch Processing"``, ``"Scheduled sync"``)."""
    match = _LEAD_LABEL.match(text) or _PLAIN_LABEL.match(text)
    if match:
        return strip_markdown(match["name"]).rstrip(":"), strip_markdown(match["rest"])
    return "", strip_markdown(text)


def split_url(value: str) -> tuple[str, str | None]:
    """``https://auth.x.com/oauth2/token`` -> (``/oauth2/token``, ``https://auth.x.com``); a path -> (path, None)."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unbalanced "[" in the host
            return value, None
        return parts.path or "/", f"{parts.scheme}://{parts.netloc}"
    return value, None


def is_event_name(name: str) -> bool:
    return _EVENT_NAME.match(name) is not None


def is_scope_name(name: str) -> bool:
    """The template's shape, ``resource:action``: how a scope is recognised in a list or table."""
    return _SCOPE_NAME.match(name) is not None


def is_scope_token(name: str) -> bool:
    """Any scope OAuth allows (RFC 6749 §3.3), ``openid`` and ``profile`` included."""
    return _SCOPE_TOKEN.match(name) is not None


def is_hostile(text: str) -> bool:
    """Quotes, backslashes, braces, angle brackets, ``;``, ``$`` or control characters: text that would break
    out of the string, template or statement a generated name is placed in."""
    return _HOSTILE.search(text) is not None


def slugify(name: str) -> str:
    """ASCII kebab-case: ``"Café Olé 2.0"`` -> ``"cafe-ole-2-0"``."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def package_name(slug: str) -> tuple[str, str | None]:
    """A Python package name for ``slug``, and why it had to differ from the plain spelling (if it did)."""
    name = slug.replace("-", "_")
    if name[:1].isdigit():
        return f"app_{name}", f"{name!r} starts with a digit"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name}_app", f"{name!r} is a Python keyword"
    if name in sys.stdlib_module_names or name in RESERVED_PACKAGES:
        return f"{name}_app", f"{name!r} would shadow the module of that name"
    return name, None
