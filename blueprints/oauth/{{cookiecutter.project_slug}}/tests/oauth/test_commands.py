{%- set view = cookiecutter._intspec.view -%}
"""`clients`, `users`{% if view.jwt %} and `jwks`{% endif %}: the commands that manage the authorization server."""

import io
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.core.config import Settings, get_settings
from {{ cookiecutter.package_name }}.core.db import Database
from {{ cookiecutter.package_name }}.core.security import hash_secret
from {{ cookiecutter.package_name }}.models.oauth import OAuthClient, User
{%- if view.jwt %}
from {{ cookiecutter.package_name }}.oauth.keys import KEY_CACHE_SECONDS, current_key, jwks, new_signing_key
from {{ cookiecutter.package_name }}.oauth.tokens import ACCESS_TOKEN_SECONDS
{%- endif %}

GRANT = {{ view.grants[0] | py }}


@pytest.fixture
def environment(migrated: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("DATABASE_URL", migrated.database_url)
    monkeypatch.setenv("PASSWORD_HASH_TIME_COST", "1")
    monkeypatch.setenv("PASSWORD_HASH_MEMORY_KIB", "64")
    get_settings.cache_clear()
    database = Database(migrated.database_url)
    yield database
    database.dispose()
    get_settings.cache_clear()


def run(*argv: str) -> int:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    return int(str(exited.value.code))


def test_clients_create_prints_the_secret_once(environment: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("clients", "create", "--name", "Partner", "--grant-type", GRANT, "--redirect-uri", "https://partner.example/cb", "--json") == 0
    created = json.loads(capsys.readouterr().out)
    assert set(created) == {"client_id", "client_secret"}
    with environment.session() as session:
        stored = session.scalars(select(OAuthClient)).one()
    assert stored.client_secret_hash == hash_secret(created["client_secret"])
    assert run("clients", "list", "--json") == 0
    listed = capsys.readouterr().out
    assert created["client_secret"] not in listed
    assert [entry["client_id"] for entry in json.loads(listed)] == [created["client_id"]]
    assert run("clients", "delete", created["client_id"]) == 0
    assert run("clients", "delete", created["client_id"]) == 1
{%- if "authorization_code" in view.grants %}


def test_a_public_client_has_no_secret(environment: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("clients", "create", "--name", "App", "--public", "--grant-type", "authorization_code", "--redirect-uri", "com.example.app:/cb", "--json") == 0
    assert json.loads(capsys.readouterr().out)["client_secret"] is None


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (["--redirect-uri", "https://partner.example/cb#x"], "fragment"),
        (["--redirect-uri", "http://partner.example/cb"], "loopback"),
        ([], "redirect-uri"),
        (["--redirect-uri", "https://partner.example/cb", "--scope", "no:such-scope"], "no:such-scope"),
    ],
)
def test_clients_create_refuses_what_the_server_would_not_honour(
    environment: Database, capsys: pytest.CaptureFixture[str], arguments: list[str], problem: str
) -> None:
    assert run("clients", "create", "--name", "Bad", "--grant-type", "authorization_code", *arguments) == 2
    assert problem in capsys.readouterr().err
{%- endif %}


def test_grants_the_server_does_not_offer_are_refused(environment: Database, capsys: pytest.CaptureFixture[str]) -> None:
    for grant in ("implicit", "password"):
        with pytest.raises(SystemExit) as exited:
            main(["clients", "create", "--name", "Old", "--grant-type", grant])
        assert exited.value.code == 2
        assert "invalid choice" in capsys.readouterr().err


def test_users_create_reads_the_password_from_stdin(
    environment: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert run("users", "create", "--email", "Grace@Example.com", "--password-stdin", "--json") == 0
    assert json.loads(capsys.readouterr().out)["email"] == "grace@example.com"
    with environment.session() as session:
        user = session.scalars(select(User)).one()
    assert user.password_hash.startswith("$argon2id$")
    assert "a long enough password" not in user.password_hash
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert run("users", "create", "--email", "linus@example.com", "--password-stdin") == 2
{%- if view.jwt %}


def test_jwks_rotate_keeps_the_old_key_published(environment: Database, capsys: pytest.CaptureFixture[str]) -> None:
    with environment.session() as session:
        old = new_signing_key(session).kid
        session.commit()
    assert run("jwks", "rotate", "--json") == 0
    new = json.loads(capsys.readouterr().out)["kid"]
    with environment.session() as session:
        current = current_key(session)
        published = [key["kid"] for key in jwks(session, ACCESS_TOKEN_SECONDS)["keys"]]
        retired_long_ago = jwks(session, -KEY_CACHE_SECONDS - 1)["keys"]
    assert current is not None and current.kid == new != old
    assert published == [new, old]
    assert [key["kid"] for key in retired_long_ago] == [new]
{%- endif %}
