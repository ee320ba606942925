"""Stage 3, plan: the model -> which blueprints apply, in what order, why, and the files each writes.

The plan is inert data (``Plan``); ``generator.render`` carries it out. Two blueprints writing one path is
an error here, before anything is rendered: shared files are merge points instead (``contributes`` in
``blueprint.yaml``), rendered once by the blueprint that owns them from everyone's contributions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from generator import __version__
from generator.blueprints import LOGIC_FILE, Blueprint
from generator.errors import BlueprintError, Diagnostic, PlanError, SpecError, UntrustedBlueprintError
from generator.extension_points import WHEN, ExtensionPoint
from generator.logic import Logic, load_logic
from generator.model.schema import IntegrationSpec
from generator.naming import require_identifier, require_slug
from generator.templating.jinja import sandboxed_env

EXTENSIONS = ["generator.templating.jinja.IntspecExtension"]


@dataclass(frozen=True)
class Step:
    """One blueprint of the plan: why it applies and the project files it writes."""

    blueprint: Blueprint
    reason: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass(frozen=True)
class Plan:
    spec_file: str
    spec: IntegrationSpec
    steps: tuple[Step, ...]
    skipped: tuple[Skipped, ...]
    contributions: dict[str, list[Any]] = field(default_factory=dict)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [step.blueprint.name for step in self.steps]

    def to_json(self) -> dict[str, Any]:
        return {
            "project": project_names(self.spec),
            "blueprints": [
                {
                    "name": step.blueprint.name,
                    "version": step.blueprint.version,
                    "source": step.blueprint.source,
                    "reason": step.reason,
                    "files": list(step.files),
                }
                for step in self.steps
            ],
            "skipped": [{"name": s.name, "reason": s.reason} for s in self.skipped],
        }


def plan_project(spec: IntegrationSpec, blueprints: dict[str, Blueprint], spec_file: str, trust: bool = False) -> Plan:
    """Which blueprints apply and what each writes; each applying blueprint's own checks of the model run
    here (``SpecError`` when they find errors)."""
    model = spec.model_dump(mode="json")
    chosen: list[tuple[Blueprint, str]] = []
    skipped: list[Skipped] = []
    for blueprint in order_blueprints(blueprints):
        missing = [name for name in blueprint.depends_on if name not in {b.name for b, _ in chosen}]
        reason, applies = applicability(blueprint, model, spec.sources, spec_file)
        if applies and missing:
            reason, applies = f"needs {', '.join(missing)}, which does not apply", False
        if applies:
            chosen.append((blueprint, reason))
        else:
            skipped.append(Skipped(blueprint.name, reason))
    applied = [b for b, _ in chosen]
    logic = {b.name: trusted_logic(b, trust) for b in applied}
    check_model(spec, spec_file, logic)
    views = {name: found.view(spec) if found.view else {} for name, found in logic.items()}
    contributions = merge_contributions(applied, model)
    partial = Plan(spec_file, spec, (), tuple(skipped), contributions, views)
    contributions = render_contributions(partial, applied)
    contributions = add_computed(contributions, applied, computed_contributions(spec, applied, logic))
    partial = Plan(spec_file, spec, (), tuple(skipped), contributions, views)
    steps = tuple(Step(b, reason, planned_files(b, partial)) for b, reason in chosen)
    plan = Plan(spec_file, spec, steps, tuple(skipped), contributions, views)
    check_collisions(plan)
    return plan


def trusted_logic(blueprint: Blueprint, trust: bool) -> Logic:
    if blueprint.logic is not None and not blueprint.builtin and not trust:
        raise UntrustedBlueprintError(
            f"blueprint {blueprint.name!r} ({blueprint.root}) has a Python module, {LOGIC_FILE}, which runs code on "
            "your machine; review it and pass --trust to run it"
        )
    return load_logic(blueprint)


def check_model(spec: IntegrationSpec, spec_file: str, logic: dict[str, Logic]) -> None:
    """Each blueprint's ``validate``; their errors stop the plan with every diagnostic, in document order."""
    found = logic_diagnostics(spec, logic)
    if any(d.severity == "error" for d in found):
        raise SpecError(spec_file, found)


