"""The security and oauth blueprints' logic: the grants a spec's flows become and the warnings for those it
refuses, the token view, the scope catalog and key prefix; and the core pieces they brought: a
contribution's ``when``, aliased imports, TOML values."""

import pytest

from generator.blueprints import load_blueprints
from generator.errors import BlueprintError
from generator.logic import load_logic
from generator.pipeline import read_spec
from generator.plan import blueprint_diagnostics, plan_project
from generator.templating.escape import toml_value
from generator.templating.jinja import import_lines
from tests.documents import SPEC_INPUTS
from tests.helpers import doc, fence, read
from tests.test_extension_points import blueprint, header

BLUEPRINTS = load_blueprints()
OAUTH = load_logic(BLUEPRINTS["oauth"])
SECURITY = load_logic(BLUEPRINTS["security"])


def oauth_spec(flows: str, tokens: str = "") -> str:
    return doc("## OAuth 2.0 Provider\n" + fence("yaml", "Supported Flows:\n" + flows + tokens))


def test_implicit_and_password_are_refused_at_their_lines() -> None:
    spec = read(oauth_spec("  - Authorization Code + PKCE\n  - Implicit (legacy)\n  - Password\n")).spec
    assert OAUTH.validate is not None
    found = [(d.line, d.severity, d.code) for d in OAUTH.validate(spec)]
    assert found == [(6, "warning", "oauth-grant-refused"), (7, "warning", "oauth-grant-refused")]
    assert "implicit grant is not generated" in OAUTH.validate(spec)[0].message


def test_grants_the_blueprint_lacks_are_named() -> None:
    spec = read(oauth_spec("  - Client Credentials\n  - Device Code\n")).spec
    assert OAUTH.validate is not None
    [found] = OAUTH.validate(spec)
    assert (found.line, found.code) == (6, "oauth-grant-unsupported")
    assert found.message.endswith("the service offers client_credentials")


def test_validate_reports_the_blueprint_warnings() -> None:
    """`intspec validate` runs the applying blueprints' checks: the warning reaches the user."""
    spec = read(oauth_spec("  - Authorization Code\n  - Implicit\n")).spec
    assert [(d.line, d.code) for d in blueprint_diagnostics(spec, BLUEPRINTS)] == [(6, "oauth-grant-refused")]
    assert "oauth" in plan_project(spec, BLUEPRINTS, "spec.md").names  # a warning does not stop the plan


@pytest.mark.parametrize(
    ("flows", "grants"),
    [
        ("  - Authorization Code\n", ["authorization_code", "refresh_token"]),
        ("  - PKCE\n  - Client Credentials\n", ["authorization_code", "refresh_token", "client_credentials"]),
        ("  - Client Credentials\n  - Implicit\n", ["client_credentials"]),
    ],
)
def test_the_flows_become_grants(flows: str, grants: list[str]) -> None:
    assert OAUTH.view is not None
    assert OAUTH.view(read(oauth_spec(flows)).spec)["grants"] == grants


def test_the_token_view_of_a_jwt_spec() -> None:
    spec = read_spec(SPEC_INPUTS / "harbor-freight.md").require_valid()
    assert OAUTH.view is not None
    view = OAUTH.view(spec)
    assert (view["jwt"], view["access_token_seconds"], view["refresh_token_seconds"]) == (True, 1800, 3888000)
    assert view["endpoints"]["token"] == "/oauth/token"


def test_the_scope_catalog_and_key_prefix() -> None:
    assert SECURITY.view is not None
    view = SECURITY.view(read_spec(SPEC_INPUTS / "harbor-freight.md").require_valid())
    assert view["key_prefix"] == "hfx_live_"
    assert view["scopes"][0] == {
        "name": "read:profile",
        "description": "User profile and organization membership",
        "line": 73,
    }
    bare = SECURITY.view(read_spec(SPEC_INPUTS / "tidewater-supply.md").require_valid())
    assert (bare["scopes"], bare["key_prefix"], bare["key_prefix_line"]) == ([], "key_", None)


