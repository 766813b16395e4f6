"""Errors a user can fix: each carries a Vietnamese message saying what is wrong and what to do."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class UserError(Exception):
    """A problem with the user's input or file; the message is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DamagedFile(UserError):
    """The data file is damaged: it must not be written; the caller offers a backup instead."""

    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(damaged_message(path))
        self.path = path
        self.detail = detail


def damaged_message(path: Path | str | None = None) -> str:
    which = f"Tệp dữ liệu “{path}”" if path else "Tệp dữ liệu"
    return (f"{which} bị hỏng (có thể do mất điện hoặc ổ đĩa lỗi khi đang ghi), nên chương trình không dùng nó nữa "
            "và không ghi gì vào nó. Hãy khôi phục từ bản sao lưu mới nhất (Tệp > Khôi phục từ bản sao lưu…, "
            "hoặc lệnh restore), rồi báo cho người hỗ trợ.")


DISK_FULL = ("Ổ đĩa đã đầy nên chưa lưu được. Hãy xóa bớt tệp không cần trên ổ đó (hoặc chuyển tệp dữ liệu sang "
             "ổ khác) rồi làm lại. Những gì đã lưu trước đó vẫn còn nguyên.")
READ_ONLY = ("Tệp dữ liệu đang mở chỉ để xem, hoặc tệp (thư mục) chỉ cho đọc, nên không lưu được. Hãy bỏ thuộc tính "
             "“Chỉ đọc” của tệp, hoặc chép tệp vào thư mục của bạn (ví dụ Tài liệu) rồi mở lại. "
             "Những gì đã lưu trước đó vẫn còn nguyên.")
NO_PERMISSION = ("Tài khoản máy tính này không có quyền ghi vào tệp hoặc thư mục đó. Hãy chọn thư mục của bạn "
                 "(ví dụ Tài liệu) hoặc nhờ người quản trị máy cấp quyền, rồi làm lại.")
BUSY = ("Tệp dữ liệu đang bận vì một cửa sổ Sổ Chi Bộ khác (hoặc chương trình khác) đang ghi vào nó. Hãy đợi một lát "
        "rồi làm lại; nếu vẫn vậy, hãy đóng cửa sổ kia. Thao tác vừa rồi chưa được lưu.")
DRIVE_GONE = ("Không đọc hoặc ghi được tệp dữ liệu: ổ chứa tệp có thể đã bị rút ra (USB, ổ mạng) hoặc bị lỗi. "
              "Hãy cắm lại ổ rồi mở lại tệp. Thao tác vừa rồi chưa được lưu.")
CANNOT_OPEN = ("Không mở được tệp dữ liệu: thư mục chứa tệp không còn, hoặc không có quyền truy cập. Hãy kiểm tra "
               "lại ổ và thư mục, rồi mở lại tệp.")

# SQLite's English messages (sqlite3 gives no error codes before Python 3.11's sqlite_errorcode on every error),
# each with what the clerk is told.
NOT_ALLOWED = ("Tài khoản đang đăng nhập không được sửa dữ liệu này, nên chưa có gì thay đổi. "
               "Hãy nhờ quản trị viên nếu cần.")

_SQLITE_MESSAGES = (
    ("not authorized", NOT_ALLOWED),
    ("database or disk is full", DISK_FULL),
    ("readonly database", READ_ONLY),
    ("database is locked", BUSY),
    ("database table is locked", BUSY),
    ("disk i/o error", DRIVE_GONE),
    ("database disk image is malformed", damaged_message()),
    ("file is not a database", damaged_message()),
    ("unable to open database file", CANNOT_OPEN),
)

_OS_ERRORS = {
    errno.ENOSPC: DISK_FULL, errno.EDQUOT: DISK_FULL, errno.EROFS: READ_ONLY,
    errno.EACCES: NO_PERMISSION, errno.EPERM: NO_PERMISSION,
    errno.EIO: DRIVE_GONE, errno.ENODEV: DRIVE_GONE, errno.ENXIO: DRIVE_GONE, errno.ESTALE: DRIVE_GONE,
}
# Windows codes Python does not map to an errno: drive not ready (a USB stick pulled out), device gone,
# network name gone, disk full, write-protected medium.
_WINDOWS_ERRORS = {21: DRIVE_GONE, 55: DRIVE_GONE, 64: DRIVE_GONE, 1167: DRIVE_GONE, 112: DISK_FULL, 19: READ_ONLY}


def explain(error: BaseException) -> str | None:
    """What a storage failure means to a clerk and what to do, in Vietnamese; None for any other error."""
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
        return None   # our own mistakes: logged with their traceback, not dressed up as a disk problem
    if isinstance(error, sqlite3.DatabaseError):
        text = str(error).lower()
        return next((message for words, message in _SQLITE_MESSAGES if words in text), None)
    if isinstance(error, OSError):
        windows = _WINDOWS_ERRORS.get(getattr(error, "winerror", None) or 0)
        return windows or _OS_ERRORS.get(error.errno or 0)
    return None
