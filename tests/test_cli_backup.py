"""backup and restore on the command line, as an office script meets them: one path on stdout, exit 0;
Vietnamese on stderr and exit 1 when something is wrong."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models.commune import organisations
from models.commune.organisations import NewOrganisation
from models.storage import backups, db
from tests.conftest import add_member

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_log(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "so-chi-bo.sqlite"
    conn = db.open_db(path)
    dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    add_member(conn, "Nguyễn Văn An", dong.id, dt.date(2020, 5, 19))
    conn.close()
    return path


def _members(path: Path) -> set[str]:
    conn = db.open_db(path, create=False)
    try:
        return {row[0] for row in conn.execute("SELECT full_name FROM members")}
    finally:
        conn.close()


def _add(path: Path, name: str) -> None:
    conn = db.open_db(path, create=False)
    add_member(conn, name, organisations.find(conn, "Chi bộ thôn Đông").id, dt.date(2026, 6, 1))
    conn.close()


def _error(err: str, *words: str) -> None:
    assert err.startswith("Lỗi: ") and all(word in err for word in words), err
    assert "Traceback" not in err and "Error" not in err


def test_backup_prints_the_new_path(data_file, capsys):
    assert main.main(["backup", "--db", str(data_file)]) == 0
    out, err = capsys.readouterr()
    path = Path(out.strip())
    assert out.count("\n") == 1 and path.parent == data_file.parent / "so-chi-bo-sao-luu"
    assert [b.path for b in backups.list_backups(data_file)] == [path]
    assert "1 đảng viên" in err and "1 tổ chức đảng" in err


def test_backup_to_a_chosen_folder_and_to_a_missing_one(data_file, tmp_path, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main.main(["backup", "--db", str(data_file), "--to", str(usb)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == usb and _members(path) == {"Nguyễn Văn An"}
    assert main.main(["backup", "--db", str(data_file), "--to", str(tmp_path / "o-da-rut")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    _error(err, "không tồn tại", "Hãy chọn")


def test_backup_of_a_missing_data_file_is_refused(tmp_path, capsys):
    assert main.main(["backup", "--db", str(tmp_path / "khong-co.sqlite")]) == 1
    _error(capsys.readouterr().err, "Không tìm thấy tệp dữ liệu")
    assert not (tmp_path / "khong-co.sqlite").exists()


def test_restore_drill_on_the_command_line(data_file, capsys):
    assert main.main(["backup", "--db", str(data_file)]) == 0
    taken = capsys.readouterr().out.strip()
    _add(data_file, "Trần Thị Bình")
    assert main.main(["restore", taken, "--db", str(data_file)]) == 0
    out, err = capsys.readouterr()
    before = Path(out.strip())
    assert _members(data_file) == {"Nguyễn Văn An"}
    assert _members(before) == {"Nguyễn Văn An", "Trần Thị Bình"}   # the restore can be undone from here
    assert before.name.endswith("-truoc-khi-khoi-phuc.sqlite") and "Đã khôi phục" in err
    assert main.main(["restore", str(before), "--db", str(data_file)]) == 0
    capsys.readouterr()
    assert _members(data_file) == {"Nguyễn Văn An", "Trần Thị Bình"}


def test_restore_refuses_a_file_that_is_not_a_backup(data_file, tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"khong phai" * 50)
    assert main.main(["restore", str(junk), "--db", str(data_file)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    _error(err, "không phải bản sao lưu của Sổ Chi Bộ")
    assert not backups.backup_folder(data_file).exists()   # refused before even the safety backup
    with pytest.raises(SystemExit) as stopped:
        main.main(["restore", "--db", str(data_file)])
    assert stopped.value.code == 1 and "thiếu tham số bắt buộc: BACKUP" in capsys.readouterr().err


def test_backup_and_restore_as_real_processes(data_file, tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                              encoding="utf-8", env=env, cwd=ROOT, timeout=60)

    done = run("backup", "--db", str(data_file))
    assert done.returncode == 0, done.stderr
    _add(data_file, "Trần Thị Bình")
    restored = run("restore", done.stdout.strip(), "--db", str(data_file))
    assert restored.returncode == 0, restored.stderr
    assert Path(restored.stdout.strip()).exists() and _members(data_file) == {"Nguyễn Văn An"}
    wrong = run("restore", str(tmp_path / "khong-co.sqlite"), "--db", str(data_file))
    assert wrong.returncode == 1 and wrong.stdout == ""
    _error(wrong.stderr, "Không tìm thấy bản sao lưu")


def test_restore_is_refused_while_the_program_has_the_file_open(data_file, capsys):
    from models.storage import file_lock

    assert main.main(["backup", "--db", str(data_file)]) == 0
    backup = capsys.readouterr().out.strip()
    holder = file_lock.acquire(data_file)
    try:
        assert main.main(["restore", backup, "--db", str(data_file)]) == 1
        err = capsys.readouterr().err
        assert "đang được mở bởi" in err and "Hãy đóng Sổ Chi Bộ" in err
    finally:
        holder.release()
    assert main.main(["restore", backup, "--db", str(data_file)]) == 0
    assert not file_lock.lock_path(data_file).exists()


def test_restore_over_a_damaged_file_keeps_the_damaged_one_aside(data_file, capsys):
    assert main.main(["backup", "--db", str(data_file)]) == 0
    backup = capsys.readouterr().out.strip()
    damaged = bytearray(data_file.read_bytes())
    damaged[100:] = b"\xde\xad" * ((len(damaged) - 100) // 2)
    data_file.write_bytes(bytes(damaged))
    assert main.main(["restore", backup, "--db", str(data_file)]) == 0
    out, err = capsys.readouterr()
    kept = Path(out.strip())
    assert kept.read_bytes() == bytes(damaged) and "bị hỏng" in err
    conn = db.open_db(data_file, create=False)
    assert db.integrity_problems(conn) == [] and backups.database_counts(conn).members > 0
    conn.close()
