"""The Starlette adapter: what Authlib sees of a request."""

from fastapi.testclient import TestClient
from starlette.datastructures import Headers, ImmutableMultiDict

from {{ cookiecutter.package_name }}.api.routes.oauth import INTROSPECT_PATH, REVOKE_PATH, TOKEN_PATH
from {{ cookiecutter.package_name }}.oauth.adapter import (
    PLAIN_HTTP,
    HttpRequest,
    StarletteAuthorizationServer,
    StarletteOAuth2Request,
)


def request(params: list[tuple[str, str]], form: list[tuple[str, str]]) -> HttpRequest:
    return HttpRequest(
        "POST",
        "http://127.0.0.1:8000/oauth/authorize?x=1",
        Headers({"authorization": "Basic abc"}),
        {},
        ImmutableMultiDict(params),
        ImmutableMultiDict(form),
    )


def test_the_oauth_parameters_come_from_params_and_keep_repeats() -> None:
    oauth = StarletteOAuth2Request(request([("state", "a"), ("state", "b"), ("client_id", "c")], [("code", "x")]))
    assert oauth.payload.client_id == "c"
    assert oauth.payload.datalist["state"] == ["a", "b"]
    assert oauth.form == {"code": "x"}
    assert oauth.headers["Authorization"] == "Basic abc"


def test_responses_carry_authlibs_status_body_and_headers() -> None:
    server = StarletteAuthorizationServer()
    response = server.handle_response(400, {"error": "invalid_grant"}, [("Cache-Control", "no-store")])
    assert response.status_code == 400
    assert response.body == b'{"error": "invalid_grant"}'
    assert response.headers["Cache-Control"] == "no-store"
    redirect = server.handle_response(302, "", [("Location", "https://client.example/cb?code=1")])
    assert redirect.headers["Location"] == "https://client.example/cb?code=1"


def test_plain_http_to_another_host_is_an_invalid_request(client: TestClient) -> None:
    """Authlib refuses http except on loopback addresses; the test client's host is http://testserver."""
    for path in (TOKEN_PATH, REVOKE_PATH, INTROSPECT_PATH):
        response = client.post(path, data={"grant_type": "client_credentials", "token": "x"})
        assert response.status_code == 400, path
        assert response.json() == {"error": "invalid_request", "error_description": PLAIN_HTTP}
        assert response.headers["Cache-Control"] == "no-store"
