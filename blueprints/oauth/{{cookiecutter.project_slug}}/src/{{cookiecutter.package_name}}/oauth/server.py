{%- set view = cookiecutter._intspec.view -%}
{%- set oauth = cookiecutter._intspec.spec.oauth -%}
"""The service's authorization server: which grants and endpoints it has, where clients and tokens live.

One server is built per request, around that request's database session (Authlib asks for clients and
codes without passing the request along, so the server carries the session).
"""

import time
import uuid
from typing import Any, cast

from authlib.oauth2.rfc6749 import OAuth2Request
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.scopes import SCOPES
from {{ cookiecutter.package_name }}.core.security import hash_secret
from {{ cookiecutter.package_name }}.models.oauth import AuthorizationCode, OAuthClient, OAuthToken
from {{ cookiecutter.package_name }}.oauth.adapter import StarletteAuthorizationServer
from {{ cookiecutter.package_name }}.oauth.endpoints import IntrospectionEndpoint, RevocationEndpoint
from {{ cookiecutter.package_name }}.oauth.grants import (
{%- if "authorization_code" in view.grants %}
    AuthorizationCodeGrant,
{%- endif %}
{%- if "client_credentials" in view.grants %}
    ClientCredentialsGrant,
{%- endif %}
{%- if "refresh_token" in view.grants %}
    RefreshTokenGrant,
{%- endif %}
{%- if "authorization_code" in view.grants %}
    S256CodeChallenge,
{%- endif %}
)
from {{ cookiecutter.package_name }}.oauth.tokens import (
    ACCESS_TOKEN_SECONDS,
    REFRESH_TOKEN_SECONDS,
    token_generator,
)

# The grant types the spec's flows become{% if "oauth.flows.0" | spec_ref %} ({{ "oauth.flows.0" | spec_ref }}){% endif %}; implicit and password never are.
GRANT_TYPES: tuple[str, ...] = ({% for grant in view.grants %}{{ grant | py }}{% if not loop.last or loop.length == 1 %},{% endif %}{% if not loop.last %} {% endif %}{% endfor %})


# The statements of every token request, built once. The token row goes in as one INSERT of the table:
# nothing reads it back in the request, and the ORM's unit of work (or an ORM-enabled insert) costs several
# times the statement.
CLIENT_BY_ID = select(OAuthClient).where(OAuthClient.client_id == bindparam("client_id"))
INSERT_TOKEN = insert(cast(Table, OAuthToken.__table__))


class AuthorizationServer(StarletteAuthorizationServer):
    def __init__(self, session: Session, settings: Settings) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.session = session
        self.settings = settings
        self.register_token_generator("default", token_generator(session, settings))
{%- if "authorization_code" in view.grants %}
        self.register_grant(AuthorizationCodeGrant, [S256CodeChallenge(required=True)])
{%- endif %}
{%- if "client_credentials" in view.grants %}
        self.register_grant(ClientCredentialsGrant)
{%- endif %}
{%- if "refresh_token" in view.grants %}
        self.register_grant(RefreshTokenGrant)
{%- endif %}
        self.register_endpoint(RevocationEndpoint)
        self.register_endpoint(IntrospectionEndpoint)

    def query_client(self, client_id: str) -> OAuthClient | None:
        return self.session.scalar(CLIENT_BY_ID, {"client_id": client_id})

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Store the token response's hashes. A rotated refresh token's successor joins its family; a token
        from an authorization code remembers the code."""
        issued = int(time.time())
        previous: OAuthToken | None = request.refresh_token
        code: AuthorizationCode | None = request.authorization_code
        refresh = token.get("refresh_token")
        self.session.execute(
            INSERT_TOKEN,
            dict(
                client_id=request.client.client_id,
                user_id=request.user.id if request.user else None,
                scope=token.get("scope", ""),
                family=previous.family if previous else uuid.uuid4().hex,
                authorization_code_id=code.id if code else None,
                access_token_hash=hash_secret(token["access_token"]),
                refresh_token_hash=hash_secret(refresh) if refresh else None,
                issued_at=issued,
                access_expires_at=issued + ACCESS_TOKEN_SECONDS,
                refresh_expires_at=issued + REFRESH_TOKEN_SECONDS if refresh and REFRESH_TOKEN_SECONDS else None,
            ),
        )

    def metadata(self) -> dict[str, Any]:
        """RFC 8414 authorization server metadata."""
        issuer = self.settings.oauth_issuer.rstrip("/")
        secret_methods = ["client_secret_basic", "client_secret_post"]
        return {
            "issuer": issuer,
            "authorization_endpoint": issuer + {{ oauth.endpoints.authorize | py }},
            "token_endpoint": issuer + {{ oauth.endpoints.token | py }},
            "revocation_endpoint": issuer + {{ oauth.endpoints.revoke | py }},
            "introspection_endpoint": issuer + {{ oauth.endpoints.introspect | py }},
{%- if view.jwt %}
            "jwks_uri": issuer + "/.well-known/jwks.json",
{%- endif %}
            "scopes_supported": list(SCOPES),
            "response_types_supported": ["code"] if "authorization_code" in GRANT_TYPES else [],
            "response_modes_supported": ["query"],
            "grant_types_supported": list(GRANT_TYPES),
            "token_endpoint_auth_methods_supported": [*secret_methods, "none"],
            "revocation_endpoint_auth_methods_supported": [*secret_methods, "none"],
            "introspection_endpoint_auth_methods_supported": secret_methods,
            "code_challenge_methods_supported": ["S256"],
        }
