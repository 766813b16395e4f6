"""The only file survives crashes and damage: never called foreign, damage named, storage failures explained."""

import errno
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models import errors
from models.errors import DamagedFile, UserError
from models.storage import db

ROOT = Path(__file__).resolve().parents[2]


def _killed_after(script: str, path: Path) -> None:
    """Run ``script`` in a child that SIGKILLs itself at its end, leaving whatever is in the -wal uncheckpointed."""
    code = (f"import os, signal, sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from models.storage import db\n" "from models.people import members\n"
            f"{script}\nos.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_a_new_file_killed_before_any_checkpoint_still_opens_as_ours(tmp_path):
    path = tmp_path / "xa.sqlite"
    _killed_after("conn = db.open_db(sys.argv[1])\n"
                  "conn.execute(\"INSERT INTO settings VALUES ('ten', 'Phố Mới')\")", path)
    conn = db.open_db(path)
    assert conn.execute("SELECT value FROM settings WHERE key = 'ten'").fetchone()[0] == "Phố Mới"
    assert db.integrity_problems(conn) == []
    conn.close()


def test_identity_reaches_the_main_file_when_it_is_created(tmp_path):
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    header = path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == db.APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") > 0
    conn.close()


def test_a_wal_file_of_another_program_is_still_refused_unchanged(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA wal_autocheckpoint = 0")
    raw.execute("CREATE TABLE invoices (id INTEGER)")
    raw.commit()
    before = path.read_bytes()
    with pytest.raises(UserError, match="chương trình khác"):
        db.open_db(path)
    assert path.read_bytes() == before
    raw.close()


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:len(data)] = b"\xde\xad" * ((len(data) - 100) // 2)
    path.write_bytes(bytes(data))


def _closed_file_with_data(path: Path) -> None:
    conn = db.open_db(path)
    with db.transaction(conn):
        for i in range(300):
            conn.execute("INSERT INTO settings VALUES (?, ?)", (f"k{i}", "x" * 200))
    conn.close()


def test_a_damaged_file_is_named_as_damaged_and_never_written(tmp_path):
    path = tmp_path / "xa.sqlite"
    _closed_file_with_data(path)
    _damage(path)
    before = path.read_bytes()
    with pytest.raises(DamagedFile, match="bị hỏng") as raised:
        db.open_db(path)
    assert raised.value.path == path
    assert "không lường trước" not in str(raised.value)
    assert path.read_bytes() == before


def test_integrity_problems_reports_damage_instead_of_raising(tmp_path):
    path = tmp_path / "xa.sqlite"
    _closed_file_with_data(path)
    raw = sqlite3.connect(path)
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    data = bytearray(path.read_bytes())
    data[page_size * 3:page_size * 4] = b"\x00\x0d" * (page_size // 2)   # one table page of the settings
    path.write_bytes(bytes(data))
    conn = sqlite3.connect(path)
    problems = db.integrity_problems(conn)
    conn.close()
    assert problems and all(isinstance(p, str) for p in problems)


@pytest.mark.parametrize(("error", "words"), [
    (sqlite3.OperationalError("database or disk is full"), "đầy"),
    (OSError(errno.ENOSPC, "No space left on device"), "đầy"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "chỉ cho đọc"),
    (PermissionError(errno.EACCES, "Permission denied"), "quyền"),
    (OSError(errno.EROFS, "Read-only file system"), "chỉ cho đọc"),
    (sqlite3.OperationalError("database is locked"), "đang bận"),
    (sqlite3.OperationalError("disk I/O error"), "ổ"),
    (OSError(errno.EIO, "Input/output error"), "ổ"),
    (OSError(errno.ENODEV, "No such device"), "ổ"),
    (sqlite3.DatabaseError("database disk image is malformed"), "bị hỏng"),
    (sqlite3.DatabaseError("file is not a database"), "bị hỏng"),
])
def test_storage_failures_are_explained_in_vietnamese(error, words):
    message = errors.explain(error)
    assert message is not None and words in message
    assert "Hãy" in message   # always says what to do


def test_other_errors_are_not_dressed_up():
    assert errors.explain(ValueError("x")) is None
    assert errors.explain(sqlite3.IntegrityError("UNIQUE constraint failed")) is None


def test_a_read_only_file_opens_read_only_and_refuses_writes_in_vietnamese(tmp_path):
    path = tmp_path / "xa.sqlite"
    db.open_db(path).close()
    conn = db.open_db(path, read_only=True)
    assert conn.execute("SELECT count(*) FROM settings WHERE key NOT LIKE 'app_version_%'").fetchone()[0] == 0
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO settings VALUES ('a', 'b')")
    assert "chỉ" in (errors.explain(raised.value) or "")
    conn.close()


def test_closing_leaves_a_self_contained_file(tmp_path):
    """Copying the file with the file manager after the program closed must copy everything."""
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    with db.transaction(conn):
        conn.execute("INSERT INTO settings VALUES ('a', 'b')")
    db.close(conn)
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(path.read_bytes())
    raw = sqlite3.connect(copy)
    assert raw.execute("SELECT value FROM settings WHERE key = 'a'").fetchone()[0] == "b"
    raw.close()


def test_a_copy_taken_while_the_program_is_open_holds_every_saved_action(tmp_path):
    """The issue: copying the file while the program was open missed 30 of 1,430 members."""
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path)
    for i in range(30):
        with db.transaction(conn):
            conn.execute("INSERT INTO settings VALUES (?, 'x')", (f"k{i}",))
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(path.read_bytes())
    raw = sqlite3.connect(copy)
    assert raw.execute("SELECT count(*) FROM settings WHERE key LIKE 'k%'").fetchone()[0] == 30
    raw.close()
    conn.close()


def test_the_check_command_reports_damage_as_a_finding(tmp_path, capsys, monkeypatch):
    import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "xa.sqlite"
    _closed_file_with_data(path)
    _damage(path)
    assert main.main(["check", "--db", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "bị hỏng" in out + err and "không lường trước" not in out + err
    assert "Traceback" not in out + err


def test_the_cli_explains_a_full_disk(tmp_path, capsys, monkeypatch):
    import cli.check
    import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def full(args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cli.check, "run", full)
    assert main.main(["check", "--db", str(tmp_path / "x.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "đầy" in err and "không lường trước" not in err


def test_the_file_on_a_removed_drive_is_explained(tmp_path, monkeypatch):
    path = tmp_path / "xa.sqlite"
    db.open_db(path).close()
    real_open = Path.open

    def gone(self, *args, **kwargs):
        if self == path:
            raise OSError(errno.EIO, "Input/output error")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", gone)
    with pytest.raises(UserError, match="ổ"):
        db.open_db(path)
    assert os.path.exists(path)
