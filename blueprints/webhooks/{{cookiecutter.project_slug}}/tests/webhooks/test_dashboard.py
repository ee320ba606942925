"""/dashboard/webhooks over HTTP: who may see it, sign-in by cookie, CSRF and cross-site refusals, escaping,
and its retry and recover forms."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import update

from {{ cookiecutter.package_name }}.models.api_key import ApiKey
from {{ cookiecutter.package_name }}.services.api_keys import create_api_key

from .conftest import Hooks, Receiver, Reply
from .test_operations import GIVE_UP, dead_letter

PATH = "/dashboard/webhooks"


def sign_in(hooks: Hooks) -> str:
    """Sign the test client in through the form; the page's CSRF token."""
    key = hooks.headers["Authorization"].removeprefix("Bearer ")
    response = hooks.client.post(f"{PATH}/login", data={"key": key}, follow_redirects=False)
    assert response.status_code == 303, response.text
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/dashboard" in cookie
    return csrf_of(hooks.client.get(PATH).text)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', html)
    assert found, html
    return found.group(1)


def test_the_page_wants_an_operator(hooks: Hooks, client: TestClient) -> None:
    response = client.get(PATH)
    assert response.status_code == 401
    assert '<form method="post" action="/dashboard/webhooks/login">' in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]
    with hooks.app.state.db.session() as session:
        other = create_api_key(session, "other", [])
        session.commit()
    assert client.get(PATH, headers={"Authorization": f"Bearer {other.key}"}).status_code == 401
    refused = client.post(f"{PATH}/login", data={"key": other.key}, follow_redirects=False)
    assert refused.status_code == 401 and "lacks the" in refused.text
    assert "set-cookie" not in refused.headers
    assert client.post(f"{PATH}/login", data={"key": "nope"}, follow_redirects=False).status_code == 401
    assert client.get(PATH, headers=hooks.headers).status_code == 200


def test_the_page_shows_each_endpoint_escaped(hooks: Hooks, receiver: Receiver) -> None:
    endpoint, _ = dead_letter(hooks, receiver)
    hooks.client.patch(
        f"/api/v1/webhooks/{endpoint['id']}", json={"description": "<script>alert(1)</script>"}, headers=hooks.headers
    )
    sign_in(hooks)
    html = hooks.client.get(PATH).text
    assert receiver.url in html and endpoint["id"] in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    section = html[html.index(f'data-endpoint-id="{endpoint["id"]}"') :]
    assert re.search(r'class="success-rate">0\.0%<', section)
    assert re.search(r'class="dead-letters">1<', section)
    assert re.search(r'class="latency">\d+ ms<', section)
    assert "no such account" in section


def test_retry_needs_the_form_token_and_the_same_site(hooks: Hooks, receiver: Receiver) -> None:
    _, event_id = dead_letter(hooks, receiver)
    delivery_id = hooks.delivery(event_id).id
    token = sign_in(hooks)
    action = f"{PATH}/deliveries/{delivery_id}/retry"

    assert hooks.client.post(action, follow_redirects=False).status_code == 403
    assert hooks.client.post(action, data={"csrf_token": "0" * 64}, follow_redirects=False).status_code == 403
    cross_site = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    refused = hooks.client.post(action, data={"csrf_token": token}, headers=cross_site, follow_redirects=False)
    assert refused.status_code == 403
    assert hooks.delivery(event_id).status == "dead"

    done = hooks.client.post(action, data={"csrf_token": token}, headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"{PATH}?notice=retried"
    assert hooks.delivery(event_id).status == "pending"
    hooks.run_until(lambda: hooks.delivery(event_id).status == "delivered")
    assert len(receiver.wait_for(2)) == 2


def test_recover_from_the_page(hooks: Hooks, receiver: Receiver) -> None:
    endpoint = hooks.register(receiver.url)
    receiver.script(Reply(GIVE_UP), Reply(GIVE_UP))
    events = [hooks.emit(), hooks.emit()]
    hooks.run_until(lambda: all(hooks.delivery(e).status == "dead" for e in events))
    token = sign_in(hooks)
    action = f"{PATH}/endpoints/{endpoint['id']}/recover"
    assert hooks.client.post(action, data={"hours": "1"}, follow_redirects=False).status_code == 403
    done = hooks.client.post(action, data={"hours": "1", "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert [hooks.delivery(e).status for e in events] == ["pending", "pending"]


def test_signing_out_ends_the_cookie_session(hooks: Hooks) -> None:
    token = sign_in(hooks)
    response = hooks.client.post(f"{PATH}/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert hooks.client.get(PATH).status_code == 401


def test_a_revoked_key_ends_the_session(hooks: Hooks) -> None:
    sign_in(hooks)
    with hooks.app.state.db.session() as session:
        session.execute(update(ApiKey).values(revoked_at=1))
        session.commit()
    assert hooks.client.get(PATH).status_code == 401
