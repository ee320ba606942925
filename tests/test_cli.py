import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from tests.documents import SPEC_INPUTS

runner = CliRunner()
GOOD = SPEC_INPUTS / "pocket-ledger-minimal.md"


HOSTILE_SCOPE = '# Integration Specifications: A\n## OAuth 2.0 Provider\n```yaml\nScopes:\n  - read"x\n```\n'
SCOPE_ERROR = (
    "scope 'read\"x' has characters OAuth does not allow in a scope (double quotes, backslashes, control characters); "
    "write it like 'read:profile'"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_clean_document_exits_0():
    result = runner.invoke(app, ["validate", str(GOOD)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip().endswith("ok (0 error(s), 0 warning(s))")


def test_validate_prints_compiler_style_lines_and_exits_1(tmp_path):
    path = write(tmp_path, HOSTILE_SCOPE)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:5: error: {SCOPE_ERROR} [scope-name]" in result.stderr


def test_validate_json_goes_to_stdout(tmp_path):
    path = write(tmp_path, HOSTILE_SCOPE)
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload == {
        "diagnostics": [
            {
                "line": 5,
                "severity": "error",
                "code": "scope-name",
                "message": SCOPE_ERROR,
            }
        ]
    }


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_inspect_prints_the_model(fmt):
    import yaml

    result = runner.invoke(app, ["inspect", str(GOOD), "--format", fmt])
    assert result.exit_code == 0
    model = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    assert model["app"] == {
        "name": "Pocket Ledger",
        "slug": "pocket-ledger",
        "package": "pocket_ledger",
        "overview": model["app"]["overview"],
        "api_base_url": model["app"]["api_base_url"],
        "integration_types": model["app"]["integration_types"],
    }
    contract_keys = ["app", "oauth", "webhooks", "connectors", "errors", "security", "diagnostics", "sources"]
    assert all(key in model for key in contract_keys)
    assert model["connectors"]["stripe"] is None


def test_inspect_exits_1_on_errors_with_diagnostics_on_stderr(tmp_path):
    path = write(tmp_path, "\n")
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 1
    assert "[empty-document]" in result.stderr
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["empty-document", "app-name"]


def test_missing_file_is_a_user_error(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.md")])
    assert result.exit_code == 1
    assert result.stderr.startswith("intspec: error: ") and "cannot read the document" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["validate"]).exit_code == 2
    assert runner.invoke(app, ["inspect", str(GOOD), "--format", "xml"]).exit_code == 2


def test_internal_errors_exit_3_with_one_line(monkeypatch):
    import generator.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(generator.pipeline, "read_spec", broken)
    result = runner.invoke(app, ["validate", str(GOOD)])
    assert result.exit_code == 3
    assert (
        result.stderr
        == "intspec: error: internal error: RuntimeError: boom (run with --debug for a traceback and report it)\n"
    )


def test_console_script_runs():
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(GOOD)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
