"""The importer package stays walkable: modules of a readable size, functions that fit on a
screen or two, and no import circle between its modules."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "catalogue" / "importer"
MODULES = sorted(PACKAGE.glob("*.py"))


def test_the_package_holds_the_modules_the_readme_names():
    names = {path.stem for path in MODULES}
    assert {"files", "people", "values", "reconcile", "sql", "restore", "run"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_module_and_function_sizes(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 600
    long = [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 80
    ]
    assert long == []


def test_no_import_circle_between_the_modules():
    imports = {}
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports[path.stem] = {
            alias.name if node.module is None else node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1
            for alias in node.names
        }

    def reaches(start, target, seen=()):
        return any(
            name == target or (name not in seen and reaches(name, target, (*seen, name)))
            for name in imports.get(start, ())
        )

    circles = [name for name in imports if name != "__init__" and reaches(name, name)]
    assert circles == []
