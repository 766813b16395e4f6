"""Table models of the Sinh hoạt chi bộ screens: the month overview, the attendance list, and small line lists."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from models import vn
from models.meetings import records as meetings
from models.meetings.meeting_overview import MeetingRow
from models.meetings.records import Attendance
from models.people.member_events import STANDINGS

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
NOT_MET_BRUSH = QBrush(QColor("#fdecea"))
WARN_BRUSH = QBrush(QColor("#fff4d6"))
ABSENT_BRUSH = QBrush(QColor("#fdecea"))
EXCUSED_BRUSH = QBrush(QColor("#eeeeee"))
RED = QBrush(QColor("#b03a2e"))


class _Table(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def rows(self) -> list[Any]:
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.rows()):
            return str(section + 1)
        return None


class MeetingsTableModel(_Table):
    """The month overview: a line per meeting of each cell, and a red line for each cell that has not met."""

    COLUMNS = ("Chi bộ", "Ngày", "Loại", "Thời lượng", "Có mặt", "Tỷ lệ dự", "Chuyên đề quý", "Biên bản",
               "Cảnh báo")
    ORG, DATE, KIND, DURATION, PRESENT, RATE, THEMATIC, STATE, WARNINGS = range(9)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingRow] = []

    def rows(self) -> list[MeetingRow]:
        return self._rows

    def set_rows(self, rows: list[MeetingRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> MeetingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _text(self, r: MeetingRow, column: int) -> str:
        met = r.meeting_id is not None
        if column == self.ORG:
            return r.org_name
        if not met:
            return {self.KIND: "Chưa sinh hoạt", self.THEMATIC: "Có" if r.thematic_in_quarter else "Chưa",
                    self.WARNINGS: str(len(r.warnings)) if r.warnings else ""}.get(column, "")
        values = {
            self.DATE: vn.format_date(r.held_on), self.KIND: r.kind_name,
            self.DURATION: meetings.format_duration(r.duration_minutes),
            self.PRESENT: f"{r.counts.present}/{r.counts.should_attend}",
            self.RATE: vn.format_percent(r.attendance_rate), self.THEMATIC: "Có" if r.thematic_in_quarter else "Chưa",
            self.STATE: r.state_name, self.WARNINGS: str(len(r.warnings)) if r.warnings else "",
        }
        return values.get(column, "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, column)
        if role == Qt.ItemDataRole.ToolTipRole and r.warnings:
            return "\n".join(f"• {w.message}" for w in r.warnings)
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.meeting_id is None:
                return NOT_MET_BRUSH
            if column == self.WARNINGS and r.warnings:
                return WARN_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and r.meeting_id is None and column == self.KIND:
            return RED
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.PRESENT, self.RATE, self.WARNINGS):
            return _RIGHT if column != self.WARNINGS else _CENTER
        return None


class AttendanceTableModel(_Table):
    """The roll call: everyone present by default; the secretary marks the exceptions and types reasons."""

    COLUMNS = ("Họ và tên", "Chính thức/Dự bị", "Tình trạng", "Lý do, ghi chú", "Miễn SH, có dự")
    NAME, STANDING, STATUS, REASON, CAME = range(5)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Attendance] = []
        self.read_only = False

    def rows(self) -> list[Attendance]:
        return self._rows

    def set_rows(self, rows: tuple[Attendance, ...] | list[Attendance]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.changed.emit()

    def set_status(self, rows: list[int], status: str) -> None:
        """Mark some lines (the selected ones) with a status; a visitor line keeps its own status."""
        for row in rows:
            line = self._rows[row]
            if line.member_id is None:
                continue
            self._rows[row] = replace(line, status=status, reason=line.reason if status != "co_mat" else "",
                                      attended=False)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        self.changed.emit()

    def add_visitor(self, name: str, standing: str = "chinh_thuc") -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(Attendance(name=vn.nfc(name), status="khach", standing=standing))
        self.endInsertRows()
        self.changed.emit()
        return row

    def remove_visitor(self, row: int) -> bool:
        if not 0 <= row < len(self._rows) or self._rows[row].member_id is not None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.changed.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only:
            return base
        line = self._rows[index.row()]
        if index.column() == self.REASON and line.status != "co_mat":
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.CAME and line.status == "mien_sinh_hoat":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {self.NAME: line.name, self.STANDING: STANDINGS.get(line.standing or "", ""),
                    self.STATUS: line.status_name, self.REASON: line.reason}.get(column)
        if role == Qt.ItemDataRole.CheckStateRole and column == self.CAME and line.status == "mien_sinh_hoat":
            return Qt.CheckState.Checked if line.attended else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            if line.status in ("vang_co_ly_do", "vang_khong_ly_do"):
                return ABSENT_BRUSH
            if line.status in ("mien_sinh_hoat", "tam_vang", "dinh_chi"):
                return EXCUSED_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS and line.status == "vang_khong_ly_do":
            return RED
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.read_only or not 0 <= index.row() < len(self._rows):
            return False
        line = self._rows[index.row()]
        if index.column() == self.REASON and role == Qt.ItemDataRole.EditRole and line.status != "co_mat":
            self._rows[index.row()] = replace(line, reason=vn.nfc(str(value)))
        elif index.column() == self.CAME and role == Qt.ItemDataRole.CheckStateRole \
                and line.status == "mien_sinh_hoat":
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            self._rows[index.row()] = replace(line, attended=bool(checked))
        else:
            return False
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


class LinesTableModel(_Table):
    """A small editable list of text lines (speeches, tasks, follow-ups); some columns may be read-only."""

    changed = Signal()

    def __init__(self, columns: tuple[str, ...], editable: tuple[int, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.COLUMNS = columns
        self.editable = editable
        self.read_only = False
        self._rows: list[list[str]] = []

    def rows(self) -> list[list[str]]:
        return self._rows

    def set_rows(self, rows: list[list[str]]) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self.endResetModel()
        self.changed.emit()

    def set_column_title(self, column: int, title: str) -> None:
        """Rename a column (e.g. 'Nhiệm vụ tháng 11/2026' once the meeting's date is known)."""
        titles = list(self.COLUMNS)
        if 0 <= column < len(titles) and titles[column] != title:
            titles[column] = title
            self.COLUMNS = tuple(titles)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    def append(self, values: list[str]) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(list(values) + [""] * (len(self.COLUMNS) - len(values)))
        self.endInsertRows()
        self.changed.emit()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.changed.emit()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only and index.column() in self.editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._rows[index.row()][index.column()] or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only \
                or index.column() not in self.editable or not 0 <= index.row() < len(self._rows):
            return False
        self._rows[index.row()][index.column()] = str(value)
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True
