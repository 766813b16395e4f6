"""The command line's output on the demo data, byte for byte: offices script against it, so a refactor
of the command line must change nothing. The expected files in tests/golden/ were made by the code
before the refactor; ``SOCHIBO_UPDATE_GOLDEN=1`` rewrites them (only when an output changes on purpose).

The demo and every command read "today", so the test pins it: each project module's ``dt`` is
swapped for a copy of ``datetime`` whose ``date.today()`` is a fixed day (no freezing library needed).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import pkgutil
import sqlite3
import types
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
import models

FIXED_TODAY = dt.date(2026, 11, 20)
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SOCHIBO_UPDATE_GOLDEN") == "1"
_REAL_DATE = dt.date


class _FrozenDateType(type):
    """Behaves as ``datetime.date`` in every way (isinstance, constructors, min/max) but for today()."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, _REAL_DATE)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, _REAL_DATE)

    def __call__(cls, *args, **kwargs):
        return _REAL_DATE(*args, **kwargs)

    def __getattr__(cls, name: str):
        return getattr(_REAL_DATE, name)


class _FrozenDate(metaclass=_FrozenDateType):
    @staticmethod
    def today() -> dt.date:
        return FIXED_TODAY


def _frozen_datetime_module() -> types.ModuleType:
    module = types.ModuleType("datetime")
    module.__dict__.update(dt.__dict__)
    module.date = _FrozenDate  # type: ignore[attr-defined]
    return module


