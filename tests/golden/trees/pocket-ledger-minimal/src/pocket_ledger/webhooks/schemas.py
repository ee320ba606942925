"""The endpoints API's bodies: the spec's Webhook Configuration fields, checked when an endpoint is
configured (URL, subscribed events against the catalog, custom headers, secret format)."""

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pocket_ledger.events.catalog import event_types
from pocket_ledger.webhooks import policy
from pocket_ledger.webhooks.signing import secret_key
from pocket_ledger.webhooks.ssrf import TargetRefusedError, check_url

# RFC 9110 field names; values without CR, LF or NUL (a line break would start a header of the caller's).
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")
# Headers the service sets itself on every delivery, which a custom header may not replace.
RESERVED_HEADERS = frozenset(
    name.lower()
    for name in (
        "content-type", "content-length", "host", "user-agent", "transfer-encoding", "connection",
        "webhook-id", "webhook-timestamp", "webhook-signature", policy.SIGNATURE_HEADER,
        *([policy.TIMESTAMP_HEADER] if policy.TIMESTAMP_HEADER else []),
    )
)


def check_events(events: list[str]) -> list[str]:
    unknown = [name for name in events if name not in event_types()]
    if unknown:
        raise ValueError(f"unknown event type(s): {', '.join(unknown)} (see GET /api/v1/event-types)")
    return list(dict.fromkeys(events))


def check_headers(headers: dict[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if not HEADER_NAME.match(name):
            raise ValueError(f"{name!r} is not a header name")
        if name.lower() in RESERVED_HEADERS:
            raise ValueError(f"the {name} header is set by the service itself")
        if any(character in value for character in "\r\n\0") or len(value) > 1000:
            raise ValueError(f"the value of {name} may not contain CR, LF or NUL (and is at most 1000 characters)")
    return headers


def check_target(url: str) -> str:
    # The address check needs the settings and a resolution: it is made for every delivery (`ssrf`).
    try:
        check_url(url, allow_private=True)
    except TargetRefusedError as exc:
        raise ValueError(str(exc)) from exc
    return url


def check_secret(secret: str | None) -> str | None:
    if secret is not None:
        secret_key(secret)
    return secret


class WebhookEndpointFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(default=None, max_length=500)
    filters: dict[str, Any] | None = None
    headers: dict[str, str] | None = None
    api_version: str | None = Field(default=None, max_length=50)

    @field_validator("headers")
    @classmethod
    def _headers(cls, headers: dict[str, str] | None) -> dict[str, str] | None:
        return None if headers is None else check_headers(headers)

    def options(self) -> dict[str, Any]:
        """The spec's extra configuration members that were given."""
        return {name: getattr(self, name) for name in OPTION_FIELDS if getattr(self, name) is not None}


OPTION_FIELDS: tuple[str, ...] = ()


class WebhookEndpointCreate(WebhookEndpointFields):
    url: str = Field(max_length=2048)
    events: list[str] = Field(min_length=1, max_length=200)
    secret: str | None = Field(default=None, max_length=200, description="whsec_ and base64; made for you when left out")
    active: bool = True

    @field_validator("url")
    @classmethod
    def _url(cls, url: str) -> str:
        return check_target(url)

    @field_validator("events")
    @classmethod
    def _events(cls, events: list[str]) -> list[str]:
        return check_events(events)

    @field_validator("secret")
    @classmethod
    def _secret(cls, secret: str | None) -> str | None:
        return check_secret(secret)


class WebhookEndpointUpdate(WebhookEndpointFields):
    url: str | None = Field(default=None, max_length=2048)
    events: list[str] | None = Field(default=None, min_length=1, max_length=200)
    active: bool | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, url: str | None) -> str | None:
        return None if url is None else check_target(url)

    @field_validator("events")
    @classmethod
    def _events(cls, events: list[str] | None) -> list[str] | None:
        return None if events is None else check_events(events)


class WebhookEndpointPublic(BaseModel):
    id: str
    url: str
    description: str | None
    events: list[str]
    filters: dict[str, Any]
    headers: dict[str, str]
    api_version: str | None
    active: bool
    disabled_reason: str | None
    created_at: float
    updated_at: float


class WebhookEndpointWithSecret(WebhookEndpointPublic):
    secret: str = Field(description="the signing secret: shown when it is made, keep it")


class WebhookEndpointList(BaseModel):
    data: list[WebhookEndpointPublic]


class RotateSecret(BaseModel):
    model_config = ConfigDict(extra="forbid")

    secret: str | None = Field(default=None, max_length=200, description="the new secret; made for you when left out")

    @field_validator("secret")
    @classmethod
    def _secret(cls, secret: str | None) -> str | None:
        return check_secret(secret)


class EventCreate(BaseModel):
    type: str = Field(max_length=200)
    data: dict[str, Any]


class EventAccepted(BaseModel):
    id: str
