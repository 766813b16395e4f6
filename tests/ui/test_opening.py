"""Opening a data file: in use, damaged, foreign, gone since last time; never silent, never writing a damaged file."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QSettings

from models import paths
from models.errors import explain
from models.storage import backups, db, file_lock
from ui import app, opening
from ui.common import files
from ui.main_window import MainWindow


@pytest.fixture
def asked(monkeypatch):
    """Scripted answers for the choice windows; records (title, text, option keys) of each question."""
    questions: list[tuple[str, str, list[str]]] = []
    answers: list[str] = []

    def choose(parent, title, text, options):
        questions.append((title, text, [key for key, _ in options]))
        return answers.pop(0) if answers else options[-1][0]

    monkeypatch.setattr(opening, "choose", choose)
    return questions, answers


def _file_with_member_settings(path):
    conn = db.open_db(path)
    with db.transaction(conn):
        for i in range(200):
            conn.execute("INSERT INTO settings VALUES (?, ?)", (f"k{i}", "x" * 300))
    return conn


def _damage(path):
    data = bytearray(path.read_bytes())
    data[100:] = b"\xde\xad" * ((len(data) - 100) // 2)
    path.write_bytes(bytes(data))


def test_a_file_in_use_says_who_and_opens_read_only(tmp_path, asked):
    questions, answers = asked
    path = tmp_path / "xa.sqlite"
    db.open_db(path).close()
    theirs = file_lock.acquire(path)
    answers.append("xem")
    opened = opening.open_data_file(None, path, at_start=True)
    title, text, keys = questions[0]
    assert title == "Tệp đang được mở ở nơi khác" and "đang được mở bởi" in text and keys == ["xem", "khac", "thoat"]
    assert opened is not None and opened.read_only and opened.lock is None
    with pytest.raises(sqlite3.OperationalError) as refused:
        opened.conn.execute("INSERT INTO settings VALUES ('a', 'b')")
    assert "chỉ để xem" in explain(refused.value)
    opened.close()
    assert file_lock.read_holder(file_lock.lock_path(path)) == theirs.holder   # their lock is left alone


def test_a_damaged_file_offers_the_newest_backup_and_is_never_written(tmp_path, asked):
    questions, answers = asked
    path = tmp_path / "xa.sqlite"
    conn = _file_with_member_settings(path)
    backups.make_backup(conn, path)
    db.close(conn)
    _damage(path)
    before = path.read_bytes()
    answers.append("sao_luu")
    opened = opening.open_data_file(None, path, at_start=True)
    title, text, keys = questions[0]
    assert title == "Tệp dữ liệu bị hỏng" and "bị hỏng" in text and "Bản sao lưu mới nhất" in text
    assert keys == ["sao_luu", "khac", "thoat"]
    assert opened is not None and opened.path != path and opened.path.parent == tmp_path
    assert opened.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'k%'").fetchone()[0] == 200
    assert path.read_bytes() == before
    opened.close()


def test_a_damaged_file_without_backup_can_be_left(tmp_path, asked):
    questions, _answers = asked
    path = tmp_path / "xa.sqlite"
    _file_with_member_settings(path).close()
    _damage(path)
    assert opening.open_data_file(None, path, at_start=True) is None
    assert questions[0][2] == ["khac", "thoat"]
    assert not file_lock.lock_path(path).exists()


def test_a_foreign_file_lets_the_clerk_choose_another(tmp_path, asked, monkeypatch):
    questions, answers = asked
    foreign = tmp_path / "ke-toan.sqlite"
    raw = sqlite3.connect(foreign)
    raw.execute("CREATE TABLE invoices (id INTEGER)")
    raw.close()
    good = tmp_path / "xa.sqlite"
    db.open_db(good).close()
    monkeypatch.setattr(files, "ask_open_path", lambda *args: good)
    answers.append("khac")
    opened = opening.open_data_file(None, foreign)
    assert "chương trình khác" in questions[0][1] and questions[0][2] == ["khac", "huy"]
    assert opened is not None and opened.path == good and opened.lock is not None
    opened.close()
    assert not file_lock.lock_path(good).exists()


def test_the_last_file_opens_again_and_a_missing_one_gives_a_choice(tmp_path, asked, monkeypatch):
    questions, answers = asked
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    real = tmp_path / "that-xa.sqlite"
    db.open_db(real).close()
    settings.setValue("last_db", str(real))
    assert app.start_path(settings) == real
    real.rename(tmp_path / "moved.sqlite")
    answers.append("mac_dinh")
    assert app.start_path(settings) == paths.default_db_path()
    assert questions[0][0] == "Không thấy tệp dữ liệu lần trước" and str(real) in questions[0][1]
    answers.append("thoat")
    assert app.start_path(settings) is None


def test_the_window_remembers_its_file_and_releases_it_on_close(qtbot, tmp_path, asked):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    path = tmp_path / "xa.sqlite"
    opened = opening.open_data_file(None, path, at_start=True)
    window = MainWindow(opened.conn, opened.path, settings, check_setup=False, lock=opened.lock,
                        owns_connection=True)
    qtbot.addWidget(window)
    assert settings.value("last_db") == str(path)
    assert file_lock.lock_path(path).exists()
    window.close()
    assert not file_lock.lock_path(path).exists()
    with pytest.raises(sqlite3.ProgrammingError):
        opened.conn.execute("SELECT 1")


def test_a_startup_failure_is_shown_in_a_window_not_only_on_stderr(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(app, "_message", shown.append)
    monkeypatch.setattr(app, "_start_window", lambda db_path: (_ for _ in ()).throw(RuntimeError("x")))
    assert app.run_gui(None) == 1
    assert shown and "không khởi động được" in shown[0] and str(paths.log_path()) in shown[0]


def test_a_startup_storage_failure_says_what_to_do(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(app, "_message", shown.append)
    monkeypatch.setattr(app, "_start_window",
                        lambda db_path: (_ for _ in ()).throw(sqlite3.OperationalError("database or disk is full")))
    assert app.run_gui(None) == 1
    assert shown and "đầy" in shown[0]
