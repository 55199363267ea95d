"""Boundaries of the seed parser package: pure, without import circles, in rooms of a size
a reader can walk.

The parser and the name authority module run without Django (the importer's dry runs, the
benchmarks, plain pytest), so importing them must not pull Django in.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "catalogue" / "seedparser"
MODULES = sorted(PACKAGE.glob("*.py"))
# The limits; the word lists of vocabulary.py are data, not code, and may be longer.
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
DATA_MODULES = {"vocabulary.py"}


def _package_imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 0 and (node.module or "").startswith("catalogue.seedparser."):
                found.add(node.module.split(".")[2])
    return found


def _outside_imports(path: Path) -> set[str]:
    """Top-level packages that ``path`` imports from outside the package."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add((node.module or "").split(".")[0])
    return found


def test_importing_parser_and_authority_leaves_django_out():
    code = (
        "import importlib, pkgutil, sys\n"
        "import catalogue.names, catalogue.seedparser\n"
        "for info in pkgutil.iter_modules(catalogue.seedparser.__path__):\n"
        "    importlib.import_module('catalogue.seedparser.' + info.name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_parser_imports_only_the_standard_library_and_itself():
    for path in MODULES:
        outside = _outside_imports(path) - {"__future__"}
        assert all(name in sys.stdlib_module_names for name in outside), (path.name, outside)


def test_no_import_circle_inside_the_parser():
    graph = {path.stem: _package_imports(path) for path in MODULES}
    assert set().union(*graph.values()) <= set(graph), graph
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, " -> ".join([*path, module])
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    # __init__ gathers the public names; no module of the package imports it back.
    assert not any("__init__" in imported for imported in graph.values())


def test_modules_and_functions_stay_small():
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        if path.name not in DATA_MODULES:
            assert len(text.splitlines()) <= MAX_MODULE_LINES, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                assert length <= MAX_FUNCTION_LINES, f"{path.name}: {node.name} has {length} lines"
