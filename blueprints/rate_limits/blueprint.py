"""The rate_limits blueprint's logic: each rate the spec's security section states becomes a token bucket,
applied to every caller or kept by name for the routes it is about.

What a limit is about is read from its words, as the documents write them::

    1000 requests/minute per API key            every API key              (credential "api_key")
    300 requests/minute per user OAuth token    every access token         (credential "access_token")
    600 requests/minute per client              every caller               (credential "any")
    Burst: 20 requests/second                   every caller, a second bucket beside the others
    60 requests/minute on rate quote endpoints  named "rate_quote_endpoints": routes opt in with rate_limit(...)
    30 req/min on /api/v1/search                every caller, on paths under /api/v1/search
    Imports: 30/hour per user                   named "imports"

A caller is its credential (an API key or access token, told apart by the API-key prefix), or its address
when it sends none. Limits without a number are left out: there is nothing to enforce.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

from generator.model.schema import IntegrationSpec, RateLimit
from generator.naming import snake_case

Credential = Literal["any", "api_key", "access_token"]

_PATH = re.compile(r"(?<![\w/])(/[A-Za-z0-9._~{}/-]*[A-Za-z0-9_~}-])")
_TOPIC = re.compile(r"\b(?:on|for)\s+(?:the\s+)?(?P<topic>[A-Za-z][\w -]*?)(?=\s+per\b|\s*[,;(]|\s*$)", re.IGNORECASE)
_KEY = re.compile(r"\b(?:api[ -]?keys?|keys?)\b", re.IGNORECASE)
_TOKEN = re.compile(r"\btokens?\b", re.IGNORECASE)
_BURST = re.compile(r"\bburst\b", re.IGNORECASE)
_REQUESTS = re.compile(r"\b(?:requests?|req|calls?|hits?)\b", re.IGNORECASE)


@dataclass
class Limit:
    name: str  # an identifier; the bucket's name in metrics, headers and rate_limit(...)
    count: int  # the bucket's capacity
    per_seconds: float  # the time it takes to refill completely
    credential: Credential
    path: str | None  # applied to requests under this path (None: to every request, unless named)
    named: bool  # only where a route opts in with rate_limit(name)
    text: str  # as the spec writes it
    line: int


def view(spec: IntegrationSpec) -> dict[str, Any]:
    """``limits``: every bucket (``_intspec.view``)."""
    return {"limits": [asdict(limit) for limit in read_limits(spec)]}


def read_limits(spec: IntegrationSpec) -> list[Limit]:
    limits: list[Limit] = []
    taken: set[str] = set()
    for index, stated in enumerate(spec.security.rate_limits if spec.security else []):
        if not stated.count or not stated.per_seconds or stated.count < 0 or stated.per_seconds < 0:
            continue  # a policy without a rate ("Per API key limits"): nothing to enforce
        line = spec.sources.get(f"security.rate_limits.{index}") or spec.sources.get("security.rate_limits") or 1
        limit = read_limit(stated, line)
        limit.name = unique(limit.name, taken)
        taken.add(limit.name)
        limits.append(limit)
    return limits


def read_limit(stated: RateLimit, line: int) -> Limit:
    text = stated.text
    label = stated.name.strip()
    path = _PATH.search(text)
    topic = _TOPIC.search(text)
    burst = bool(_BURST.search(label) or _BURST.search(text))
    subject = _TOPIC.sub(" ", text)  # "per client" words, without the topic's ("on API key endpoints")
    credential: Credential = "any"
    if _TOKEN.search(subject) and not _KEY.search(subject):
        credential = "access_token"
    elif _KEY.search(subject) and not _TOKEN.search(subject):
        credential = "api_key"
    if path is not None:
        name, named = snake_case(path.group(1)), False
    elif label and not burst:
        name, named = snake_case(label), True
    elif topic is not None and not burst_topic(topic.group("topic")):
        name, named = snake_case(topic.group("topic")), True
    else:
        name, named = caller_name(credential, burst, stated), False
    count, per_seconds = bucket_size(float(stated.count or 0), float(stated.per_seconds or 0))
    return Limit(
        name=name,
        count=count,
        per_seconds=per_seconds,
        credential=credential,
        path=path.group(1).rstrip("/") if path is not None else None,
        named=named,
        text=(f"{label}: " if label else "") + text,
        line=line,
    )


def bucket_size(count: float, per_seconds: float) -> tuple[int, float]:
    """A whole number of requests per period: ``0.5/second`` is one request per two seconds."""
    whole = max(1, round(count))
    return whole, per_seconds * whole / count


def burst_topic(topic: str) -> bool:
    """``burst`` phrased as a topic ("Burst allowance of 50 requests/second") is about every request."""
    return bool(_BURST.search(topic)) or bool(_REQUESTS.fullmatch(topic.strip()))


def caller_name(credential: Credential, burst: bool, stated: RateLimit) -> str:
    what = {"any": "caller", "api_key": "api_key", "access_token": "access_token"}[credential]
    return f"{what}_burst" if burst else f"per_{what}"


def unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate
