"""Importing members from Excel: choose a file, check the preview, then confirm.

Nothing is written until the clerk presses "Nhập N đảng viên". The preview is the model's own dry run
(excel_import.preview), so the numbers shown are exactly what the import will do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import excel_columns, excel_import, organisations, vn
from models.errors import UserError
from models.excel_import import ImportResult, RowNote, Sheet
from ui import files
from ui.widgets import ErrorLabel, ask

Index = QModelIndex | QPersistentModelIndex
_COLOURS = {excel_import.ERROR: "#fdecea", excel_import.EXISTS: "#eeeeee", excel_import.NOTE: "#fff6d8"}
POLICY = ("Dòng trùng với đảng viên đã có trong sổ (cùng số thẻ, hoặc cùng họ tên và ngày sinh) được bỏ qua: "
          "dữ liệu cũ giữ nguyên, không bị ghi đè. Người không có ngày chính thức được ghi là dự bị.")


class NoteTableModel(QAbstractTableModel):
    """The rows the clerk should look at: rejected, already in the register, or imported with a remark."""

    HEADERS = ("Dòng", "Họ và tên", "Kết quả", "Lý do")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._notes: list[RowNote] = []

    def set_notes(self, notes: list[RowNote]) -> None:
        self.beginResetModel()
        order = {excel_import.ERROR: 0, excel_import.EXISTS: 1, excel_import.NOTE: 2}
        self._notes = sorted(notes, key=lambda n: (order[n.kind], n.row))
        self.endResetModel()

    def note(self, row: int) -> RowNote:
        return self._notes[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._notes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (str(note.row), note.name, note.kind_name, note.reason)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(_COLOURS[note.kind]))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names its columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class ImportDialog(QDialog):
    """Nhập đảng viên từ Excel: file, column mapping, preview, confirmation."""

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.sheet: Sheet | None = None
        self.preview_result: ImportResult | None = None
        self.imported: ImportResult | None = None
        self._combos: list[QComboBox] = []
        self.setWindowTitle("Nhập đảng viên từ Excel")
        self.resize(1180, 660)
        self._build()
        self._refresh_buttons()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._file_row())
        layout.addLayout(self._org_row())
        self.sheet_label = QLabel("Hãy chọn tệp Excel (.xlsx) có danh sách đảng viên.")
        self.sheet_label.setWordWrap(True)
        layout.addWidget(self.sheet_label)
        self.error_label = ErrorLabel(self)
        self.error_label.show_error("")
        layout.addWidget(self.error_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._mapping_box())
        splitter.addWidget(self._notes_box())
        splitter.setSizes([470, 690])
        layout.addWidget(splitter, 1)
        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary_label)
        policy = QLabel(POLICY)
        policy.setWordWrap(True)
        policy.setStyleSheet("color: #555;")
        layout.addWidget(policy)
        layout.addLayout(self._button_row())

    def _file_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Tệp Excel:"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("chưa chọn tệp")
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton("Chọn tệp…", self)
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.browse_button)
        return row

    def _org_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Chi bộ cho các dòng không ghi chi bộ:"))
        self.org_combo = QComboBox(self)
        self.org_combo.addItem("(không chọn: dòng không ghi chi bộ sẽ bị từ chối)", None)
        for org in organisations.cells(self.conn):
            if org.dissolved_on is None:
                self.org_combo.addItem(org.name, int(org.id))
        self.org_combo.setMinimumWidth(360)
        self.org_combo.currentIndexChanged.connect(self._update_preview)
        row.addWidget(self.org_combo)
        row.addStretch(1)
        return row

    def _mapping_box(self) -> QGroupBox:
        box = QGroupBox("Các cột trong tệp (sửa mục “Nhập vào” nếu đoán sai)", self)
        inner = QVBoxLayout(box)
        self.mapping_table = QTableWidget(0, 4, box)
        self.mapping_table.setHorizontalHeaderLabels(["Cột", "Tiêu đề trong tệp", "Ví dụ", "Nhập vào"])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        inner.addWidget(self.mapping_table)
        return box

    def _notes_box(self) -> QGroupBox:
        box = QGroupBox("Các dòng cần xem lại", self)
        self.notes_box = box
        inner = QVBoxLayout(box)
        self.notes_model = NoteTableModel(box)
        self.notes_view = QTableView(box)
        self.notes_view.setModel(self.notes_model)
        self.notes_view.setWordWrap(True)
        self.notes_view.verticalHeader().setVisible(False)
        self.notes_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.notes_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.notes_view.setColumnWidth(1, 150)
        # the reason wraps: row heights follow the width the column really gets on screen
        header.sectionResized.connect(lambda *_: self.notes_view.resizeRowsToContents())
        inner.addWidget(self.notes_view)
        return box

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.import_button = QPushButton("Nhập đảng viên", self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.confirm_import)
        row.addWidget(self.import_button)
        self.close_button = QPushButton("Đóng", self)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        return row

    # ------------------------------------------------------------ behaviour

    def _browse(self) -> None:
        path = files.ask_open_path(self, "Chọn tệp danh sách đảng viên", "Tệp Excel (*.xlsx *.xlsm);;Mọi tệp (*)")
        if path is not None:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Read a file and preview it; a file that cannot be used is explained and nothing changes."""
        self.path_edit.setText(str(path))
        try:
            sheet = excel_import.read_sheet(path)
        except UserError as error:
            self.sheet = self.preview_result = None
            self._fill_mapping()
            self.notes_model.set_notes([])
            self.sheet_label.setText("")
            self.summary_label.setText("")
            self.error_label.show_error(error.message)
            self._refresh_buttons()
            return False
        self.sheet = sheet
        self.sheet_label.setText(f"Trang “{sheet.sheet_name}”: tìm thấy dòng tiêu đề ở dòng {sheet.header_row}; "
                                 f"{vn.format_int(len(sheet.rows))} dòng có dữ liệu (đã bỏ qua dòng trống).")
        self._fill_mapping()
        self._update_preview()
        return True

    def _fill_mapping(self) -> None:
        self._combos = []
        headers = self.sheet.headers if self.sheet else ()
        self.mapping_table.setRowCount(len(headers))
        for index, header in enumerate(headers):
            assert self.sheet is not None
            self.mapping_table.setItem(index, 0, QTableWidgetItem(column_letter(index)))
            self.mapping_table.setItem(index, 1, QTableWidgetItem(header or "(trống)"))
            self.mapping_table.setItem(index, 2, QTableWidgetItem(self.sheet.sample(index)))
            combo = QComboBox(self.mapping_table)
            for key, label in excel_columns.FIELDS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(combo.findData(self.sheet.guessed[index]))
            combo.currentIndexChanged.connect(lambda _=0, i=index: self._mapping_changed(i))
            self.mapping_table.setCellWidget(index, 3, combo)
            self._combos.append(combo)

    def mapping(self) -> tuple[str, ...]:
        return tuple(str(c.currentData()) for c in self._combos)

    def mapping_combo(self, column: int) -> QComboBox:
        return self._combos[column]

    def _mapping_changed(self, column: int) -> None:
        chosen = self._combos[column].currentData()
        if chosen != excel_columns.SKIP:   # one column per field: the other column gives way
            for index, combo in enumerate(self._combos):
                if index != column and combo.currentData() == chosen:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(combo.findData(excel_columns.SKIP))
                    combo.blockSignals(False)
        self._update_preview()

    def default_org_id(self) -> int | None:
        value = self.org_combo.currentData()
        return int(value) if value is not None else None

    def _update_preview(self) -> None:
        if self.sheet is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview_result = excel_import.preview(self.conn, self.sheet, self.mapping(), self.default_org_id())
            self.error_label.show_error("")
        except UserError as error:
            self.preview_result = None
            self.error_label.show_error(error.message)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.notes_model.set_notes(list(self.preview_result.notes) if self.preview_result else [])
        self.notes_view.resizeRowsToContents()
        self.notes_box.setTitle(self._notes_title())
        self.summary_label.setText(self.preview_result.summary() if self.preview_result else "")
        self._refresh_buttons()

    def _notes_title(self) -> str:
        if self.preview_result is None:
            return "Các dòng cần xem lại"
        counts = [(len(self.preview_result.rejected), "lỗi"), (len(self.preview_result.existing), "đã có"),
                  (len(self.preview_result.notes) - len(self.preview_result.rejected)
                   - len(self.preview_result.existing), "lưu ý")]
        parts = [f"{vn.format_int(n)} {label}" for n, label in counts if n]
        return "Các dòng cần xem lại" + (f" ({', '.join(parts)})" if parts else ": không có dòng nào")

    def _refresh_buttons(self) -> None:
        count = self.preview_result.accepted if self.preview_result else 0
        self.import_button.setText(f"Nhập {vn.format_int(count)} đảng viên")
        self.import_button.setEnabled(count > 0)

    def confirm_import(self) -> None:
        """Import the accepted rows (one transaction) once the clerk confirms, warned of any rows left out."""
        if self.sheet is None or self.preview_result is None or not self.preview_result.accepted:
            return
        count = vn.format_int(self.preview_result.accepted)
        left_out = len(self.preview_result.rejected)
        warning = (f"{vn.format_int(left_out)} dòng có lỗi sẽ KHÔNG được nhập (xem bảng “Các dòng cần xem lại”).\n"
                   if left_out else "")
        # the register keeps history and never deletes a member, so an import is asked for once more
        if not ask.confirm(self, "Nhập đảng viên", f"{warning}Nhập {count} đảng viên vào sổ? Sau khi nhập, "
                           "đảng viên không xóa được khỏi sổ (chỉ sửa hoặc ghi sự kiện)."):
            return
        try:
            self.imported = excel_import.commit(self.conn, self.sheet, self.mapping(), self.default_org_id(),
                                                expected_rows=self.preview_result.accepted_rows)
        except UserError as error:
            ask.warn(self, "Chưa nhập được", error.message)
            self._update_preview()
            return
        ask.info(self, "Đã nhập đảng viên", self.imported.summary())
        self.accept()
