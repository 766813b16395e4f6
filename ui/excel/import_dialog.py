"""Importing members from Excel: choose a file, check the preview, then confirm.

Nothing is written until the clerk presses "Nhập N đảng viên". The preview is the model's own dry run
(excel_import.preview, on a private copy of the register), so the numbers shown are exactly what the
import will do. Reading the file, the preview and the import run in a worker (ui.workers) with its own
connection: the window stays usable, a progress bar shows how far it is, and "Dừng" stops it; a stopped
import rolls back whole.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import vn
from models.errors import UserError
from models.excel import excel_columns, excel_import
from models.excel.excel_columns import column_letter
from models.excel.excel_import import ImportResult, Progress, RowNote, Sheet
from models.storage import scratch as db_scratch
from ui.common import files
from ui.common.pickers import Choice, org_picker
from ui.common.table_model import (
    BY_HAND,
    FIT,
    LEFT_TOP,
    RIGHT_TOP,
    STRETCH,
    Column,
    TableModel,
    record_view,
    resize_modes,
)
from ui.common.widgets import ErrorLabel, ask, two_panes
from ui.common.workers import Job, Worker

__all__ = ["ImportDialog", "NoteTableModel", "column_letter"]

_COLOURS = {excel_import.ERROR: "#fdecea", excel_import.EXISTS: "#eeeeee", excel_import.NOTE: "#fff6d8"}
POLICY = ("Dòng trùng với đảng viên đã có trong sổ (cùng số thẻ, hoặc cùng họ tên và ngày sinh) được bỏ qua: "
          "dữ liệu cũ giữ nguyên, không bị ghi đè. Người không có ngày chính thức được ghi là dự bị.")


def _note_look(note: RowNote, role: int) -> QBrush | None:
    return QBrush(QColor(_COLOURS[note.kind])) if role == Qt.ItemDataRole.BackgroundRole else None


def _note_column(key: str, label: str, text: Callable[[RowNote], str], align: int = LEFT_TOP) -> Column[RowNote]:
    return Column(key, label, text, tooltip=text, align=align, look=_note_look)


NOTE_COLUMNS = (
    _note_column("row", "Dòng", lambda n: str(n.row), RIGHT_TOP),
    _note_column("name", "Họ và tên", lambda n: n.name),
    _note_column("kind", "Kết quả", lambda n: n.kind_name),
    _note_column("reason", "Lý do", lambda n: n.reason),
)


class NoteTableModel(TableModel[RowNote]):
    """The rows the clerk should look at: rejected, already in the register, or imported with a remark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(NOTE_COLUMNS, parent)

    def set_rows(self, rows: Sequence[RowNote]) -> None:
        order = {excel_import.ERROR: 0, excel_import.EXISTS: 1, excel_import.NOTE: 2}
        super().set_rows(sorted(rows, key=lambda n: (order[n.kind], n.row)))

    def note(self, row: int) -> RowNote:
        return self.rows[row]