def logic_diagnostics(spec: IntegrationSpec, logic: dict[str, Logic]) -> list[Diagnostic]:
    found = [d for item in logic.values() if item.validate for d in item.validate(spec)]
    return sorted(found, key=lambda d: (d.line, d.severity != "error", d.code))


def blueprint_diagnostics(spec: IntegrationSpec, blueprints: dict[str, Blueprint]) -> list[Diagnostic]:
    """What the built-in blueprints that apply find in the model (``intspec validate`` reports them too)."""
    model = spec.model_dump(mode="json")
    applied: list[str] = []
    for blueprint in order_blueprints(blueprints):
        applies = applicability(blueprint, model, spec.sources, "")[1]
        if applies and blueprint.builtin and all(name in applied for name in blueprint.depends_on):
            applied.append(blueprint.name)
    return logic_diagnostics(spec, {name: load_logic(blueprints[name]) for name in applied})


def order_blueprints(blueprints: dict[str, Blueprint]) -> list[Blueprint]:
    """Dependencies first, then blueprints it enhances when they exist; otherwise by name (``service``
    always first: everything builds on it)."""
    ordered: list[Blueprint] = []
    visiting: set[str] = set()

    def visit(blueprint: Blueprint) -> None:
        if blueprint in ordered:
            return
        if blueprint.name in visiting:
            raise BlueprintError(f"blueprint {blueprint.name!r} depends on itself through depends_on or enhances")
        visiting.add(blueprint.name)
        for name in blueprint.depends_on:
            if name not in blueprints:
                raise BlueprintError(
                    f"{blueprint.file}: depends_on: blueprint {name!r} does not exist "
                    f"(known: {', '.join(sorted(blueprints))})"
                )
            visit(blueprints[name])
        for name in blueprint.enhances:
            if name not in blueprints:
                raise BlueprintError(
                    f"{blueprint.file}: enhances: blueprint {name!r} does not exist "
                    f"(known: {', '.join(sorted(blueprints))})"
                )
            visit(blueprints[name])
        visiting.discard(blueprint.name)
        ordered.append(blueprint)

    for name in sorted(blueprints, key=lambda n: (n != "service", n)):
        visit(blueprints[name])
    return ordered


def applicability(
    blueprint: Blueprint, model: dict[str, Any], sources: dict[str, int], spec_file: str
) -> tuple[str, bool]:
    if not blueprint.requires:
        return "always applied", True
    found: list[str] = []
    for path in blueprint.requires:
        value = resolve(model, path)
        if value in (None, [], {}, ""):
            state = "null" if value is None else "empty"
            return f"{path} is {state} (the document lacks it or marks it not applicable)", False
        size = f"{len(value)} entries" if isinstance(value, list | dict) else "present"
        line = sources.get(path) or sources.get(path.rsplit(".", 1)[0])
        found.append(f"{path}: {size}" + (f" ({spec_file}:{line})" if line else ""))
    return "; ".join(found), True


def resolve(model: Any, path: str) -> Any:
    value = model
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdecimal() and part.isascii() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def merge_contributions(blueprints: list[Blueprint], model: dict[str, Any]) -> dict[str, list[Any]]:
    """Every extension point of the applied blueprints with what they contribute to it, each mapping item
    tagged with its blueprint; an item whose ``when`` path holds no value in ``model`` is left out. Two items
    with the same name at one point are a collision (an identical requirement twice is merged)."""
    merged: dict[str, list[Any]] = {name: [] for b in blueprints for name in b.extension_points}
    points = {name: point for b in blueprints for name, point in b.extension_points.items()}
    owners: dict[tuple[str, str, str], tuple[str, Any]] = {}
    for blueprint in blueprints:
        for name, items in blueprint.contributes.items():
            if name not in points:
                continue  # the blueprint that renders this point does not apply
            for item in items:
                if isinstance(item, dict) and not holds_value(model, item.get(WHEN)):
                    continue
                if not claim(points[name], item, blueprint.name, owners):
                    continue
                merged[name].append(tagged(item, blueprint.name))
    return merged


