"""Scaffolding is safe and repeatable: same inputs give the same bytes, a failure leaves nothing behind,
a non-empty folder is refused, and spec values land in the output as data."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import generator.render
from generator import __version__
from generator.cli import app
from generator.errors import OutputError
from tests.documents import SPEC_INPUTS
from tests.scaffolding import scaffold_project, tree_bytes

MINIMAL = SPEC_INPUTS / "pocket-ledger-minimal.md"
runner = CliRunner()


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    first = scaffold_project(SPEC_INPUTS / "harbor-freight.md", tmp_path / "one").target
    second = scaffold_project(SPEC_INPUTS / "harbor-freight.md", tmp_path / "two").target
    assert tree_bytes(first) == tree_bytes(second)


def test_manifest_records_generator_spec_blueprints_and_file_hashes(tmp_path: Path) -> None:
    project = scaffold_project(MINIMAL, tmp_path / "out").target
    manifest = json.loads((project / ".intspec" / "manifest.json").read_text())
    assert manifest["generator"] == {"name": "intspec", "version": __version__}
    assert manifest["spec"] == {"file": MINIMAL.name, "sha256": hashlib.sha256(MINIMAL.read_bytes()).hexdigest()}
    assert [b["name"] for b in manifest["blueprints"]] == ["service", "events", "security", "oauth", "webhooks"]
    files = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()} - {".intspec/manifest.json"}
    assert set(manifest["files"]) == files
    for path, entry in manifest["files"].items():
        assert entry["sha256"] == hashlib.sha256((project / path).read_bytes()).hexdigest()
    assert manifest["files"]["src/pocket_ledger/events/catalog.py"]["blueprint"] == "events"
    assert manifest["files"]["src/pocket_ledger/main.py"]["blueprint"] == "service"


def test_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["scaffold", str(MINIMAL), "-o", str(target)])
    assert result.exit_code == 1
    assert "is not empty" in result.stderr and "--force" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_force_replaces_generated_files_and_keeps_the_users(tmp_path: Path) -> None:
    target = scaffold_project(MINIMAL, tmp_path / "out").target
    (target / "notes.txt").write_text("mine")
    (target / "README.md").write_text("edited")
    scaffold_project(MINIMAL, target, force=True)
    assert (target / "notes.txt").read_text() == "mine"
    assert (target / "README.md").read_text().startswith("# Pocket Ledger")


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    assert (scaffold_project(MINIMAL, tmp_path / "out").target / "pyproject.toml").is_file()


def test_failure_mid_render_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = generator.render.generate_files

    def fail_on_second(*args: object, **kwargs: object) -> str:
        calls.append(kwargs.get("repo_dir"))
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(generator.render, "generate_files", fail_on_second)
    with pytest.raises(RuntimeError, match="disk on fire"):
        scaffold_project(MINIMAL, tmp_path / "out")
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def test_a_symlinked_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(OutputError, match="symbolic link"):
        scaffold_project(MINIMAL, tmp_path / "link")


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scaffold", str(MINIMAL), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0
    assert "service 1.1.0: always applied" in result.stderr
    assert "events 1.1.0: webhooks.events: 5 entries (pocket-ledger-minimal.md:" in result.stderr
    assert "  src/pocket_ledger/events/catalog.py" in result.stderr
    assert not (tmp_path / "out").exists()


def test_scaffold_json_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scaffold", str(MINIMAL), "-o", str(tmp_path / "out"), "--json", "--quiet"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert [b["name"] for b in summary["blueprints"]] == ["service", "events", "security", "oauth", "webhooks"]
    assert ".intspec/manifest.json" in summary["files"]
    assert result.stderr == ""


def test_a_document_with_errors_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    spec = tmp_path / "bad.md"
    spec.write_text("# Integration Specifications: Bad\n## OAuth 2.0 Provider\n```yaml\nScopes:\n  - no\\pe\n```\n")
    result = runner.invoke(app, ["scaffold", str(spec), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{spec}:5: error: scope 'no\\\\pe' has characters" in result.stderr
    assert not (tmp_path / "out").exists()


def test_plan_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", str(MINIMAL)])
    assert result.exit_code == 0
    assert result.stderr.startswith("pocket-ledger-minimal.md: 5 blueprint(s) apply")


def test_force_removes_stale_generated_files_but_keeps_edited_ones(tmp_path: Path) -> None:
    target = scaffold_project(SPEC_INPUTS / "harbor-freight.md", tmp_path / "out").target
    events_test = target / "tests" / "test_event_types.py"
    payloads = target / "src" / "harbor_freight_exchange" / "events" / "payloads.py"
    payloads.write_text(payloads.read_text() + "# edited\n")
    spec = tmp_path / "no-events.md"
    spec.write_text(
        "# Integration Specifications: Harbor Freight Exchange\n## Overview\nNo events.\n", encoding="utf-8"
    )
    result = scaffold_project(spec, target, force=True)
    assert not events_test.exists()
    assert payloads.exists()
    assert result.kept == ["src/harbor_freight_exchange/events/payloads.py"]


def test_force_checks_every_destination_before_writing(tmp_path: Path) -> None:
    target = scaffold_project(MINIMAL, tmp_path / "out").target
    readme_before = (target / "README.md").read_text()
    (target / "README.md").write_text("mine")
    (tmp_path / "elsewhere").mkdir()
    shutil.rmtree(target / "tests")
    (target / "tests").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match="symbolic link"):
        scaffold_project(MINIMAL, target, force=True)
    assert (target / "README.md").read_text() == "mine" != readme_before
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_dry_run_json_says_nothing_was_written(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scaffold", str(MINIMAL), "-o", str(tmp_path / "out"), "--dry-run", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["dry_run"] is True
    assert "wrote" not in result.stderr


def test_plan_and_scaffold_show_the_documents_warnings(tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text("# Integration Specifications: Import\n## Overview\nA service.\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(spec)])
    assert result.exit_code == 0
    assert (
        f"{spec}:1: warning: package name 'import_app' used because 'import' is a Python keyword [package-name]"
        in result.stderr
    )
