"""The command line as a clerk or a script meets it: in-process through main.main and as a real process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parent.parent
REPORT_KEYS = {"year", "organisations", "members", "meetings", "study", "reviews", "warnings"}


def _run(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp / "data"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    target = folder / "demo.sqlite"
    done = _run("demo", str(target), "--members", "60", "--seed", "3", tmp=folder)
    assert done.returncode == 0, done.stderr
    assert "Đã tạo dữ liệu mẫu" in done.stdout and "60 đảng viên" in done.stdout
    return target


@pytest.fixture(autouse=True)
def _private_log(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and "Error" not in text


def test_demo_refuses_an_existing_file(demo_file, tmp_path, capsys):
    before = demo_file.stat().st_size
    assert main.main(["demo", str(demo_file), "--members", "20"]) == 1
    err = capsys.readouterr().err
    assert "đã có" in err and "chọn tên tệp mới" in err
    _no_traceback(err)
    done = _run("demo", str(demo_file), tmp=tmp_path)
    assert done.returncode == 1 and "đã có" in done.stderr
    _no_traceback(done.stderr)
    assert demo_file.stat().st_size == before


def test_members_json_on_a_demo_file(demo_file, capsys):
    assert main.main(["members", "--db", str(demo_file), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert 50 <= len(rows) <= 60
    assert {"id", "full_name", "birth_date", "gender", "org", "standing", "status"} <= rows[0].keys()
    assert all(r["status"] in ("dang_sinh_hoat", "mien_sinh_hoat", "tam_di", "tam_den", "dinh_chi") for r in rows)


def test_report_json_keys_as_a_process(demo_file, tmp_path):
    done = _run("report", "2025", "--db", str(demo_file), "--json", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert REPORT_KEYS <= data.keys() and data["year"] == 2025
    assert {"total", "chinh_thuc", "du_bi", "mien_sinh_hoat", "by_gender"} <= data["members"].keys()
    assert {"held", "expected", "attendance_rate"} <= data["meetings"].keys()
    assert isinstance(data["meetings"]["attendance_rate"], float)
    assert set(data["reviews"]["members"]) == {"HTXSNV", "HTTNV", "HTNV", "KHTNV", "not_reviewed"}
    assert all({"code", "message"} == set(w) for w in data["warnings"])


def test_report_text(demo_file, capsys):
    assert main.main(["report", "2025", "--db", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SỐ LIỆU NĂM 2025") and "Tỷ lệ đảng viên dự họp:" in out and "%" in out


def test_todo_json_items_and_counts(demo_file, capsys):
    assert main.main(["todo", "--db", str(demo_file), "--date", "2026-12-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["items"] and set(data["counts"]) >= {"probation_due", "badge_due", "no_meeting", "study_pending"}
    assert sum(data["counts"].values()) == len(data["items"])
    for item in data["items"]:
        assert list(item)[:5] == ["kind", "date", "who", "organisation", "message"]
        assert item["kind"] in data["counts"] and item["target"]["section"] in ("members", "meetings", "study",
                                                                                 "reviews")


def test_todo_text_and_the_same_report_counts(demo_file, capsys):
    assert main.main(["todo", "--db", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert "việc cần làm" in out.splitlines()[-1] or out.strip() == "Không có việc nào cần làm."
    assert main.main(["report", "2026", "--db", str(demo_file), "--json"]) == 0
    assert "badge_due" in json.loads(capsys.readouterr().out)["todo"]


@pytest.mark.parametrize("words, said", [(["--date", "20/13/2026"], "Ngày “20/13/2026” không hợp lệ"),
                                         (["--date", "hom nay"], "năm-tháng-ngày"),
                                         (["--org", "khong co chi bo nay"], "Không tìm thấy tổ chức đảng")])
def test_todo_refuses_bad_input_in_vietnamese(demo_file, capsys, words, said):
    assert main.main(["todo", "--db", str(demo_file), *words]) == 1
    out = capsys.readouterr()
    assert said in out.err and out.out == ""
    _no_traceback(out.err)


def test_check_runs_and_summarises(demo_file, capsys):
    assert main.main(["check", "--db", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert "Kiểm tra xong" in out


def test_a_file_that_is_not_sqlite_is_refused(tmp_path, capsys):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("đây không phải cơ sở dữ liệu " * 20, encoding="utf-8")
    assert main.main(["check", "--db", str(bogus)]) == 1
    err = capsys.readouterr().err
    assert "không phải là tệp dữ liệu của Sổ Chi Bộ" in err
    _no_traceback(err)
    done = _run("report", "2025", "--db", str(bogus), tmp=tmp_path)
    assert done.returncode == 1 and "không phải là tệp dữ liệu" in done.stderr
    _no_traceback(done.stderr)
    assert bogus.read_text(encoding="utf-8").startswith("đây không phải")


def test_unknown_argument_is_refused_in_vietnamese(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main.main(["report", "2025", "--db", "x.sqlite", "--frobnicate"])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "không hiểu tham số" in err and "--frobnicate" in err
    done = _run("check", "--nope", tmp=tmp_path)
    assert done.returncode == 1 and "Lỗi:" in done.stderr
    _no_traceback(done.stderr)


def _a_meeting_id(demo_file: Path, capsys) -> int:
    assert main.main(["meetings", "--db", str(demo_file), "--json"]) == 0
    meetings = json.loads(capsys.readouterr().out)
    return int(next(m["id"] for m in meetings if m["kind"] == "thuong_ky"))


def _a_cell(demo_file: Path, capsys) -> str:
    assert main.main(["members", "--db", str(demo_file), "--json"]) == 0
    return str(json.loads(capsys.readouterr().out)[0]["org"])


def test_every_document_prints_from_the_command_line(demo_file, tmp_path, capsys):
    from pypdf import PdfReader

    meeting, cell = str(_a_meeting_id(demo_file, capsys)), _a_cell(demo_file, capsys)
    db_arg = ["--db", str(demo_file)]
    documents = {
        "register": (["register", *db_arg], "SỔ DANH SÁCH ĐẢNG VIÊN"),
        "minutes": (["minutes", meeting, *db_arg], "BIÊN BẢN"),
        "resolution": (["resolution", meeting, *db_arg], "NGHỊ QUYẾT"),
        "signin": (["signin", meeting, *db_arg], "DANH SÁCH ĐẢNG VIÊN"),
        "review-forms": (["review-forms", "2025", *db_arg, "--org", cell], "BẢN KIỂM ĐIỂM"),
        "ballot": (["ballot", "2025", *db_arg, "--org", cell], "PHIẾU"),
        "review-minutes": (["review-minutes", "2025", *db_arg, "--org", cell], "BIÊN BẢN"),
        "review-summary": (["review-summary", "2025", *db_arg], "BÁO CÁO"),
    }
    for name, (args, title) in documents.items():
        target = tmp_path / f"{name}.pdf"
        assert main.main(["print", *args, "-o", str(target)]) == 0, capsys.readouterr().err
        text = " ".join(PdfReader(target).pages[0].extract_text().split())
        assert title in text, name
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text, name
    capsys.readouterr()


def test_printing_never_overwrites_a_file_of_another_kind(demo_file, tmp_path, capsys):
    before = demo_file.read_bytes()
    assert main.main(["print", "register", "--db", str(demo_file), "-o", str(demo_file)]) == 1
    err = capsys.readouterr().err
    assert "không ghi đè" in err and "chọn tên tệp khác" in err
    assert demo_file.read_bytes() == before
    older = tmp_path / "so.pdf"
    assert main.main(["print", "register", "--db", str(demo_file), "-o", str(older)]) == 0
    assert main.main(["print", "register", "--db", str(demo_file), "-o", str(older)]) == 0   # a PDF is replaced
    with pytest.raises(SystemExit) as refused:
        main.main(["print", "review-minutes", "2025", "--db", str(demo_file), "-o", str(older)])
    assert refused.value.code == 1 and "thiếu tham số bắt buộc: --org" in capsys.readouterr().err


def test_demo_may_refill_a_file_an_interrupted_demo_left_empty(tmp_path, capsys):
    from models.storage import db

    target = tmp_path / "mau.sqlite"
    db.open_db(target).close()          # what a demo killed before its one transaction committed leaves
    assert main.main(["demo", str(target), "--members", "20"]) == 0
    assert "Đã tạo dữ liệu mẫu" in capsys.readouterr().out
