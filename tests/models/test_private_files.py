"""Files only their owner reads: the database with its -wal and -shm, backups, exports, the log (0600 on Linux)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from models.storage import backups, db, output_files, private_files

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the profile folder is private already")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The usual desktop umask (022): without our care every file would be readable by all."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_database_and_its_wal_and_shm_are_owner_only(tmp_path, open_umask, commune):
    path = tmp_path / "so.sqlite"
    conn = db.open_db(path)
    with db.transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    sides = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    assert [p.exists() for p in sides] == [True, True, True]
    assert [_mode(p) for p in sides] == [0o600] * 3
    conn.close()


def test_an_old_readable_database_is_tightened_when_opened(tmp_path, open_umask):
    path = tmp_path / "cu.sqlite"
    db.open_db(path).close()
    path.chmod(0o644)
    db.open_db(path).close()
    assert _mode(path) == 0o600


def test_backups_and_their_folder_are_owner_only(tmp_path, open_umask):
    path = tmp_path / "so.sqlite"
    conn = db.open_db(path)
    info = backups.make_backup(conn, path)
    assert _mode(info.path) == 0o600
    assert _mode(info.path.parent) == 0o700
    conn.close()


def test_exports_are_owner_only_even_over_an_older_readable_one(tmp_path, open_umask):
    target = tmp_path / "danh-sach.pdf"
    output_files.write_output(target, b"%PDF-1.4 mot")
    assert _mode(target) == 0o600
    target.chmod(0o644)
    output_files.write_output(target, b"%PDF-1.4 hai")
    assert _mode(target) == 0o600 and target.read_bytes() == b"%PDF-1.4 hai"


def test_the_log_is_owner_only_and_rotates(tmp_path, monkeypatch, open_umask):
    import logging

    import main
    from models import paths

    log = tmp_path / "du-lieu" / "so-chi-bo.log"
    monkeypatch.setattr(paths, "log_path", lambda: log)
    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers.clear()
    monkeypatch.setattr(main, "LOG_BYTES", 300)
    try:
        assert main.setup_logging() == log
        assert _mode(log) == 0o600 and _mode(log.parent) == 0o700
        assert os.umask(0o077) == 0o077          # the whole program creates owner-only files from then on
        for number in range(30):                 # ~80 bytes a line: the file passes 300 bytes, rotates again
            logging.warning("Dòng nhật ký thử số %d", number)
        older = [log.with_name(f"{log.name}.{n}") for n in range(1, main.LOG_KEEP + 1)]
        assert [path.exists() for path in older] == [True] * main.LOG_KEEP   # three older files kept, no more
        assert not log.with_name(f"{log.name}.{main.LOG_KEEP + 1}").exists()
        assert [_mode(path) for path in [log, *older]] == [0o600] * (main.LOG_KEEP + 1)
        assert "Dòng nhật ký thử số 29" in log.read_text(encoding="utf-8")
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved


def test_write_private_and_owner_only(tmp_path, open_umask):
    private_files.write_private(tmp_path / "a", b"x")
    with private_files.owner_only():
        (tmp_path / "b").write_bytes(b"y")
    (tmp_path / "c").write_bytes(b"z")
    assert [_mode(tmp_path / n) for n in "abc"] == [0o600, 0o600, 0o644]
