"""docs/blueprints.md cannot drift from the code: every extension point a built-in blueprint declares is
documented with its owner, fields and reserved values; every YAML contribution on the page loads and plans
with the real loader; every "renders" excerpt is in a scaffolded project; the worked example passes its
own checks.

The page marks what each code block is with an HTML comment on the line before it:

* ``<!-- file: doctor/PATH -->``: a file of the worked example (the ``my-blueprints/`` folder);
* ``<!-- excerpt: PATH -->``: text found in a file of this repository, or of the worked example;
* ``<!-- rendered: PATH -->``: lines of the project that the built-in blueprints, the worked example and a
  ``billing`` blueprint made of every YAML contribution on the page write for pocket-ledger-minimal.md
  (``<!-- rendered, doctor alone: PATH -->``: without ``billing``); ``...`` separates runs of lines;
* a ``yaml`` block with ``contributes`` and no marker: a contribution of that ``billing`` blueprint.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.blueprints import BUILTIN_DIR, TEMPLATE_DIR_NAME, load_blueprints
from generator.extension_points import FIELD_TYPES, ExtensionPoint
from generator.pipeline import read_spec
from generator.plan import plan_project
from tests.documents import SPEC_INPUTS
from tests.scaffolding import check_project, failures, scaffold_project

ROOT = Path(__file__).parents[1]
DOC = ROOT / "docs" / "blueprints.md"
MINIMAL = SPEC_INPUTS / "pocket-ledger-minimal.md"
SNIPPET_HEADER = {"name": "billing", "summary": "the doc's examples", "version": "1", "depends_on": ["service"]}

_FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>[\w-]*)\s*$")
_MARKER = re.compile(r"^<!-- (?P<kind>file|excerpt|rendered|rendered, doctor alone): (?P<what>.+?) -->$")
_POINT = re.compile(r"^### `(?P<name>[a-z_]+)`\s*$")
_HEADING = re.compile(r"^#{1,3} ")


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence in docs/blueprints.md
    info: str
    text: str
    marker: tuple[str, str] | None  # (kind, what) of the comment on the line before
    section: str  # the point name of the ### `name` section it is in, or ""

    @property
    def where(self) -> str:
        return f"docs/blueprints.md:{self.line}"


@dataclass(frozen=True)
class Section:
    name: str
    lines: list[str]  # outside code blocks only


def read_doc(text: str) -> tuple[list[Block], dict[str, Section]]:
    """Every fenced code block with its marker, and every ### `name` section's prose lines."""
    lines = text.splitlines()
    blocks: list[Block] = []
    sections: dict[str, Section] = {}
    current = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = _FENCE.match(line)
        if opened is None:
            if heading := _POINT.match(line):
                current = heading["name"]
                sections[current] = Section(current, [])
            elif _HEADING.match(line):
                current = ""
            elif current:
                sections[current].lines.append(line)
            index += 1
            continue
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index] != opened["fence"]:
            body.append(lines[index])
            index += 1
        index += 1
        found = _MARKER.match(lines[start - 1]) if start else None
        marker = (found["kind"], found["what"]) if found else None
        blocks.append(Block(start + 1, opened["info"], "\n".join(body) + "\n", marker, current))
    return blocks, sections


BLOCKS, SECTIONS = read_doc(DOC.read_text(encoding="utf-8"))
BUILTIN = load_blueprints()
POINTS = {name: point for blueprint in BUILTIN.values() for name, point in blueprint.extension_points.items()}


def marked(kind: str) -> list[Block]:
    return [block for block in BLOCKS if block.marker and block.marker[0] == kind]


def snippets() -> list[Block]:
    """The YAML contributions: yaml blocks without a marker."""
    return [block for block in BLOCKS if block.info == "yaml" and block.marker is None]


def worked_files() -> dict[str, str]:
    return {block.marker[1]: block.text for block in marked("file") if block.marker}


# --- every extension point is documented --------------------------------------------------------------


def expected_rows(point: ExtensionPoint) -> list[list[str]]:
    if point.item is not None:
        unique = "by name" if point.item.type == "requirement" else "by value"
        return [["(the item)", point.item.type, "yes", unique]]
    return [
        [
            spec.name,
            f"list[{spec.type}]" if spec.many else spec.type,
            "yes" if spec.required else "no",
            "yes" if spec.name in point.unique else "no",
        ]
        for spec in point.fields
    ]


def table_rows(section: Section) -> list[list[str]]:
    """The rows of the section's ``| field | type | required | unique |`` table, backticks removed."""
    rows: list[list[str]] = []
    inside = False
    for line in section.lines:
        if line.startswith("| field | type | required | unique |"):
            inside = True
        elif inside and line.startswith("|"):
            cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
            if set(cells[0]) != {"-"}:
                rows.append(cells)
        elif inside:
            break
    return rows


