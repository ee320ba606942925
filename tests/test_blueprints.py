"""Blueprints: loading and its errors, composition in a plan, hooks only with --trust, and plain
cookiecutter rendering each built-in blueprint from its defaults."""

import json
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.blueprints import BUILTIN_DIR, load_blueprints
from generator.errors import BlueprintError, CodegenError, IntspecError, PlanError, UntrustedBlueprintError
from generator.pipeline import read_spec
from generator.plan import plan_project
from tests.documents import SPEC_INPUTS
from tests.helpers import build_file_tree, doc, read
from tests.refresh_blueprint_defaults import cookiecutter_json, default_contexts
from tests.scaffolding import scaffold_project

MINIMAL = SPEC_INPUTS / "pocket-ledger-minimal.md"
SLUG_DIR = "{{cookiecutter.project_slug}}"
COOKIECUTTER_JSON = json.dumps(
    {
        "project_name": "X",
        "project_slug": "x",
        "package_name": "x",
        "_extensions": ["generator.templating.jinja.IntspecExtension"],
        "_intspec": {},
    }
)


def blueprint(root: Path, name: str, yaml_text: str, files: dict[str, str]) -> Path:
    tree = {"blueprint.yaml": yaml_text, "cookiecutter.json": COOKIECUTTER_JSON}
    tree.update({f"{SLUG_DIR}/{path}": text for path, text in files.items()})
    return build_file_tree(root / name, tree)


def minimal_spec():
    return read_spec(MINIMAL).require_valid()


def test_builtin_blueprints_load():
    blueprints = load_blueprints()
    assert {"service", "events"} <= set(blueprints)
    assert blueprints["events"].requires == ("webhooks.events",)
    assert blueprints["events"].depends_on == ("service",)


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("name: extra\nsummary: s\nversion: 1\nrequirez: []\n", "requirez: Extra inputs are not permitted"),
        ("name: other\nsummary: s\nversion: '1'\n", "must match the folder name 'extra'"),
        (
            "name: extra\nsummary: s\nversion: '1'\ncontributes:\n  widgets: []\n",
            "no blueprint declares this extension point",
        ),
        ("name: [\n", "not valid YAML"),
    ],
)
def test_bad_blueprint_files_are_reported_with_their_path(tmp_path: Path, yaml_text: str, message: str) -> None:
    blueprint(tmp_path, "extra", yaml_text, {"README.md": "x"})
    with pytest.raises(BlueprintError) as caught:
        load_blueprints([tmp_path])
    assert str(caught.value).startswith(str(tmp_path / "extra"))
    assert message in str(caught.value)


def test_symlinks_in_blueprints_are_refused(tmp_path: Path) -> None:
    folder = blueprint(tmp_path, "extra", "name: extra\nsummary: s\nversion: '1'\n", {"README.md": "x"})
    (folder / SLUG_DIR / "link").symlink_to("/etc/passwd")
    with pytest.raises(BlueprintError, match="symbolic links"):
        load_blueprints([tmp_path])


def test_plan_explains_why_each_blueprint_applies_or_not(tmp_path: Path) -> None:
    blueprint(
        tmp_path,
        "payments",
        "name: payments\nsummary: s\nversion: '1'\nrequires: [connectors.stripe]\ndepends_on: [service]\n",
        {"src/{{cookiecutter.package_name}}/payments.py": "x = 1\n"},
    )
    plan = plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    assert plan.names == ["service", "events", "security", "oauth", "webhooks"]
    reasons = {step.blueprint.name: step.reason for step in plan.steps}
    assert reasons["security"] == "always applied"
    assert reasons["oauth"] == "oauth: 7 entries (spec.md:28)"
    skipped = {s.name: s.reason for s in plan.skipped}
    assert skipped == {
        "mappings": "connectors.salesforce.field_mappings is null (the document lacks it or marks it not applicable)",
        "payments": "connectors.stripe is null (the document lacks it or marks it not applicable)",
        "identity_providers": "identity_providers is empty (the document lacks it or marks it not applicable)",
        "saml": "saml is null (the document lacks it or marks it not applicable)",
        "rate_limits": "security.rate_limits is null (the document lacks it or marks it not applicable)",
    }


