"""The stages import only downward: parse -> model -> plan -> render -> verify, and every exception intspec
raises is one of ``generator.errors``' tree."""

import ast
import inspect
from pathlib import Path

import pytest

import generator.errors
from generator.errors import IntspecError

PACKAGE = Path(generator.errors.__file__).resolve().parent

# Each module's layer; a module may import its own layer and those below it, never one above.
LAYERS: dict[str, int] = {
    "generator": 0,
    "generator.errors": 0,
    "generator.naming": 0,
    "generator.parse": 1,
    "generator.model": 2,
    "generator.blueprints": 3,
    "generator.extension_points": 3,
    "generator.logic": 3,
    "generator.plan": 3,
    "generator.templating": 3,
    "generator.codegen": 4,
    "generator.output": 4,
    "generator.render": 4,
    "generator.verify": 5,
    "generator.pipeline": 6,
    "generator.cli": 6,
    "generator.__main__": 6,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    while module not in LAYERS:
        module = module.rpartition(".")[0]
    return LAYERS[module]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names if alias.name.startswith("generator"))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[module_name(p) for p in SOURCES])
def test_stages_import_only_downward(path: Path) -> None:
    importer = module_name(path)
    upward = [
        f"{path.name}:{line}: {importer} (layer {layer(importer)}) imports {module} (layer {layer(module)})"
        for line, module in imported_modules(path)
        if layer(module) > layer(importer)
    ]
    assert upward == []


def test_every_module_has_a_layer() -> None:
    assert all(layer(module_name(path)) >= 0 for path in SOURCES)


def test_every_exception_class_is_in_the_errors_module() -> None:
    defined_elsewhere = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # A private class (``_NotPlainError``) is a module's own control flow and never leaves it.
            private = node.name.startswith("_") if isinstance(node, ast.ClassDef) else True
            if (
                isinstance(node, ast.ClassDef)
                and node.name.endswith("Error")
                and not private
                and path.name != "errors.py"
            ):
                defined_elsewhere.append(f"{module_name(path)}.{node.name}")
    # The parse stage's own DecodeError never leaves it (it becomes a diagnostic); the docstring says so.
    assert defined_elsewhere == ["generator.parse.nodes.DecodeError"]


def test_the_errors_docstring_draws_every_exception() -> None:
    classes = [
        obj
        for _, obj in inspect.getmembers(generator.errors, inspect.isclass)
        if issubclass(obj, Exception) and obj.__module__ == "generator.errors"
    ]
    assert all(issubclass(cls, IntspecError) for cls in classes)
    doc = generator.errors.__doc__ or ""
    assert [cls.__name__ for cls in classes if cls.__name__ not in doc] == []
    assert "DecodeError" in doc
