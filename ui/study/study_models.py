"""Table models of the Học tập nghị quyết screen: sessions, who took part (with grades), documents, Chỉ thị 05."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from models import vn
from models.study.sessions import Ct05Registration, DocumentRow, Participant, SessionRow
from ui.common.table_model import CENTER, Column, Editor, TableModel

Index = QModelIndex | QPersistentModelIndex
ABSENT_BRUSH = QBrush(QColor("#fdecea"))


class SessionTableModel(TableModel[SessionRow]):
    def __init__(self, mode_names: dict[str, str], parent: QWidget | None = None) -> None:
        self.mode_names = mode_names
        super().__init__(self._columns(), parent)

    def _columns(self) -> tuple[Column[SessionRow], ...]:
        def column(key: str, label: str, text: Callable[[SessionRow], str], align: int | None = None
                   ) -> Column[SessionRow]:
            return Column(key, label, text, tooltip=_session_tip, align=align)
        return (
            column("held_on", "Ngày", lambda r: vn.format_date(r.held_on)),
            column("document", "Văn bản học tập", lambda r: r.document),
            column("mode", "Hình thức", lambda r: self.mode_names.get(r.mode, r.mode)),
            column("connection_points", "Điểm cầu", lambda r: str(r.connection_points), CENTER),
            column("participation", "Tham gia", lambda r: r.participation if r.expected else "–"),
        )


def _session_tip(row: SessionRow) -> str:
    return f"{row.document}\nTổ chức được triệu tập: {row.org_names}"


DOCUMENT_COLUMNS: tuple[Column[DocumentRow], ...] = (
    Column("code", "Số, ký hiệu", lambda r: r.document.code),
    Column("title", "Trích yếu", lambda r: r.document.title, tooltip=lambda r: r.document.title),
    Column("issuer", "Cơ quan ban hành", lambda r: r.document.issuer),
    Column("issued_on", "Ngày ban hành", lambda r: vn.format_date(r.document.issued_on)),
    Column("sessions", "Số buổi", lambda r: str(r.sessions), align=CENTER),
    Column("participation", "Tham gia", lambda r: r.participation),
)


class DocumentTableModel(TableModel[DocumentRow]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(DOCUMENT_COLUMNS, parent)


class ParticipantTableModel(TableModel[Participant]):
    """Who was expected at a session: a “Có mặt” tick and the reflection grade, each saved at once."""

    STT, NAME, ORG, PRESENT, GRADE = range(5)
    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        self.org_names: dict[int, str] = {}
        self.grades: list[str] = []
        # Set by the view for the session shown: (member id, present) and (member id, grade) → None.
        self.mark: Callable[[int, bool], None] | None = None
        self.grade: Callable[[int, str], None] | None = None
        super().__init__(self._columns(), parent)

    def _columns(self) -> tuple[Column[Participant], ...]:
        return (
            Column("stt", "STT", numbered=True, align=CENTER),
            Column("name", "Họ và tên", lambda r: r.full_name),
            Column("org", "Chi bộ", lambda r: self.org_names.get(r.org_id or 0, "")),
            Column("present", "Có mặt", lambda r: "" if r.attended else "vắng", check=lambda r: r.attended,
                   edit=Editor(self._mark, allowed=lambda r: self.mark is not None)),
            Column("grade", "Bài thu hoạch", lambda r: r.grade, tooltip=_grade_tip,
                   edit=Editor(self._grade, allowed=lambda r: r.attended and self.grade is not None,
                               value=lambda r: r.grade)),
        )

    def _mark(self, number: int, row: Participant, present: bool) -> Participant:
        assert self.mark is not None     # allowed() lets no edit through without it
        self.mark(row.member_id, present)
        return Participant(row.member_id, row.full_name, row.org_id, present, row.grade if present else "")

    def _grade(self, number: int, row: Participant, value: object) -> Participant:
        assert self.grade is not None
        self.grade(row.member_id, str(value or ""))
        return Participant(row.member_id, row.full_name, row.org_id, row.attended, vn.nfc(str(value or "")))

    def attended(self) -> int:
        return sum(1 for p in self.rows if p.attended)

    def row_look(self, row: Participant, role: int) -> Any:
        return ABSENT_BRUSH if role == Qt.ItemDataRole.BackgroundRole and not row.attended else None

    def after_edit(self, number: int, old: Participant, new: Participant) -> None:
        self.saved.emit()


def _grade_tip(row: Participant) -> str:
    return "Nhấn đúp để chọn xếp loại bài thu hoạch" if row.attended else "Vắng: chưa thể xếp loại"


class NameFilterProxy(QSortFilterProxyModel):
    """Shows the rows whose name column contains every typed word, ignoring case and diacritics."""

    def __init__(self, column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.words = vn.fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.words = vn.fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.words:
            return True
        name = vn.fold(str(self.sourceModel().index(source_row, self.column, source_parent).data() or ""))
        return all(word in name for word in self.words)


class Ct05TableModel(TableModel[Ct05Registration]):
    """A year's Chỉ thị 05 registrations; the result column is chosen from the rule set's list."""

    RESULT = 3
    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        self.results: list[str] = []
        self.set_result: Callable[[int, str], Ct05Registration] | None = None
        super().__init__(self._columns(), parent)

    def _columns(self) -> tuple[Column[Ct05Registration], ...]:
        return (
            Column("name", "Đăng ký của", lambda r: r.name),
            Column("collective", "Loại", lambda r: "Tập thể" if r.is_collective else "Cá nhân"),
            Column("commitment", "Nội dung đăng ký làm theo", lambda r: r.commitment, tooltip=lambda r: r.commitment),
            Column("result", "Kết quả", lambda r: r.result or "chưa đánh giá",
                   edit=Editor(self._result, allowed=lambda r: self.set_result is not None, value=lambda r: r.result)),
        )

    def _result(self, number: int, row: Ct05Registration, value: object) -> Ct05Registration:
        assert self.set_result is not None     # allowed() lets no edit through without it
        return self.set_result(row.id, str(value or ""))

    def after_edit(self, number: int, old: Ct05Registration, new: Ct05Registration) -> None:
        self.saved.emit()


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of fixed choices (grades, results) for one column; the first choice '' means none yet."""

    def __init__(self, choices: Callable[[], list[str]], parent: QWidget | None = None,
                 empty: str = "(chưa xếp loại)") -> None:
        super().__init__(parent)
        self.choices = choices
        self.empty = empty

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(self.empty, "")
        for choice in self.choices():
            combo.addItem(choice, choice)
        combo.activated.connect(lambda _=0: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        if (editor.currentData() or "") != (index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
