"""The idle lock: after the minutes an administrator set without a key or a click, the window hides its content
behind a page that asks the same account's password again (personal data left open on an unattended PC).

The clerk who steps away locks the same way at once: Tệp > Khóa màn hình (Ctrl+L, ``lock_now``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from models.access import accounts
from ui.access import login_dialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class IdleLock(QObject):
    """Watches the application's input; ``lock`` hides the window's content, ``unlock`` asks the password."""

    def __init__(self, window: MainWindow, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.hidden: QWidget | None = None   # the window's content while locked
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        self.idle = minutes > 0   # 0: locked only by hand
        app = QApplication.instance()
        if app is not None and self.idle:
            app.installEventFilter(self)
        self._restart()

    def _restart(self) -> None:
        if self.idle:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY and self.hidden is None:
            self.timer.start()
        return False

    @property
    def locked(self) -> bool:
        return self.hidden is not None

    def lock(self, why: str = "Màn hình đã khóa vì lâu không dùng.") -> None:
        if self.locked:
            return
        self.timer.stop()
        self.hidden = self.window.takeCentralWidget()
        self.window.setCentralWidget(self._lock_page(why))
        self.window.menuBar().setEnabled(False)
        for bar in self.window.findChildren(QWidget, "main_toolbar"):
            bar.setEnabled(False)

    def _lock_page(self, why: str) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        text = QLabel(f"{why}\nNgười đang làm việc: {self.window.access.who}.")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet("font-size: 16px;")
        self.unlock_button = QPushButton("Đăng nhập để mở khóa…")
        self.unlock_button.setMinimumHeight(36)
        self.unlock_button.clicked.connect(lambda *_: self.unlock())
        column.addWidget(text)
        column.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        return page

    def unlock(self) -> bool:
        """The same account's password opens the window again as it was (typed work included)."""
        login = self.window.access.login
        dialog = login_dialog.LoginDialog(self.window.conn, self.window, login=login, cancel_text="Để khóa",
                                          current=self.window.access,
                                          reason="Màn hình đã khóa. Hãy gõ lại mật khẩu của tài khoản đang làm việc.")
        dialog.login_edit.setReadOnly(True)
        if not login_dialog.exec_login(dialog) or dialog.access is None:
            return False
        login_dialog.start_session(self.window.conn, dialog.access)
        if self.hidden is not None:
            self.window.setCentralWidget(self.hidden)
            self.hidden = None
        self.window.menuBar().setEnabled(True)
        for bar in self.window.findChildren(QWidget, "main_toolbar"):
            bar.setEnabled(True)
        self._restart()
        return True


LOCKED_BY_HAND = "Màn hình đã khóa."


def can_lock(window: MainWindow) -> bool:
    """Only a logged-in account has a password to open the window again with."""
    return bool(window.access.login) and not window.read_only


def lock_now(window: MainWindow) -> None:
    """Khóa màn hình: hide the content now, behind the same page as the idle lock."""
    if not can_lock(window):
        return
    if window.idle_lock is None:   # no idle time set: a lock that only locks by hand
        window.idle_lock = IdleLock(window, 0)
    assert isinstance(window.idle_lock, IdleLock)
    window.idle_lock.lock(LOCKED_BY_HAND)


def attach(window: MainWindow) -> IdleLock | None:
    """An idle lock for a window with a logged-in account and a lock time set (None: no lock)."""
    if not can_lock(window):
        return None
    minutes = accounts.idle_lock_minutes(window.conn)
    return IdleLock(window, minutes) if minutes > 0 else None
