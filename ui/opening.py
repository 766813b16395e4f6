"""Opening a data file the way a clerk needs it: never a silent failure, never a damaged file written.

At start and from Tệp > Mở, every problem opens a window that says what happened in Vietnamese and offers what
can be done: a file in use opens read-only; a damaged file is left untouched and the newest good backup is
copied to a new file and opened instead; any other file can be chosen; or the clerk quits (cancels).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models import vn
from models.access.session import FULL, Access
from models.errors import DamagedFile, UserError, explain
from models.storage import db, file_lock
from models.storage.file_lock import FileInUse, FileLock

if TYPE_CHECKING:
    from models.storage.backups import BackupInfo


@dataclass
class Opened:
    """A data file ready for the main window."""

    conn: sqlite3.Connection
    path: Path
    lock: FileLock | None
    read_only: bool
    access: Access = field(default=FULL)   # who logged in (everything for a file without accounts)

    def close(self) -> None:
        db.close(self.conn)
        if self.lock is not None:
            self.lock.release()


class ChoiceDialog(QDialog):
    """A message with a few big, plainly labelled buttons; Esc picks the last one (quit or cancel)."""

    def __init__(self, title: str, text: str, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice = options[-1][0]
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setMinimumWidth(560)
        label.setStyleSheet("font-size: 14px;")
        layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, caption in options:
            button = QPushButton(caption)
            button.setMinimumHeight(32)
            button.clicked.connect(lambda *_, k=key: self._pick(k))
            row.addWidget(button)
            self.buttons[key] = button
        self.buttons[options[0][0]].setDefault(True)
        layout.addLayout(row)

    def _pick(self, key: str) -> None:
        self.choice = key
        self.accept()


def choose(parent: QWidget | None, title: str, text: str, options: list[tuple[str, str]]) -> str:
    """Ask and return the key of the chosen option (Esc: the last). Tests replace this seam."""
    dialog = ChoiceDialog(title, text, options, parent)
    dialog.exec()
    return dialog.choice


def open_data_file(parent: QWidget | None, path: Path, *, at_start: bool = False) -> Opened | None:
    """Open ``path`` for the main window, resolving every problem with the clerk; None: they gave up."""
    give_up = ("thoat", "Thoát") if at_start else ("huy", "Hủy, giữ tệp đang mở")
    for _attempt in range(20):   # each round the clerk picked another file or a backup; never loop for ever
        try:
            return _logged_in(parent, _open(parent, path, give_up), give_up[1])
        except _TryAnother as another:
            path = another.path
        except _GiveUp:
            return None
    return None


def _logged_in(parent: QWidget | None, opened: Opened, cancel_text: str) -> Opened | None:
    """The file's login when it has accounts (None: the clerk cancelled, and the file is closed again)."""
    from ui.access import login_dialog

    access = login_dialog.log_in(parent, opened.conn, cancel_text=cancel_text)
    if access is None:
        opened.close()
        return None
    opened.access = access
    return opened


class _TryAnother(Exception):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class _GiveUp(Exception):
    pass


def _open(parent: QWidget | None, path: Path, give_up: tuple[str, str]) -> Opened:
    try:
        lock = file_lock.acquire(path) if path.parent.is_dir() else None
    except FileInUse as in_use:
        return _offer_read_only(parent, path, in_use, give_up)
    try:
        return Opened(db.open_db(path, create=not path.exists()), path, lock, read_only=False)
    except (UserError, sqlite3.Error, OSError) as error:
        if lock is not None:
            lock.release()
        logging.warning("Không mở được %s: %r", path, error)
        raise _problem(parent, path, error, give_up) from None


def _offer_read_only(parent: QWidget | None, path: Path, in_use: FileInUse, give_up: tuple[str, str]) -> Opened:
    answer = choose(parent, "Tệp đang được mở ở nơi khác", in_use.message,
                    [("xem", "Mở chỉ để xem"), ("khac", "Mở tệp khác…"), give_up])
    if answer == "xem":
        try:
            return Opened(db.open_db(path, read_only=True), path, None, read_only=True)
        except (UserError, sqlite3.Error, OSError) as error:
            raise _problem(parent, path, error, give_up) from None
    raise _next_step(parent, answer)


def _problem(parent: QWidget | None, path: Path, error: BaseException, give_up: tuple[str, str]) -> Exception:
    """Show what went wrong and what can be done; returns the exception that carries the clerk's choice."""
    from models.storage import backups  # only a damaged file needs them (not imported on every start)

    damaged = isinstance(error, DamagedFile)
    newest = backups.newest_backup(path) if damaged else None
    text = explain(error) or f"Không mở được tệp “{path}”: {error}."
    options = [("khac", "Mở tệp khác…"), give_up]
    if newest is not None:
        text += "\n\n" + _backup_line(newest)
        options.insert(0, ("sao_luu", "Mở bản sao lưu mới nhất"))
    answer = choose(parent, "Tệp dữ liệu bị hỏng" if damaged else "Không mở được tệp dữ liệu", text, options)
    if answer == "sao_luu" and newest is not None:
        return _TryAnother(_copy_backup_beside(path, newest))
    return _next_step(parent, answer)


def _next_step(parent: QWidget | None, answer: str) -> Exception:
    from ui.common import files

    if answer == "khac":
        chosen = files.ask_open_path(parent, "Mở tệp dữ liệu", files.DB_FILTER)
        if chosen is not None:
            return _TryAnother(chosen)
    return _GiveUp()


def _backup_line(info: BackupInfo) -> str:
    return (f"Bản sao lưu mới nhất: {info.taken_at:%H:%M} ngày {vn.format_date(info.taken_at.date())} "
            f"({vn.format_int(info.organisations)} tổ chức, {vn.format_int(info.members)} đảng viên, "
            f"{vn.format_int(info.meetings)} buổi sinh hoạt). Chọn “Mở bản sao lưu mới nhất” thì chương trình "
            "chép bản đó ra một tệp mới cạnh tệp hỏng và mở tệp mới; tệp hỏng được giữ nguyên để người hỗ trợ xem.")


def _copy_backup_beside(damaged: Path, info: BackupInfo) -> Path:
    from models.storage import backups

    target = damaged.with_name(f"{damaged.stem}-khoi-phuc-{dt.datetime.now():%Y%m%d-%H%M%S}{damaged.suffix}")
    return backups.restore_to_new_file(info.path, target)


def missing_last_file(parent: QWidget | None, path: Path, default: Path) -> Path | None:
    """The file used last time is gone (a USB stick pulled out?): find it, use the default file, or quit."""
    from ui.common import files

    answer = choose(parent, "Không thấy tệp dữ liệu lần trước",
                    f"Tệp dữ liệu dùng lần trước không còn ở “{path}”. Có thể ổ USB hoặc ổ mạng chứa nó chưa được "
                    "cắm lại, hoặc tệp đã bị chuyển đi. Hãy cắm lại ổ rồi chọn “Thử lại”, tìm tệp ở chỗ khác, "
                    f"hoặc dùng tệp mặc định “{default}”.",
                    [("lai", "Thử lại"), ("tim", "Tìm tệp…"), ("mac_dinh", "Dùng tệp mặc định"), ("thoat", "Thoát")])
    if answer == "lai":
        return path if path.exists() else missing_last_file(parent, path, default)
    if answer == "tim":
        found = files.ask_open_path(parent, "Tìm tệp dữ liệu", files.DB_FILTER)
        return found or missing_last_file(parent, path, default)
    return default if answer == "mac_dinh" else None
