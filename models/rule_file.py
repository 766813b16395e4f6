"""Reading a rule file's JSON with every value checked: a wrong or missing entry is named with its file and key.

A rule file ships with the program, so a broken one means a bad install or a hand edit: the clerk must be
told which file and which entry to fix, never shown a KeyError later in some unrelated screen.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from models.errors import UserError

T = TypeVar("T")
_MISSING = object()


def read_json(path: Path) -> dict[str, Any]:
    """The file's JSON object; a file that cannot be read or parsed is refused with its name."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"Không đọc được tệp quy định “{path.name}” ({error}). Hãy cài lại chương trình.") from None
    except json.JSONDecodeError as error:
        raise UserError(f"Tệp quy định “{path.name}” bị hỏng ở dòng {error.lineno}, cột {error.colno} "
                        f"({error.msg}). Hãy cài lại chương trình hoặc sửa tệp này.") from None
    if not isinstance(data, dict):
        raise UserError(f"Tệp quy định “{path.name}” bị hỏng: nội dung phải là một đối tượng JSON {{…}}. "
                        "Hãy cài lại chương trình.")
    return data


class Section:
    """One JSON object of a rule file, with its key path for messages (``quota`` → ``quota.max_share``)."""

    def __init__(self, file_name: str, data: dict[str, Any], path: str = "") -> None:
        self.file_name, self.data, self.path = file_name, data, path

    def where(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def missing(self, key: str) -> UserError:
        return UserError(f"Tệp quy định “{self.file_name}” thiếu mục “{self.where(key)}”. "
                         "Hãy cài lại chương trình hoặc bổ sung mục này.")

    def wrong(self, key: str | int, value: object, what: str) -> UserError:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        return UserError(f"Tệp quy định “{self.file_name}”: mục “{self.where(key)}” phải là {what}, "
                         f"nhưng đang là {shown}. Hãy cài lại chương trình hoặc sửa mục này.")

    def _get(self, key: str, default: object = _MISSING) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise self.missing(key)
        return default

    def text(self, key: str, default: object = _MISSING) -> str:
        return _text(self, key, self._get(key, default))

    def whole(self, key: str) -> int:
        return _whole(self, key, self._get(key))

    def optional_whole(self, key: str) -> int | None:
        value = self._get(key)
        return None if value is None else _whole(self, key, value)

    def number(self, key: str) -> Decimal:
        """A number kept exact: Decimal of the JSON text (0.20 → Decimal('0.2'), as the callers always read it)."""
        return _number(self, key, self._get(key))

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.wrong(key, value, "true hoặc false")
        return value

    def date(self, key: str) -> dt.date:
        value = self._get(key)
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.wrong(key, value, "một ngày dạng năm-tháng-ngày, ví dụ “2025-01-01”") from None

    def section(self, key: str) -> Section:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.wrong(key, value, "một nhóm mục {…}")
        return Section(self.file_name, value, self.where(key))

    def optional_section(self, key: str) -> Section | None:
        return None if self._get(key) is None else self.section(key)

    def sections(self, key: str) -> list[Section]:
        """A list of objects, each a Section named ``key[i]``."""
        items = self._list(key)
        inner = Section(self.file_name, {}, self.where(key))
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise inner.wrong(index, item, "một nhóm mục {…}")
        return [Section(self.file_name, item, inner.where(index)) for index, item in enumerate(items)]

    def texts(self, key: str) -> tuple[str, ...]:
        return self._items(key, _text)

    def wholes(self, key: str) -> tuple[int, ...]:
        return self._items(key, _whole)

    def text_map(self, key: str) -> dict[str, str]:
        """An object of texts, key → text, in the file's order."""
        inner = self.section(key)
        return {name: _text(inner, name, value) for name, value in inner.data.items()}

    def whole_map(self, key: str) -> dict[str, int]:
        inner = self.section(key)
        return {name: _whole(inner, name, value) for name, value in inner.data.items()}

    def _list(self, key: str) -> list[Any]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self.wrong(key, value, "một danh sách […]")
        return value

    def _items(self, key: str, read: Callable[[Section, int, Any], T]) -> tuple[T, ...]:
        inner = Section(self.file_name, {}, self.where(key))
        return tuple(read(inner, index, value) for index, value in enumerate(self._list(key)))


def _text(section: Section, key: str | int, value: Any) -> str:
    if not isinstance(value, str):
        raise section.wrong(key, value, "một chuỗi chữ “…”")
    return value


def _whole(section: Section, key: str | int, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise section.wrong(key, value, "một số nguyên")
    return value


def _number(section: Section, key: str | int, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise section.wrong(key, value, "một số")
    return Decimal(str(value))
