{%- set view = cookiecutter._intspec.view -%}
"""Attacks on the authorization server, each refused with the error the RFCs name (RFC 6749 section 5.2,
RFC 7636, RFC 9700), and what must happen besides: a reused code or a replayed refresh token revokes."""

import time
from typing import Any

import pytest
import requests
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from sqlalchemy import update

from {{ cookiecutter.package_name }}.core.security import hash_secret
from {{ cookiecutter.package_name }}.models.oauth import AuthorizationCode{% if "client_credentials" in view.grants %}, OAuthToken{% endif %}

from .conftest import REDIRECT_URI, SCOPE_NAMES, Client, Server, redirect_params


def error_of(response: requests.Response) -> str:
    body: dict[str, Any] = response.json()
    return str(body["error"])


def client_of(server: Server) -> Client:
    return server.client({% for grant in view.grants %}{{ grant | py }}{% if not loop.last %}, {% endif %}{% endfor %})


def test_a_wrong_client_secret_is_invalid_client(server: Server) -> None:
    client = client_of(server)
    impostor = Client(client.client_id, "not-the-secret", client.scopes)
    answer = server.post_token(impostor, grant_type={{ view.grants[-1] | py }}, refresh_token="x", code="x")
    assert answer.status_code == 401
    assert error_of(answer) == "invalid_client"
    assert answer.headers["WWW-Authenticate"].startswith("Basic ")


def test_client_a_cannot_introspect_client_bs_token(server: Server) -> None:
    a, b = client_of(server), client_of(server)
{%- if "client_credentials" in view.grants %}
    token = server.oauth(b).fetch_token(server.token_url, grant_type="client_credentials")
{%- else %}
    _, token = server.code_flow(b)
{%- endif %}
    assert server.introspect(b, token["access_token"])["active"] is True
    assert server.introspect(a, token["access_token"]) == {"active": False}


def test_a_token_nobody_issued_is_refused(server: Server) -> None:
    client = client_of(server)
    assert server.introspect(client, "made-up") == {"active": False}
    assert server.api_status("made-up") == 401
{%- if "client_credentials" in view.grants %}


def test_client_credentials_cannot_escalate_scope(server: Server) -> None:
    client = server.client("client_credentials", scopes=[])
    answer = server.post_token(client, grant_type="client_credentials", scope=SCOPE_NAMES[0])
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_scope"


def test_a_public_client_cannot_use_client_credentials(server: Server) -> None:
    client = server.client("authorization_code", public=True)
    answer = server.post_token(client, grant_type="client_credentials")
    assert answer.status_code in (400, 401)
    assert error_of(answer) in ("invalid_client", "unauthorized_client")


def test_an_expired_access_token_is_refused(server: Server) -> None:
    client = server.client("client_credentials")
    token = server.oauth(client).fetch_token(server.token_url, grant_type="client_credentials")
    with server.database.session() as session:
        session.execute(
            update(OAuthToken)
            .where(OAuthToken.access_token_hash == hash_secret(token["access_token"]))
            .values(access_expires_at=int(time.time()) - 1)
        )
        session.commit()
    assert server.api_status(token["access_token"]) == 401
    assert server.introspect(client, token["access_token"]) == {"active": False}


def test_a_revoked_access_token_is_refused(server: Server) -> None:
    client = server.client("client_credentials")
    session = server.oauth(client)
    token = session.fetch_token(server.token_url, grant_type="client_credentials")
    session.revoke_token(server.revoke_url, token=token["access_token"])
    assert server.api_status(token["access_token"]) == 401
    assert server.introspect(client, token["access_token"]) == {"active": False}
{%- endif %}
{%- if "authorization_code" in view.grants %}


def pkce_pair() -> tuple[str, str]:
    verifier = generate_token(48)
    return verifier, create_s256_code_challenge(verifier)


def redeem(server: Server, client: Client, code: str, **extra: str) -> requests.Response:
    return server.post_token(client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI, **extra)


def test_a_wrong_code_verifier_is_invalid_grant(server: Server) -> None:
    client = server.client("authorization_code", public=True)
    code = server.code_from(server.authorize_url(client, code_verifier=generate_token(48)))
    answer = redeem(server, client, code, code_verifier=generate_token(48))
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_a_missing_code_verifier_is_invalid_request(server: Server) -> None:
    client = server.client("authorization_code")
    code = server.code_from(server.authorize_url(client, code_verifier=generate_token(48)))
    answer = redeem(server, client, code)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_request"


def test_the_plain_method_is_refused(server: Server) -> None:
    client = server.client("authorization_code", public=True)
    verifier = generate_token(48)
    url = server.authorize_url(client, code_challenge=verifier, code_challenge_method="plain")
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    assert redirect_params(answer)["error"] == "invalid_request"


def test_a_challenge_without_a_method_is_refused(server: Server) -> None:
    client = server.client("authorization_code", public=True)
    _, challenge = pkce_pair()
    url = server.authorize_url(client, code_challenge=challenge, code_challenge_method="")
    assert "code_challenge_method" not in url
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert redirect_params(answer)["error"] == "invalid_request"


def test_a_verifier_without_a_challenge_is_invalid_request(server: Server) -> None:
    client = server.client("authorization_code")
    code = server.code_from(server.authorize_url(client, code_challenge_method=""))
    answer = redeem(server, client, code, code_verifier=generate_token(48))
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_request"


