"""Table models of the Sinh hoạt chi bộ screens: the month overview, the attendance list, and small line lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from models import vn
from models.meetings import records as meetings
from models.meetings.meeting_overview import MeetingRow
from models.meetings.records import Attendance
from models.people.member_events import STANDINGS
from ui.common.table_model import CENTER, RIGHT, Column, Editor, TableModel

NOT_MET_BRUSH = QBrush(QColor("#fdecea"))
WARN_BRUSH = QBrush(QColor("#fff4d6"))
ABSENT_BRUSH = QBrush(QColor("#fdecea"))
EXCUSED_BRUSH = QBrush(QColor("#eeeeee"))
RED = QBrush(QColor("#b03a2e"))


def _line_number(number: int) -> str:
    return str(number + 1)


# ------------------------------------------------------------ the month overview

def _met(text: Callable[[MeetingRow], str]) -> Callable[[MeetingRow], str]:
    """A column that shows nothing on the red line of a cell that has not met."""
    return lambda r: text(r) if r.meeting_id is not None else ""


def _warning_count(r: MeetingRow) -> str:
    return str(len(r.warnings)) if r.warnings else ""


def _kind_look(r: MeetingRow, role: int) -> Any:
    return RED if role == Qt.ItemDataRole.ForegroundRole and r.missed else None


def _warnings_look(r: MeetingRow, role: int) -> Any:
    met = r.meeting_id is not None
    return WARN_BRUSH if role == Qt.ItemDataRole.BackgroundRole and met and r.warnings else None


MEETING_COLUMNS: tuple[Column[MeetingRow], ...] = (
    Column("org", "Chi bộ", lambda r: r.org_name),
    Column("date", "Ngày", _met(lambda r: vn.format_date(r.held_on))),
    Column("kind", "Loại", lambda r: r.kind_name if r.meeting_id is not None else "Chưa sinh hoạt", look=_kind_look),
    Column("duration", "Thời lượng", _met(lambda r: meetings.format_duration(r.duration_minutes))),
    Column("present", "Có mặt", _met(lambda r: f"{r.counts.present}/{r.counts.should_attend}"), align=RIGHT),
    Column("rate", "Tỷ lệ dự", _met(lambda r: vn.format_percent(r.attendance_rate)), align=RIGHT),
    Column("thematic", "Chuyên đề quý", lambda r: "Có" if r.thematic_in_quarter else "Chưa"),
    Column("state", "Biên bản", _met(lambda r: r.state_name)),
    Column("warnings", "Cảnh báo", _warning_count, align=CENTER, look=_warnings_look),
)


class MeetingsTableModel(TableModel[MeetingRow]):
    """The month overview: a line per meeting of each cell, and a line for each cell that has not met
    (red once the month is over)."""

    ORG, DATE, KIND, DURATION, PRESENT, RATE, THEMATIC, STATE, WARNINGS = range(9)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MEETING_COLUMNS, parent)

    def row_label(self, number: int) -> str:
        return _line_number(number)

    def row_look(self, row: MeetingRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and row.warnings:
            return "\n".join(f"• {w.message}" for w in row.warnings)
        if role == Qt.ItemDataRole.BackgroundRole and row.missed:   # the month in progress is not red yet
            return NOT_MET_BRUSH
        return None


# ------------------------------------------------------------ the roll call

def _set_reason(number: int, line: Attendance, value: object) -> Attendance:
    return replace(line, reason=vn.nfc(str(value)))


def _set_came(number: int, line: Attendance, came: bool) -> Attendance:
    return replace(line, attended=came)


def _status_look(line: Attendance, role: int) -> Any:
    return RED if role == Qt.ItemDataRole.ForegroundRole and line.status == "vang_khong_ly_do" else None


ATTENDANCE_COLUMNS: tuple[Column[Attendance], ...] = (
    Column("name", "Họ và tên", lambda a: a.name),
    Column("standing", "Chính thức/Dự bị", lambda a: STANDINGS.get(a.standing or "", "")),
    Column("status", "Tình trạng", lambda a: a.status_name, look=_status_look),
    Column("reason", "Lý do, ghi chú", lambda a: a.reason,
           edit=Editor(_set_reason, allowed=lambda a: a.status != "co_mat")),
    Column("came", "Miễn SH, có dự", check=lambda a: a.attended if a.status == "mien_sinh_hoat" else None,
           edit=Editor(_set_came)),
)


class AttendanceTableModel(TableModel[Attendance]):
    """The roll call: everyone present by default; the secretary marks the exceptions and types reasons."""

    NAME, STANDING, STATUS, REASON, CAME = range(5)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ATTENDANCE_COLUMNS, parent)

    def set_rows(self, rows: Sequence[Attendance]) -> None:
        super().set_rows(rows)
        self.changed.emit()

    def set_status(self, rows: list[int], status: str) -> None:
        """Mark some lines (the selected ones) with a status; a visitor line keeps its own status."""
        for row in rows:
            line = self.rows[row]
            if line.member_id is None:
                continue
            self.rows[row] = replace(line, status=status, reason=line.reason if status != "co_mat" else "",
                                     attended=False)
            self.refresh_row(row)
        self.changed.emit()

    def add_visitor(self, name: str, standing: str = "chinh_thuc") -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(Attendance(name=vn.nfc(name), status="khach", standing=standing))
        self.endInsertRows()
        self.changed.emit()
        return row

    def remove_visitor(self, row: int) -> bool:
        if not 0 <= row < len(self.rows) or self.rows[row].member_id is not None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        self.changed.emit()
        return True

    def row_label(self, number: int) -> str:
        return _line_number(number)

    def row_look(self, row: Attendance, role: int) -> Any:
        if role != Qt.ItemDataRole.BackgroundRole:
            return None
        if row.status in ("vang_co_ly_do", "vang_khong_ly_do"):
            return ABSENT_BRUSH
        return EXCUSED_BRUSH if row.status in ("mien_sinh_hoat", "tam_vang", "dinh_chi") else None

    def after_edit(self, number: int, old: Attendance, new: Attendance) -> None:
        self.changed.emit()


# ------------------------------------------------------------ speeches, tasks, follow-ups

def _line_column(number: int, title: str, editable: bool) -> Column[list[str]]:
    def set_text(row_number: int, row: list[str], value: object) -> list[str]:
        return [str(value) if n == number else text for n, text in enumerate(row)]
    return Column(f"col{number}", title, lambda r: r[number], tooltip=lambda r: r[number] or None,
                  edit=Editor(set_text, value=lambda r: r[number]) if editable else None)


class LinesTableModel(TableModel[list[str]]):
    """A small editable list of text lines (speeches, tasks, follow-ups); some columns may be read-only.

    A line may carry hidden values after its visible columns (an id, see meeting_tabs.hidden_id).
    """

    changed = Signal()

    def __init__(self, columns: tuple[str, ...], editable: tuple[int, ...], parent: QWidget | None = None) -> None:
        super().__init__([_line_column(n, title, n in editable) for n, title in enumerate(columns)], parent)

    def set_rows(self, rows: Sequence[list[str]]) -> None:
        super().set_rows([list(r) for r in rows])
        self.changed.emit()

    def set_column_title(self, column: int, title: str) -> None:
        """Rename a column (e.g. 'Nhiệm vụ tháng 11/2026' once the meeting's date is known)."""
        if 0 <= column < len(self.columns) and self.columns[column].label != title:
            self.columns = tuple(replace(c, label=title) if n == column else c for n, c in enumerate(self.columns))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    def append(self, values: list[str]) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(list(values) + [""] * (len(self.columns) - len(values)))
        self.endInsertRows()
        self.changed.emit()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.changed.emit()

    def row_label(self, number: int) -> str:
        return _line_number(number)

    def after_edit(self, number: int, old: list[str], new: list[str]) -> None:
        self.changed.emit()
