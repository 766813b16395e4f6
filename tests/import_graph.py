"""The project's own import graph and its cycles, counting imports inside functions.

The same analysis as the shared tools/import_cycles.py, kept here so the test needs nothing beside the
clone. An import under ``if TYPE_CHECKING:`` does not run, so it does not count; one inside a function
does, because hiding an import in a function only postpones the cycle to the first call.
"""

from __future__ import annotations

import ast
from pathlib import Path


def modules(root: Path, packages: list[str]) -> dict[str, Path]:
    """Dotted module name → file, for every .py under the given packages (an ``x.py`` at the root counts too)."""
    found: dict[str, Path] = {}
    for package in packages:
        single = root / f"{package}.py"
        files = [single] if single.is_file() else sorted((root / package).rglob("*.py"))
        for path in files:
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skip


def _targets(node: ast.AST, package: str) -> list[str]:
    """The dotted names an import statement may refer to (``from a import b``: a.b, which may be a module, and a)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(parts + ([base] if base else []))
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The project module a dotted name lives in (the longest known prefix), None for outside modules."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def graph(root: Path, packages: list[str]) -> dict[str, set[str]]:
    """Module → the project modules it imports anywhere in its body."""
    known = modules(root, packages)
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            for target in _targets(node, package):
                resolved = _resolve(target, known)
                if resolved and resolved != name:
                    edges[name].add(resolved)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found