def _project_modules() -> list[types.ModuleType]:
    """Every module of the packages the command line runs, imported now (many are imported lazily)."""
    names = ["main"]
    for package in ("models", "printing", "cli"):
        try:
            root = importlib.import_module(package)
        except ModuleNotFoundError:
            continue
        names += [info.name for info in pkgutil.walk_packages(root.__path__, f"{package}.")]
    return [importlib.import_module(name) for name in names]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo file made once, as on FIXED_TODAY, with "today" pinned for the whole module."""
    frozen = _frozen_datetime_module()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
        for module in _project_modules():
            if getattr(module, "dt", None) is dt:
                patch.setattr(module, "dt", frozen)
        folder = tmp_path_factory.mktemp("golden")
        target = folder / "demo.sqlite"
        assert main.main(["demo", str(target), "--members", "120", "--seed", "5"]) == 0
        yield target


READ_COMMANDS = {
    "members.txt": ["members"],
    "members-json.txt": ["members", "--json"],
    "members-search.txt": ["members", "--search", "nguyen van"],
    "members-org.txt": ["members", "--org", "thon dong"],
    "report-json.txt": ["report", "2025", "--json"],
    "report.txt": ["report", "2025"],
    "report-this-year.txt": ["report", "2026"],
    "check.txt": ["check"],
    "meetings-json.txt": ["meetings", "--json"],
    "meetings-month.txt": ["meetings", "--month", "2026-10"],
    "meetings-org-month.txt": ["meetings", "--org", "thon dong", "--month", "2026-03"],
    "meetings-not-met.txt": ["meetings", "--month", "2026-11"],
    "error-members-unknown-org.txt": ["members", "--org", "thon khong co"],
    "error-members-two-orgs.txt": ["members", "--org", "chi bo"],
    "error-meetings-bad-month.txt": ["meetings", "--month", "2026-13"],
    "error-report-json-no-period.txt": ["report", "1990", "--json"],
    "todo.txt": ["todo"],
    "todo-json.txt": ["todo", "--json"],
    "todo-org-first-of-month.txt": ["todo", "--org", "Chi bộ thôn Đông", "--date", "2026-12-01"],
    "error-todo-bad-date.txt": ["todo", "--date", "2026-02-30"],
}

PRINTED = {
    "print-register.txt": ["register"],
    "print-register-org.txt": ["register", "--org", "thon dong"],
    "print-minutes.txt": ["minutes", "83"],
    "print-resolution.txt": ["resolution", "83"],
    "print-signin.txt": ["signin", "83"],
    "print-review-forms.txt": ["review-forms", "2025", "--org", "Chi bộ Quân sự xã"],
    "print-ballot.txt": ["ballot", "2025", "--org", "thon dong"],
    "print-review-minutes.txt": ["review-minutes", "2025", "--org", "thon dong"],
    "print-review-summary.txt": ["review-summary", "2025"],
    "print-review-forms-all.txt": ["review-forms", "2025"],
    "print-review-forms-committee.txt": ["review-forms", "2025", "--org", "1"],
}

# The periodic report takes a Số …-BC/ĐU number, as the review summary does: each prints on its own copy of the
# demo with no BC number taken yet, so no number depends on which test ran first.
PERIOD_REPORTS = {
    "print-report.txt": ["report", "2025"],
    "print-report-quarter.txt": ["report", "2026", "--quarter", "3"],
    "print-report-month.txt": ["report", "2026", "--month", "10"],
}

PRINT_ERRORS = {
    "error-print-ballot-not-a-cell.txt": ["ballot", "2025", "--org", "Đảng bộ Cơ quan"],
    "error-print-minutes-no-meeting.txt": ["minutes", "99999"],
    "error-print-register-unknown-org.txt": ["register", "--org", "khong co"],
    "error-print-review-summary-no-period.txt": ["review-summary", "1990"],
    "error-print-report-bad-quarter.txt": ["report", "2025", "--quarter", "5"],
    "error-print-report-month-not-over.txt": ["report", "2026", "--month", "11"],
}


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


def _stdout_and_stderr(capsys, code: int, folder: Path) -> str:
    out = capsys.readouterr()
    # The program's version (check prints it) is named, not pinned: a release must not change the golden files.
    stdout = out.out.replace(models.__version__, "<PHIÊN BẢN>")
    return f"exit {code}\n--- stdout\n{stdout}--- stderr\n{out.err.replace(str(folder), '<DIR>')}"


@pytest.mark.parametrize("name", sorted(READ_COMMANDS))
def test_read_command_output_is_unchanged(demo, capsys, name):
    code = main.main([*READ_COMMANDS[name][:1], "--db", str(demo), *READ_COMMANDS[name][1:]])
    _compare(name, _stdout_and_stderr(capsys, code, demo.parent))


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_printed_document_text_is_unchanged(demo, capsys, tmp_path, name):
    output = tmp_path / "out.pdf"
    code = main.main(["print", *PRINTED[name], "--db", str(demo), "-o", str(output)])
    said = _stdout_and_stderr(capsys, code, tmp_path)
    pages = [page.extract_text() for page in PdfReader(output).pages]
    _compare(name, said + f"--- {len(pages)} pages\n" + "\n\f\n".join(pages) + "\n")


@pytest.mark.parametrize("name", sorted(PERIOD_REPORTS))
def test_periodic_report_text_is_unchanged(demo, capsys, tmp_path, name):
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(demo) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM document_numbers WHERE doc_type = 'BC'")   # whatever printed before: 01
    output = tmp_path / "out.pdf"
    code = main.main(["print", *PERIOD_REPORTS[name], "--db", str(copy), "-o", str(output)])
    said = _stdout_and_stderr(capsys, code, tmp_path)
    pages = [page.extract_text() for page in PdfReader(output).pages]
    _compare(name, said + f"--- {len(pages)} pages\n" + "\n\f\n".join(pages) + "\n")


@pytest.mark.parametrize("name", sorted(PRINT_ERRORS))
def test_print_refusal_is_unchanged(demo, capsys, tmp_path, name):
    output = tmp_path / "out.pdf"
    code = main.main(["print", *PRINT_ERRORS[name], "--db", str(demo), "-o", str(output)])
    assert code == 1 and not output.exists()
    _compare(name, _stdout_and_stderr(capsys, code, tmp_path))


def test_the_demo_was_made_on_the_pinned_day(demo, capsys):
    """Without the pin reaching the models, the golden files would drift with the calendar."""
    assert main.main(["meetings", "--db", str(demo), "--json"]) == 0
    days = sorted(row["date"] for row in json.loads(capsys.readouterr().out))
    assert days[-1] <= FIXED_TODAY.isoformat() and days[-1] >= "2026-10-20"


HELP_SCREENS = [[], ["demo"], ["members"], ["report"], ["check"], ["todo"], ["import-members"], ["export-members"],
                ["export-report"], ["meetings"], ["backup"], ["restore"], ["decrypt"], ["print"],
                *[["print", name] for name in ("register", "minutes", "resolution", "signin", "review-forms", "ballot",
                                               "review-minutes", "review-summary", "report")]]


@pytest.mark.parametrize("words", HELP_SCREENS, ids=lambda words: "-".join(words) or "main")
def test_help_screens_are_unchanged(capsys, monkeypatch, words):
    """The Vietnamese --help of every command and document: the parser is rebuilt, its words must not move."""
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as done:
        main.main([*words, "--help"])
    _compare(f"help-{'-'.join(words) or 'main'}.txt", _stdout_and_stderr(capsys, done.value.code, Path("/nowhere")))


@pytest.mark.parametrize("words", [["members", "--db"], ["print"], ["print", "ballot", "2025", "--db", "x", "-o", "y"],
                                   ["report", "abc", "--db", "x"], ["lenh-la"],
                                   ["print", "report", "2025", "--quarter", "1", "--month", "2",
                                    "--db", "x", "-o", "y"]],
                         ids=lambda w: "-".join(w))
def test_usage_errors_are_unchanged(capsys, monkeypatch, words):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as done:
        main.main(words)
    _compare(f"usage-{'-'.join(words)}.txt", _stdout_and_stderr(capsys, done.value.code, Path("/nowhere")))
