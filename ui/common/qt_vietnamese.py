"""Qt's own words in Vietnamese.

Qt ships no Vietnamese translation: its own words (right-click menu of every text box, OK/Cancel, the file
dialog on Linux) would otherwise appear in English to a clerk who reads no English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# Keys are (context, Qt's English source text).
_EDIT_MENU = {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép", "&Paste": "&Dán",
              "Delete": "Xóa", "Select All": "Chọn tất cả", "Copy &Link Location": "Sao chép địa chỉ liên kết"}
_BUTTONS = {"OK": "Đồng ý", "Cancel": "Hủy", "Save": "Lưu", "Open": "Mở", "Close": "Đóng", "&Yes": "&Có",
            "&No": "&Không", "Yes to &All": "Có với tất cả", "N&o to All": "Không với tất cả", "Apply": "Áp dụng",
            "Reset": "Đặt lại", "Discard": "Không lưu", "Don't Save": "Không lưu", "Help": "Trợ giúp",
            "Abort": "Dừng", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Restore Defaults": "Khôi phục mặc định",
            "Save All": "Lưu tất cả"}
_FILE_DIALOG = {"&Look in:": "&Tìm trong:", "File &name:": "&Tên tệp:", "Files of &type:": "&Loại tệp:",
                "&Open": "&Mở", "Open": "Mở", "&Save": "&Lưu", "Save": "Lưu", "Save As": "Lưu thành",
                "&Choose": "&Chọn", "Back": "Quay lại", "Go back": "Quay lại", "Forward": "Tiến tới",
                "Go forward": "Tiến tới", "Parent Directory": "Thư mục cha",
                "Go to the parent directory": "Lên thư mục cha", "Create New Folder": "Tạo thư mục mới",
                "Create a New Folder": "Tạo thư mục mới", "&New Folder": "Thư mục &mới", "New Folder": "Thư mục mới",
                "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
                "Change to list view mode": "Xem dạng danh sách", "Change to detail view mode": "Xem dạng chi tiết",
                "&Delete": "&Xóa", "&Rename": "Đổi &tên", "Show &hidden files": "Hiện tệp ẩn",
                "All Files (*)": "Mọi tệp (*)", "Directory:": "Thư mục:", "Recent Places": "Nơi mở gần đây",
                "%1 already exists.\nDo you want to replace it?": "Tệp %1 đã có.\nCó ghi đè lên tệp đó không?",
                "Are you sure you want to delete '%1'?": "Có chắc muốn xóa “%1”?"}
_QT_VIETNAMESE: dict[str, dict[str, str]] = {
    "QLineEdit": _EDIT_MENU, "QWidgetTextControl": _EDIT_MENU, "QPlatformTheme": _BUTTONS,
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": {"Name": "Tên", "Size": "Cỡ", "Type": "Loại", "Kind": "Loại", "Date Modified": "Ngày sửa",
                         "Computer": "Máy tính", "My Computer": "Máy tính"},
    "QAbstractFileIconProvider": {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File Folder": "Thư mục"},
    "QAbstractSpinBox": {"&Step up": "&Tăng", "Step &down": "&Giảm", "&Select All": "&Chọn tất cả"},
    "QMessageBox": {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…"},
}


class QtVietnamese(QTranslator):
    """Qt's own words in Vietnamese; anything not listed stays as Qt has it."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return _QT_VIETNAMESE.get(context, {}).get(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_qt_vietnamese() -> None:
    """Install the translator once per application (the window may be rebuilt, the app is not)."""
    app = QCoreApplication.instance()
    # The name "" (every name) is given: without it PySide works out the call's default arguments, ~6 ms of the start.
    if app is not None and app.findChild(QtVietnamese, "") is None:
        app.installTranslator(QtVietnamese(app))   # the app owns it: it lives as long as the app
