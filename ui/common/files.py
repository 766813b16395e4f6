"""Choosing, writing and opening files from the GUI, behind seams that tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from models.storage.output_files import write_output
from ui.common import user_folders

XLSX_FILTER = "Tệp Excel (*.xlsx)"
PDF_FILTER = "Tệp PDF (*.pdf)"
DB_FILTER = "Tệp dữ liệu Sổ Chi Bộ (*.sqlite *.db);;Mọi tệp (*)"


def _in_data_folder(file_filter: str, suggested: str = "") -> str:
    """A data file is proposed in the data folder (Cài đặt > Nơi lưu dữ liệu), not wherever the program started."""
    if file_filter != DB_FILTER or Path(suggested).is_absolute():
        return suggested
    return str(user_folders.data_folder(QSettings()) / suggested)


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> Path | None:
    """The file the user wants to write (None: cancelled). Tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, title, _in_data_folder(file_filter, suggested), file_filter)
    return Path(path) if path else None


# The filter shown for each kind of document the program writes.
ENCRYPTED_FILTER = "Tệp đã mã hóa (*.mahoa)"
OUTPUT_FILTERS = {".pdf": PDF_FILTER, ".xlsx": XLSX_FILTER, ".mahoa": ENCRYPTED_FILTER}


def ask_output_path(parent: QWidget | None, title: str, suggested: str, suffix: str) -> Path | None:
    """Where to write a document of kind ``suffix`` (".pdf", ".xlsx"); the suffix is added when the user
    typed a bare name, so the file still opens in its usual program. None: cancelled."""
    path = ask_save_path(parent, title, suggested, OUTPUT_FILTERS[suffix])
    if path is None or path.suffix.lower() == suffix:
        return path
    return path.with_name(path.name + suffix)


def ask_open_path(parent: QWidget | None, title: str, file_filter: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, _in_data_folder(file_filter), file_filter)
    return Path(path) if path else None


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder the user picks (None: cancelled). Tests replace this function."""
    path = QFileDialog.getExistingDirectory(parent, title)
    return Path(path) if path else None


def write_file(path: Path, data: bytes) -> None:
    """Write atomically, never over a file of another kind; problems become Vietnamese UserErrors."""
    write_output(path, data)


def open_file(path: Path) -> None:
    """Show a written file in the user's usual program (PDF viewer, Excel). Tests replace this."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
