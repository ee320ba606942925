{%- set limits = cookiecutter._intspec.view.limits -%}
"""The spec's rate limits{% if "security.rate_limits" | spec_ref %} ({{ "security.rate_limits" | spec_ref | doc }}){% endif %}: a token bucket per caller for each.

`RateLimitMiddleware` applies the limits about every request (per API key, per access token, per caller,
and those about a path) before any route runs; a request over one gets a 429 in the spec's error format
with `Retry-After`. Every answer carries `X-RateLimit-Limit`, `-Remaining` and `-Reset` of the limit
closest to running out. The limits the spec states for routes by description ("on rate quote endpoints")
are kept by name: a route opts in with `dependencies=[rate_limit("name")]`.

A caller is its bearer credential (only its SHA-256 is used as the key), or its address without one.
`RATE_LIMIT_SCALE` multiplies every bucket's size (tests use a small one); `RATE_LIMITS_ENABLED=false`
turns them off.
"""

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.errors import ApiError, error_response
from {{ cookiecutter.package_name }}.core.rate_limit import Bucket, Buckets, Decision, MemoryBuckets, RedisBuckets
from {{ cookiecutter.package_name }}.services.api_keys import KEY_PREFIX

Credential = Literal["any", "api_key", "access_token"]
EXEMPT_PATHS = ("/health", "/metrics")  # monitoring is not rate limited
NAMESPACE = "{{ cookiecutter.package_name }}:rate-limit"  # of the Redis keys, unless RATE_LIMIT_NAMESPACE is set


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    period: float  # seconds
    credential: Credential  # which callers it counts
    path: str | None  # the paths it is about (None: every path, unless it is named)
    named: bool  # only where a route says rate_limit(name)
    text: str  # as the spec states it

    def bucket(self, scale: float) -> Bucket:
        return Bucket(capacity=max(1, math.floor(self.count * scale)), period=self.period)

    def covers(self, path: str) -> bool:
        return self.path is None or _path_pattern(self.path).match(path) is not None


LIMITS: tuple[Limit, ...] = (
{%- for limit in limits %}
    Limit(  {% if limit.line %}# {{ cookiecutter._intspec.spec_file | comment }}:{{ limit.line }}{% endif %}
        name={{ limit.name | py }},
        count={{ limit.count | py }},
        period={{ limit.per_seconds | py }},
        credential={{ limit.credential | py }},
        path={{ limit.path | py }},
        named={{ limit.named | py }},
        text={{ limit.text | py }},
    ),
{%- endfor %}
)
NAMED = {limit.name: limit for limit in LIMITS if limit.named}


def _path_pattern(template: str) -> re.Pattern[str]:
    """`/api/v1/orders/{id}` matches itself with any one segment for `{id}`, and every path below it."""
    parts = [re.escape(part) if not part.startswith("{") else "[^/]+" for part in re.split(r"(\{[^}]*\})", template)]
    return re.compile("^" + "".join(parts) + "(?:/|$)")


@dataclass(frozen=True)
class Caller:
    key: str  # what the buckets are keyed by
    credential: Literal["api_key", "access_token", "anonymous"]


def caller_of(scope: Scope) -> Caller:
    """The caller of a request: its bearer credential, or its address."""
    authorization = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token:
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        kind: Literal["api_key", "access_token"] = "api_key" if token.startswith(KEY_PREFIX) else "access_token"
        return Caller(key=f"{kind}:{digest}", credential=kind)
    client = scope.get("client")
    return Caller(key=f"address:{client[0] if client else 'unknown'}", credential="anonymous")


def counts(limit: Limit, caller: Caller) -> bool:
    return limit.credential == "any" or limit.credential == caller.credential


class RateLimiter:
    """The buckets and the settings that size them; `app.state.rate_limiter`."""

    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limits_enabled
        self.scale = settings.rate_limit_scale
        self.buckets: Buckets = (
            RedisBuckets(settings.redis_url, settings.rate_limit_namespace or NAMESPACE)
            if settings.redis_url
            else MemoryBuckets()
        )

    async def check(self, limits: list[Limit], caller: Caller) -> tuple[Decision | None, Limit | None]:
        """The decision of the limit closest to running out, and the limit that refused (if one did)."""
        closest: Decision | None = None
        for limit in limits:
            decision = await self.buckets.take(f"{limit.name}:{caller.key}", limit.bucket(self.scale))
            if not decision.allowed:
                return decision, limit
            if closest is None or decision.remaining / decision.limit < closest.remaining / closest.limit:
                closest = decision
        return closest, None


def limiter_of(app: Any) -> RateLimiter:
    """The app's limiter, made on first use from its settings."""
    limiter: RateLimiter | None = getattr(app.state, "rate_limiter", None)
    if limiter is None:
        limiter = app.state.rate_limiter = RateLimiter(app.state.settings)
    return limiter


def headers(decision: Decision) -> dict[str, str]:
    found = {
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": str(decision.remaining),
        "X-RateLimit-Reset": str(math.ceil(decision.reset)),
    }
    if not decision.allowed:
        found["Retry-After"] = str(max(1, math.ceil(decision.retry_after)))
    return found


def refusal(limit: Limit, decision: Decision) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        f"Rate limit {limit.name!r} ({limit.text}) reached; retry in {headers(decision)['Retry-After']} s.",
        error_type="rate_limit_error",
        headers=headers(decision),
    )


class RateLimitMiddleware:
    """The limits about every request, before routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limiter = limiter_of(scope["app"]) if scope["type"] == "http" else None
        if limiter is None or not limiter.enabled or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        caller = caller_of(scope)
        applying = [limit for limit in LIMITS if not limit.named and counts(limit, caller) and limit.covers(scope["path"])]
        decision, refused = await limiter.check(applying, caller)
        if refused is not None and decision is not None:
            error = refusal(refused, decision)
            response = error_response(429, error.error_type, error.code, error.message, headers=error.headers)
            await response(scope, receive, send)
            return
        if decision is None:
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["rate_limit"] = decision

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = scope["state"].get("rate_limit", decision)
                MutableHeaders(scope=message).update(headers(current))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def rate_limit(name: str) -> Any:
    """A route dependency applying the spec's limit `name` (one of `NAMED`) to the route's callers."""
    if name not in NAMED:
        raise ValueError(f"rate_limit: no limit named {name!r} (the spec's named limits: {', '.join(NAMED) or 'none'})")
    limit = NAMED[name]

    async def apply(request: Request, response: Response) -> None:
        limiter = limiter_of(request.app)
        if not limiter.enabled:
            return
        caller = caller_of(request.scope)
        if not counts(limit, caller):
            return
        decision, refused = await limiter.check([limit], caller)
        if refused is not None and decision is not None:
            request.scope.setdefault("state", {})["rate_limit"] = decision
            raise refusal(refused, decision)
        earlier = request.scope.get("state", {}).get("rate_limit")
        if decision is not None and (earlier is None or decision.remaining / decision.limit < earlier.remaining / earlier.limit):
            request.scope.setdefault("state", {})["rate_limit"] = decision

    return Depends(apply)


async def start(app: FastAPI) -> None:
    """At startup: the limiter, from the app's settings."""
    limiter_of(app)


async def stop(app: FastAPI) -> None:
    """At shutdown: the Redis connection, if the limiter was made."""
    limiter: RateLimiter | None = getattr(app.state, "rate_limiter", None)
    if limiter is not None:
        await limiter.buckets.close()
