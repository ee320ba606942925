"""Extension points: declared by the blueprint that owns them, contributions checked against their typed
schemas when blueprints load (errors name the blueprint.yaml and the key), name collisions refused when a
plan combines them, ``enhances`` as a typed flag, and an outside blueprint that extends the service without
touching it."""

import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from generator.blueprints import load_blueprints
from generator.errors import BlueprintError, PlanError, SpecError, UntrustedBlueprintError
from generator.pipeline import read_spec
from generator.plan import plan_project
from generator.verify import run_check
from tests.documents import SPEC_INPUTS
from tests.helpers import build_file_tree
from tests.scaffolding import check_project, failures, scaffold_project

MINIMAL = SPEC_INPUTS / "pocket-ledger-minimal.md"
SLUG_DIR = "{{cookiecutter.project_slug}}"
PKG = "src/{{cookiecutter.package_name}}"
COOKIECUTTER_JSON = '{"project_name": "X", "project_slug": "x", "package_name": "x", "_extensions": ["generator.templating.jinja.IntspecExtension"], "_intspec": {}}'


def blueprint(root: Path, name: str, yaml_text: str, files: dict[str, str] | None = None) -> Path:
    tree = {"blueprint.yaml": textwrap.dedent(yaml_text), "cookiecutter.json": COOKIECUTTER_JSON}
    tree.update({f"{SLUG_DIR}/{path}": text for path, text in (files or {"NOTES.md": "x\n"}).items()})
    return build_file_tree(root / name, tree)


def header(name: str) -> str:
    return f"name: {name}\nsummary: s\nversion: '1'\ndepends_on: [service]\n"


def load_error(tmp_path: Path, yaml_text: str) -> str:
    blueprint(tmp_path, "extra", yaml_text)
    with pytest.raises(BlueprintError) as caught:
        load_blueprints([tmp_path])
    return str(caught.value)


def minimal_spec():
    return read_spec(MINIMAL).require_valid()


def test_the_service_declares_its_extension_points():
    points = load_blueprints()["service"].extension_points
    assert set(points) >= {
        "routers", "settings", "dependencies", "dev_dependencies", "models", "migrations", "lifespan",
        "middleware", "exception_handlers", "api_dependencies", "cli_commands", "health_checks", "metrics",
        "compose_services", "make_targets", "endpoints", "readme",
    }  # fmt: skip
    assert all(point.owner == "service" and point.summary for point in points.values())


# --- schema violations, each with its exact message ---------------------------------------------------

