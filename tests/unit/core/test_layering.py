"""The shape of the package: imports flow one way, nothing below ``ui`` touches Qt, no import cycles.

``ui`` -> ``accounts`` / ``feed`` / ``activity`` -> ``api`` -> ``storage`` -> ``auth``. The top-level modules
(``errors``, ``log``, ``paths``, ``gcpolicy``, the package itself) are shared by every layer; ``app`` and
``cli`` start the program and may import anything. ``demo_org`` stands apart: a server that shares only the
top-level modules. Imports inside functions (kept for start-up time) carry a comment saying so.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import desktop_app

ROOT = Path(desktop_app.__file__).parent
RANK = {"auth": 0, "storage": 1, "api": 2, "accounts": 3, "feed": 3, "activity": 3, "ui": 4}
SHARED = {"desktop_app", "desktop_app.errors", "desktop_app.log", "desktop_app.paths", "desktop_app.gcpolicy"}
QT_FREE = ("auth", "storage", "api", "accounts", "feed", "activity", "demo_org")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in ROOT.rglob("*.py")}


def resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(path: Path, *, with_type_checking: bool = True) -> list[tuple[str, int, bool]]:
    """(module, line, inside a function) for every import of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) and not with_type_checking:
            skipped.update(id(sub) for sub in ast.walk(node))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(sub) for sub in ast.walk(node))
    found: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, id(node) in in_function) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = absolute(path, node)
            names = [f"{base}.{a.name}" for a in node.names]
            # "from package import module" depends on the module, not on everything the package exports.
            if not all(name in MODULES for name in names):
                found.append((base, node.lineno, id(node) in in_function))
            found += [(name, node.lineno, id(node) in in_function) for name in names]
    return found


def absolute(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module name of a ``from`` import, relative ones included."""
    if node.level == 0:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def layer(module: str) -> str:
    """The package a module belongs to (``auth`` ... ``ui``, ``demo_org``), else the module itself."""
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in {*RANK, "demo_org"} else module


def test_imports_flow_one_way() -> None:
    offenders = []
    for module, path in MODULES.items():
        own = layer(module)
        for name, line, _lazy in imports(path):
            target = resolve(name) if name.startswith("desktop_app") else None
            if target is None or target in SHARED or layer(target) == own:
                continue
            theirs = layer(target)
            if own == "demo_org" or theirs == "demo_org":
                ok = own in {"ui", "desktop_app.app"} and theirs == "demo_org"
            elif own in RANK and theirs in RANK:
                ok = RANK[theirs] < RANK[own] or (RANK[theirs] == RANK[own] and theirs == own)
                ok = ok and not (
                    own in {"accounts", "feed", "activity"}
                    and theirs in {"accounts", "feed", "activity"}
                    and own != theirs
                )
            else:
                ok = own not in RANK and own != "demo_org"  # app and cli start everything
            if not ok:
                offenders.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {target} ({theirs})")
    assert offenders == []


def test_nothing_below_ui_imports_qt() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for module, path in MODULES.items()
        if layer(module) in QT_FREE
        for name, line, _lazy in imports(path)
        if name.split(".")[0] in {"PySide6", "shiboken6"}
    ]
    assert offenders == []


def test_importing_every_qt_free_module_loads_no_qt() -> None:
    modules = sorted(m for m in MODULES if layer(m) in QT_FREE and not m.endswith("__main__"))
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(modules) > 40


def test_there_are_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        for name, _line, _lazy in imports(path, with_type_checking=False):
            target = resolve(name) if name.startswith("desktop_app") else None
            # A package's __init__ is not a cycle with its own modules unless they import it back.
            if target is not None and target != module:
                graph.setdefault(module, set()).add(target)
    cycles = strongly_connected(graph)
    assert cycles == []


def test_every_import_inside_a_function_says_why() -> None:
    offenders = []
    for path in MODULES.values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for name, line, lazy in imports(path):
            if not lazy or not name.startswith(("desktop_app", "PySide6", "requests", "keyring")):
                continue
            if not explained(lines, line):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert sorted(set(offenders)) == []


def explained(lines: list[str], line: int) -> bool:
    """True when the import at ``line`` (1-based), or the block of imports it is in, has a comment above."""
    if "#" in lines[line - 1]:
        return True
    number = line - 2
    while number >= 0 and (
        not lines[number].strip() or lines[number].lstrip().startswith(("from ", "import "))
    ):
        number -= 1
    return number >= 0 and lines[number].lstrip().startswith("#")


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups
