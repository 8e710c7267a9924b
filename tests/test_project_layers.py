"""The layout keeps itself: stages import only the stages below them, no import circle, and the front
ends (commands, web, batch) never use one another's private names.

import-linter reads the ``[importlinter]`` contract in setup.cfg (docs/architecture.md draws it); grimp's
graph counts imports inside functions and under TYPE_CHECKING like any other, so a lazy import cannot
hide a circle or a breach.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sncheck"
FRONT_ENDS = ("sncheck.commands", "sncheck.web", "sncheck.batch")


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package under ``root`` with ``root``'s setup.cfg, as a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename='setup.cfg'))"
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_stage_contract_is_kept():
    run = _lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_an_upward_import_breaks_the_contract_naming_the_modules(tmp_path):
    """The contract can fail: the model stage importing the web page is reported with both names."""
    shutil.copytree(PACKAGE, tmp_path / "sncheck", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "setup.cfg", tmp_path / "setup.cfg")
    dates = tmp_path / "sncheck" / "model" / "dates.py"
    dates.write_text(dates.read_text(encoding="utf-8") + "\n\ndef _breach() -> None:\n    import sncheck.web.app\n",
                     encoding="utf-8")
    run = _lint_imports(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "sncheck.model.dates -> sncheck.web.app" in run.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circle_between_modules():
    graph = grimp.build_graph("sncheck")
    # a package's __init__ importing its own modules is not a circle of design; none does today
    assert _cycles(graph) == []


def test_the_circle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for name in ("p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.b", imported="p.c")
    assert _cycles(graph) == [["p.a", "p.b"]]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_front_ends_do_not_import_one_anothers_private_names():
    breaches = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = _module_name(path)
        own = next((f for f in FRONT_ENDS if importer == f or importer.startswith(f + ".")), None)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module or not node.module.startswith("sncheck."):
                continue
            other = next((f for f in FRONT_ENDS if node.module == f or node.module.startswith(f + ".")), None)
            if other is None or other == own:
                continue
            private = [a.name for a in node.names if a.name.startswith("_")]
            if private or any(part.startswith("_") for part in node.module.split(".")):
                breaches.append(f"{importer} (line {node.lineno}) imports {node.module}: {private}")
    assert breaches == []