class ImportDialog(QDialog):
    """Nhập đảng viên từ Excel: file, column mapping, preview, confirmation."""

    settled = Signal()     # a background job ended and none is running (tests wait on it)

    LOAD, PREVIEW, COMMIT = "doc", "xem", "nhap"

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        database = db_scratch.database_path(conn)
        if database is None:
            raise UserError("Dữ liệu đang mở chưa được lưu thành tệp nên chưa nhập Excel được. "
                            "Hãy mở một tệp dữ liệu rồi thử lại.")
        self.conn = conn
        self.database = database
        self.sheet: Sheet | None = None
        self.preview_result: ImportResult | None = None
        self.imported: ImportResult | None = None
        self._combos: list[QComboBox] = []
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)      # a new preview waits for the stopped one: never two at once
        self.worker: Worker | None = None
        self.job_kind = ""
        self._workers: set[Worker] = set()   # kept alive until their thread is done with them
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
        layout.addWidget(two_panes(self._mapping_box(), self._notes_box(), sizes=(470, 690)), 1)
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
        self.org_combo = org_picker(self.conn, lambda org: org.is_cell, keep_previous=True,
                                    first=Choice("(không chọn: dòng không ghi chi bộ sẽ bị từ chối)", None))
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
        resize_modes(header, FIT, STRETCH, STRETCH, FIT)
        inner.addWidget(self.mapping_table)
        return box

    def _notes_box(self) -> QGroupBox:
        box = QGroupBox("Các dòng cần xem lại", self)
        self.notes_box = box
        inner = QVBoxLayout(box)
        self.notes_model = NoteTableModel(box)
        self.notes_view = record_view(self.notes_model)
        self.notes_view.setWordWrap(True)
        header = self.notes_view.horizontalHeader()
        resize_modes(header, FIT, BY_HAND, FIT, STRETCH)
        self.notes_view.setColumnWidth(1, 150)
        # the reason wraps: row heights follow the width the column really gets on screen
        header.sectionResized.connect(lambda *_: self.notes_view.resizeRowsToContents())
        inner.addWidget(self.notes_view)
        return box

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress_label = QLabel("", self)
        row.addWidget(self.progress_label)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMinimumWidth(260)
        self.progress_bar.setFormat("%p%")
        row.addWidget(self.progress_bar)
        self.stop_button = QPushButton("Dừng", self)
        self.stop_button.setToolTip("Dừng việc đang làm. Sổ giữ nguyên như trước, chưa nhập ai.")
        self.stop_button.clicked.connect(self.stop)
        row.addWidget(self.stop_button)
        for widget in (self.progress_label, self.progress_bar, self.stop_button):
            widget.setVisible(False)
        row.addStretch(1)
        self.import_button = QPushButton("Nhập đảng viên", self)
        # wide enough for any count, so the button does not jump (or clip) as the number changes
        self.import_button.setMinimumWidth(self.import_button.fontMetrics().horizontalAdvance("Nhập 99.999 đảng viên")
                                           + 32)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.confirm_import)
        row.addWidget(self.import_button)
        self.close_button = QPushButton("Đóng", self)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        return row

    # ------------------------------------------------------------ background jobs

    def busy(self) -> bool:
        return self.worker is not None

    def _start(self, kind: str, job: Job) -> None:
        """Run a job in the worker thread; a job already running is stopped and its outcome ignored."""
        self._drop_worker()
        worker = Worker(self.database, job)
        worker.signals.progress.connect(self._job_progress)
        worker.signals.done.connect(self._job_done)
        worker.signals.failed.connect(self._job_failed)
        worker.signals.cancelled.connect(self._job_cancelled)
        worker.signals.finished.connect(self._job_finished)
        self.worker, self.job_kind = worker, kind
        self._workers.add(worker)
        self._show_progress(self._starting_text(kind), 0, 0)
        self._refresh_buttons()
        self._pool.start(worker)

    @staticmethod
    def _starting_text(kind: str) -> str:
        return {ImportDialog.LOAD: "Đang mở tệp…", ImportDialog.PREVIEW: "Đang kiểm tra từng dòng…",
                ImportDialog.COMMIT: "Đang nhập vào sổ…"}[kind]

    def _drop_worker(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        self.worker, self.job_kind = None, ""

    def _current(self) -> bool:
        """Whether the signal being handled comes from the job the dialog still waits for."""
        return self.worker is not None and self.sender() is self.worker.signals

    def _job_progress(self, text: str, done: int, total: int) -> None:
        if self._current():
            self._show_progress(text, done, total)

    def _job_done(self, result: object) -> None:
        if not self._current():
            return
        kind = self._end_job()
        if kind == self.LOAD:
            assert isinstance(result, tuple)
            self._loaded(*result)
        elif kind == self.PREVIEW:
            assert isinstance(result, ImportResult)
            self._previewed(result)
        else:
            assert isinstance(result, ImportResult)
            self.imported = result
            ask.info(self, "Đã nhập đảng viên", result.summary())
            self.accept()
        self._settle()

    def _job_failed(self, message: str) -> None:
        if not self._current():
            return
        kind = self._end_job()
        if kind == self.COMMIT:
            ask.warn(self, "Chưa nhập được", f"{message}\nSổ giữ nguyên như trước, chưa nhập ai.")
            self._update_preview()
        else:
            if kind == self.LOAD:
                self._forget_file()
            self._previewed(None)
            self.error_label.show_error(message)
        self._settle()

    def _job_cancelled(self) -> None:
        if not self._current():
            return
        kind = self._end_job()
        if kind == self.COMMIT:
            ask.info(self, "Đã dừng nhập", "Đã dừng. Chưa nhập ai: sổ giữ nguyên như trước khi bấm nhập.")
            self._update_preview()
        else:
            if kind == self.LOAD:
                self._forget_file()
            self._previewed(None)
            self.error_label.show_error("Đã dừng kiểm tra. Chọn lại tệp (hoặc đổi một lựa chọn) để kiểm tra lại.")
        self._settle()

    def _job_finished(self) -> None:
        sender = self.sender()
        self._workers = {w for w in self._workers if w.signals is not sender}

    def _end_job(self) -> str:
        kind = self.job_kind
        self.worker, self.job_kind = None, ""
        self._show_progress("", 0, -1)
        return kind

    def _settle(self) -> None:
        self._refresh_buttons()
        if self.worker is None:
            self.settled.emit()

    def _show_progress(self, text: str, done: int, total: int) -> None:
        """total -1: hide; 0: working, amount unknown."""
        visible = total >= 0
        for widget in (self.progress_label, self.progress_bar, self.stop_button):
            widget.setVisible(visible)
        if not visible:
            return
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(min(done, total))

    def stop(self) -> None:
        """The Dừng button: stop what runs (an import stopped half-way rolls back whole)."""
        if self.worker is not None:
            self.worker.cancel()
            self.stop_button.setEnabled(False)
            self.progress_label.setText("Đang dừng…")

    # ------------------------------------------------------------ behaviour

    def _browse(self) -> None:
        path = files.ask_open_path(self, "Chọn tệp danh sách đảng viên", "Tệp Excel (*.xlsx *.xlsm);;Mọi tệp (*)")
        if path is not None:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """Read a file and preview it in the worker; a file that cannot be used is explained, nothing changes."""
        self.path_edit.setText(str(path))
        self._forget_file()
        self._previewed(None)
        self.error_label.show_error("")
        self._set_sheet_label(f"Đang đọc và kiểm tra tệp “{Path(path).name}”. Danh sách dài có thể mất một lúc; "
                              "muốn thôi thì bấm “Dừng” ở dưới.")
        self._start(self.LOAD, _read_and_preview(path, self.default_org_id()))

    def _forget_file(self) -> None:
        self.sheet = None
        self._set_sheet_label("")
        self._fill_mapping()

    def _set_sheet_label(self, text: str) -> None:
        self.sheet_label.setText(text)
        self.sheet_label.setVisible(bool(text))     # no blank line between the choices and a message

    def _loaded(self, sheet: Sheet, result: ImportResult, org_id: int | None) -> None:
        self.sheet = sheet
        self._set_sheet_label(f"Trang “{sheet.sheet_name}”: tìm thấy dòng tiêu đề ở dòng {sheet.header_row}; "
                              f"{vn.format_int(len(sheet.rows))} dòng có dữ liệu (đã bỏ qua dòng trống).")
        self._fill_mapping()
        if org_id != self.default_org_id():    # the clerk chose another chi bộ while the file was read
            self._update_preview()
        else:
            self._previewed(result)

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
        """Check the file again with the current choices (in the worker; a check already running is dropped)."""
        if self.sheet is None or self.job_kind == self.COMMIT:
            return
        self.error_label.show_error("")
        self.summary_label.setText("Đang kiểm tra lại với lựa chọn mới…")
        self.preview_result = None
        self._start(self.PREVIEW, _preview(self.sheet, self.mapping(), self.default_org_id()))

    def _previewed(self, result: ImportResult | None) -> None:
        self.preview_result = result
        self.notes_model.set_rows(list(result.notes) if result else [])
        self.notes_view.resizeRowsToContents()
        self.notes_box.setTitle(self._notes_title())
        self.summary_label.setText(result.summary() if result else "")
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
        ready = self.preview_result is not None and not self.busy()
        count = self.preview_result.accepted if self.preview_result is not None and ready else 0
        self.import_button.setText(f"Nhập {vn.format_int(count)} đảng viên" if ready else "Nhập đảng viên")
        self.import_button.setEnabled(count > 0)
        importing = self.job_kind == self.COMMIT
        for widget in (self.browse_button, self.org_combo, self.mapping_table, self.close_button):
            widget.setEnabled(not importing)
        self.stop_button.setEnabled(self.busy())

    def confirm_import(self) -> None:
        """Import the accepted rows (one transaction) once the clerk confirms, warned of any rows left out."""
        if self.busy() or self.sheet is None or self.preview_result is None or not self.preview_result.accepted:
            return
        count = vn.format_int(self.preview_result.accepted)
        left_out = len(self.preview_result.rejected)
        warning = (f"{vn.format_int(left_out)} dòng có lỗi sẽ KHÔNG được nhập (xem bảng “Các dòng cần xem lại”).\n"
                   if left_out else "")
        # the register keeps history and never deletes a member, so an import is asked for once more
        if not ask.confirm(self, "Nhập đảng viên", f"{warning}Nhập {count} đảng viên vào sổ? Sau khi nhập, "
                           "đảng viên không xóa được khỏi sổ (chỉ sửa hoặc ghi sự kiện)."):
            return
        self._start(self.COMMIT, _commit(self.sheet, self.mapping(), self.default_org_id(),
                                         self.preview_result.accepted_rows))

    # ------------------------------------------------------------ closing

    def done(self, result: int) -> None:
        """Closing stops a running check; an import runs to its end (or to Dừng), so it is never half-known."""
        if self.job_kind == self.COMMIT:
            return
        self._drop_worker()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job_kind == self.COMMIT:
            event.ignore()
            return
        super().closeEvent(event)


# ---------------------------------------------------------------- the jobs (run in the worker thread)

def _read_and_preview(path: str | Path, org_id: int | None) -> Job:
    def job(conn: sqlite3.Connection, progress: Progress) -> tuple[Sheet, ImportResult, int | None]:
        sheet = excel_import.read_sheet(path, progress)
        return sheet, excel_import.preview(conn, sheet, sheet.guessed, org_id, progress), org_id
    return job


def _preview(sheet: Sheet, mapping: tuple[str, ...], org_id: int | None) -> Job:
    return lambda conn, progress: excel_import.preview(conn, sheet, mapping, org_id, progress)


def _commit(sheet: Sheet, mapping: tuple[str, ...], org_id: int | None, expected: tuple[int, ...]) -> Job:
    return lambda conn, progress: excel_import.commit(conn, sheet, mapping, org_id, expected, progress)