def test_the_mappings_blueprint_applies_to_field_mappings_and_lists_the_functions_to_write() -> None:
    spec = read(
        doc(
            "## CRM Integration (Salesforce)\n### Field Mapping\n| Our Field | Salesforce Field | Transform |\n"
            "|---|---|---|\n| a.name | Account.Name | Trim |\n| a.geo | Geo__c | Geocode *it* |\n"
        )
    ).spec
    plan = plan_project(spec, load_blueprints(), "spec.md")
    step = next(step for step in plan.steps if step.blueprint.name == "mappings")
    assert step.reason == "connectors.salesforce.field_mappings: 2 entries (spec.md:2)"
    assert "src/test_app/mappings/custom.py" in step.files
    assert {"blueprint": "mappings", "name": "mappings", "module": "mappings.health", "function": "check_mappings"} in (
        plan.contributions["health_checks"]
    )
    (readme,) = [item for item in plan.contributions["readme"] if item.get("title") == "Field mappings"]
    assert "| `transform_a_geo` | a.geo → Geo\\_\\_c | Geocode \\*it\\* (spec.md:7) |" in readme["text"]


def test_a_readme_text_that_fails_to_render_names_its_blueprint(tmp_path: Path) -> None:
    blueprint(
        tmp_path,
        "noisy",
        "name: noisy\nsummary: s\nversion: '1'\ncontributes:\n  readme:\n    - title: T\n      text: '{{ nothing.here }}'\n",
        {"x.txt": "x\n"},
    )
    with pytest.raises(
        BlueprintError, match=r"noisy/blueprint\.yaml: a contribution's text failed to render: 'nothing' is undefined"
    ):
        plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")


def test_two_blueprints_writing_one_path_is_an_error_naming_both(tmp_path: Path) -> None:
    blueprint(
        tmp_path,
        "clash",
        "name: clash\nsummary: s\nversion: '1'\n",
        {"src/{{cookiecutter.package_name}}/main.py": "x\n"},
    )
    with pytest.raises(PlanError) as caught:
        plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    assert str(caught.value) == (
        "blueprints 'service' and 'clash' both write src/pocket_ledger/main.py; "
        "a shared file must be an extension point of the blueprint that writes it (see docs/blueprints.md)"
    )


def test_routers_are_an_extension_point(tmp_path: Path) -> None:
    blueprint(
        tmp_path,
        "extra",
        "name: extra\nsummary: s\nversion: '1'\ndepends_on: [service]\ncontributes:\n  routers:\n    - module: api.routes.extra\n      tag: extra\n",
        {
            "src/{{cookiecutter.package_name}}/api/routes/extra.py": (
                'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/extra")\ndef extra() -> dict[str, str]:\n    return {"ok": "yes"}\n'
            )
        },
    )
    with pytest.raises(UntrustedBlueprintError) as refused:
        scaffold_project(MINIMAL, tmp_path / "untrusted", blueprint_dirs=[tmp_path])
    assert str(refused.value) == (
        f"blueprint 'extra' ({tmp_path.resolve() / 'extra'}) writes Python modules "
        "(src/pocket_ledger/api/routes/extra.py) that intspec imports to export the app's openapi.yaml, which runs "
        "them on your machine; review them and pass --trust"
    )
    assert not (tmp_path / "untrusted").exists()
    project = scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path], trust=True).target
    router = (project / "src/pocket_ledger/api/router.py").read_text()
    assert "from pocket_ledger.api.routes.extra import router as api_routes_extra_router" in router
    assert 'api_router.include_router(api_routes_extra_router, tags=["extra"])' in router
    operation = yaml.safe_load((project / "openapi.yaml").read_text())["paths"]["/extra"]["get"]
    assert operation["operationId"] == "extra"
    assert operation["tags"] == ["extra"]


def router_blueprint(root: Path, route: str) -> None:
    """A blueprint adding ``api/routes/extra.py``: the import lines, then ``route``."""
    blueprint(
        root,
        "extra",
        "name: extra\nsummary: s\nversion: '1'\ndepends_on: [service]\ncontributes:\n  routers:\n    - module: api.routes.extra\n",
        {
            "src/{{cookiecutter.package_name}}/api/routes/extra.py": f"from fastapi import APIRouter\n\nrouter = APIRouter()\n{route}"
        },
    )


