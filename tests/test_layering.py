"""models/ and printing/ must stay free of Qt; ui/ must hold no SQL; no module imports itself round a cycle."""

import ast
import pathlib

from tests import import_graph

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_models_and_printing_import_no_qt():
    offenders = [str(p.relative_to(ROOT)) for package in ("models", "printing")
                 for p in (ROOT / package).rglob("*.py") if {"PySide6", "shiboken6", "ui"} & _imports(p)]
    assert offenders == []


def test_models_import_no_reportlab():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "models").rglob("*.py")
                 if {"reportlab", "printing"} & _imports(p)]
    assert offenders == []


def test_ui_holds_no_sql():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py")
                 if ".execute(" in p.read_text(encoding="utf-8")]
    assert offenders == []


# Every package of the project, and main.py, which dispatches to them.
PROJECT = ["models", "printing", "ui", "cli", "main"]


def test_no_import_cycle_anywhere_in_the_project():
    """A cycle hidden by an import inside a function counts: it only waits for the first call to bite."""
    assert import_graph.cycles(import_graph.graph(ROOT, PROJECT)) == []


def test_the_graph_sees_every_package():
    names = import_graph.graph(ROOT, PROJECT)
    expected = {"main", "models.people.members", "models.people.member_history", "printing.registry", "cli.excel"}
    assert expected <= set(names)
    assert "models.people.member_history" in names["models.people.transfers"]


# The rooms, lowest first. A room imports only rooms of a lower rank (and itself): the shared core of models/
# imports no domain; storage knows no domain; organisations know nothing of the people in them, and so on up.
RANKS = {
    "models": 0, "models.storage": 1, "models.commune": 2, "models.people": 3, "models.access": 3,
    "models.meetings": 4, "models.study": 4, "models.dues": 4, "models.reviews": 5,
    "models.excel": 6, "models.reporting": 6, "models.demo": 6,
    "printing": 7, "ui": 8, "cli": 8, "main": 9,
}


def _room(module: str) -> str:
    if module in RANKS:   # a package's own __init__
        return module
    parts = module.split(".")
    if parts[0] == "models" and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0]


def _upward_imports(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, imported in edges.items():
        for target in imported:
            here, there = _room(module), _room(target)
            if here != there and RANKS[there] >= RANKS[here]:
                wrong.append(f"{module} -> {target}")
    return sorted(wrong)


def test_every_room_has_a_rank():
    assert {_room(name) for name in import_graph.graph(ROOT, PROJECT)} == set(RANKS)


def test_rooms_import_only_rooms_below_them():
    assert _upward_imports(import_graph.graph(ROOT, PROJECT)) == []


def test_an_upward_import_is_caught():
    edges = {"models.commune.organisations": {"models.people.members"}, "models.people.members": set()}
    assert _upward_imports(edges) == ["models.commune.organisations -> models.people.members"]


def _package(root: pathlib.Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_an_import_inside_a_function_still_makes_a_cycle(tmp_path):
    _package(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n",
                        "pkg/b.py": "def f():\n    from pkg.a import thing\n", "pkg/c.py": "from . import a\n"})
    assert import_graph.cycles(import_graph.graph(tmp_path, ["pkg"])) == [["pkg.a", "pkg.b"]]


def test_type_checking_imports_and_outside_modules_do_not_count(tmp_path):
    _package(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import os\nfrom pkg import b\n",
                        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n"})
    edges = import_graph.graph(tmp_path, ["pkg"])
    assert edges["pkg.a"] == {"pkg", "pkg.b"} and edges["pkg.b"] == set()
    assert import_graph.cycles(edges) == []


def test_a_longer_relative_cycle_is_found_whole(tmp_path):
    _package(tmp_path, {"pkg/__init__.py": "", "pkg/sub/__init__.py": "",
                        "pkg/sub/x.py": "from ..y import z\n", "pkg/y.py": "import pkg.sub.w\n",
                        "pkg/sub/w.py": "from .x import q\n"})
    assert import_graph.cycles(import_graph.graph(tmp_path, ["pkg"])) == [["pkg.sub.w", "pkg.sub.x", "pkg.y"]]