@pytest.mark.parametrize("name", sorted(POINTS))
def test_every_extension_point_is_documented_with_its_schema(name: str) -> None:
    point = POINTS[name]
    assert name in SECTIONS, f"docs/blueprints.md has no '### `{name}`' section for {point.owner}'s extension point"
    section = SECTIONS[name]
    owners = [line for line in section.lines if line.startswith("Owner: ")]
    assert owners and owners[0].startswith(f"Owner: `{point.owner}`"), f"{name}: no 'Owner: `{point.owner}`' line"
    assert table_rows(section) == expected_rows(point), f"{name}: the field table differs from blueprint.yaml"
    reserved = [line for line in section.lines if line.startswith("Reserved: ")]
    assert reserved, f"{name}: no 'Reserved: ' line"
    assert set(re.findall(r"`([^`]+)`", reserved[0])) == set(point.reserved), f"{name}: reserved values differ"


@pytest.mark.parametrize("name", sorted(POINTS))
def test_every_extension_point_has_an_example_contribution(name: str) -> None:
    examples = [yaml.safe_load(block.text) for block in snippets() if block.section == name]
    assert any(name in (example.get("contributes") or {}) for example in examples), f"{name}: no YAML example"


def test_every_field_type_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \| ", text, flags=re.MULTILINE))
    assert set(FIELD_TYPES) <= documented


def test_the_reader_finds_the_examples() -> None:
    # Guards the tests themselves: a layout change that hides the examples would make the others pass.
    assert len(SECTIONS) >= len(POINTS)
    assert len(snippets()) >= len(POINTS)
    assert {"file", "excerpt", "rendered", "rendered, doctor alone"} <= {b.marker[0] for b in BLOCKS if b.marker}


# --- every YAML example is real ---------------------------------------------------------------------


def write_blueprint(folder: Path, spec: dict[str, Any]) -> None:
    (folder / TEMPLATE_DIR_NAME).mkdir(parents=True, exist_ok=True)
    (folder / "blueprint.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    (folder / "cookiecutter.json").write_text("{}\n", encoding="utf-8")


def write_worked_example(root: Path) -> Path:
    for relative, text in worked_files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def combined_snippets() -> dict[str, Any]:
    """Every YAML contribution of the page as one ``billing`` blueprint (an item shown twice, once)."""
    contributes: dict[str, list[Any]] = {}
    for block in snippets():
        for point, items in yaml.safe_load(block.text)["contributes"].items():
            merged = contributes.setdefault(point, [])
            for item in items:
                if item not in merged:
                    merged.append(item)
    return {**SNIPPET_HEADER, "contributes": contributes}


# What each point's item names in its module, and the stub that defines it: enough for the scaffold to import
# the app (it exports openapi.yaml from it), not the example's behaviour.
STUBS: dict[str, str] = {
    "routers": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
    "models": "class {name}:\n    pass\n",
    "lifespan": "async def {start}(app: object) -> None:\n    pass\n\n\nasync def {stop}(app: object) -> None:\n    pass\n",
    "middleware": "class {class_name}:\n    def __init__(self, app: object) -> None:\n        self.app = app\n",
    "exception_handlers": "class {exception}(Exception):\n    pass\n\n\ndef {handler}(request: object, exc: object) -> None:\n    pass\n",
    "api_dependencies": "class {type}:\n    pass\n\n\ndef {function}() -> {type}:\n    return {type}()\n",
    "cli_commands": "def {register}(parser: object) -> None:\n    pass\n",
    "health_checks": "def {function}() -> None:\n    pass\n",
    "doctor_checks": "def {function}() -> None:\n    pass\n",
    "token_verifiers": "def {function}(session: object, token: str) -> None:\n    return None\n",
}


def stub_modules(contributes: dict[str, list[Any]]) -> dict[str, str]:
    """The package modules the contributions name, as template files that define the names they import."""
    modules: dict[str, list[str]] = {}
    for point, items in contributes.items():
        for item in items:
            if point not in STUBS or not isinstance(item, dict) or "module" not in item:
                continue
            names = [{"name": name} for name in item.get("names", [])] or [item]
            modules.setdefault(item["module"], []).extend(STUBS[point].format(**fields) for fields in names)
    return {
        f"src/{{{{cookiecutter.package_name}}}}/{module.replace('.', '/')}.py": "\n\n".join(parts)
        for module, parts in modules.items()
    }


def write_stubs(folder: Path, contributes: dict[str, list[Any]]) -> None:
    for relative, text in stub_modules(contributes).items():
        path = folder / TEMPLATE_DIR_NAME / relative
        for package in path.relative_to(folder / TEMPLATE_DIR_NAME).parents:
            service_has_it = (BUILTIN_DIR / "service" / TEMPLATE_DIR_NAME / package / "__init__.py").is_file()
            if package.parts[2:] and not service_has_it:  # a package of its own, below the project's
                init = folder / TEMPLATE_DIR_NAME / package / "__init__.py"
                init.parent.mkdir(parents=True, exist_ok=True)
                init.touch()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def minimal_spec():
    return read_spec(MINIMAL).require_valid()


@pytest.fixture(scope="module")
def worked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_worked_example(tmp_path_factory.mktemp("my-blueprints"))


@pytest.mark.parametrize("block", snippets(), ids=[block.where for block in snippets()])
def test_each_yaml_example_loads_and_plans(block: Block, worked: Path, minimal_spec, tmp_path: Path) -> None:
    example = yaml.safe_load(block.text)
    assert set(example) == {"contributes"}, f"{block.where}: a YAML example is a 'contributes:' mapping"
    write_blueprint(tmp_path / "billing", {**SNIPPET_HEADER, **example})
    plan = plan_project(minimal_spec, load_blueprints([worked, tmp_path]), MINIMAL.name)
    for point, items in example["contributes"].items():
        merged = plan.contributions[point]
        missing = [item for item in items if not any(reached(item, other) for other in merged)]
        assert missing == [], f"{block.where}: {point}: these items did not reach the plan"


def reached(item: Any, merged: Any) -> bool:
    """``item`` as written is ``merged`` as planned (from billing, optional fields filled, texts rendered)."""
    if not isinstance(item, dict):
        return item == merged
    return merged.get("blueprint") == "billing" and all(key in merged for key in item)


@pytest.mark.parametrize("block", marked("excerpt"), ids=[block.where for block in marked("excerpt")])
def test_excerpts_are_in_their_files(block: Block) -> None:
    assert block.marker is not None
    path = block.marker[1]
    text = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).is_file() else worked_files()[path]
    assert block.text in text, f"{block.where}: not found in {path}"


