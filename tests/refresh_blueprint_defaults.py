"""Refresh the ``_intspec`` defaults in each built-in blueprint's ``cookiecutter.json``:
``python -m tests.refresh_blueprint_defaults``.

Plain ``cookiecutter --no-input blueprints/NAME`` renders from these defaults, so they are the context of a
real example document (``spec_inputs/pocket-ledger-minimal.md``), produced by intspec's own plan. A
blueprint that document does not use takes the context of the first of ``EXAMPLES`` that does
(``mappings``: ``spec_inputs/tidewater-supply.md``, whose field mappings use most transforms; ``saml`` and
``identity_providers``: ``spec_inputs/harbor-freight.md``).
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.blueprints import BUILTIN_DIR, load_blueprints
from generator.pipeline import read_spec
from generator.plan import blueprint_context, plan_project
from generator.render import generate_code

SPEC_INPUTS = Path(__file__).resolve().parents[1] / "spec_inputs"
EXAMPLES = (
    SPEC_INPUTS / "pocket-ledger-minimal.md",
    SPEC_INPUTS / "tidewater-supply.md",
    SPEC_INPUTS / "harbor-freight.md",
)


def default_contexts() -> dict[str, dict[str, object]]:
    contexts: dict[str, dict[str, object]] = {}
    for example in EXAMPLES:
        for name, context in plan_contexts(example).items():
            contexts.setdefault(name, context)
    return contexts


def plan_contexts(example: Path) -> dict[str, dict[str, object]]:
    spec = read_spec(example, display_path=example.name).require_valid()
    plan = plan_project(spec, load_blueprints(), spec_file=example.name)
    generated = generate_code(plan)
    return {step.blueprint.name: blueprint_context(step.blueprint, plan, generated) for step in plan.steps}


def cookiecutter_json(name: str, context: dict[str, object]) -> str:
    path = BUILTIN_DIR / name / "cookiecutter.json"
    current = json.loads(path.read_text(encoding="utf-8"))
    current["project_name"] = context["project_name"]
    current["_intspec"] = context["_intspec"]
    return json.dumps(current, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for name, context in default_contexts().items():
        path = BUILTIN_DIR / name / "cookiecutter.json"
        path.write_text(cookiecutter_json(name, context), encoding="utf-8")
        print(f"wrote {path.relative_to(BUILTIN_DIR.parent)}")


if __name__ == "__main__":
    main()
