"""Starting the window: display check, Vietnamese error handling, opening the database."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from models import paths
from models.errors import UserError

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

    def hook(kind: type[BaseException], error: BaseException, tb: object) -> None:
        if isinstance(error, UserError):
            _message(error.message)
            return
        logging.error("Lỗi không lường trước:\n%s", "".join(traceback.format_exception(kind, error, tb)))  # type: ignore[arg-type]
        if show:
            _message("Xin lỗi, chương trình gặp lỗi không lường trước. Dữ liệu đã lưu không bị ảnh hưởng.\n"
                     f"Chi tiết đã ghi vào {paths.log_path()}; hãy gửi tệp này cho người hỗ trợ.")

    sys.excepthook = hook


def _message(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.warning(None, "Sổ Chi Bộ", text)
    else:
        print(text, file=sys.stderr)


def run_gui(db_path: str | None) -> int:
    """Open the main window on a database file (the user's default file when none is given)."""
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    from models import db
    from ui.main_window import MainWindow
    from ui.qt_vietnamese import install_qt_vietnamese

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Sổ Chi Bộ")
    app.setOrganizationName("SoChiBo")
    install_qt_vietnamese()
    install_excepthook()
    target = Path(db_path) if db_path else paths.default_db_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = db.open_db(target)
    window = MainWindow(conn, target)
    window.show()
    return int(app.exec())
