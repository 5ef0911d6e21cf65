"""isa_lint's modules import each other without a circle, counting imports inside functions too.

An import made inside a function to spare start-up time is still a dependency: a circle
through one means neither module can be understood, tested or replaced without the other.
Imports under ``if TYPE_CHECKING:`` are left out (they never run). The graph is built from
the source with :mod:`ast`, so a circle is found even on a path no test runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "isa_lint"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The isa_lint modules ``name`` imports anywhere in its source (the package itself excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _type_checking_only(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))
    targets = set()
    for target in found:
        # "from isa_lint.check import engine" imports the package and the module
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name and target != "isa_lint":
            targets.add(target)
    return targets


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set(), "c": {"a"}}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(edges: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(edges) == expected


def test_imports_inside_functions_count(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from isa_lint.run import cache\n"
        "def f():\n    from isa_lint.check import engine\n"
    )
    known = {"isa_lint.check.engine", "isa_lint.run.cache", "isa_lint.check"}
    assert imports("isa_lint.m", source, known) == {"isa_lint.check.engine", "isa_lint.check"}


COMMAND_LINE = ("isa_lint.cli", "isa_lint.reports.commands", "isa_lint.word.commands")
"""The command-line layer: the only modules that may import click. Below it, problems are the
project's own (``UsageProblem``, ``CommandError``), worded by :class:`isa_lint.cli.options.Command`."""
NOT_YET = ("isa_lint.site.build", "isa_lint.site.flows", "isa_lint.site.output")
"""Modules still importing click below the command line (the site's progress bar and errors)."""


def imports_click(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        if any(name == "click" or name.startswith("click.") for name in names):
            return True
    return False


def test_click_only_in_the_command_line_layer() -> None:
    below = sorted(
        name
        for name, path in modules().items()
        if not name.startswith(COMMAND_LINE) and name not in NOT_YET and imports_click(path)
    )
    assert below == []
