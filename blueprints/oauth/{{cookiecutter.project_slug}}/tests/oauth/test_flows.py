{%- set view = cookiecutter._intspec.view -%}
"""Every grant the spec asks for, end to end over HTTP, driven by Authlib's own client."""
{% set keys_tests = view.jwt and "client_credentials" in view.grants %}
{%- if keys_tests %}
import base64
import json
import time
{% endif %}
import requests
{%- if view.jwt %}
from joserfc import jwt
from joserfc.jwk import KeySet
{%- endif %}
{%- if keys_tests %}
from sqlalchemy import update
{%- endif %}

{% if keys_tests -%}
from {{ cookiecutter.package_name }}.models.signing_key import SigningKey
from {{ cookiecutter.package_name }}.oauth.keys import new_signing_key, rotate_signing_key
{% endif -%}
from {{ cookiecutter.package_name }}.oauth.tokens import ACCESS_TOKEN_SECONDS

from .conftest import SCOPE_NAMES, Server{% if "authorization_code" in view.grants %}, redirect_params{% endif %}


def test_metadata_describes_the_server(server: Server) -> None:
    metadata = requests.get(server.endpoint("/.well-known/oauth-authorization-server"), timeout=10).json()
    assert metadata["issuer"] == server.url
    assert metadata["token_endpoint"] == server.token_url
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["grant_types_supported"] == {{ view.grants | py }}
    assert not {"implicit", "password"} & set(metadata["grant_types_supported"])
    assert metadata["scopes_supported"][:2] == SCOPE_NAMES
{%- if view.jwt %}
    assert metadata["jwks_uri"] == server.endpoint("/.well-known/jwks.json")
{%- else %}
    assert "jwks_uri" not in metadata
{%- endif %}
{%- if "authorization_code" in view.grants %}


