"""The columns of a member list in Excel: which header means which field, and reading cell values.

Offices name their columns in many ways ("Họ và tên", "Họ tên đảng viên", "HỌ VÀ TÊN"); a header is
matched ignoring case, diacritics, spacing, punctuation and any note in brackets, through vn.fold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from models import vn
from models.errors import UserError

SKIP = ""   # a column that is known but not imported (STT, status columns of our own export)

# Import fields in the order the preview offers them; the labels are what the clerk reads.
FIELDS: dict[str, str] = {
    "full_name": "Họ và tên",
    "birth_name": "Họ và tên khai sinh",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "birth_place": "Nơi sinh",
    "hometown": "Quê quán",
    "residence": "Nơi cư trú",
    "education": "Giáo dục phổ thông",
    "qualification": "Chuyên môn, nghiệp vụ",
    "political_theory": "Lý luận chính trị",
    "foreign_language": "Ngoại ngữ",
    "occupation_before": "Nghề nghiệp khi vào Đảng",
    "occupation_now": "Nghề nghiệp hiện nay",
    "joined_on": "Ngày vào Đảng",
    "official_on": "Ngày chính thức",
    "card_number": "Số thẻ đảng viên",
    "biography_number": "Số lý lịch",
    "badge_number": "Số huy hiệu",
    "org": "Chi bộ",
    "notes": "Ghi chú",
    SKIP: "(bỏ qua cột này)",
}
DATE_FIELDS = ("birth_date", "joined_on", "official_on")

_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ và tên", "Họ tên", "Họ và tên đảng viên", "Họ tên đảng viên", "Họ và tên đang dùng",
                  "Họ và tên thường dùng", "Tên đảng viên", "Họ và tên (chữ in hoa)"),
    "birth_name": ("Họ và tên khai sinh", "Tên khai sinh", "Họ tên khai sinh"),
    "birth_date": ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "Năm sinh"),
    "gender": ("Giới tính", "Nam/Nữ", "Nam, nữ", "Phái"),
    "ethnicity": ("Dân tộc",),
    "religion": ("Tôn giáo",),
    "birth_place": ("Nơi sinh",),
    "hometown": ("Quê quán", "Nguyên quán"),
    "residence": ("Nơi ở", "Nơi cư trú", "Thường trú", "Nơi thường trú", "Nơi ở hiện nay", "Chỗ ở hiện nay",
                  "Địa chỉ", "Nơi cư trú hiện nay", "Hộ khẩu thường trú"),
    "education": ("Trình độ", "Giáo dục phổ thông", "Trình độ văn hóa", "Trình độ học vấn", "Văn hóa",
                  "Trình độ GDPT", "GDPT"),
    "qualification": ("Chuyên môn", "Trình độ chuyên môn", "Chuyên môn, nghiệp vụ", "Chuyên môn nghiệp vụ",
                      "Trình độ chuyên môn nghiệp vụ"),
    "political_theory": ("Lý luận chính trị", "Trình độ lý luận chính trị", "LLCT", "Chính trị",
                         "Trình độ LLCT"),
    "foreign_language": ("Ngoại ngữ", "Trình độ ngoại ngữ"),
    "occupation_before": ("Nghề nghiệp khi vào Đảng", "Nghề nghiệp trước khi vào Đảng"),
    "occupation_now": ("Nghề nghiệp", "Nghề nghiệp hiện nay", "Nghề nghiệp hiện tại", "Công việc hiện nay",
                       "Chức vụ, nghề nghiệp"),
    "joined_on": ("Ngày vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày kết nạp vào Đảng",
                  "Ngày vào Đảng dự bị"),
    "official_on": ("Ngày chính thức", "Ngày công nhận chính thức", "Ngày chuyển chính thức",
                    "Ngày vào Đảng chính thức"),
    "card_number": ("Số thẻ", "Số thẻ đảng viên", "Số thẻ Đảng", "Thẻ đảng viên số"),
    "biography_number": ("Số lý lịch", "Số lý lịch đảng viên"),
    "badge_number": ("Số huy hiệu",),
    "org": ("Chi bộ", "Tổ chức đảng", "Chi bộ sinh hoạt", "Sinh hoạt tại chi bộ", "Đơn vị", "Chi bộ, đảng bộ",
            "Tổ chức cơ sở đảng", "Chi bộ/Đảng bộ"),
    "notes": ("Ghi chú",),
    SKIP: ("STT", "TT", "Số TT", "Số thứ tự", "Tình trạng", "Dự bị/chính thức", "Đảng viên dự bị/chính thức",
           "Chính thức/dự bị", "Trạng thái", "Loại đảng viên"),
}


def header_key(text: object) -> str:
    """'Họ và tên (1)' → 'hovaten': folded, without notes in brackets, spaces or punctuation."""
    without_notes = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", vn.nfc(str(text)) if text is not None else "")
    return re.sub(r"[^a-z0-9]+", "", vn.fold(without_notes))


_KEYS: dict[str, str] = {header_key(alias): name for name, aliases in _ALIASES.items() for alias in aliases}
# Longest aliases first, so "Ngày vào Đảng chính thức" is tried before "Ngày vào Đảng".
_PREFIXES = sorted(_KEYS.items(), key=lambda item: -len(item[0]))


def guess_field(header: object) -> str | None:
    """The field a header names, SKIP for a known column we ignore, None when it is not recognised."""
    key = header_key(header)
    if not key:
        return None
    if key in _KEYS:
        return _KEYS[key]
    for alias, name in _PREFIXES:   # "Ngày sinh (dd/mm/yyyy)", "Số thẻ đảng viên mới"
        if len(alias) >= 5 and key.startswith(alias):
            return name
    return None


def guess_mapping(headers: Sequence[object]) -> tuple[str, ...]:
    """One field per column (SKIP when unknown or already taken by an earlier column)."""
    taken: set[str] = set()
    mapping: list[str] = []
    for header in headers:
        name = guess_field(header) or SKIP
        if name != SKIP and name in taken:
            name = SKIP
        taken.add(name)
        mapping.append(name)
    return tuple(mapping)


def header_score(cells: Sequence[object]) -> int:
    """How many distinct known columns a row names (the header row is the row that names the most)."""
    found = {guess_field(c) for c in cells}
    found.discard(None)
    return len(found)


# ---------------------------------------------------------------- cell values

class Uncomputed:
    """A formula saved without the value Excel computes (a file written by another program, never opened
    in Excel): what the cell holds is unknown, so it is never read as a blank."""

    def __repr__(self) -> str:
        return "UNCOMPUTED"

    def __str__(self) -> str:
        return "(công thức chưa có giá trị)"


UNCOMPUTED = Uncomputed()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names its columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_value(value: object) -> str:
    """A cell as text: numbers without a trailing .0, dates as dd/mm/yyyy, text in NFC."""
    if value is None:
        return ""
    if value is UNCOMPUTED:
        return str(value)
    if isinstance(value, bool):
        return "Có" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return vn.format_date(value.date())
    if isinstance(value, dt.date):
        return vn.format_date(value)
    return vn.nfc(str(value))


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def date_value(value: Any, label: str) -> dt.date | None:
    """A date cell: an Excel date, or text 05/11/2026, 5/11/2026, 5-11-2026, 2026-11-05."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value)
        if 1000 <= number <= 9999:
            raise UserError(f"{label} chỉ có năm {number}; hãy ghi đủ ngày/tháng/năm, ví dụ 05/11/{number}.")
        if 20000 <= number <= 80000:   # an Excel date serial in a cell formatted as a number
            return _EXCEL_EPOCH + dt.timedelta(days=number)
        raise UserError(f"{label} “{text_value(value)}” không phải là ngày; hãy ghi theo dạng ngày/tháng/năm.")
    text = vn.nfc(str(value))
    if re.fullmatch(r"\d{4}", text):
        raise UserError(f"{label} chỉ có năm {text}; hãy ghi đủ ngày/tháng/năm, ví dụ 05/11/{text}.")
    text = re.sub(r"\s+0{1,2}:0{2}(:0{2})?$", "", text)   # "05/11/2026 00:00:00" copied from another program
    return vn.parse_date(text, label)


