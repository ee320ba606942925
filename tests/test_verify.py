import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from tests.documents import SPEC_INPUTS
from tests.scaffolding import scaffold_project

runner = CliRunner()


@pytest.mark.slow
def test_verify_reports_each_check_and_fails_when_one_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYPY_CACHE_DIR", str(tmp_path / "mypy-cache"))
    project = scaffold_project(SPEC_INPUTS / "pocket-ledger-minimal.md", tmp_path / "out").target
    result = runner.invoke(app, ["verify", str(project), "--json", "--quiet"])
    assert result.exit_code == 0, result.stdout
    summary = json.loads(result.stdout)
    assert summary["ok"] is True
    assert [check["name"] for check in summary["checks"]] == ["ruff", "mypy", "pytest"]

    (project / "tests" / "test_broken.py").write_text("def test_broken() -> None:\n    assert 1 + 1 == 3\n")
    result = runner.invoke(app, ["verify", str(project), "--json", "--quiet"])
    assert result.exit_code == 1
    checks = {check["name"]: check for check in json.loads(result.stdout)["checks"]}
    assert checks["ruff"]["ok"] and checks["mypy"]["ok"] and not checks["pytest"]["ok"]
    assert "test_broken" in checks["pytest"]["output"]


def test_verify_refuses_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(tmp_path)])
    assert result.exit_code == 1
    assert "has no pyproject.toml" in result.stderr


def test_verify_with_a_missing_interpreter_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    result = runner.invoke(app, ["verify", str(tmp_path), "--python", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "no such interpreter" in result.stderr