def test_authorization_code_with_pkce_through_the_sign_in_page(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token", public=True)
    _, token = server.code_flow(client)
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == ACCESS_TOKEN_SECONDS
    assert token["scope"] == " ".join(SCOPE_NAMES)
    assert token["refresh_token"]
    assert server.api_status(token["access_token"]) == 200


def test_a_confidential_client_uses_the_code_grant_too(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token")
    _, token = server.code_flow(client)
    assert server.introspect(client, token["access_token"])["active"] is True


def test_refresh_rotates_the_refresh_token(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token", public=True)
    session, first = server.code_flow(client)
    second = session.refresh_token(server.token_url, refresh_token=first["refresh_token"])
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert server.api_status(second["access_token"]) == 200
    third = session.refresh_token(server.token_url, refresh_token=second["refresh_token"])
    assert server.api_status(third["access_token"]) == 200


def test_a_narrower_scope_on_refresh(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token")
    session, token = server.code_flow(client)
    narrower = session.refresh_token(server.token_url, refresh_token=token["refresh_token"], scope=SCOPE_NAMES[0])
    assert narrower["scope"] == SCOPE_NAMES[0]


def test_revoke_then_introspect_is_inactive(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token")
    session, token = server.code_flow(client)
    assert server.introspect(client, token["access_token"])["active"] is True
    revoked = session.revoke_token(server.revoke_url, token=token["access_token"], token_type_hint="access_token")
    assert revoked.status_code == 200
    assert server.introspect(client, token["access_token"]) == {"active": False}
    assert server.api_status(token["access_token"]) == 401
    assert server.introspect(client, token["refresh_token"])["active"] is True
    session.revoke_token(server.revoke_url, token=token["refresh_token"], token_type_hint="refresh_token")
    assert server.introspect(client, token["refresh_token"]) == {"active": False}


def test_token_responses_are_not_cached(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token", public=True)
    _, token = server.code_flow(client)
    answer = server.post_token(client, grant_type="refresh_token", refresh_token=token["refresh_token"])
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Pragma"] == "no-cache"


def test_the_user_can_deny(server: Server) -> None:
    client = server.client("authorization_code")
    answer = server.sign_in(server.authorize_url(client, state="s-123"), decision="deny")
    assert answer.status_code == 302
    params = redirect_params(answer)
    assert (params["error"], params["state"]) == ("access_denied", "s-123")
    assert "code" not in params


def test_a_wrong_password_gives_no_code(server: Server) -> None:
    client = server.client("authorization_code")
    answer = server.sign_in(server.authorize_url(client), password="not the password")
    assert answer.status_code == 400
    assert "Location" not in answer.headers
    assert "Wrong email or password." in answer.text


def test_the_sign_in_page_protects_itself(server: Server) -> None:
    client = server.client("authorization_code")
    page = requests.get(server.authorize_url(client), timeout=10)
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    cookie = page.headers["Set-Cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
{%- endif %}
{%- if "client_credentials" in view.grants %}


def test_client_credentials(server: Server) -> None:
    client = server.client("client_credentials")
    session = server.oauth(client)
    token = session.fetch_token(server.token_url, grant_type="client_credentials")
    assert token["scope"] == " ".join(SCOPE_NAMES)
    assert "refresh_token" not in token
    assert server.api_status(token["access_token"]) == 200
    details = server.introspect(client, token["access_token"])
    assert (details["active"], details["client_id"], details["sub"]) == (True, client.client_id, client.client_id)
{%- endif %}
{%- if view.jwt %}


def test_access_tokens_are_jwts_verified_by_the_jwks(server: Server) -> None:
{%- if "client_credentials" in view.grants %}
    client = server.client("client_credentials")
    token = server.oauth(client).fetch_token(server.token_url, grant_type="client_credentials")
{%- else %}
    client = server.client("authorization_code")
    _, token = server.code_flow(client)
{%- endif %}
    keys = KeySet.import_key_set(requests.get(server.endpoint("/.well-known/jwks.json"), timeout=10).json())
    decoded = jwt.decode(token["access_token"], keys)
    assert decoded.header["typ"] == "at+jwt"
    assert decoded.header["alg"] == {{ view.jwt_algorithm | py }}
    claims = decoded.claims
    audience = {{ view.audience | py if view.audience else "server.url" }}
    assert (claims["iss"], claims["aud"], claims["client_id"]) == (server.url, audience, client.client_id)
    assert claims["exp"] - claims["iat"] == ACCESS_TOKEN_SECONDS
    assert claims["scope"] == " ".join(SCOPE_NAMES)
    assert all("d" not in key for key in keys.as_dict()["keys"]), "the JWKS publishes public keys only"
{%- endif %}

{%- if keys_tests %}


def header_of(token: dict[str, str]) -> dict[str, str]:
    """The JOSE header of an access token, read without checking it."""
    encoded = token["access_token"].split(".")[0]
    header: dict[str, str] = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    return header


def test_a_token_signed_with_a_key_this_process_has_not_read_verifies(server: Server) -> None:
    """The server keeps the keys it read; a token naming a newer key makes it read them again."""
    client = server.client("client_credentials")
    oauth = server.oauth(client)
    first = oauth.fetch_token(server.token_url, grant_type="client_credentials")
    assert server.api_status(first["access_token"]) == 200
    with server.database.session() as session:
        rotate_signing_key(session)
        session.commit()
    second = oauth.fetch_token(server.token_url, grant_type="client_credentials")
    assert header_of(second)["kid"] != header_of(first)["kid"]
    assert (server.api_status(first["access_token"]), server.api_status(second["access_token"])) == (200, 200)


def test_a_key_retired_by_another_process_signs_until_the_cache_expires(server: Server) -> None:
    """`jwks rotate` run elsewhere: this process goes on signing with the key it read, and those tokens verify."""
    client = server.client("client_credentials")
    oauth = server.oauth(client)
    before = oauth.fetch_token(server.token_url, grant_type="client_credentials")
    with server.database.session() as session:
        session.execute(update(SigningKey).where(SigningKey.retired_at.is_(None)).values(retired_at=int(time.time())))
        new_signing_key(session)
        session.commit()
    after = oauth.fetch_token(server.token_url, grant_type="client_credentials")
    assert header_of(after)["kid"] == header_of(before)["kid"]
    assert server.api_status(after["access_token"]) == 200
    keys = requests.get(server.endpoint("/.well-known/jwks.json"), timeout=10).json()["keys"]
    assert header_of(after)["kid"] in [key["kid"] for key in keys], "the retired key is still published"
{%- endif %}
