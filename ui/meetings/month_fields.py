"""The two months a meeting reviews and plans, on the editor's first page: offered from the date, the clerk's to change.

They follow the meeting's date while they still hold the months that date offers; once the clerk has chosen
others, moving the date leaves them alone (a cell meeting on the 20th may well review last month).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from models.meetings.records import review_and_plan_months
from ui.common.widgets import month_box


class MonthField(QWidget):
    """A month of a year: "Tháng 1" … "Tháng 12" and the year beside it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.month = month_box()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setMaximumWidth(80)
        row.addWidget(self.month)
        row.addWidget(self.year)
        self.setFocusProxy(self.month)
        self.month.currentIndexChanged.connect(self.changed)
        self.year.valueChanged.connect(self.changed)

    def value(self) -> dt.date:
        """The month chosen, as its first day."""
        return dt.date(self.year.value(), self.month.currentIndex() + 1, 1)

    def set_value(self, month: dt.date) -> None:
        """Show a month without announcing it as the clerk's change."""
        for box in (self.month, self.year):
            box.blockSignals(True)
        self.month.setCurrentIndex(month.month - 1)
        self.year.setValue(month.year)
        for box in (self.month, self.year):
            box.blockSignals(False)


class MeetingMonths(QWidget):
    """"Đánh giá kết quả tháng" and "Nhiệm vụ tháng" side by side; ``changed`` when either moves."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.reviewed, self.planned = MonthField(), MonthField()
        self.planned_label = QLabel("Nhiệm &vụ tháng:")
        self.planned_label.setBuddy(self.planned.month)
        row.addWidget(self.reviewed)
        row.addSpacing(16)
        row.addWidget(self.planned_label)
        row.addWidget(self.planned)
        row.addStretch(1)
        self._date: dt.date | None = None
        self.reviewed.changed.connect(self.changed)
        self.planned.changed.connect(self.changed)

    def months(self) -> tuple[dt.date, dt.date]:
        return self.reviewed.value(), self.planned.value()

    def load(self, months: tuple[dt.date, dt.date], held_on: dt.date) -> None:
        self.reviewed.set_value(months[0])
        self.planned.set_value(months[1])
        self._date = held_on

    def follow_date(self, held_on: dt.date) -> None:
        """The meeting moved to ``held_on``: offer that date's months unless the clerk chose others."""
        before, self._date = self._date, held_on
        if before is None or before == held_on or self.months() != review_and_plan_months(before):
            return
        reviewed, planned = review_and_plan_months(held_on)
        self.reviewed.set_value(reviewed)
        self.planned.set_value(planned)
        self.changed.emit()