def holds_value(model: dict[str, Any], path: str | None) -> bool:
    return path is None or resolve(model, path) not in (None, [], {}, "")


def tagged(item: Any, blueprint: str) -> Any:
    """A mapping item with its blueprint's name (and without its ``when``); a single value as it is."""
    if not isinstance(item, dict):
        return item
    return {"blueprint": blueprint, **{key: value for key, value in item.items() if key != WHEN}}


def computed_contributions(
    spec: IntegrationSpec, applied: list[Blueprint], logic: dict[str, Logic]
) -> dict[str, dict[str, list[Any]]]:
    """What each blueprint's ``contributions`` function adds, by blueprint and extension point."""
    computed: dict[str, dict[str, list[Any]]] = {}
    for blueprint in applied:
        function = logic[blueprint.name].contributions
        if function is None:
            continue
        found = function(spec)
        if not isinstance(found, dict) or not all(isinstance(v, list) for v in found.values()):
            raise BlueprintError(f"{blueprint.logic}: contributions() must return a mapping of point names to lists")
        computed[blueprint.name] = found
    return computed


def add_computed(
    contributions: dict[str, list[Any]], applied: list[Blueprint], computed: dict[str, dict[str, list[Any]]]
) -> dict[str, list[Any]]:
    """The contributions with the computed ones after them, each checked against its point's schema and the
    names of all of them checked again for collisions. Computed items hold values from the document: they
    are data and are not rendered as templates."""
    if not computed:
        return contributions
    points = {name: point for b in applied for name, point in b.extension_points.items()}
    merged = {name: list(items) for name, items in contributions.items()}
    for blueprint in applied:
        for name, items in computed.get(blueprint.name, {}).items():
            if name not in points:
                continue  # the blueprint that renders this point does not apply
            for index, item in enumerate(items):
                checked, problem = points[name].check(item)
                if problem:
                    raise BlueprintError(f"{blueprint.logic}: contributions()[{name!r}][{index}]: {problem}")
                tagged = {"blueprint": blueprint.name, **checked} if isinstance(checked, dict) else checked
                merged[name].append(tagged)
    owners: dict[tuple[str, str, str], tuple[str, Any]] = {}
    for name, items in merged.items():
        merged[name] = [item for item in items if claim(points[name], untagged(item), tag(item), owners)]
    return merged


def untagged(item: Any) -> Any:
    return {k: v for k, v in item.items() if k != "blueprint"} if isinstance(item, dict) else item


def tag(item: Any) -> str:
    return str(item.get("blueprint", "")) if isinstance(item, dict) else ""


def claim(
    point: ExtensionPoint, item: Any, blueprint: str, owners: dict[tuple[str, str, str], tuple[str, Any]]
) -> bool:
    """Record ``item``'s names at ``point``; ``False`` for an exact repeat of a single value (skip it)."""
    for what, value in point.identities(item):
        key = (point.name, what, value)
        if key in owners:
            other, earlier = owners[key]
            if point.item is not None and earlier == item:
                return False
            raise PlanError(
                f"blueprints {other!r} and {blueprint!r} both contribute {point.name} with {what} {value!r}; "
                "rename one of them"
            )
        owners[key] = (blueprint, item)
    return True


TEMPLATE_MARKS = ("{{", "{%")


