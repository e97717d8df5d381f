"""The layers as the code has them: no import cycle anywhere, and faces that ask the façade.

Read from the source (ast), so an import inside a function counts as much as one at the top:
importing inside a function to dodge a cycle still leaves the cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import meetguard

PACKAGE = Path(meetguard.__file__).parent
FACES = [*sorted((PACKAGE / "ui").glob("*.py")), *sorted(PACKAGE.glob("cli*.py"))]
# What only the façade (meetguard/services.py) may call: the core's doing, as opposed to its
# values, labels and types, which the faces read freely.
CORE_WORK = {
    "scan",
    "probe_step",
    "evaluate",
    "build_checklist",
    "applicable_installation",
    "valid_account_type",
    "build_journey",
    "build_report",
    "grade",
    "load_catalog",
    "load_rubric",
    "plan_check",
    "check_online",
    "Store",
}
CORE_WORK_MODULES = ("meetguard.inventory", "meetguard.store.store", "meetguard.store.secrets")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import run when the file's code runs, at any depth;
    imports only for the type checker are left out."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                continue
            if isinstance(child, ast.Import):
                found.extend((a.name, []) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module, [a.name for a in child.names]))
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the meetguard modules importing it runs (packages' __init__ included)."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for target, names in imports(path):
            if not target.startswith("meetguard"):
                continue
            hit = [target, *(f"{target}.{n}" for n in names if f"{target}.{n}" in known)]
            for module in hit:
                parts = module.split(".")
                for depth in range(1, len(parts) + 1):
                    run = ".".join(parts[:depth])
                    if run in known and run != name and not name.startswith(run + "."):
                        graph[name].add(run)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path that ends where it starts, or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                cycle = walk(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = walk(node)
            if cycle:
                return cycle
    return []


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert find_cycle(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    # A graph like the one this project had: the scanner and a platform's channels.
    graph = {"scanner": {"linux", "host"}, "linux": {"scanner"}, "host": set()}
    cycle = find_cycle(graph)
    assert cycle[0] == cycle[-1] and sorted(cycle[1:]) == ["linux", "scanner"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    assert "meetguard.report.pdf" in graph["meetguard.report.render"]  # imported on demand
    assert "meetguard.inventory" in graph["meetguard.host"]  # a package runs before its module
    assert "meetguard.store.store" not in graph["meetguard.cli"]  # a TYPE_CHECKING import


def face_problems(path: Path) -> list[str]:
    """How a face file goes past the façade: the core's work imported, the store reached."""
    wrong: list[str] = []
    for module, names in imports(path):
        if module.startswith(CORE_WORK_MODULES):
            wrong.append(f"{path.name}: imports {module}")
        wrong.extend(f"{path.name}: imports {module}.{n}" for n in sorted(set(names) & CORE_WORK))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("store", "_store"):
            wrong.append(f"{path.name}:{node.lineno}: reaches into the store past the façade")
        if (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) == "vars"
            and "services" in ast.unparse(node)
        ):
            wrong.append(f"{path.name}:{node.lineno}: reads the façade's insides with vars()")
    return sorted(wrong)


def test_faces_ask_the_facade_and_never_do_its_work() -> None:
    assert [w for path in FACES for w in face_problems(path)] == []


def test_the_face_check_sees_a_face_doing_core_work(tmp_path: Path) -> None:
    face = tmp_path / "face.py"
    face.write_text(
        "from typing import TYPE_CHECKING\n"
        "from meetguard.inventory.scanner import scan\n"
        "if TYPE_CHECKING:\n"
        "    from meetguard.store.store import Store\n"
        "def f(services):\n"
        "    from meetguard.catalog.grading import Grade, grade\n"
        "    return services.store.marks(), vars(services)\n",
        encoding="utf-8",
    )
    assert face_problems(face) == [
        "face.py: imports meetguard.catalog.grading.grade",
        "face.py: imports meetguard.inventory.scanner",
        "face.py: imports meetguard.inventory.scanner.scan",
        "face.py:7: reaches into the store past the façade",
        "face.py:7: reads the façade's insides with vars()",
    ]
