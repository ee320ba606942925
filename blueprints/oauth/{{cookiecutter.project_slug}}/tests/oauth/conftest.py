"""The authorization server, running: one uvicorn server on 127.0.0.1, on an ephemeral port, for the whole
session, with its own database (a SQLite file, or a schema of its own in DATABASE_URL's PostgreSQL database,
so that the other tests' clean-ups leave it alone), a user and clients registered as tests need them. Authlib's own client
(`OAuth2Session`) drives it over real HTTP; a `requests` session plays the user's browser."""

import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import uvicorn
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

{% if cookiecutter.package_name > "tests" -%}
from tests.settings import TEST_SETTINGS
{% endif -%}
from {{ cookiecutter.package_name }}.api.deps import PrincipalDep
from {{ cookiecutter.package_name }}.api.routes.oauth import (
    AUTHORIZE_PATH,
    INTROSPECT_PATH,
    REVOKE_PATH,
    TOKEN_PATH,
)
from {{ cookiecutter.package_name }}.cli import upgrade_database
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.db import Database
from {{ cookiecutter.package_name }}.core.scopes import SCOPES
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.services.clients import create_client
from {{ cookiecutter.package_name }}.services.users import create_user
{%- if cookiecutter.package_name < "tests" %}
from tests.settings import TEST_SETTINGS
{%- endif %}

EMAIL = "ada@example.com"
PASSWORD = "correct horse battery staple"
REDIRECT_URI = "http://127.0.0.1:8765/callback"
SCOPE_NAMES = list(SCOPES)[:2]
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str | None
    scopes: list[str]


@dataclass
class Server:
    url: str
    settings: Settings
    database: Database

    def endpoint(self, path: str) -> str:
        return self.url + path

    @property
    def token_url(self) -> str:
        return self.url + TOKEN_PATH

    @property
    def revoke_url(self) -> str:
        return self.url + REVOKE_PATH

    @property
    def introspect_url(self) -> str:
        return self.url + INTROSPECT_PATH

    def client(self, *grant_types: str, public: bool = False, scopes: list[str] | None = None) -> Client:
        """A newly registered client, redirecting to `REDIRECT_URI`."""
        scopes = SCOPE_NAMES if scopes is None else scopes
        with self.database.session() as session:
            created = create_client(session, "Test client", list(grant_types), [REDIRECT_URI], scopes, public)
            session.commit()
        return Client(created.record.client_id, created.client_secret, scopes)

    def oauth(self, client: Client, **options: Any) -> OAuth2Session:
        """Authlib's client for `client`."""
        method = "none" if client.client_secret is None else "client_secret_basic"
        return OAuth2Session(
            client.client_id,
            client.client_secret,
            token_endpoint_auth_method=method,
            redirect_uri=REDIRECT_URI,
            scope=" ".join(client.scopes) or None,
            **options,
        )

    def authorize_url(self, client: Client, **params: str) -> str:
        """An authorization request (PKCE S256 unless `params` say otherwise) built by Authlib, as a client would."""
        session = self.oauth(client, code_challenge_method=params.pop("code_challenge_method", "S256"))
        verifier = params.pop("code_verifier", None)
        url, _ = session.create_authorization_url(self.url + AUTHORIZE_PATH, code_verifier=verifier, **params)
        return str(url)

    def sign_in(self, url: str, decision: str = "allow", password: str = PASSWORD, csrf: bool = True) -> requests.Response:
        """The user's browser: open the page, fill in the form, submit it; the response is not followed."""
        with requests.Session() as browser:
            page = browser.get(url, allow_redirects=False, timeout=10)
            assert page.status_code == 200, page.text
            form = {"email": EMAIL, "password": password, "decision": decision}
            if csrf:
                found = CSRF_FIELD.search(page.text)
                assert found, "the page has a CSRF token"
                form["csrf_token"] = found.group(1)
            return browser.post(url, data=form, allow_redirects=False, timeout=10)

    def code_flow(self, client: Client) -> tuple[OAuth2Session, dict[str, Any]]:
        """The authorization code grant with PKCE, end to end: Authlib's client and the token it got."""
        verifier = generate_token(48)
        url = self.authorize_url(client, code_verifier=verifier)
        answer = self.sign_in(url)
        assert answer.status_code == 302, answer.text
        session = self.oauth(client)
        token = session.fetch_token(self.token_url, authorization_response=answer.headers["Location"], code_verifier=verifier)
        return session, dict(token)

    def code_from(self, url: str) -> str:
        """Sign in on `url` and return the code the redirect carries."""
        answer = self.sign_in(url)
        assert answer.status_code == 302, answer.text
        return redirect_params(answer)["code"]

    def post_token(self, client: Client, **form: str) -> requests.Response:
        auth = (client.client_id, client.client_secret) if client.client_secret else None
        if client.client_secret is None:
            form.setdefault("client_id", client.client_id)
        return requests.post(self.token_url, data=form, auth=auth, timeout=10)

    def introspect(self, client: Client, token: str) -> dict[str, Any]:
        assert client.client_secret is not None
        answer = requests.post(self.introspect_url, data={"token": token}, auth=(client.client_id, client.client_secret), timeout=10)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def api_status(self, access_token: str) -> int:
        """What the API answers this token: a route that needs a credential and no particular scope."""
        return requests.get(self.url + "/_test/whoami", headers={"Authorization": f"Bearer {access_token}"}, timeout=10).status_code


def redirect_params(response: requests.Response) -> dict[str, str]:
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI), location
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def own_database(folder: Path) -> Iterator[str]:
    """A database URL for the server alone: a SQLite file in ``folder``, or a fresh schema of DATABASE_URL's."""
    shared = os.environ.get("DATABASE_URL")
    if not shared or make_url(shared).get_backend_name() != "postgresql":
        yield f"sqlite:///{folder / 'oauth.db'}"
        return
    schema = f"oauth_live_{uuid.uuid4().hex[:12]}"
    engine = create_engine(shared)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(shared).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with free_socket() as sock, own_database(tmp_path_factory.mktemp("oauth")) as database_url:
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        settings = Settings(
            _env_file=None,
            database_url=database_url,
            log_format="json",
            log_level="WARNING",
            oauth_issuer=url,
            password_hash_time_cost=1,
            password_hash_memory_kib=64,
            **TEST_SETTINGS,
        )
        database = Database(settings.database_url)
        try:
            prepare(settings, database)
            with serving(settings, sock):
                yield Server(url, settings, database)
        finally:
            database.dispose()


def prepare(settings: Settings, database: Database) -> None:
    upgrade_database(settings)
    with database.session() as session:
        create_user(session, settings, EMAIL, PASSWORD)
        session.commit()


@contextmanager
def serving(settings: Settings, sock: socket.socket) -> Iterator[None]:
    """The app, with a route that needs any credential, served by uvicorn in a thread."""
    app = create_app(settings)

    @app.get("/_test/whoami")
    def whoami(principal: PrincipalDep) -> dict[str, str]:
        return {"subject": principal.subject}

    config = uvicorn.Config(app, lifespan="on", log_config=None, access_log=False, ws="none", http="h11")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not running.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.01)
        yield
    finally:
        running.should_exit = True
        thread.join(timeout=10)
