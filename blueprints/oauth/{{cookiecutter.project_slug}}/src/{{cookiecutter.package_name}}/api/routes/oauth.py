{%- set view = cookiecutter._intspec.view -%}
{%- set oauth = cookiecutter._intspec.spec.oauth -%}
"""The OAuth endpoints, at the spec's paths{% if "oauth.endpoints.token" | spec_ref %} ({{ "oauth.endpoints.token" | spec_ref }}){% endif %}.

Authlib's code is synchronous, so it runs in the thread pool. The authorization routes are plain functions,
which FastAPI runs there. The token, revocation and introspection routes, which clients call most, read
the form first and then do all their work in a single thread-pool call with a session of their own. A
request's changes are committed when the answer is not an error; the revocations a reused code or a
replayed refresh token cause are committed where they happen.
"""

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from authlib.oauth2.rfc6749 import OAuth2Error
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from {{ cookiecutter.package_name }}.api.deps import SessionDep, SettingsDep
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.db import Database
from {{ cookiecutter.package_name }}.oauth.adapter import (
    HttpRequest,
    read_authorization_request,
    read_endpoint_request,
)
from {{ cookiecutter.package_name }}.oauth.csrf import COOKIE as CSRF_COOKIE
from {{ cookiecutter.package_name }}.oauth.csrf import FIELD, csrf_valid, new_csrf_token, set_csrf_cookie
{%- if view.jwt %}
from {{ cookiecutter.package_name }}.oauth.keys import jwks
{%- endif %}
from {{ cookiecutter.package_name }}.oauth.openapi import (
    REDIRECT,
    AuthorizationQuery,
    IntrospectionForm,
    IntrospectionPublic,
    RevocationForm,
    SignInForm,
    TokenForm,
    TokenPublic,
    form_body,
    page,
    query_parameters,
)
from {{ cookiecutter.package_name }}.oauth.pages import SignIn, error_page, sign_in_page
from {{ cookiecutter.package_name }}.oauth.server import AuthorizationServer
{%- if view.jwt %}
from {{ cookiecutter.package_name }}.oauth.tokens import ACCESS_TOKEN_SECONDS
{%- endif %}
from {{ cookiecutter.package_name }}.services.users import authenticate_user

AUTHORIZE_PATH = {{ oauth.endpoints.authorize | py }}
TOKEN_PATH = {{ oauth.endpoints.token | py }}
REVOKE_PATH = {{ oauth.endpoints.revoke | py }}
INTROSPECT_PATH = {{ oauth.endpoints.introspect | py }}

router = APIRouter()


class OAuthErrorPublic(BaseModel):
    """How the token, revocation and introspection endpoints refuse a request (RFC 6749 section 5.2)."""

    error: str
    error_description: str | None = None
    error_uri: str | None = None


REVOKED: dict[str, Any] = {
    "description": "Revoked, or not a token of this client's: the same answer (RFC 7009 section 2.2).",
    "content": {"application/json": {"schema": {"type": "object"}}},
}
# What those endpoints answer instead of the spec's error format (which the app's other errors keep).
OAUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": OAuthErrorPublic, "description": "The request is refused (RFC 6749 section 5.2)."},
    401: {"model": OAuthErrorPublic, "description": "The client did not authenticate: `invalid_client`."},
}


def get_server(session: SessionDep, settings: SettingsDep) -> AuthorizationServer:
    return AuthorizationServer(session, settings)


ServerDep = Annotated[AuthorizationServer, Depends(get_server)]
AuthorizationRequestDep = Annotated[HttpRequest, Depends(read_authorization_request)]
Endpoint = Callable[[AuthorizationServer, HttpRequest], Response]


def finish(server: AuthorizationServer, response: Response) -> Response:
    if response.status_code < 400:
        server.session.commit()
    else:
        server.session.rollback()
    return response


def answer(server: AuthorizationServer, request: HttpRequest, create: Callable[[HttpRequest], Response]) -> Response:
    """Authlib's answer to an endpoint request. Authlib answers the errors it finds validating a request; one the
    adapter raises while reading it (plain http) is answered here, the same way: RFC 6749 section 5.2 JSON."""
    try:
        response = create(request)
    except OAuth2Error as error:
        response = server.handle_error_response(request, error)
    return finish(server, response)


def refuse(server: AuthorizationServer, request: HttpRequest, error: OAuth2Error) -> Response:
    """Tell the client through its redirect URI once that URI is verified; otherwise show the user a page,
    and send nobody anywhere (RFC 6749 section 4.1.2.1)."""
    if error.redirect_uri:
        redirect: Response = server.handle_error_response(request, error)
        return redirect
    return error_page(server.settings.app_name, 400, str(error.error), str(error.description or "The request is not valid."))


def sign_in(server: AuthorizationServer, request: HttpRequest, grant: Any, email: str = "", error: str | None = None) -> Response:
    """The sign-in and consent page for a validated authorization request, with a fresh CSRF token."""
    token = new_csrf_token()
    oauth_request = grant.request
    page = SignIn(
        app_name=server.settings.app_name,
        client_name=oauth_request.client.name,
        scopes=(oauth_request.scope or "").split(),
        csrf_token=token,
        email=email,
        error=error,
    )
    response = sign_in_page(page, 400 if error else 200)
    set_csrf_cookie(response, token, AUTHORIZE_PATH, request.url.startswith("https://"))
    return response


