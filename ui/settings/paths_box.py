"""Cài đặt > Nơi lưu dữ liệu: where the data file, its backups and the error log are, each folder one click away;
the folder for new data files and the backup folder can be changed (remembered in the window's settings)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from models import paths
from models.storage import backups
from ui.common import files, user_folders

NOTE = ("Đổi thư mục chỉ áp dụng cho tệp dữ liệu tạo mới và các bản sao lưu từ nay về sau: tệp đang mở không bị "
        "chuyển đi, các bản sao lưu cũ vẫn ở chỗ cũ và vẫn khôi phục được. Muốn chuyển tệp dữ liệu, hãy đóng "
        "chương trình, chép tệp sang thư mục mới rồi mở lại bằng Tệp > Mở tệp dữ liệu khác.")


class PathsBox(QGroupBox):
    """The places of the open file; the window calls ``show_places`` with the file and its settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Nơi lưu dữ liệu", parent)
        self.settings: QSettings | None = None
        self.data_file: Path | None = None
        self.open_folder: Callable[[Path], None] = files.open_file   # the seam tests replace
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        self.file_label = self._row(grid, 0, "Tệp dữ liệu đang mở:")
        self.file_open = self._button(grid, 0, 2, "Mở thư mục", lambda: self._open(self._file_folder()))
        self.new_files_label = self._row(grid, 1, "Thư mục cho tệp dữ liệu mới:")
        self._button(grid, 1, 2, "Mở thư mục", lambda: self._open(self._data_folder()))
        self.data_change = self._button(grid, 1, 3, "Đổi…", self.change_data_folder)
        self.backups_label = self._row(grid, 2, "Thư mục sao lưu:")
        self.backups_open = self._button(grid, 2, 2, "Mở thư mục", lambda: self._open(self._backup_folder()))
        self.backups_change = self._button(grid, 2, 3, "Đổi…", self.change_backup_folder)
        self.backups_default = self._button(grid, 2, 4, "Về mặc định", lambda: self._set_backup_root(None))
        self.backups_default.setToolTip("Sao lưu vào thư mục “<tên tệp>-sao-luu” cạnh tệp dữ liệu, như ban đầu")
        self.log_label = self._row(grid, 3, "Nhật ký lỗi:")
        self._button(grid, 3, 2, "Mở thư mục", lambda: self._open(paths.log_path().parent))
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        grid.addWidget(note, 4, 0, 1, 5)
        self.message = QLabel()
        self.message.setWordWrap(True)
        grid.addWidget(self.message, 5, 0, 1, 5)

    @staticmethod
    def _row(grid: QGridLayout, row: int, title: str) -> QLabel:
        grid.addWidget(QLabel(title), row, 0)
        value = QLabel()
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)   # a clerk can copy a path
        grid.addWidget(value, row, 1)
        return value

    @staticmethod
    def _button(grid: QGridLayout, row: int, column: int, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda *_: slot())
        grid.addWidget(button, row, column)
        return button

    # ------------------------------------------------------------ what is shown

    def show_places(self, data_file: Path | None, settings: QSettings) -> None:
        self.data_file, self.settings = data_file, settings
        self.refresh()

    def _file_folder(self) -> Path | None:
        return self.data_file.parent if self.data_file is not None else None

    def _data_folder(self) -> Path:
        return user_folders.data_folder(self.settings) if self.settings is not None else paths.user_data_dir()

    def _backup_folder(self) -> Path | None:
        return backups.backup_folder(self.data_file) if self.data_file is not None else None

    def refresh(self) -> None:
        self.file_label.setText(str(self.data_file) if self.data_file is not None else "(chưa mở tệp nào)")
        self.file_open.setEnabled(self.data_file is not None)
        chosen_data = self.settings is not None and user_folders.chosen_data_folder(self.settings) is not None
        self.new_files_label.setText(f"{self._data_folder()}{'' if chosen_data else '  (mặc định)'}")
        backup_folder = self._backup_folder()
        chosen_root = backups.chosen_backup_root()
        where = "  (mặc định: cạnh tệp dữ liệu)" if chosen_root is None else ""
        self.backups_label.setText(f"{backup_folder}{where}" if backup_folder is not None else "(chưa mở tệp nào)")
        self.backups_open.setEnabled(backup_folder is not None)
        self.backups_default.setVisible(chosen_root is not None)
        self.log_label.setText(str(paths.log_path().parent))

    # ------------------------------------------------------------ what the buttons do

    def _open(self, folder: Path | None) -> None:
        if folder is None:
            return
        if not folder.is_dir():   # the backup or log folder is made on first use
            self.message.setText(f"Thư mục “{folder}” chưa có (chưa có gì được ghi vào đó).")
            self.message.setStyleSheet("color: #c0392b;")
            return
        self.message.setText("")
        self.open_folder(folder)

    def change_data_folder(self) -> None:
        folder = files.ask_folder(self, "Chọn thư mục cho tệp dữ liệu mới")
        if folder is None or self.settings is None:
            return
        user_folders.set_data_folder(self.settings, folder)
        self._said(f"Từ nay tệp dữ liệu mới được đề nghị lưu trong “{folder}”. Tệp đang mở vẫn ở chỗ cũ.")

    def change_backup_folder(self) -> None:
        folder = files.ask_folder(self, "Chọn thư mục để lưu các bản sao lưu")
        if folder is not None:
            self._set_backup_root(folder)

    def _set_backup_root(self, folder: Path | None) -> None:
        if self.settings is None:
            return
        user_folders.set_backup_root(self.settings, folder)
        where = self._backup_folder()
        self._said(f"Từ nay các bản sao lưu được ghi vào “{where}”. Các bản sao lưu cũ vẫn ở chỗ cũ và vẫn có "
                   "trong danh sách khôi phục.")

    def _said(self, text: str) -> None:
        self.refresh()
        self.message.setText(text)
        self.message.setStyleSheet("color: #1e7b34;")