_LATE_DAY_TEXT = re.compile(r"^\s*(1[3-9]|2\d|3[01])[/.\-]\d{1,2}[/.\-]\d{4}\s*$")


def swapped_dates_warning(values: Sequence[object], label: str) -> str:
    """A warning when a date column mixes Excel dates with text such as "25/12/1980".

    Excel set to month/day (English Windows) turns 05/11/1980 into 11 May but leaves 25/12/1980 as text,
    because there is no 25th month: the column then holds both, and the real dates may have day and
    month swapped.
    """
    dates = any(isinstance(v, dt.date) for v in values)
    late = next((v for v in values if isinstance(v, str) and _LATE_DAY_TEXT.match(v) and _is_date(v)), None)
    if not (dates and late):
        return ""
    return (f"Cột “{label}” có cả ô ngày của Excel và ô chữ như “{vn.nfc(late)}”: có thể Excel trên máy đã "
            "hiểu ngày theo kiểu tháng/ngày và đảo ngày với tháng ở những ô ngày từ 12 trở xuống. "
            "Hãy đối chiếu vài người trước khi nhập.")


def _is_date(text: str) -> bool:
    try:
        return vn.parse_date(text) is not None
    except UserError:
        return False


def name_value(value: object) -> tuple[str, str]:
    """A name in single spaces; a name typed all in capitals is written the usual way, with a remark."""
    text = " ".join(text_value(value).split())
    if text and text == text.upper() and any(ch.isalpha() for ch in text):
        proper = text.title()
        return proper, f"Họ tên viết hoa toàn bộ “{text}” đã được ghi là “{proper}”."
    return text, ""


_GENDERS = {"nam": "Nam", "nu": "Nữ", "male": "Nam", "female": "Nữ", "m": "Nam", "f": "Nữ"}


def gender_value(value: object) -> str:
    text = text_value(value)
    if not text:
        return ""
    gender = _GENDERS.get(vn.fold(text))
    if gender is None:
        raise UserError(f"Giới tính “{text}” không rõ; hãy ghi Nam hoặc Nữ.")
    return gender


def card_value(value: object) -> tuple[str, str]:
    """The card number as typed, and a warning when Excel may have dropped its leading zeros."""
    text = text_value(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and len(text) < 8:
        return text, (f"Số thẻ {text} là ô kiểu số trong Excel nên có thể đã mất số 0 ở đầu; "
                      "hãy kiểm tra lại (nên định dạng cột số thẻ là Văn bản).")
    return text, ""