def test_an_app_serving_an_invalid_openapi_document_is_not_written(tmp_path: Path) -> None:
    router_blueprint(
        tmp_path, '@router.get("/x", openapi_extra={"responses": {"20x": {}}})\ndef x() -> int:\n    return 1\n'
    )
    with pytest.raises(CodegenError) as caught:
        scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path], trust=True)
    assert str(caught.value) == (
        "the generated OpenAPI document is invalid:\n"
        "  paths//x/get/responses: Unevaluated properties are not allowed ('20x' was unexpected)"
    )
    assert not (tmp_path / "out").exists()


def test_an_app_that_fails_to_import_names_the_error(tmp_path: Path) -> None:
    router_blueprint(tmp_path, "import not_a_module_anywhere\n")
    with pytest.raises(CodegenError) as caught:
        scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path], trust=True)
    assert str(caught.value) == (
        "could not export openapi.yaml from the generated app (ModuleNotFoundError: No module named "
        "'not_a_module_anywhere'); intspec imports the app to write it, so its environment needs every package "
        "the app imports"
    )
    assert not (tmp_path / "out").exists()


def test_dependency_cycles_are_reported(tmp_path: Path) -> None:
    blueprint(tmp_path, "a", "name: a\nsummary: s\nversion: '1'\ndepends_on: [b]\n", {"a.txt": "a"})
    blueprint(tmp_path, "b", "name: b\nsummary: s\nversion: '1'\ndepends_on: [a]\n", {"b.txt": "b"})
    with pytest.raises(BlueprintError, match="depends on itself"):
        plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")


def test_hooks_of_outside_blueprints_run_only_with_trust(tmp_path: Path) -> None:
    folder = blueprint(
        tmp_path / "bps", "hooked", "name: hooked\nsummary: s\nversion: '1'\n", {"HOOKED.md": "hooked\n"}
    )
    build_file_tree(
        folder, {"hooks/post_gen_project.py": "from pathlib import Path\nPath('hook-ran.txt').write_text('yes')\n"}
    )
    with pytest.raises(IntspecError, match="pass --trust"):
        scaffold_project(MINIMAL, tmp_path / "untrusted", blueprint_dirs=[tmp_path / "bps"])
    assert not (tmp_path / "untrusted").exists()
    project = scaffold_project(MINIMAL, tmp_path / "trusted", blueprint_dirs=[tmp_path / "bps"], trust=True).target
    assert (project / "HOOKED.md").is_file()
    assert (project / "hook-ran.txt").read_text() == "yes"


def test_outside_templates_are_sandboxed(tmp_path: Path) -> None:
    blueprint(
        tmp_path,
        "sneaky",
        "name: sneaky\nsummary: s\nversion: '1'\n",
        {"sneaky.txt": "{{ ''.__class__.__mro__[1].__subclasses__() }}"},
    )
    with pytest.raises(BlueprintError, match=r"unsafe|access to attribute"):
        scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path])


@pytest.mark.parametrize("name", ["service", "events", "mappings"])
def test_cookiecutter_defaults_are_fresh(name: str) -> None:
    context = default_contexts()[name]
    assert (BUILTIN_DIR / name / "cookiecutter.json").read_text(encoding="utf-8") == cookiecutter_json(name, context), (
        "run `python -m tests.refresh_blueprint_defaults`"
    )


@pytest.mark.parametrize("name", ["service", "events", "mappings"])
def test_plain_cookiecutter_renders_each_blueprint_from_its_defaults(tmp_path: Path, name: str) -> None:
    cookiecutter = Path(sys.executable).with_name("cookiecutter")
    completed = subprocess.run(
        [str(cookiecutter), "--no-input", "--output-dir", str(tmp_path), str(BUILTIN_DIR / name)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 0, completed.stderr
    (project,) = [p for p in tmp_path.iterdir() if p.is_dir() and not p.name.startswith(".")]
    sources = list(project.rglob("*.py"))
    assert sources
    for source in sources:
        py_compile.compile(str(source), doraise=True)


def test_a_template_that_refuses_a_name_is_a_blueprint_error(tmp_path: Path) -> None:
    blueprint(
        tmp_path, "namer", "name: namer\nsummary: s\nversion: 1\n", {"x.py": "{{ 'Not An Identifier' | ident }}\n"}
    )
    with pytest.raises(BlueprintError, match="blueprint 'namer' failed to render: name 'Not An Identifier'"):
        scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path])
    assert load_blueprints([tmp_path])["namer"].version == "1"