BAD_CONTRIBUTIONS = [
    (
        "widgets:\n    - {name: x}",
        "contributes.widgets: no blueprint declares this extension point (declared: api_dependencies, cli_commands, "
        "compose_services, dependencies, dev_dependencies, endpoints, exception_handlers, health_checks, lifespan, "
        "make_targets, metrics, middleware, migrations, models, mypy_overrides, package_data, readme, routers, scopes, "
        "settings, test_credentials, test_settings, token_verifiers)",
    ),
    (
        "routers:\n    - module: api.routes.x; import os",
        "contributes.routers[0]: module: 'api.routes.x; import os' is not a dotted lowercase module path like "
        "'api.routes.events'",
    ),
    ("routers:\n    - tag: x", "contributes.routers[0]: module: missing (required)"),
    (
        "routers:\n    - {module: api.x, prefix: /x}",
        "contributes.routers[0]: unknown key 'prefix' (known: module, tag)",
    ),
    ("routers:\n    - api.x", "contributes.routers[0]: 'api.x' is not a mapping with module, tag"),
    (
        "dependencies:\n    - 'fastapi; os.system(1)'",
        "contributes.dependencies[0]: 'fastapi; os.system(1)' is not a requirement like 'package>=1.0'",
    ),
    (
        "settings:\n    - {name: Bad Name, type: str}",
        "contributes.settings[0]: name: 'Bad Name' is not a lowercase Python identifier",
    ),
    (
        "settings:\n    - {name: x, type: 'str = __import__(\"os\")'}",
        "contributes.settings[0]: type: 'str = __import__(\"os\")' is not a type annotation like 'str | None'",
    ),
    (
        "settings:\n    - {name: database_url, type: str}",
        "contributes.settings[0]: name 'database_url' is reserved: blueprint 'service' uses it itself",
    ),
    (
        "settings:\n    - {name: x, type: str, spec: webhooks.retrys}",
        "contributes.settings[0]: spec: 'webhooks.retrys' is not a path into the model: 'webhooks.retrys': webhooks "
        "has no 'retrys' (it has config_example, events, retry, failure, signature, architecture, "
        "delivery_timeout_seconds, ordering)",
    ),
    (
        "models:\n    - {module: models.x, names: [not-a-class]}",
        "contributes.models[0]: names: item 0 'not-a-class' is not a class name like 'RequestTimer'",
    ),
    (
        "cli_commands:\n    - {name: Serve Now, module: x.cli, register: add, help: h}",
        "contributes.cli_commands[0]: name: 'Serve Now' is not a lowercase word like 'worker' or 'send-test'",
    ),
    (
        "cli_commands:\n    - {name: serve, module: x.cli, register: add, help: h}",
        "contributes.cli_commands[0]: name 'serve' is reserved: blueprint 'service' uses it itself",
    ),
    (
        "metrics:\n    - {name: x_total, kind: summary, help: h}",
        "contributes.metrics[0]: kind: 'summary' is not one of counter, gauge, histogram",
    ),
    (
        "make_targets:\n    - name: go\n      help: h\n      recipe: ['echo a', \"echo b\\nrm -rf /\"]",
        "contributes.make_targets[0]: recipe: item 1 'echo b\\nrm -rf /' is not one line of text",
    ),
    (
        "compose_services:\n    - {name: worker, command: [python], environment: {A: [1]}}",
        "contributes.compose_services[0]: environment: {'A': [1]} is not a mapping of names to single values",
    ),
]


@pytest.mark.parametrize(
    ("contributes", "message"),
    BAD_CONTRIBUTIONS,
    ids=[m.split(":")[0] + str(i) for i, (_, m) in enumerate(BAD_CONTRIBUTIONS)],
)
def test_contributions_are_checked_against_the_schema(tmp_path: Path, contributes: str, message: str) -> None:
    error = load_error(tmp_path, header("extra") + f"contributes:\n  {contributes}\n")
    assert error == f"{tmp_path / 'extra' / 'blueprint.yaml'}: {message}"


BAD_DECLARATIONS = [
    ("extension_points:\n  Hooks: {fields: {a: text}}", "extension_points.'Hooks' is not a lowercase identifier"),
    (
        "extension_points:\n  hooks: {fields: {a: texty}}",
        "extension_points.field 'a': unknown type 'texty' (known: text, markdown, identifier, module, class_name, word, env_name, type_annotation, requirement, metric_kind, scope, scalar, mapping, model_path)",
    ),
    (
        "extension_points:\n  hooks: {fields: {a: text}, unique: [b]}",
        "extension_points.hooks: unique names 'b', which is not one of its fields",
    ),
    (
        "extension_points:\n  hooks: {fields: {a: text}, item: text}",
        "extension_points.hooks: give either 'fields' (items are mappings) or 'item' (items are single values)",
    ),
    (
        "extension_points:\n  hooks: {fields: {blueprint: text}}",
        "extension_points.field 'blueprint' is reserved: intspec adds it to every item",
    ),
    (
        "extension_points:\n  hooks: {fields: {a: text}, order: 1}",
        "extension_points.hooks: unknown key 'order' (known: fields, item, reserved, summary, unique)",
    ),
    (
        "extension_points:\n  routers: {fields: {a: text}}",
        "extension_points.routers: already declared by blueprint 'service'",
    ),
    (
        "requires: [webhooks.evnts]",
        "requires: item 0: 'webhooks.evnts': webhooks has no 'evnts' (it has config_example, events, retry, failure, signature, architecture, delivery_timeout_seconds, ordering)",
    ),
    (
        "context:\n  events: webhook.events",
        "context: events: 'webhook.events': the model has no 'webhook' (it has model_version, app, architecture, oauth, saml, identity_providers, connectors, payment_flow, storage, analytics, webhooks, data_transfer, calendars, accounting, sdks, testing, monitoring, errors, documentation, security, privacy, marketplace, partner_access, migration, clarifications, api_spec, extra_sections, not_applicable, diagnostics, defaults, sources)",
    ),
]


