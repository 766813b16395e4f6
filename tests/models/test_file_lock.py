"""One writer at a time: the second instance is told who has the file; a crashed instance's lock is cleared."""

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest

from models.storage import file_lock
from models.storage.file_lock import FileInUse

NOW = dt.datetime(2026, 12, 1, 8, 15)


def test_a_second_instance_is_told_who_has_the_file(tmp_path):
    db_path = tmp_path / "xa.sqlite"
    first = file_lock.acquire(db_path, now=NOW)
    assert first is not None
    with pytest.raises(FileInUse) as raised:
        file_lock.acquire(db_path, now=NOW + dt.timedelta(minutes=1))
    message = raised.value.message
    assert socket.gethostname() in message and "08:15" in message and "01/12/2026" in message
    assert "chỉ để xem" in message
    first.release()
    assert file_lock.acquire(db_path, now=NOW) is not None


def test_a_lock_left_by_a_killed_process_is_cleared(tmp_path):
    db_path = tmp_path / "xa.sqlite"
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(child.stdout)
    holder = file_lock.Holder(socket.gethostname(), "ai-do", dead_pid, NOW, NOW)
    file_lock._write(file_lock.lock_path(db_path), holder, exclusive=True)
    taken = file_lock.acquire(db_path, now=NOW + dt.timedelta(minutes=1))
    assert taken is not None and taken.holder.pid == os.getpid()


def test_a_lock_without_heartbeat_for_long_is_stale_even_from_another_machine(tmp_path):
    db_path = tmp_path / "xa.sqlite"
    holder = file_lock.Holder("MAY-KHAC", "ai-do", 1, NOW, NOW)
    file_lock._write(file_lock.lock_path(db_path), holder, exclusive=True)
    with pytest.raises(FileInUse, match="MAY-KHAC"):
        file_lock.acquire(db_path, now=NOW + dt.timedelta(minutes=5))
    assert file_lock.acquire(db_path, now=NOW + file_lock.STALE_AFTER + dt.timedelta(minutes=1)) is not None


def test_a_cut_short_lock_file_counts_as_stale(tmp_path):
    db_path = tmp_path / "xa.sqlite"
    file_lock.lock_path(db_path).write_text('{"host": "VAN', encoding="utf-8")
    assert file_lock.acquire(db_path, now=NOW) is not None


def test_heartbeat_keeps_the_lock_alive_and_release_leaves_others_alone(tmp_path):
    db_path = tmp_path / "xa.sqlite"
    lock = file_lock.acquire(db_path, now=NOW)
    later = NOW + file_lock.STALE_AFTER
    lock.refresh(now=later)
    with pytest.raises(FileInUse):
        file_lock.acquire(db_path, now=later + dt.timedelta(minutes=1))
    # someone cleared our lock and took the file: our release must not remove theirs
    file_lock.lock_path(db_path).unlink()
    theirs = file_lock.acquire(db_path, now=later)
    lock.release()
    assert file_lock.read_holder(file_lock.lock_path(db_path)) == theirs.holder


def test_a_read_only_folder_gives_no_lock_rather_than_an_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(file_lock.os, "open", refuse)
    assert file_lock.acquire(tmp_path / "xa.sqlite", now=NOW) is None
