"""One writer at a time: a small lock file beside the data file says who has it open, on which machine, since when.

SQLite keeps each transaction safe, but two windows on one file each hold a screen of records loaded earlier; the
second one to save would silently undo the first. The lock lets the second instance say who has the file and
open it read-only instead. A lock left by a crashed instance is recognised (its process is gone, or it has not
refreshed its heartbeat for a while) and cleared.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from models import vn
from models.errors import UserError
from models.storage import audit

STALE_AFTER = dt.timedelta(minutes=10)   # the holder refreshes every minute; ten missed refreshes mean it is gone
HEARTBEAT_SECONDS = 60


@dataclass(frozen=True)
class Holder:
    host: str
    user: str
    pid: int
    since: dt.datetime
    heartbeat: dt.datetime

    def describe(self) -> str:
        who = self.user or "một người dùng"
        return (f"{who} trên máy {self.host or 'không rõ tên'}, từ {self.since:%H:%M} "
                f"ngày {vn.format_date(self.since.date())}")


class FileInUse(UserError):
    """Another live instance holds the file; the message says who."""

    def __init__(self, db_path: Path, holder: Holder) -> None:
        super().__init__(f"Tệp dữ liệu “{db_path}” đang được mở bởi {holder.describe()}. Hai nơi cùng sửa một tệp "
                         "thì người lưu sau sẽ xóa mất việc của người lưu trước. Hãy mở chỉ để xem, hoặc đợi người "
                         "kia đóng chương trình.")
        self.holder = holder


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class FileLock:
    """The lock this instance holds; refresh() every minute, release() on close."""

    def __init__(self, path: Path, holder: Holder) -> None:
        self.path = path
        self.holder = holder

    def refresh(self, now: dt.datetime | None = None) -> None:
        """Say we are still here (a missing or foreign lock file is left alone: someone cleared it)."""
        if read_holder(self.path) == self.holder:
            self.holder = _replace_heartbeat(self.holder, now or _now())
            _write(self.path, self.holder, exclusive=False)

    def release(self) -> None:
        if read_holder(self.path) == self.holder:
            with contextlib.suppress(OSError):
                self.path.unlink()


def acquire(db_path: Path, now: dt.datetime | None = None) -> FileLock | None:
    """Take the file for this instance; FileInUse if a live instance has it; None where no lock can be written."""
    now = now or _now()
    path = lock_path(db_path)
    me = Holder(_host_name(), audit.current_user(), os.getpid(), now, now)
    for _attempt in range(2):
        try:
            _write(path, me, exclusive=True)
            return FileLock(path, me)
        except FileExistsError:
            holder = read_holder(path)
            if holder is not None and not is_stale(holder, now):
                raise FileInUse(db_path, holder) from None
            with contextlib.suppress(OSError):
                path.unlink()   # left by a crash: clear it and try once more
        except OSError:
            return None   # a read-only folder or medium: the file can only be read there anyway
    return None


def read_holder(path: Path) -> Holder | None:
    """Who the lock file names (None when it is missing or unreadable, e.g. cut short by a crash)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(str(data["host"]), str(data["user"]), int(data["pid"]),
                      dt.datetime.fromisoformat(data["since"]), dt.datetime.fromisoformat(data["heartbeat"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(holder: Holder, now: dt.datetime) -> bool:
    if now - holder.heartbeat > STALE_AFTER:
        return True
    return holder.host == _host_name() and not _process_alive(holder.pid)


def _write(path: Path, holder: Holder, exclusive: bool) -> None:
    text = json.dumps({"host": holder.host, "user": holder.user, "pid": holder.pid,
                       "since": holder.since.isoformat(timespec="seconds"),
                       "heartbeat": holder.heartbeat.isoformat(timespec="seconds")}, ensure_ascii=False)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _replace_heartbeat(holder: Holder, now: dt.datetime) -> Holder:
    return Holder(holder.host, holder.user, holder.pid, holder.since, now)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _host_name() -> str:
    """This computer's name, socket.gethostname()'s: where os.uname exists it gives the same without importing
    socket, ~4 ms of every start of the window (issue 13)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)   # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True   # it exists, under another account
    return True


def _windows_process_alive(pid: int) -> bool:
    """os.kill on Windows would terminate the process, so ask the kernel instead."""
    if sys.platform != "win32":   # also tells the type checker that ctypes.windll exists below
        raise OSError("only on Windows")
    import ctypes  # here, on Windows only: ~2 ms of every start elsewhere (issue 13)

    still_active, query_limited_information = 259, 0x1000
    kernel = ctypes.windll.kernel32
    handle = kernel.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
    finally:
        kernel.CloseHandle(handle)