@pytest.mark.parametrize(
    ("declaration", "message"), BAD_DECLARATIONS, ids=[str(i) for i in range(len(BAD_DECLARATIONS))]
)
def test_extension_point_declarations_and_model_paths_are_checked(
    tmp_path: Path, declaration: str, message: str
) -> None:
    error = load_error(tmp_path, header("extra") + declaration + "\n")
    assert error == f"{tmp_path / 'extra' / 'blueprint.yaml'}: {message}"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (
            "depends_on: [servic]",
            "depends_on: blueprint 'servic' does not exist (known: events, extra, identity_providers, mappings, oauth, rate_limits, saml, security, service, webhooks)",
        ),
        (
            "enhances: [webhook]",
            "enhances: blueprint 'webhook' does not exist (known: events, extra, identity_providers, mappings, oauth, rate_limits, saml, security, service, webhooks)",
        ),
    ],
)
def test_relations_name_existing_blueprints(tmp_path: Path, field: str, message: str) -> None:
    blueprint(tmp_path, "extra", f"name: extra\nsummary: s\nversion: '1'\n{field}\n")
    with pytest.raises(BlueprintError) as caught:
        plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    assert str(caught.value) == f"{tmp_path / 'extra' / 'blueprint.yaml'}: {message}"


# --- collisions: two blueprints using one name at one extension point --------------------------------

COLLISIONS = [
    ("routers", "{module: api.routes.health}", "module 'api.routes.health'", "service"),
    ("settings", "{name: shared, type: str}", "name 'shared'", None),
    ("models", "{module: models.shared, names: [Shared]}", "module 'models.shared'", None),
    ("migrations", "{branch: shared}", "branch 'shared'", None),
    ("lifespan", "{name: shared, module: x.life, start: start}", "name 'shared'", None),
    ("middleware", "{name: shared, module: x.mw, class_name: Shared}", "name 'shared'", None),
    ("exception_handlers", "{module: x.err, exception: SharedError, handler: handle}", "exception 'SharedError'", None),
    ("api_dependencies", "{name: SharedDep, module: x.deps, function: get, type: Shared}", "name 'SharedDep'", None),
    ("cli_commands", "{name: shared, module: x.cli, register: add, help: h}", "name 'shared'", None),
    ("health_checks", "{name: shared, module: x.health, function: check}", "name 'shared'", None),
    ("metrics", "{name: shared_total, kind: counter, help: h}", "name 'shared_total'", None),
    ("compose_services", "{name: shared, command: [python]}", "name 'shared'", None),
    ("make_targets", "{name: shared, help: h, recipe: [echo]}", "name 'shared'", None),
    ("endpoints", "{path: GET /health, summary: s}", "path 'GET /health'", "service"),
    ("readme", "{title: Shared, text: t}", "title 'Shared'", None),
    ("dependencies", "'fastapi>=0.100'", "name 'fastapi'", "service"),
]


@pytest.mark.parametrize(("point", "item", "what", "other"), COLLISIONS, ids=[c[0] for c in COLLISIONS])
def test_name_collisions_are_refused_for_every_kind(
    tmp_path: Path, point: str, item: str, what: str, other: str | None
) -> None:
    blueprint(tmp_path, "one", header("one") + f"contributes:\n  {point}:\n    - {item}\n")
    if other is None:
        blueprint(tmp_path, "two", header("two") + f"contributes:\n  {point}:\n    - {item}\n")
    first, second = (other, "one") if other else ("one", "two")
    with pytest.raises(PlanError) as caught:
        plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    assert str(caught.value) == (
        f"blueprints {first!r} and {second!r} both contribute {point} with {what}; rename one of them"
    )


