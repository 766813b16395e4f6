"""Edit conflicts: a record saved elsewhere (another window, another PC on a shared folder) after it was
opened here. The save is refused and both versions are handed back, so the clerk chooses knowingly."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from models.errors import UserError


def differing_fields(first: Any, second: Any) -> tuple[str, ...]:
    """The names of the dataclass fields whose values differ, in declaration order."""
    return tuple(f.name for f in fields(first) if getattr(first, f.name) != getattr(second, f.name))


class EditConflict(UserError):
    """Nothing was written: ``stored`` (in the file now) differs from ``expected`` (as opened here).

    ``typed`` is what the clerk wants to save. Saving ``typed`` again with ``expected=stored`` overwrites on purpose.
    """

    def __init__(self, what: str, expected: Any, stored: Any, typed: Any) -> None:
        super().__init__(f"{what} vừa được lưu ở nơi khác (cửa sổ khác hoặc máy khác) sau khi bạn mở ra sửa. "
                         "Chưa lưu gì. Hãy xem hai bản rồi chọn giữ bản nào.")
        self.expected, self.stored, self.typed = expected, stored, typed
        self.differing = differing_fields(stored, typed)
        self.changed_there = differing_fields(expected, stored)
        self.changed_here = differing_fields(expected, typed)


def refuse_if_changed(what: str, expected: Any, stored: Any, typed: Any) -> None:
    """Raise EditConflict when the record changed since it was opened, unless it already holds what was typed."""
    if expected is not None and stored != expected and stored != typed:
        raise EditConflict(what, expected, stored, typed)
