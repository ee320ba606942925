{%- set view = cookiecutter._intspec.view -%}
"""What the OAuth endpoints take and answer, for the OpenAPI document.

The endpoints read their own requests (RFC 6749's forms and query parameters, see `oauth/adapter.py`), so
FastAPI cannot see what they take; these models say it, and the routes hand them to the document through
`openapi_extra` and `responses`. They describe; Authlib validates.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class TokenForm(BaseModel):
    """The token request (RFC 6749 section 4): which fields a grant needs is the grant's to say."""

    grant_type: Literal[{{ view.grants | map("py") | join(", ") }}]
    code: str | None = None
    redirect_uri: str | None = None
    code_verifier: str | None = None
    refresh_token: str | None = None
    scope: str | None = None
    client_id: str | None = None
    client_secret: str | None = None


class TokenPublic(BaseModel):
    """A successful token response (RFC 6749 section 5.1)."""

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None


class RevocationForm(BaseModel):
    token: str
    token_type_hint: Literal["access_token", "refresh_token"] | None = None
    client_id: str | None = None
    client_secret: str | None = None


class IntrospectionForm(BaseModel):
    token: str
    token_type_hint: Literal["access_token", "refresh_token"] | None = None
    client_id: str | None = None
    client_secret: str | None = None


class IntrospectionPublic(BaseModel):
    """RFC 7662 section 2.2: `active` alone for a token that is not, the token's claims for one that is."""

    model_config = ConfigDict(extra="allow")

    active: bool
    client_id: str | None = None
    token_type: str | None = None
    scope: str | None = None
    sub: str | None = None
    iss: str | None = None
    iat: int | None = None
    exp: int | None = None



class AuthorizationQuery(BaseModel):
    """The authorization request (RFC 6749 section 4.1.1, PKCE per RFC 7636)."""

    response_type: Literal["code"]
    client_id: str
    redirect_uri: str | None = None
    scope: str | None = None
    state: str | None = None
    code_challenge: str | None = None
    code_challenge_method: Literal["S256"] | None = None


class SignInForm(BaseModel):
    """What the sign-in page posts back, to the same URL (the authorization request stays in its query)."""

    email: str
    password: str
    decision: Literal["allow", "deny"]
    csrf_token: str


def fields_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema, as a form or a query has it: a field left out is absent, never null."""
    schema = model.model_json_schema()
    for name, field in schema["properties"].items():
        kinds = [kind for kind in field.get("anyOf", []) if kind != {"type": "null"}]
        if len(kinds) == 1:
            schema["properties"][name] = {**{k: v for k, v in field.items() if k not in ("anyOf", "default")}, **kinds[0]}
    return schema


def form_body(model: type[BaseModel]) -> dict[str, Any]:
    """An operation's `requestBody`: a form (`application/x-www-form-urlencoded`) with ``model``'s fields."""
    schema = fields_schema(model)
    return {"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema}}}}


def query_parameters(model: type[BaseModel]) -> dict[str, Any]:
    """An operation's `parameters`: ``model``'s fields, each a query parameter."""
    schema = fields_schema(model)
    required = set(schema.get("required", []))
    parameters = [
        {"name": name, "in": "query", "required": name in required, "schema": field}
        for name, field in schema["properties"].items()
    ]
    return {"parameters": parameters}


def page(description: str) -> dict[str, Any]:
    """A response that is an HTML page."""
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


REDIRECT: dict[str, Any] = {
    "description": "To the client's redirect URI, with `code` and `state`, or with an `error` (RFC 6749 section 4.1.2).",
    "headers": {"Location": {"schema": {"type": "string"}}},
}
