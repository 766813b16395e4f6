"""Table models of the Học tập nghị quyết screen: sessions, who took part (with grades), documents, Chỉ thị 05."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from models import vn
from models.errors import UserError
from models.study.sessions import Ct05Registration, DocumentRow, Participant, SessionRow
from ui.common.record_model import RecordTableModel
from ui.common.widgets import ask

Index = QModelIndex | QPersistentModelIndex
ABSENT_BRUSH = QBrush(QColor("#fdecea"))
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class SessionTableModel(RecordTableModel):
    COLUMNS = ("Ngày", "Văn bản học tập", "Hình thức", "Điểm cầu", "Tham gia")

    def __init__(self, mode_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode_names = mode_names

    def cell(self, row: SessionRow, number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (vn.format_date(row.held_on), row.document, self.mode_names.get(row.mode, row.mode),
                    str(row.connection_points), row.participation if row.expected else "–")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.document}\nTổ chức được triệu tập: {row.org_names}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return _CENTER
        return None


class DocumentTableModel(RecordTableModel):
    COLUMNS = ("Số, ký hiệu", "Trích yếu", "Cơ quan ban hành", "Ngày ban hành", "Số buổi", "Tham gia")

    def cell(self, row: DocumentRow, number: int, column: int, role: int) -> Any:
        doc = row.document
        if role == Qt.ItemDataRole.DisplayRole:
            return (doc.code, doc.title, doc.issuer, vn.format_date(doc.issued_on), str(row.sessions),
                    row.participation)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return doc.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return _CENTER
        return None


class ParticipantTableModel(RecordTableModel):
    """Who was expected at a session: a “Có mặt” tick and the reflection grade, each saved at once."""

    COLUMNS = ("STT", "Họ và tên", "Chi bộ", "Có mặt", "Bài thu hoạch")
    STT, NAME, ORG, PRESENT, GRADE = range(5)
    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.org_names: dict[int, str] = {}
        self.grades: list[str] = []
        # Set by the view for the session shown: (member id, present) and (member id, grade) → None.
        self.mark: Callable[[int, bool], None] | None = None
        self.grade: Callable[[int, str], None] | None = None
        self.warn_parent: QWidget | None = None

    def attended(self) -> int:
        return sum(1 for p in self.rows if p.attended)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.PRESENT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.GRADE and self.rows[index.row()].attended:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def cell(self, row: Participant, number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(number + 1), row.full_name, self.org_names.get(row.org_id or 0, ""),
                    "" if row.attended else "vắng", row.grade)[column]
        if role == Qt.ItemDataRole.EditRole and column == self.GRADE:
            return row.grade
        if role == Qt.ItemDataRole.CheckStateRole and column == self.PRESENT:
            return Qt.CheckState.Checked if row.attended else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and not row.attended:
            return ABSENT_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.STT:
            return _CENTER
        if role == Qt.ItemDataRole.ToolTipRole and column == self.GRADE:
            return "Nhấn đúp để chọn xếp loại bài thu hoạch" if row.attended else "Vắng: chưa thể xếp loại"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row: Participant = self.rows[index.row()]
        try:
            if index.column() == self.PRESENT and role == Qt.ItemDataRole.CheckStateRole and self.mark:
                present = value if isinstance(value, bool) else Qt.CheckState(value) == Qt.CheckState.Checked
                self.mark(row.member_id, present)
                changed = Participant(row.member_id, row.full_name, row.org_id, present, row.grade if present else "")
            elif index.column() == self.GRADE and role == Qt.ItemDataRole.EditRole and self.grade:
                self.grade(row.member_id, str(value or ""))
                changed = Participant(row.member_id, row.full_name, row.org_id, row.attended, vn.nfc(str(value or "")))
            else:
                return False
        except UserError as error:
            ask.warn(self.warn_parent, "Không lưu được", error.message)
            return False
        self.rows[index.row()] = changed
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.COLUMNS) - 1))
        self.saved.emit()
        return True


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


class Ct05TableModel(RecordTableModel):
    """A year's Chỉ thị 05 registrations; the result column is chosen from the rule set's list."""

    COLUMNS = ("Đăng ký của", "Loại", "Nội dung đăng ký làm theo", "Kết quả")
    RESULT = 3
    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: list[str] = []
        self.set_result: Callable[[int, str], Ct05Registration] | None = None
        self.warn_parent: QWidget | None = None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.RESULT else base

    def cell(self, row: Ct05Registration, number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, "Tập thể" if row.is_collective else "Cá nhân", row.commitment,
                    row.result or "chưa đánh giá")[column]
        if role == Qt.ItemDataRole.EditRole and column == self.RESULT:
            return row.result
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.commitment
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        editing = index.isValid() and index.column() == self.RESULT and role == Qt.ItemDataRole.EditRole
        if not editing or not self.set_result:
            return False
        try:
            self.rows[index.row()] = self.set_result(self.rows[index.row()].id, str(value or ""))
        except UserError as error:
            ask.warn(self.warn_parent, "Không lưu được", error.message)
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.COLUMNS) - 1))
        self.saved.emit()
        return True


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
