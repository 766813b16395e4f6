"""The shape the command line refactor left: models never print nor see argparse, every printable
document in the registry gathers and renders, every command module is wired, and starting the
program does not load reportlab, openpyxl or Qt just to read the command line."""

from __future__ import annotations

import datetime as dt
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import cli
from cli import parser as cli_parser
from models.commune import organisations
from models.demo import generate as demo
from printing import registry

ROOT = Path(__file__).resolve().parent.parent


def _offences(pattern: str) -> list[str]:
    found = []
    for path in sorted((ROOT / "models").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if re.search(pattern, path.read_text(encoding="utf-8")):
            found.append(name)
    return found


@pytest.mark.parametrize("pattern", [r"(?<![\w.])print\(", r"\bsys\.std(out|err)\b", r"\bargparse\b", r"_from_args\b"],
                         ids=["print(", "sys.stdout/stderr", "argparse", "_from_args"])
def test_models_never_print_nor_see_the_command_line(pattern):
    assert _offences(pattern) == []


def test_every_command_module_is_wired_into_the_parser():
    modules = {info.name for info in pkgutil.iter_modules(cli.__path__)} - {"common", "parser"}
    assert {m.__name__.rpartition(".")[2] for m in cli_parser.COMMANDS} == modules
    assert all(callable(getattr(m, "add_parser", None)) for m in cli_parser.COMMANDS)


def test_the_print_command_offers_every_registry_document():
    printer = cli_parser.build_parser()._subparsers._group_actions[0].choices["print"]  # type: ignore[union-attr]
    offered = printer._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert list(offered) == [d.name for d in registry.DOCUMENTS]
    assert len({d.name for d in registry.DOCUMENTS}) == len(registry.DOCUMENTS)


def test_reading_the_command_line_loads_no_heavy_library():
    code = ("import sys, cli.parser; cli.parser.build_parser(); "
            "print(sorted(m for m in ('reportlab', 'openpyxl', 'PySide6') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def demo_conn(tmp_path_factory):
    conn = demo.open_target(tmp_path_factory.mktemp("registry") / "demo.sqlite")
    demo.generate(conn, members=40, seed=2, today=dt.date(2026, 11, 20))
    yield conn
    conn.close()


def _params(conn, document: registry.Document) -> dict[str, int | None]:
    cell = next(o for o in organisations.all_organisations(conn) if o.is_cell)
    meeting_id = conn.execute("SELECT min(id) FROM meetings WHERE org_id = ?", (cell.id,)).fetchone()[0]
    known = {"meeting_id": meeting_id, "year": 2025, "org_id": cell.id, "quarter": None, "month": None}
    return {param: known[param] for param in document.params}


@pytest.mark.parametrize("document", registry.DOCUMENTS, ids=lambda d: d.name)
def test_every_registry_document_gathers_and_renders_on_the_demo(demo_conn, document, tmp_path):
    pdf = document.render(document.gather(demo_conn, **_params(demo_conn, document)))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "ĐẢNG" in text.upper() and len(text) > 200
