"""What a to-do item is: its kinds, the record it opens, and the tally per kind (models.reporting.todo finds them).

Kept apart from the rules so the home screen, the first the program shows, can show a list without importing
what computes it (meetings, dues, reviews, study: ≈ 0.1 s of the start); its worker imports the rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# kind → what the to-do list calls it (a group heading); the keys are a scripting interface (``todo --json``)
KINDS: dict[str, str] = {
    "probation_overdue": "Quá hạn xét chính thức",
    "probation_due": "Đến hạn xét chính thức",
    "badge_due": "Tặng Huy hiệu Đảng",
    "absences": "Bỏ sinh hoạt không lý do",
    "unpaid_dues": "Không đóng đảng phí",
    "no_meeting": "Chưa sinh hoạt thường kỳ",
    "no_thematic": "Chưa sinh hoạt chuyên đề",
    "few_members": "Dưới 3 đảng viên chính thức",
    "no_secretary": "Thiếu bí thư",
    "not_adopted": "Biên bản chưa thông qua",
    "review_pending": "Chưa đánh giá, xếp loại",
    "review_quota": "Vượt tỷ lệ xếp loại",
    "study_pending": "Chưa học tập nghị quyết",
}


@dataclass(frozen=True)
class Target:
    """The record to open to act on an item: a section of the program and what to select there."""

    section: str                        # members / meetings / study / reviews
    member_id: int | None = None
    meeting_id: int | None = None
    org_id: int | None = None
    year: int | None = None
    month: int | None = None
    document_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if value is not None}


@dataclass(frozen=True)
class TodoItem:
    kind: str
    date: dt.date               # the deadline, award day, meeting day or end of the period concerned
    who: str | None             # the member's full name; None for an organisation's item
    organisation: str
    message: str
    rule: str                   # the regulation the item comes from
    target: Target
    overdue: bool = False       # shown in red: the deadline has passed

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]

    def to_json(self) -> dict[str, Any]:
        """The item as ``todo --json`` prints it (kind, date, who, organisation, message are an interface)."""
        return {"kind": self.kind, "date": self.date.isoformat(), "who": self.who, "organisation": self.organisation,
                "message": self.message, "rule": self.rule, "level": "overdue" if self.overdue else "due",
                "target": self.target.to_json()}


def counts(found: Iterable[TodoItem]) -> dict[str, int]:
    """Items per kind, every kind listed (zero included), in KINDS order."""
    tally = Counter(item.kind for item in found)
    return {kind: tally.get(kind, 0) for kind in KINDS}
