"""The shape of the code: no module imports one of ours inside a function (the way an import
cycle is hidden), no cycle among module-level imports, every module imports on its own in a
fresh interpreter, and ``workers/`` holds the background side only, no notice wording."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("jobs", "matching", "workers", "config")


def source_files() -> Iterator[Path]:
    for package in OURS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in source_files()}


def is_ours(name: str) -> bool:
    return name.split(".")[0] in OURS


def imported(node: ast.Import | ast.ImportFrom, module: str, path: Path) -> list[str]:
    """The modules of ours an import statement names: ``from a.b import c`` names ``a.b.c`` when
    that is a module, else ``a.b``; a relative import is resolved against ``module``."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if is_ours(a.name)]
    base = node.module or ""
    if node.level:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}".strip(".")
    if not is_ours(base):
        return []
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def module_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: at top level or under if/try/with at top level,
    but not under ``if TYPE_CHECKING:``, which never runs."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                pending += node.body + node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body]
        elif isinstance(node, ast.With):
            pending += node.body


def test_no_module_of_ours_is_imported_inside_a_function() -> None:
    # given every module of jobs, matching, workers and config
    found = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # when each function and method body is searched for imports of our modules
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom) and imported(node, module, path):
                        found.append(
                            f"{path.relative_to(ROOT)}:{node.lineno} imports {imported(node, module, path)}"
                        )
    # then there are none: a module needed there is imported at the top, or sent by name
    assert found == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while (member := stack.pop()) != module:
                component.append(member)
            if component:
                found.append(sorted([module, *component]))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_a_cycle_is_found_where_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}

    assert cycles(graph) == [["a", "b", "c"]]


def test_the_module_level_imports_have_no_cycle() -> None:
    # given the graph of which module of ours imports which, as they run on import
    graph = {
        module: {
            target
            for node in module_level_imports(ast.parse(path.read_text(encoding="utf-8")))
            for target in imported(node, module, path)
            if target != module and target in MODULES
        }
        for module, path in MODULES.items()
    }

    # when / then: none imports itself, however indirectly
    assert sum(len(targets) for targets in graph.values()) > 100  # the graph was read
    assert cycles(graph) == []


def test_every_module_imports_in_a_fresh_interpreter_in_any_order() -> None:
    # given every module, in reverse order and then in order, each in a new interpreter
    names = sorted(MODULES)
    script = (
        "import importlib, sys, django\n"
        "django.setup()\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
    )

    # when each interpreter (the two at once) imports them all after setting Django up
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    runs = [
        subprocess.Popen([sys.executable, "-c", script, *order], cwd=ROOT, env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for order in (names[::-1], names)
    ]  # fmt: skip
    outcomes = [(run.communicate(timeout=120)[1], run) for run in runs]

    # then both succeed
    for errors, run in outcomes:
        assert run.returncode == 0, errors[-3000:]


def test_workers_holds_no_notice_wording() -> None:
    # given the background side
    workers = ROOT / "workers"

    # when it is searched for templates and for modules that render them
    rendering = [
        module
        for module, path in MODULES.items()
        if module.startswith("workers")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        and any(
            name.startswith("django.template")
            for name in (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            )
        )
    ]

    # then there are none: what a notice says lives in jobs/notices and jobs/templates/notices
    assert not (workers / "templates").exists()
    assert rendering == []
    assert not (workers / "messages.py").exists()
    assert (ROOT / "jobs" / "templates" / "notices" / "job_match.txt").exists()