def test_a_public_client_must_use_pkce(server: Server) -> None:
    client = server.client("authorization_code", public=True)
    answer = requests.get(server.authorize_url(client, code_challenge_method=""), allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    assert redirect_params(answer)["error"] == "invalid_request"


def test_a_reused_code_is_refused_and_revokes_its_tokens(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token")
    verifier, _ = pkce_pair()
    code = server.code_from(server.authorize_url(client, code_verifier=verifier))
    first = redeem(server, client, code, code_verifier=verifier)
    assert first.status_code == 200
    token = first.json()
    assert server.api_status(token["access_token"]) == 200
    again = redeem(server, client, code, code_verifier=verifier)
    assert again.status_code == 400
    assert error_of(again) == "invalid_grant"
    assert server.api_status(token["access_token"]) == 401
    assert server.introspect(client, token["access_token"]) == {"active": False}
    assert server.introspect(client, token["refresh_token"]) == {"active": False}


def test_an_expired_code_is_invalid_grant(server: Server) -> None:
    client = server.client("authorization_code")
    verifier, _ = pkce_pair()
    code = server.code_from(server.authorize_url(client, code_verifier=verifier))
    with server.database.session() as session:
        session.execute(
            update(AuthorizationCode)
            .where(AuthorizationCode.code_hash == hash_secret(code))
            .values(expires_at=int(time.time()) - 1)
        )
        session.commit()
    answer = redeem(server, client, code, code_verifier=verifier)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_codes_are_stored_hashed_and_live_ten_minutes(server: Server) -> None:
    client = server.client("authorization_code")
    code = server.code_from(server.authorize_url(client, code_verifier=generate_token(48)))
    with server.database.session() as session:
        stored = session.query(AuthorizationCode).filter_by(code_hash=hash_secret(code)).one()
    assert stored.code_hash != code
    assert 590 <= stored.expires_at - time.time() <= 600


def test_a_code_is_bound_to_its_client(server: Server) -> None:
    client, other = server.client("authorization_code"), server.client("authorization_code")
    verifier, _ = pkce_pair()
    code = server.code_from(server.authorize_url(client, code_verifier=verifier))
    answer = redeem(server, other, code, code_verifier=verifier)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


@pytest.mark.parametrize(
    "redirect_uri",
    [
        REDIRECT_URI + "/more",  # a prefix match is no match
        REDIRECT_URI.upper(),  # nor is a case-insensitive one
        REDIRECT_URI.replace("/callback", "/Callback"),
        REDIRECT_URI + "?extra=1",
        REDIRECT_URI + "#fragment",
        "http://127.0.0.1:8766/callback",
    ],
)
def test_a_redirect_uri_must_match_exactly(server: Server, redirect_uri: str) -> None:
    client = server.client("authorization_code")
    url = server.authorize_url(client, redirect_uri=redirect_uri)
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 400
    assert "Location" not in answer.headers, "never redirect to an unregistered URI"
    assert "invalid_request" in answer.text


def test_the_token_request_must_repeat_the_redirect_uri(server: Server) -> None:
    client = server.client("authorization_code")
    verifier, _ = pkce_pair()
    code = server.code_from(server.authorize_url(client, code_verifier=verifier))
    answer = server.post_token(client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI + "/x", code_verifier=verifier)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_the_code_grant_cannot_escalate_scope(server: Server) -> None:
    client = server.client("authorization_code", scopes=[])
    url = server.authorize_url(client, scope=SCOPE_NAMES[0])
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    assert redirect_params(answer)["error"] == "invalid_scope"


{%- if view.scope_count >= 2 %}


def test_refresh_cannot_widen_the_scope(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token", scopes=SCOPE_NAMES[:1])
    _, token = server.code_flow(client)
    answer = server.post_token(client, grant_type="refresh_token", refresh_token=token["refresh_token"], scope=" ".join(SCOPE_NAMES))
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_scope"
{%- endif %}


def test_a_replayed_refresh_token_revokes_the_family(server: Server) -> None:
    client = server.client("authorization_code", "refresh_token", public=True)
    session, first = server.code_flow(client)
    second = session.refresh_token(server.token_url, refresh_token=first["refresh_token"])
    replay = server.post_token(client, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert replay.status_code == 400
    assert error_of(replay) == "invalid_grant"
    assert server.api_status(second["access_token"]) == 401
    after = server.post_token(client, grant_type="refresh_token", refresh_token=second["refresh_token"])
    assert error_of(after) == "invalid_grant"


def test_the_sign_in_form_needs_its_csrf_token(server: Server) -> None:
    client = server.client("authorization_code")
    url = server.authorize_url(client)
    answer = server.sign_in(url, csrf=False)
    assert answer.status_code == 403
    assert "Location" not in answer.headers
    with requests.Session() as browser:
        browser.get(url, timeout=10)
        forged = browser.post(url, data={"csrf_token": "guessed", "email": "ada@example.com", "password": "x", "decision": "allow"}, allow_redirects=False, timeout=10)
    assert forged.status_code == 403


def test_an_unknown_client_gets_no_redirect(server: Server) -> None:
    url = server.authorize_url(Client("no-such-client", None, []))
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 400
    assert "Location" not in answer.headers
{%- endif %}