# --- what the examples render -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def projects(worked: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project of the built-in blueprints and the doctor, and with the doc's billing contributions."""
    billing = tmp_path_factory.mktemp("billing")
    combined = combined_snippets()
    write_blueprint(billing / "billing", combined)
    write_stubs(billing / "billing", combined["contributes"])
    out = tmp_path_factory.mktemp("projects")
    return {
        "rendered": scaffold_project(MINIMAL, out / "billing", blueprint_dirs=[worked, billing], trust=True).target,
        "rendered, doctor alone": scaffold_project(MINIMAL, out / "ledger", blueprint_dirs=[worked], trust=True).target,
    }


RENDERED = marked("rendered") + marked("rendered, doctor alone")


@pytest.mark.parametrize("block", RENDERED, ids=[block.where for block in RENDERED])
def test_rendered_excerpts_are_what_the_blueprints_write(block: Block, projects: dict[str, Path]) -> None:
    assert block.marker is not None
    kind, path = block.marker
    written = (projects[kind] / path).read_text(encoding="utf-8")
    for run in re.split(r"^\.\.\.\n", block.text, flags=re.MULTILINE):
        assert run in written, f"{block.where}: these lines are not in {path}:\n{run}"


@pytest.mark.slow
def test_the_worked_example_passes_its_own_checks(projects: dict[str, Path], tmp_path: Path) -> None:
    results = check_project(projects["rendered, doctor alone"], tmp_path / "mypy-cache")
    assert all(result.ok for result in results), failures(results)


def test_plain_cookiecutter_renders_the_worked_example_from_its_defaults(worked: Path, tmp_path: Path) -> None:
    cookiecutter = Path(sys.executable).with_name("cookiecutter")
    out, home = tmp_path / "out", tmp_path / "home"
    completed = subprocess.run(
        [str(cookiecutter), "--no-input", "--output-dir", str(out), str(worked / "doctor")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 0, completed.stderr
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    template = f"doctor/{TEMPLATE_DIR_NAME}/"
    expected = [
        "pocket-ledger/" + path.removeprefix(template).replace("{{cookiecutter.package_name}}", "pocket_ledger")
        for path in sorted(worked_files())
        if path.startswith(template)
    ]
    assert made == sorted(expected)


def test_the_built_in_blueprints_are_the_ones_the_doc_lists() -> None:
    listed = set(re.findall(r"^\| `([a-z_]+)` \| (?:always|when)", DOC.read_text(encoding="utf-8"), re.MULTILINE))
    assert listed == {folder.name for folder in BUILTIN_DIR.iterdir() if (folder / "blueprint.yaml").is_file()}