def test_the_same_requirement_twice_is_merged(tmp_path: Path) -> None:
    blueprint(tmp_path, "one", header("one") + "contributes:\n  dependencies:\n    - 'fastapi>=0.110'\n")
    plan = plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    assert plan.contributions["dependencies"].count("fastapi>=0.110") == 1


def test_routers_in_packages_of_the_same_name_get_distinct_aliases(tmp_path: Path) -> None:
    router = "from fastapi import APIRouter\n\nrouter = APIRouter()\n"
    blueprint(
        tmp_path,
        "one",
        header("one")
        + "contributes:\n  routers:\n    - {module: partners.webhooks}\n    - {module: billing.webhooks}\n",
        {
            f"{PKG}/partners/__init__.py": "",
            f"{PKG}/partners/webhooks.py": router,
            f"{PKG}/billing/__init__.py": "",
            f"{PKG}/billing/webhooks.py": router,
        },
    )
    project = scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path], trust=True).target
    text = (project / "src/pocket_ledger/api/router.py").read_text()
    assert "import router as partners_webhooks_router" in text
    assert "import router as billing_webhooks_router" in text


def test_contributed_imports_are_sorted_among_the_services_own(tmp_path: Path) -> None:
    # Modules that sort before the service's own (billing < core) must not break the project's isort check.
    contributes = (
        "contributes:\n  health_checks:\n    - {name: provider, module: billing.health, function: check_provider}\n"
        "  models:\n    - {module: billing.tables, names: [Invoice]}\n"
    )
    files = {
        f"{PKG}/billing/__init__.py": "",
        f"{PKG}/billing/health.py": "def check_provider() -> None:\n    pass\n",
        f"{PKG}/billing/tables.py": "class Invoice:\n    pass\n",
    }
    blueprint(tmp_path, "one", header("one") + contributes, files)
    project = scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path], trust=True).target
    for path in ("src/pocket_ledger/api/routes/health.py", "src/pocket_ledger/models/__init__.py"):
        lines = (project / path).read_text().splitlines()
        imports = [line for line in lines if line.startswith("from pocket_ledger.")]
        assert imports == sorted(imports) and any("billing" in line for line in imports), path


# --- enhances: a typed flag ---------------------------------------------------------------------------


def test_enhances_gives_the_templates_a_flag(tmp_path: Path) -> None:
    flag = "{{ cookiecutter._intspec.enhances.events }}\n"
    blueprint(tmp_path, "one", header("one") + "enhances: [events]\n", {"ONE.txt": flag})
    project = scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path]).target
    assert (project / "ONE.txt").read_text() == "True\n"
    plan = plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    assert plan.names.index("events") < plan.names.index("one")


def test_the_flag_is_set_in_contributions_and_file_names_too(tmp_path: Path) -> None:
    flag = "{{ cookiecutter._intspec.enhances.events }}"
    readme = f"contributes:\n  readme:\n    - {{title: One, text: 'events: {flag}'}}\n"
    blueprint(tmp_path, "one", header("one") + "enhances: [events]\n" + readme, {f"ONE-{flag}.txt": "x\n"})
    plan = plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    assert [item["text"] for item in plan.contributions["readme"] if item["blueprint"] == "one"] == ["events: True"]
    assert next(step for step in plan.steps if step.blueprint.name == "one").files == ("ONE-True.txt",)


def test_a_flag_for_a_blueprint_not_enhanced_is_an_error(tmp_path: Path) -> None:
    blueprint(tmp_path, "one", header("one"), {"ONE.txt": "{{ cookiecutter._intspec.enhances.events }}\n"})
    with pytest.raises(BlueprintError, match="'dict object' has no attribute 'events'"):
        scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path])