def test_a_document_without_oauth_gets_keys_and_scopes_only() -> None:
    plan = plan_project(read_spec(SPEC_INPUTS / "tidewater-supply.md").require_valid(), BLUEPRINTS, "t.md")
    assert "security" in plan.names and "oauth" not in plan.names
    assert [c["name"] for c in plan.contributions["cli_commands"]] == ["openapi", "keys"]
    assert "src/tidewater_supply/api/auth.py" in {s.blueprint.name: s.files for s in plan.steps}["security"]


def test_jwt_parts_only_for_a_jwt_spec() -> None:
    def planned(name: str) -> tuple[list[str], list[str]]:
        plan = plan_project(read_spec(SPEC_INPUTS / name).require_valid(), BLUEPRINTS, name)
        files = [f for step in plan.steps for f in step.files]
        jwt_files = [f for f in files if f.endswith(("oauth/keys.py", "commands/jwks.py", "models/signing_key.py"))]
        return [c["name"] for c in plan.contributions["cli_commands"]], jwt_files

    assert planned("harbor-freight.md")[0] == ["openapi", "keys", "clients", "users", "jwks", "worker"]
    assert len(planned("harbor-freight.md")[1]) == 3
    assert planned("pocket-ledger-minimal.md") == (["openapi", "keys", "clients", "users", "worker"], [])


def test_when_keeps_an_item_only_while_its_path_holds_a_value(tmp_path) -> None:
    blueprint(
        tmp_path,
        "extra",
        header("extra")
        + "contributes:\n  endpoints:\n"
        + "    - {path: GET /a, summary: a, when: webhooks.events}\n"
        + "    - {path: GET /b, summary: b, when: connectors.stripe}\n",
    )
    spec = read_spec(SPEC_INPUTS / "pocket-ledger-minimal.md").require_valid()
    endpoints = plan_project(spec, load_blueprints([tmp_path]), "p.md").contributions["endpoints"]
    extra = [e for e in endpoints if e["blueprint"] == "extra"]
    assert extra == [{"blueprint": "extra", "path": "GET /a", "summary": "a"}]


def test_a_when_that_is_no_model_path_is_refused(tmp_path) -> None:
    blueprint(
        tmp_path, "extra", header("extra") + "contributes:\n  endpoints:\n    - {path: x, summary: y, when: nope.x}\n"
    )
    with pytest.raises(
        BlueprintError, match=r"contributes\.endpoints\[0\]: when: 'nope\.x' is not a path into the model"
    ):
        load_blueprints([tmp_path])


def test_import_lines_with_an_alias() -> None:
    lines = import_lines([["commands.keys", "register", "register_keys"], ["core.config", "Settings"]], "pkg")
    assert lines == "from pkg.commands.keys import register as register_keys\nfrom pkg.core.config import Settings"
    with pytest.raises(ValueError, match="cannot import"):
        import_lines([["commands.keys", "register", "x; import os"]], "pkg")


@pytest.mark.parametrize(
    ("value", "text"), [(True, "true"), (False, "false"), (3, "3"), (1.5, "1.5"), ('a"b', '"a\\"b"')]
)
def test_toml_values(value: object, text: str) -> None:
    assert toml_value(value) == text


def test_toml_values_refuse_what_toml_cannot_hold_here() -> None:
    for value in (None, float("nan"), [1]):
        with pytest.raises(ValueError, match="no TOML form"):
            toml_value(value)


def test_scaffold_reports_a_refused_grant_at_its_line(tmp_path) -> None:
    from generator.pipeline import scaffold

    spec = tmp_path / "spec.md"
    spec.write_text(oauth_spec("  - Authorization Code + PKCE\n  - Implicit (legacy)\n"), encoding="utf-8")
    result = scaffold(spec, tmp_path / "out", dry_run=True)
    assert [(d.line, d.severity, d.code) for d in result.warnings] == [(6, "warning", "oauth-grant-refused")]