@router.get(
    AUTHORIZE_PATH,
    summary="Sign in and consent",
    response_class=Response,
    openapi_extra=query_parameters(AuthorizationQuery),
    responses={
        200: page("The sign-in and consent page."),
        302: REDIRECT,
        400: page("The request is not valid and names no verified redirect URI: nobody is sent anywhere."),
    },
)
def authorize(server: ServerDep, request: AuthorizationRequestDep) -> Response:
    """The authorization code grant's page: who is asking for what, and a form to sign in and allow it."""
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return refuse(server, request, error)
    return sign_in(server, request, grant)


@router.post(
    AUTHORIZE_PATH,
    summary="Allow or deny an authorization request",
    response_class=Response,
    status_code=302,
    openapi_extra={**query_parameters(AuthorizationQuery), **form_body(SignInForm)},
    responses={
        302: REDIRECT,
        400: page("The sign-in page again (wrong email or password), or the request is not valid."),
        403: page("The form's CSRF token is missing or does not match its cookie."),
    },
)
def authorize_decision(server: ServerDep, request: AuthorizationRequestDep) -> Response:
    """The sign-in form's answer: an authorization code, or `access_denied`, through the client's redirect URI."""
    if not csrf_valid(request.cookies.get(CSRF_COOKIE), request.form.get(FIELD)):
        description = "The form has expired or did not come from this page; go back and try again."
        return error_page(server.settings.app_name, 403, "invalid_request", description)
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        return refuse(server, request, error)
    if request.form.get("decision") != "allow":
        return finish(server, server.create_authorization_response(request, grant_user=None, grant=grant))
    email = request.form.get("email", "")
    user = authenticate_user(server.session, server.settings, email, request.form.get("password", ""))
    if user is None:
        return sign_in(server, request, grant, email, "Wrong email or password.")
    return finish(server, server.create_authorization_response(request, grant_user=user, grant=grant))


def endpoint_response(database: Database, settings: Settings, request: HttpRequest, endpoint: Endpoint) -> Response:
    """An endpoint request from start to end, in one worker thread: its session, Authlib's answer, the commit."""
    with database.session() as session:
        server = AuthorizationServer(session, settings)
        return answer(server, request, partial(endpoint, server))


async def serve(request: Request, endpoint: Endpoint) -> Response:
    read = await read_endpoint_request(request)
    state = request.app.state
    return await run_in_threadpool(endpoint_response, state.db, state.settings, read, endpoint)


def token_endpoint(server: AuthorizationServer, request: HttpRequest) -> Response:
    response: Response = server.create_token_response(request)
    return response


def revocation_endpoint(server: AuthorizationServer, request: HttpRequest) -> Response:
    response: Response = server.create_endpoint_response("revocation", request)
    return response


def introspection_endpoint(server: AuthorizationServer, request: HttpRequest) -> Response:
    response: Response = server.create_endpoint_response("introspection", request)
    return response


@router.post(
    TOKEN_PATH,
    summary="Issue tokens",
    response_class=Response,
    openapi_extra=form_body(TokenForm),
    responses={200: {"model": TokenPublic, "description": "The tokens (RFC 6749 section 5.1)."}, **OAUTH_ERRORS},
)
async def token(request: Request) -> Response:
    """The token endpoint (RFC 6749 section 3.2): `grant_type` {{ view.grants | join(", ") }}."""
    return await serve(request, token_endpoint)


@router.post(
    REVOKE_PATH,
    summary="Revoke a token",
    response_class=Response,
    openapi_extra=form_body(RevocationForm),
    responses={200: REVOKED, **OAUTH_ERRORS},
)
async def revoke(request: Request) -> Response:
    """RFC 7009: the client revokes an access or refresh token it was issued."""
    return await serve(request, revocation_endpoint)


@router.post(
    INTROSPECT_PATH,
    summary="Introspect a token",
    response_class=Response,
    openapi_extra=form_body(IntrospectionForm),
    responses={200: {"model": IntrospectionPublic, "description": "Whether the token is active (RFC 7662)."}, **OAUTH_ERRORS},
)
async def introspect(request: Request) -> Response:
    """RFC 7662: whether a token is active, and what it carries; for the client it was issued to."""
    return await serve(request, introspection_endpoint)


@router.get("/.well-known/oauth-authorization-server", summary="Authorization server metadata")
def metadata(settings: SettingsDep, session: SessionDep) -> JSONResponse:
    """RFC 8414 metadata: the endpoints, grants, scopes and PKCE methods of this server."""
    return JSONResponse(AuthorizationServer(session, settings).metadata())
{%- if view.jwt %}


@router.get("/.well-known/jwks.json", summary="Keys that sign access tokens")
def jwks_document(session: SessionDep) -> JSONResponse:
    """The public keys that verify this server's JWT access tokens (RFC 7517)."""
    return JSONResponse(jwks(session, ACCESS_TOKEN_SECONDS), headers={"Cache-Control": "max-age=300"})
{%- endif %}
