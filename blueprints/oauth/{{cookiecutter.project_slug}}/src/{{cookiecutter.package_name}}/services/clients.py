"""Registering, listing and deleting OAuth clients. A confidential client's secret is returned once and
stored as a hash; a public client has none and must use PKCE."""

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.core.scopes import unknown_scopes
from {{ cookiecutter.package_name }}.core.security import hash_secret, new_secret
from {{ cookiecutter.package_name }}.models.oauth import AuthorizationCode, OAuthClient, OAuthToken
from {{ cookiecutter.package_name }}.oauth.server import GRANT_TYPES


class ClientError(ValueError):
    """A client registration the server would not honour."""


@dataclass(frozen=True)
class CreatedClient:
    record: OAuthClient
    client_secret: str | None  # shown once, never stored


def create_client(
    session: Session,
    name: str,
    grant_types: list[str],
    redirect_uris: list[str] | None = None,
    scopes: list[str] | None = None,
    public: bool = False,
) -> CreatedClient:
    redirect_uris, scopes = redirect_uris or [], scopes or []
    check_registration(grant_types, redirect_uris, scopes, public)
    secret = None if public else new_secret()
    record = OAuthClient(
        client_id=uuid.uuid4().hex,
        client_secret_hash=hash_secret(secret) if secret else None,
        name=name,
        redirect_uris="\n".join(dict.fromkeys(redirect_uris)),
        grant_types=" ".join(dict.fromkeys(grant_types)),
        scope=" ".join(dict.fromkeys(scopes)),
    )
    session.add(record)
    session.flush()
    return CreatedClient(record, secret)


def check_registration(grant_types: list[str], redirect_uris: list[str], scopes: list[str], public: bool) -> None:
    unserved = [grant for grant in grant_types if grant not in GRANT_TYPES]
    if unserved or not grant_types:
        raise ClientError(f"grant type(s) {', '.join(unserved) or '(none)'}: this server offers {', '.join(GRANT_TYPES)}")
    if public and "client_credentials" in grant_types:
        raise ClientError("a public client cannot use client_credentials: it has no secret")
    if "authorization_code" in grant_types and not redirect_uris:
        raise ClientError("the authorization_code grant needs at least one --redirect-uri")
    for uri in redirect_uris:
        problem = redirect_uri_problem(uri)
        if problem:
            raise ClientError(f"redirect URI {uri!r}: {problem}")
    unknown = unknown_scopes(scopes)
    if unknown:
        raise ClientError(f"unknown scope(s): {', '.join(unknown)}")


def redirect_uri_problem(uri: str) -> str | None:
    """RFC 6749 section 3.1.2: an absolute URI without a fragment; plain http only for loopback hosts."""
    parts = urlsplit(uri)
    if not parts.scheme or not (parts.netloc or parts.path):
        return "not an absolute URI"
    if parts.fragment or "#" in uri:
        return "a redirect URI may not have a fragment"
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return "plain http is allowed for loopback addresses only; use https"
    return None


def list_clients(session: Session) -> list[OAuthClient]:
    return list(session.scalars(select(OAuthClient).order_by(OAuthClient.id)))


def delete_client(session: Session, client_id: str) -> bool:
    """Delete the client, with its codes and tokens; ``False`` when there is no such client."""
    found = session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))
    if found is None:
        return False
    session.execute(delete(OAuthToken).where(OAuthToken.client_id == client_id))
    session.execute(delete(AuthorizationCode).where(AuthorizationCode.client_id == client_id))
    session.delete(found)
    return True
