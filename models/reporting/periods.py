"""The period a report covers (a year, a quarter, a month) and which of its months count.

A month still in progress is not a missed month, so a period's figures for meetings, attendance, study and
dues count only the months already over: models.periods.month_over decides which, for every figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import vn
from models.errors import UserError
from models.periods import month_over

ROMAN = ("I", "II", "III", "IV")
KINDS = {"nam": "năm", "quy": "quý", "thang": "tháng"}


@dataclass(frozen=True)
class Period:
    """A year, one of its quarters, or one of its months."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def kind(self) -> str:
        """'nam', 'quy' or 'thang' (the document's kind, in the reference of its number)."""
        return "thang" if self.month else "quy" if self.quarter else "nam"

    @property
    def months(self) -> tuple[int, ...]:
        """Every month of the period, over or not."""
        if self.month:
            return (self.month,)
        if self.quarter:
            return tuple(range(3 * self.quarter - 2, 3 * self.quarter + 1))
        return tuple(range(1, 13))

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def last_day(self) -> dt.date:
        return vn.add_months(dt.date(self.year, self.months[-1], 1), 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """'năm 2025', 'quý III năm 2025', 'tháng 9 năm 2025' (lower case; callers capitalise)."""
        if self.month:
            return f"tháng {self.month} năm {self.year}"
        if self.quarter:
            return f"quý {ROMAN[self.quarter - 1]} năm {self.year}"
        return f"năm {self.year}"

    @property
    def reference(self) -> str:
        """What the document number is taken for: one number per period, kept on every reprint."""
        return f"period-report:{self.year}" + (f"-Q{self.quarter}" if self.quarter else "") + (
            f"-{self.month:02d}" if self.month else "")


def period(year: int, quarter: int | None = None, month: int | None = None,
           today: dt.date | None = None) -> Period:
    """A checked period; bad values become a Vietnamese message saying what to type."""
    today = today or dt.date.today()
    if quarter is not None and month is not None:
        raise UserError("Chỉ chọn một trong hai: quý (--quarter) hoặc tháng (--month), không chọn cả hai.")
    if not 2000 <= year <= today.year:
        raise UserError(f"Năm {year} không hợp lệ. Hãy chọn một năm từ 2000 đến {today.year}.")
    if quarter is not None and not 1 <= quarter <= 4:
        raise UserError(f"Quý {quarter} không hợp lệ. Quý là một số từ 1 đến 4.")
    if month is not None and not 1 <= month <= 12:
        raise UserError(f"Tháng {month} không hợp lệ. Tháng là một số từ 1 đến 12.")
    return Period(year, quarter, month)


def months_over(chosen: Period, today: dt.date | None = None) -> tuple[int, ...]:
    """The months of the period already over on ``today``: the month in progress is not counted."""
    return tuple(m for m in chosen.months if month_over(chosen.year, m, today))


def counted_months(chosen: Period, today: dt.date | None = None) -> tuple[int, ...]:
    """``months_over``, or a message when none is over yet (a report of nothing would read as all missed)."""
    months = months_over(chosen, today)
    if not months:
        what = "chưa kết thúc" if chosen.month else "chưa có tháng nào kết thúc"
        name = chosen.label[:1].upper() + chosen.label[1:]      # capitalize() would lower the quarter's numeral
        raise UserError(f"{name} {what} nên chưa có số liệu để báo cáo (tháng đang diễn ra không tính là tháng "
                        "bỏ lỡ). Hãy chọn một tháng, quý hoặc năm đã qua.")
    return months


def as_of(chosen: Period, today: dt.date | None = None) -> dt.date:
    """The day members are counted on: the period's last day, or today while it runs."""
    return min(chosen.last_day, today or dt.date.today())
