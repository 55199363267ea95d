"""The app's modules import one another without a circle.

A circle (models importing search, search importing models) only works while each side imports
the other inside a function, and breaks as soon as someone moves an import to the top of a
file. The modules are read, not imported, so every import counts: those at the top of a file
and those inside functions alike. A package's ``__init__`` importing its own modules (as
``catalogue.admin`` does, to register them) is how packages work, not a circle, so a module is
not said to import the packages it belongs to.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "catalogue"


def module_names():
    """{dotted module name: path} of every Python file of the app."""
    names = {}
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(APP.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imported_modules(name, path, modules):
    """The app's modules that module ``name`` imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                base = package[: len(package) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module
            # "from package import module" imports the module; "from module import name"
            # imports the module the name is in.
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def import_graph():
    modules = module_names()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_circle(graph):
    """One circle of imports as a list of module names (first repeated last), or None."""
    done, stack = set(), []

    def visit(name):
        if name in stack:
            return [*stack[stack.index(name) :], name]
        if name in done:
            return None
        stack.append(name)
        for target in sorted(graph.get(name, ())):
            circle = visit(target)
            if circle:
                return circle
        stack.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        circle = visit(name)
        if circle:
            return circle
    return None


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    graph = import_graph()
    # apps.py imports the search schema inside ready(); urls.py imports views relatively.
    assert "catalogue.search.schema" in graph["catalogue.apps"]
    assert any(target.startswith("catalogue.views") for target in graph["catalogue.urls"])


def test_find_circle_finds_one():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle_between_modules_of_the_app():
    circle = find_circle(import_graph())
    assert circle is None, "modules import each other in a circle: " + " -> ".join(circle)


def test_search_query_and_backends_import_no_model():
    graph = import_graph()
    for name in ("catalogue.search.query", "catalogue.search.backends"):
        assert "catalogue.models" not in graph[name], name
