"""``print report YEAR [--quarter Q | --month M]`` and ``export-report``: the periodic report from the command
line, a new file each time, never over a file of another kind, bad periods refused in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from pypdf import PdfReader

import main
from models.demo.generate import generate
from models.storage import db


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "demo.sqlite"
    conn = db.open_db(path, create=True)
    generate(conn, members=80, seed=4, today=dt.date(2026, 11, 20))
    db.close(conn)
    return path


@pytest.fixture(autouse=True)
def _private_log(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _json(demo_file, capsys) -> dict:
    assert main.main(["report", "2025", "--db", str(demo_file), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_print_report_of_a_quarter(demo_file, tmp_path, capsys):
    out = tmp_path / "quy3.pdf"
    assert main.main(["print", "report", "2025", "--quarter", "3", "--db", str(demo_file), "-o", str(out)]) == 0
    assert "Đã ghi" in capsys.readouterr().err
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "BÁO CÁO" in text and "quý III năm 2025" in text and "-BC/ĐU" in text and "T/M ĐẢNG ỦY" in text
    assert "PHỤ LỤC 2. SỐ LIỆU CỦA TỪNG TỔ CHỨC ĐẢNG QUÝ III NĂM 2025" in text


def test_a_reprint_keeps_the_number(demo_file, tmp_path, capsys):
    numbers = []
    for name in ("a.pdf", "b.pdf"):
        out = tmp_path / name
        assert main.main(["print", "report", "2025", "--month", "6", "--db", str(demo_file), "-o", str(out)]) == 0
        numbers.append(next(line for line in PdfReader(out).pages[0].extract_text().splitlines() if "-BC/ĐU" in line))
    assert numbers[0] == numbers[1]


@pytest.mark.parametrize(("words", "said"), [
    (["--quarter", "0"], "Quý 0 không hợp lệ. Quý là một số từ 1 đến 4."),
    (["--month", "13"], "Tháng 13 không hợp lệ. Tháng là một số từ 1 đến 12."),
])
def test_bad_periods_are_refused(demo_file, tmp_path, capsys, words, said):
    out = tmp_path / "x.pdf"
    assert main.main(["print", "report", "2025", *words, "--db", str(demo_file), "-o", str(out)]) == 1
    assert said in capsys.readouterr().err and not out.exists()
    book = tmp_path / "x.xlsx"
    assert main.main(["export-report", "2025", *words, "--db", str(demo_file), str(book)]) == 1
    assert said in capsys.readouterr().err and not book.exists()


@pytest.mark.parametrize("command", [["print", "report", "2025", "-o", "x.pdf"], ["export-report", "2025", "x.xlsx"]])
def test_quarter_and_month_together_are_a_usage_error(demo_file, capsys, command):
    with pytest.raises(SystemExit) as stopped:
        main.main([*command, "--quarter", "1", "--month", "2", "--db", str(demo_file)])
    assert stopped.value.code == 1
    assert "tham số --month: không dùng cùng với --quarter" in capsys.readouterr().err


def test_export_report_writes_totals_organisations_and_months(demo_file, tmp_path, capsys):
    printed = _json(demo_file, capsys)
    out = tmp_path / "so-lieu.xlsx"
    assert main.main(["export-report", "2025", "--db", str(demo_file), str(out)]) == 0
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["Tổng hợp", "Theo tổ chức", "Theo tháng"]
    rows = list(book["Theo tổ chức"].iter_rows(min_row=4, values_only=True))
    assert len(rows) == len(printed["by_organisation"]) + 1 and rows[-1][1] == "Cộng"
    assert rows[-1][4] == printed["members"]["total"] and rows[-1][17] == printed["dues"]["collected"]
    assert sum(r[4] for r in rows[:-1]) == printed["members"]["total"]
    months = list(book["Theo tháng"].iter_rows(min_row=4, values_only=True))
    assert [m[0] for m in months] == [f"Tháng {m}" for m in range(1, 13)]
    assert sum(m[4] for m in months) == printed["dues"]["collected"]


def test_export_report_never_writes_over_a_file_of_another_kind(demo_file, tmp_path, capsys):
    before = demo_file.read_bytes()
    assert main.main(["export-report", "2025", "--db", str(demo_file), str(demo_file)]) == 1
    assert "không ghi đè" in capsys.readouterr().err
    assert demo_file.read_bytes() == before
    typed = tmp_path / "ghi-chu.xlsx"
    typed.write_text("ghi chú gõ tay")
    assert main.main(["export-report", "2025", "--db", str(demo_file), str(typed)]) == 1
    assert typed.read_text() == "ghi chú gõ tay"
