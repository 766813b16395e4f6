"""Starting the window: display check, Vietnamese error handling, opening the database."""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from models import paths
from models.errors import UserError, explain
from models.storage.private_files import private_folder
from ui import opening
from ui.common import user_folders
from ui.common.app_identity import name_the_application
from ui.common.qt_vietnamese import install_qt_vietnamese
from ui.main_window import MainWindow

# Set by packaging/smoke_test.sh: the window closes itself once it has been shown for this long.
SMOKE_TEST_VARIABLE = "SOCHIBO_SMOKE_TEST"
SMOKE_TEST_SHOW_MS = 1500

NO_DISPLAY_MESSAGE = (
    "Không tìm thấy màn hình để mở cửa sổ chương trình (máy này không có giao diện đồ họa).\n"
    "- Trên máy có màn hình: chạy lại lệnh trong cửa sổ của màn hình đó.\n"
    "- Trên máy chủ không màn hình: cài Xvfb rồi chạy\n"
    "    xvfb-run -s \"-screen 0 1366x768x24\" .venv/bin/python main.py --db TỆP.sqlite\n"
    "- Hoặc dùng các lệnh dòng lệnh, ví dụ: .venv/bin/python main.py --help"
)


def has_display() -> bool:
    """Whether Qt can open a window here (Windows and macOS always can)."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def install_excepthook(show: bool = True) -> None:
    """Log unexpected errors and show a short apology instead of a traceback."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        explained = explain(error)   # a UserError, or a storage failure the clerk can act on (disk full, …)
        if explained is not None:
            # A refusal's words may name a member: the log keeps only its kind (the log holds no personal data).
            logging.warning("Báo cho người dùng: %s", type(error).__name__ if isinstance(error, UserError)
                            else repr(error))
            _message(explained)
            return
        logging.error("Lỗi không lường trước:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if show:
            _message("Xin lỗi, chương trình gặp lỗi không lường trước. Thao tác vừa rồi có thể chưa được lưu; "
                     "những gì đã lưu trước đó vẫn còn nguyên.\n"
                     f"Chi tiết đã ghi vào {paths.log_path()}; hãy gửi tệp này cho người hỗ trợ.")

    sys.excepthook = hook


def _message(text: str) -> None:
    if QApplication.instance() is not None:
        from PySide6.QtWidgets import QMessageBox  # only when something went wrong: not on every start

        QMessageBox.warning(None, "Sổ Chi Bộ", text)
    else:
        print(text, file=sys.stderr)


def run_gui(db_path: str | None) -> int:
    """Open the main window on a data file: the one given, else the one used last time, else the default."""
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    name_the_application()
    user_folders.use_settings_file()
    try:
        window = _start_window(db_path)
    except Exception as error:  # noqa: BLE001 - started from a desktop icon, stderr is read by nobody
        _show_startup_failure(error)
        return 1
    if window is None:
        return 0
    window.show()
    # main._window paused the cyclic collector while the window was built. What was made until now lives as long as
    # the window: frozen, later collections never walk it again (nor does a first one, ~5 ms, before the window
    # answers); it is still freed as usual when nothing refers to it any more.
    gc.freeze()
    gc.enable()
    if os.environ.get(SMOKE_TEST_VARIABLE):
        QTimer.singleShot(SMOKE_TEST_SHOW_MS, lambda: _close_after_smoke_test(window))
    return int(app.exec())


def _close_after_smoke_test(window: QMainWindow) -> None:
    """packaging/smoke_test.sh: the bundled program opened its window on a file; it opens every tab (each
    screen's module is imported only then, so a module missing from the bundle shows here), says so and closes."""
    from PySide6.QtWidgets import QLabel, QTabWidget

    tabs = getattr(window, "tabs", None)
    count = opened = 0
    if isinstance(tabs, QTabWidget):
        count = tabs.count()
        for index in range(count):
            tabs.setCurrentIndex(index)
            opened += not isinstance(tabs.currentWidget(), QLabel)   # a tab that failed to open shows a QLabel
    print(f"Kiểm tra nhanh: cửa sổ “{window.windowTitle()}” đã mở ({window.width()}×{window.height()}), "
          f"mở được {opened}/{count} phần, nay tự đóng.", flush=True)
    window.close()
    if opened < count:
        QApplication.exit(3)


def _start_window(db_path: str | None) -> QMainWindow | None:
    install_qt_vietnamese()
    install_excepthook()
    settings = QSettings()
    user_folders.apply(settings)
    target = Path(db_path) if db_path else start_path(settings)
    if target is None:
        return None
    private_folder(target.parent, parents=True)
    opened = opening.open_data_file(None, target, at_start=True)
    if opened is None:
        return None
    return MainWindow(opened.conn, opened.path, settings, lock=opened.lock, read_only=opened.read_only,
                      owns_connection=True, access=opened.access)


def start_path(settings: QSettings) -> Path | None:
    """The file used last time; when it is gone, the clerk chooses (None: quit)."""
    default = user_folders.default_db_path(settings)
    last = str(settings.value("last_db", "") or "")
    if not last or Path(last) == default:
        return default
    if Path(last).exists():
        return Path(last)
    return opening.missing_last_file(None, Path(last), default)


def _show_startup_failure(error: BaseException) -> None:
    explained = explain(error)
    if explained is None:
        logging.error("Lỗi khi khởi động:\n%s", "".join(traceback.format_exception(error)))
        explained = ("Xin lỗi, chương trình không khởi động được vì một lỗi không lường trước.\n"
                     f"Chi tiết đã ghi vào {paths.log_path()}; hãy gửi tệp này cho người hỗ trợ.")
    _message(explained)