def render_contributions(plan: Plan, blueprints: list[Blueprint]) -> dict[str, list[Any]]:
    """Text fields of contributions are templates, rendered once with the contributing blueprint's context
    (``python -m {{ cookiecutter.package_name }} worker``), then checked against their schema again."""
    by_name = {blueprint.name: blueprint for blueprint in blueprints}
    points = {name: point for b in blueprints for name, point in b.extension_points.items()}
    rendered: dict[str, list[Any]] = {}
    for name, items in plan.contributions.items():
        rendered[name] = [render_item(points[name], item, by_name, plan) for item in items]
    return rendered


def render_item(point: ExtensionPoint, item: Any, by_name: dict[str, Blueprint], plan: Plan) -> Any:
    if not isinstance(item, dict):
        return item
    blueprint = by_name[item["blueprint"]]
    fields = {key: value for key, value in item.items() if key != "blueprint"}
    for spec in point.fields:
        if spec.type in ("text", "markdown") and fields.get(spec.name) is not None:
            value = fields[spec.name]
            fields[spec.name] = (
                [render_text(blueprint, plan, v) for v in value] if spec.many else render_text(blueprint, plan, value)
            )
    _, problem = point.check(fields)
    if problem:
        raise BlueprintError(f"{blueprint.file}: contributes.{point.name}, once rendered: {problem}")
    return {"blueprint": blueprint.name, **fields}


def render_text(blueprint: Blueprint, plan: Plan, text: str) -> str:
    if not any(mark in text for mark in TEMPLATE_MARKS):
        return text
    context = {"cookiecutter": blueprint_context(blueprint, plan)}
    try:
        return sandboxed_env(context).from_string(text).render(**context)
    except (TemplateError, ValueError) as exc:
        raise BlueprintError(f"{blueprint.file}: a contribution's text failed to render: {exc}") from None


def project_names(spec: IntegrationSpec) -> dict[str, str]:
    return {
        "name": spec.app.name,
        "slug": require_slug(spec.app.slug, "project slug"),
        "package": require_identifier(spec.app.package, "package name"),
    }


def blueprint_context(blueprint: Blueprint, plan: Plan, generated: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``cookiecutter`` context one blueprint renders with. Spec values travel in ``_intspec``,
    which cookiecutter passes through untouched; they are inserted as data, never rendered."""
    model = plan.spec.model_dump(mode="json")
    names = project_names(plan.spec)
    return {
        "project_name": names["name"],
        "project_slug": names["slug"],
        "package_name": names["package"],
        "_extensions": list(EXTENSIONS),
        "_intspec": {
            "generator_version": __version__,
            "spec_file": plan.spec_file,
            "project": names,
            "spec": {name: resolve(model, path) for name, path in blueprint.context.items()},
            "view": plan.views.get(blueprint.name, {}),
            "enhances": {name: name in plan.names for name in blueprint.enhances},
            "lines": dict(plan.spec.sources),
            "contributions": plan.contributions,
            "generated": dict(generated or {}),
        },
    }


def planned_files(blueprint: Blueprint, plan: Plan) -> tuple[str, ...]:
    """The project-relative paths the blueprint's template writes, with their names rendered."""
    context = {"cookiecutter": blueprint_context(blueprint, plan)}
    env = sandboxed_env(context)
    files: list[str] = []
    for root, _, names in os.walk(blueprint.template):
        for name in names:
            relative = Path(root, name).relative_to(blueprint.template).as_posix()
            rendered = env.from_string(relative).render(**context)
            if rendered and not rendered.endswith("/") and Path(rendered).name:
                files.append(rendered)
    return tuple(sorted(files))


def check_collisions(plan: Plan) -> None:
    owners: dict[str, str] = {}
    for step in plan.steps:
        for path in step.files:
            if path in owners:
                raise PlanError(
                    f"blueprints {owners[path]!r} and {step.blueprint.name!r} both write {path}; "
                    "a shared file must be an extension point of the blueprint that writes it (see docs/blueprints.md)"
                )
            owners[path] = step.blueprint.name
