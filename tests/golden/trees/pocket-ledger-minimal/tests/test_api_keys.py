import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from pocket_ledger.api.auth import require_scopes
from pocket_ledger.api.deps import PrincipalDep
from pocket_ledger.cli import main
from pocket_ledger.core.config import Settings, get_settings
from pocket_ledger.core.errors import ENVELOPE, MEMBERS
from pocket_ledger.core.security import hash_secret
from pocket_ledger.models.api_key import ApiKey
from pocket_ledger.services.api_keys import KEY_PREFIX, UnknownScopeError, create_api_key, revoke_api_key

SCOPE = "read:ledger"


def error_code(response: Any) -> str:
    body = response.json()
    inner = body[ENVELOPE] if ENVELOPE else body
    return str(inner[dict(MEMBERS)["code"]])


def new_key(app: FastAPI, scopes: list[str]) -> str:
    with app.state.db.session() as session:
        created = create_api_key(session, "test", scopes)
        session.commit()
    return created.key


@pytest.fixture
def guarded(app: FastAPI) -> FastAPI:
    @app.get("/_test/whoami")
    def whoami(principal: PrincipalDep) -> dict[str, Any]:
        return {"subject": principal.subject, "scopes": sorted(principal.scopes)}

    @app.get("/_test/guarded", dependencies=[require_scopes(SCOPE)])
    def guarded_route() -> dict[str, bool]:
        return {"ok": True}

    return app


def test_a_key_authenticates_its_caller(guarded: FastAPI, client: TestClient) -> None:
    key = new_key(guarded, [SCOPE])
    assert key.startswith(KEY_PREFIX)
    response = client.get("/_test/whoami", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["subject"].startswith("key:")
    assert response.json()["scopes"] == [SCOPE]


def test_no_credential_is_a_401_with_a_challenge(guarded: FastAPI, client: TestClient) -> None:
    response = client.get("/_test/whoami")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert error_code(response) == "missing_credentials"


def test_an_unknown_or_revoked_key_is_a_401(guarded: FastAPI, client: TestClient) -> None:
    response = client.get("/_test/whoami", headers={"Authorization": f"Bearer {KEY_PREFIX}not-a-key"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert error_code(response) == "invalid_token"
    key = new_key(guarded, [])
    with guarded.state.db.session() as session:
        record = session.scalars(select(ApiKey)).one()
        assert revoke_api_key(session, record.id)
        session.commit()
    assert client.get("/_test/whoami", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_a_key_without_the_scope_is_a_403(guarded: FastAPI, client: TestClient) -> None:
    key = new_key(guarded, [])
    response = client.get("/_test/guarded", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 403
    assert response.headers["WWW-Authenticate"] == f'Bearer error="insufficient_scope", scope="{SCOPE}"'
    assert error_code(response) == "insufficient_scope"
    allowed = new_key(guarded, [SCOPE])
    assert client.get("/_test/guarded", headers={"Authorization": f"Bearer {allowed}"}).json() == {"ok": True}


def test_keys_are_stored_only_as_hashes(app: FastAPI) -> None:
    key = new_key(app, [])
    with app.state.db.session() as session:
        record = session.scalars(select(ApiKey)).one()
    assert record.key_hash == hash_secret(key)
    assert key not in (record.key_hash, record.name, record.scope)


def test_unknown_scopes_are_refused(app: FastAPI) -> None:
    with app.state.db.session() as session, pytest.raises(UnknownScopeError, match="no:such-scope"):
        create_api_key(session, "test", ["no:such-scope"])
    with pytest.raises(ValueError, match="no:such-scope"):
        require_scopes("no:such-scope")


def test_keys_commands(migrated: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", migrated.database_url)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as exited:
            main(["keys", "create", "--name", "ci", "--scope", SCOPE, "--json"])
        assert exited.value.code == 0
        key = json.loads(capsys.readouterr().out)["key"]
        assert key.startswith(KEY_PREFIX)
        with pytest.raises(SystemExit):
            main(["keys", "list", "--json"])
        listed = capsys.readouterr().out
        assert key not in listed
        [entry] = json.loads(listed)
        assert (entry["name"], entry["scopes"], entry["revoked"]) == ("ci", [SCOPE], False)
        with pytest.raises(SystemExit) as exited:
            main(["keys", "revoke", str(entry["id"])])
        assert exited.value.code == 0
        with pytest.raises(SystemExit) as exited:
            main(["keys", "revoke", str(entry["id"])])
        assert exited.value.code == 1
    finally:
        get_settings.cache_clear()