def test_the_blueprint_list_is_not_in_the_context(tmp_path: Path) -> None:
    blueprint(tmp_path, "one", header("one"), {"ONE.txt": "{{ cookiecutter._intspec.blueprints }}\n"})
    with pytest.raises(BlueprintError, match="has no attribute 'blueprints'"):
        scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path])


# --- a blueprint's own Python logic ------------------------------------------------------------------

LOGIC = """
from generator.errors import Diagnostic


def validate(spec):
    if spec.app.name == "Pocket Ledger":
        return [Diagnostic(spec.sources["app.name"], "error", "reader-bug", "logic says no")]
    return []


def view(spec):
    return {"shout": spec.app.name.upper()}


def artifacts(spec, spec_file):
    return {"greeting": f"made from {spec_file}"}
"""


def test_a_blueprints_logic_validates_views_and_makes_artifacts(tmp_path: Path) -> None:
    folder = blueprint(
        tmp_path,
        "one",
        header("one"),
        {"ONE.txt": "{{ cookiecutter._intspec.view.shout }} / {{ cookiecutter._intspec.generated.greeting }}\n"},
    )
    (folder / "blueprint.py").write_text(LOGIC.replace('"Pocket Ledger"', '"nobody"'))
    with pytest.raises(UntrustedBlueprintError, match=r"blueprint\.py, which runs code on your machine"):
        plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md")
    project = scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[tmp_path], trust=True).target
    assert (project / "ONE.txt").read_text() == "POCKET LEDGER / made from pocket-ledger-minimal.md\n"


def test_a_blueprints_validation_errors_stop_the_plan_with_their_lines(tmp_path: Path) -> None:
    folder = blueprint(tmp_path, "one", header("one"))
    (folder / "blueprint.py").write_text(LOGIC)
    with pytest.raises(SpecError) as caught:
        plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md", trust=True)
    assert [d.format("spec.md") for d in caught.value.diagnostics] == ["spec.md:1: error: logic says no [reader-bug]"]


COMPUTED = """
def contributions(spec):
    return {"settings": [{"name": NAME, "type": "str", "default": spec.app.name + " {{ 7 * 7 }}"}]}
"""


def computed_plan(tmp_path: Path, name: str):
    folder = blueprint(tmp_path, "one", header("one"))
    (folder / "blueprint.py").write_text(COMPUTED.replace("NAME", repr(name)))
    return plan_project(minimal_spec(), load_blueprints([tmp_path]), "spec.md", trust=True)


def test_computed_contributions_are_added_as_data_not_templates(tmp_path: Path) -> None:
    settings = computed_plan(tmp_path, "greeting").contributions["settings"]
    assert {"blueprint": "one", "name": "greeting", "type": "str", "default": "Pocket Ledger {{ 7 * 7 }}"} in [
        {k: v for k, v in item.items() if v is not None} for item in settings
    ]


def test_computed_contributions_are_checked_against_the_schema(tmp_path: Path) -> None:
    with pytest.raises(BlueprintError) as caught:
        computed_plan(tmp_path, "Not-A-Name")
    assert str(caught.value) == (
        f"{tmp_path / 'one' / 'blueprint.py'}: contributions()['settings'][0]: name: 'Not-A-Name' is not a "
        "lowercase Python identifier"
    )


def test_computed_contributions_collide_like_declared_ones(tmp_path: Path) -> None:
    blueprint(tmp_path, "two", header("two") + "contributes:\n  settings:\n    - {name: greeting, type: str}\n")
    with pytest.raises(PlanError, match="blueprints 'two' and 'one' both contribute settings with name 'greeting'"):
        computed_plan(tmp_path, "greeting")


