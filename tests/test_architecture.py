"""The apps depend one way and no module of the project imports itself round a loop.

The layers are the import-linter contract in pyproject.toml (also run by `make lint`):
website | security <- home <- program <- news <- forms | newsletter <- applications.
Imports inside functions count: one that only hides a cycle from Python's import order is
still a cycle here.
"""

import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*CONFIG["root_packages"], cache_dir=None)


def import_cycles(graph):
    """Every strongly connected set of two or more modules (Tarjan's algorithm)."""
    index, lowlink, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(module):
        index[module] = lowlink[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                lowlink[module] = min(lowlink[module], lowlink[imported])
            elif imported in on_stack:
                lowlink[module] = min(lowlink[module], index[imported])
        if lowlink[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_a_lower_layer_never_imports_a_higher_one():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_import_cycles_among_the_projects_modules(graph):
    cycles = import_cycles(graph)
    described = [
        " -> ".join(cycle)
        + "\n    "
        + "\n    ".join(
            f"{detail['importer']}:{detail['line_number']} {detail['line_contents']}"
            for a in cycle
            for b in cycle
            for detail in graph.get_import_details(importer=a, imported=b)
        )
        for cycle in cycles
    ]
    assert not cycles, "Import cycles:\n" + "\n".join(described)


def test_the_cycle_check_finds_a_loop():
    """The check itself: a loop of three modules is one cycle; a chain beside it is none."""
    graph = grimp.ImportGraph()
    for importer, imported in [
        ("a.one", "a.two"),
        ("a.two", "a.three"),
        ("a.three", "a.one"),
        ("a.three", "a.four"),
    ]:
        graph.add_import(importer=importer, imported=imported)
    assert import_cycles(graph) == [["a.one", "a.three", "a.two"]]
