"""Which months and quarters are over: the one rule that a month still in progress is never a missed month.

On the first days of a month no cell has met yet and nobody has paid yet, so counting that month as
missed or owed would flag everyone. Every figure, warning and list that speaks of months missed or owed
asks here which months count.
"""

from __future__ import annotations

import datetime as dt


def month_over(year: int, month: int, today: dt.date | None = None) -> bool:
    """True when the month has ended before ``today`` (the month of ``today`` itself is still in progress)."""
    today = today or dt.date.today()
    return (year, month) < (today.year, today.month)


def months_over(year: int, today: dt.date | None = None) -> list[int]:
    """The months of ``year`` that have ended by ``today`` (none for a future year, all 12 for a past one)."""
    return [month for month in range(1, 13) if month_over(year, month, today)]


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def quarter_over(year: int, quarter: int, today: dt.date | None = None) -> bool:
    """True when the quarter's last month has ended."""
    return month_over(year, quarter * 3, today)


def last_month_over(today: dt.date | None = None) -> tuple[int, int]:
    """(year, month) of the latest month that has ended: last month."""
    today = today or dt.date.today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def last_quarter_over(today: dt.date | None = None) -> tuple[int, int]:
    """(year, quarter) of the latest quarter that has ended."""
    today = today or dt.date.today()
    quarter = quarter_of(today.month) - 1
    return (today.year, quarter) if quarter else (today.year - 1, 4)


def end_of_months_over(year: int, today: dt.date | None = None) -> dt.date | None:
    """The last day of the last month of ``year`` that has ended (None when none has)."""
    months = months_over(year, today)
    if not months:
        return None
    last = months[-1]
    return dt.date(year, 12, 31) if last == 12 else dt.date(year, last + 1, 1) - dt.timedelta(days=1)
