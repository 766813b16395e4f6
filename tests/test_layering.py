"""models/ and printing/ must stay free of Qt; ui/ must hold no SQL."""

import ast
import pathlib

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