def test_events_that_would_share_a_model_class_are_an_error_at_their_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text(
        "# Integration Specifications: A\n## Webhook System\n### Event Catalog\n| Event | Description |\n|---|---|\n"
        "| `a.b_c` | x |\n| `a_b.c` | y |\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        scaffold_project(spec, tmp_path / "out")
    assert [d.format("spec.md") for d in caught.value.diagnostics] == [
        "spec.md:7: error: events 'a.b_c' and 'a_b.c' would both be modelled as ABCData; rename one in the event "
        "catalog [event-class]"
    ]
    assert not (tmp_path / "out").exists()


# --- an outside blueprint extends the service without touching it ------------------------------------

OUTSIDE = """\
    name: extras
    summary: A CLI command, a lifespan task, a middleware, a setting and a compose service, from outside.
    version: '1.0'
    depends_on: [service]
    contributes:
      settings:
        - {name: extras_greeting, type: str, default: hello, description: what the hello command prints}
      cli_commands:
        - {name: hello, module: extras.cli, register: add_hello, help: print the greeting}
      lifespan:
        - {name: extras_clock, module: extras.lifespan, start: start_clock, stop: stop_clock}
      middleware:
        - {name: extras_header, module: extras.middleware, class_name: ExtrasHeader}
      compose_services:
        - {name: extras-worker, command: [python, -m, "{{cookiecutter.package_name}}", hello]}
      make_targets:
        - {name: hello, help: print the greeting, recipe: ["$(BIN)/python -m {{cookiecutter.package_name}} hello"]}
"""
EXTRAS = {
    f"{PKG}/extras/__init__.py": '"""Additions from the extras blueprint."""\n',
    f"{PKG}/extras/cli.py": '''\
"""`python -m {{ cookiecutter.package_name }} hello`."""

import argparse

from {{ cookiecutter.package_name }}.core.config import get_settings


def hello(args: argparse.Namespace) -> int:
    print(get_settings().extras_greeting)
    return 0


def add_hello(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=hello)
''',
    f"{PKG}/extras/lifespan.py": '''\
"""A task the app starts and stops with itself."""

from fastapi import FastAPI

EVENTS: list[str] = []


async def start_clock(app: FastAPI) -> None:
    app.state.extras_started = True
    EVENTS.append("start")


async def stop_clock(app: FastAPI) -> None:
    EVENTS.append("stop")
''',
    f"{PKG}/extras/middleware.py": '''\
"""Adds a header to every response."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ExtrasHeader:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-extras", b"yes"))
            await send(message)

        await self.app(scope, receive, with_header if scope["type"] == "http" else send)
''',
    "tests/test_extras.py": """\
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.extras.lifespan import EVENTS

ROOT = Path(__file__).resolve().parents[1]


def test_the_setting_has_its_default() -> None:
    assert Settings(_env_file=None).extras_greeting == "hello"


def test_the_cli_command_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["hello"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == "hello\\n"


def test_the_lifespan_task_starts_and_stops(app: FastAPI) -> None:
    EVENTS.clear()
    with TestClient(app):
        assert app.state.extras_started is True
        assert EVENTS == ["start"]
    assert EVENTS == ["start", "stop"]


def test_the_middleware_adds_its_header(client: TestClient) -> None:
    assert client.get("/health").headers["x-extras"] == "yes"


def test_the_compose_service_runs_the_command() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert compose["services"]["extras-worker"]["command"] == ["python", "-m", "{{ cookiecutter.package_name }}", "hello"]
    assert "EXTRAS_GREETING=hello" in (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "\\nhello: $(STAMP)\\n" in (ROOT / "Makefile").read_text(encoding="utf-8")
""",
}


@pytest.mark.slow
def test_an_outside_blueprint_extends_the_service_without_touching_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    blueprint(outside, "extras", OUTSIDE, EXTRAS)
    project = scaffold_project(MINIMAL, tmp_path / "out", blueprint_dirs=[outside], trust=True).target
    compose = yaml.safe_load((project / "docker-compose.yml").read_text(encoding="utf-8"))
    assert set(compose["services"]) == {"app", "db", "extras-worker", "worker"}
    results = check_project(project, tmp_path / "mypy-cache")
    assert all(r.ok for r in results), failures(results)
    extras = run_check(
        project, sys.executable, "pytest", ("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_extras.py")
    )
    assert extras.ok and "5 passed" in extras.output, extras.output
