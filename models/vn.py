"""Vietnamese text: NFC, search folding, name collation, number, percent and date formats.

One place computes a rate and rounds it (``rate``), so every report prints the same figure.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from models.errors import UserError

# Vietnamese alphabet order, with the Latin letters Vietnamese does not use slotted where
# a dictionary puts them, so foreign names still sort sensibly.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Combining marks that change the letter (ă â ê ô ơ ư) versus those that mark the tone.
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_MODIFIED = {("a", "ă"): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô",
             ("o", "+"): "ơ", ("u", "+"): "ư"}


def nfc(text: str | None) -> str:
    """Normalise user text to NFC and trim it; None becomes ''."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


# ---------------------------------------------------------------- text at the door

# The invisible characters seen in pasted text (zero-width, soft hyphen, byte-order mark, bidi controls).
# clean_text drops every format character (category Cf), which covers these; this list is the part that
# old data may hold, so a search can fold it away in SQL too (see member_list).
INVISIBLE = ("\u200b\u200c\u200d\u2060\ufeff\u00ad"
             "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# Cf: format characters (invisible, bidi); Cc: control characters; Cs: lone surrogates, which
# SQLite cannot even store (UTF-8 has no form for them).
_DROPPED_CATEGORIES = frozenset({"Cf", "Cc", "Cs"})


def _visible(line: str) -> str:
    """One line without invisible or control characters; a tab counts as a space."""
    return "".join(" " if ch == "\t" else ch for ch in line
                   if ch == "\t" or unicodedata.category(ch) not in _DROPPED_CATEGORIES)


def clean_text(text: str | None, multiline: bool = False) -> str:
    """User text as stored: NFC, no invisible/bidi/control characters, trimmed; None becomes ''.

    A one-line field also has line breaks and runs of spaces made single spaces; a multi-line one
    keeps its line breaks (as ``\\n``) and drops trailing spaces and blank lines at the ends.
    """
    if text is None:
        return ""
    normal = unicodedata.normalize("NFC", str(text))
    # The usual text has no control, invisible character, tab or line break (all unprintable): nothing to
    # look for character by character (10,000 imported rows clean 200,000 fields).
    lines = [normal] if normal.isprintable() else [_visible(line) for line in _LINE_BREAKS.split(normal)]
    if not multiline:
        return " ".join(" ".join(lines).split())
    return "\n".join(line.rstrip() for line in lines).strip()


def clean_identifier(text: str | None) -> str:
    """A number such as a party card as stored: NFKC (full-width "１２" → "12"), no spaces or invisibles."""
    return "".join(unicodedata.normalize("NFKC", clean_text(text)).split())


def check_length(text: str, label: str, limit: int, document: str) -> str:
    """``text`` itself when it fits the printed ``document``; else a UserError naming field, length and limit."""
    if len(text) > limit:
        raise UserError(f"{label} dài {format_int(len(text))} ký tự, quá giới hạn {format_int(limit)} ký tự "
                        f"của {document}. Hãy viết gọn lại.")
    return text


def clean_field(text: str | None, label: str, limit: int, document: str, multiline: bool = False) -> str:
    """``clean_text`` then ``check_length``: the door every typed text goes through."""
    return check_length(clean_text(text, multiline), label, limit, document)


def fold(text: str | None) -> str:
    """A search key: lower case, no diacritics, đ → d, single spaces ("Nguyễn Văn Ân" → "nguyen van an")."""
    decomposed = unicodedata.normalize("NFD", clean_text(text).lower()).replace("đ", "d")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def words_match(query_key: str, text_key: str) -> bool:
    """Every word of a folded query starts a word of a folded text, in any order ("thon dong" in "chi bo thon dong").

    The member search reads a typed text the same way (models.people.member_list).
    """
    words = text_key.split()
    return all(any(word.startswith(typed) for word in words) for typed in query_key.split())


def named_by(query: str, candidates: Sequence[Sequence[str]]) -> list[int]:
    """Which candidates a typed text names; each candidate is given by its folded keys (a name, a label).

    Best first: those a key of which equals the text (folded); failing that, those a key of which ends with
    it ("thon dong" names "Chi bộ thôn Đông", not "Chi bộ thôn Đông Hòa"; "so 1" names "tổ dân phố số 1",
    not "số 10"); failing that, those holding all of its words. One index back means the text names one.
    """
    key = fold(query)
    if not key:
        return []
    tests: tuple[Callable[[str], bool], ...] = (
        lambda k: k == key, lambda k: k.endswith(" " + key), lambda k: words_match(key, k))
    for test in tests:
        found = [index for index, keys in enumerate(candidates) if any(test(k) for k in keys)]
        if found:
            return found
    return []


def _letter_rank(base: str) -> int:
    """Small integer rank of one base letter: digits and signs first, then the alphabet."""
    rank = _LETTER_RANK.get(base)
    if rank is not None:
        return 200 + rank
    if base.isalpha():
        return 300 + min(ord(base), 0xF000)
    return min(ord(base), 199)


def _clusters(text: str) -> list[str]:
    """Group a decomposed string into base characters with their combining marks."""
    clusters: list[str] = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


@functools.lru_cache(maxsize=16384)   # names and places repeat a few thousand words: sorting lists reuses them
def word_key(word: str) -> tuple[tuple[int, ...], int]:
    """Collation key of one word: its letters in Vietnamese order, then its tone."""
    letters: list[int] = []
    tone = 0
    for cluster in _clusters(unicodedata.normalize("NFD", word.lower())):
        base = cluster[0]
        for mark in cluster[1:]:
            if mark in _LETTER_MARKS:
                base = _MODIFIED.get((base, _LETTER_MARKS[mark]), base)
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
        letters.append(_letter_rank(base))
    return tuple(letters), tone


def _name_words(full_name: str) -> list[str]:
    """Words of a name in sorting order: given name, middle names, family name."""
    words = nfc(full_name).split()
    return [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words


def name_sort_key(full_name: str) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...], str]:
    """Vietnamese name order: given name (last word), then middle names, then family name.

    Letters are compared before tones across the whole name, as a register is ordered:
    "An" < "Ân" < "Ấn" < "Bình".
    """
    keys = [word_key(w) for w in _name_words(full_name)]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys), nfc(full_name)


def name_sort_text(full_name: str) -> str:
    """The same order as ``name_sort_key`` as a string, for ORDER BY in SQLite (binary collation)."""
    letters, tones, _ = name_sort_key(full_name)
    words = "\x01".join("".join(chr(0x100 + r) for r in word) for word in letters)
    return words + "\x02" + "".join(str(t) for t in tones)


# ---------------------------------------------------------------- numbers and rates

def format_int(value: int) -> str:
    """6213 → '6.213'."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_money(value: int) -> str:
    """12500 → '12.500 đồng', as the papers sent upward write an amount."""
    return f"{format_int(value)} đồng"


def rate(numerator: int, denominator: int, digits: int = 1) -> Decimal | None:
    """The one rate of the program, in percent, rounded half up (6042/6213 → 97.2).

    None when there is nothing to divide by, so a report can print '–' instead of a false 0%.
    """
    if denominator <= 0:
        return None
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_decimal(value: Decimal | float, digits: int = 1) -> str:
    """97.2 → '97,2'; thousands with '.'."""
    quantized = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(quantized):f}".partition(".")
    text = format_int(int(whole)) + ("," + fraction if fraction else "")
    return ("-" if quantized < 0 else "") + text


def format_percent(value: Decimal | None, digits: int = 1) -> str:
    """Decimal('97.2') → '97,2%'; None → '–'."""
    return "–" if value is None else format_decimal(value, digits) + "%"


def format_rate(numerator: int, denominator: int, digits: int = 1) -> str:
    """941, 968 → '97,2%'."""
    return format_percent(rate(numerator, denominator, digits), digits)


def format_ratio(numerator: int, denominator: int) -> str:
    """The way the office writes a rate: '6.042/6.213, đạt 97,2%'."""
    return f"{format_int(numerator)}/{format_int(denominator)}, đạt {format_rate(numerator, denominator)}"


# ---------------------------------------------------------------- dates

_DATE_FORMS = (
    re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"),
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str | None, field: str = "Ngày") -> dt.date | None:
    """Read a date typed the Vietnamese way (05/11/2026, 5-11-2026, 5.11.2026) or ISO.

    Empty text gives None; anything else unreadable raises UserError naming the field.
    """
    value = nfc(text)
    if not value:
        return None
    match = _ISO.match(value)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[3]), int(match[2]), int(match[1]))
    else:
        for form in _DATE_FORMS:
            match = form.match(value)
            if match:
                parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        raise UserError(f"{field}: “{value}” không phải là ngày. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/11/2026.")
    day, month, year = parts
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise UserError(f"{field}: ngày {value} không có trên lịch. Hãy kiểm tra lại ngày và tháng.") from None


def format_date(value: dt.date | str | None) -> str:
    """date(2026, 11, 5) → '05/11/2026'; None → ''."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_date_line(place: str, value: dt.date) -> str:
    """The date line of a party document: 'Phố Mới, ngày 05 tháng 11 năm 2026'.

    Days 1–9 and months 1–2 take a leading zero (Hướng dẫn 36-HD/VPTW).
    """
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{place}, ngày {value.day:02d} tháng {month} năm {value.year}"


def format_month(year: int, month: int) -> str:
    """2026, 11 → 'tháng 11 năm 2026'."""
    return f"tháng {month} năm {year}"


def iso(value: dt.date | None) -> str | None:
    """A date as stored in the database (ISO text), None kept."""
    return value.isoformat() if value else None


def to_date(value: str | dt.date | None) -> dt.date | None:
    """An ISO text from the database back to a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def upper(text: str) -> str:
    """Capitals for document headers, keeping diacritics ('Chi bộ thôn Đông' → 'CHI BỘ THÔN ĐÔNG')."""
    return nfc(text).upper()


_DIGIT_RUNS = re.compile(r"([0-9]+)")
_NUMBER = 1   # ranks a number before any sign or letter (signs rank by code point, letters from 200)


@functools.lru_cache(maxsize=16384)   # "Chi", "bộ", "thôn", "số" … recur in most organisation names
def _natural_word_key(word: str) -> tuple[tuple[int, ...], int]:
    """``word_key`` with each run of digits read as one number: "10" after "9", "1A" after "1"."""
    letters: list[int] = []
    tone = 0
    for part in _DIGIT_RUNS.split(word):
        if part.isdigit():
            digits = part.lstrip("0") or "0"
            letters += [_NUMBER, len(digits), *(int(d) for d in digits)]   # fewer digits: the smaller number
        elif part:
            part_letters, part_tone = word_key(part)
            letters += part_letters
            tone = part_tone or tone
    return tuple(letters), tone


@functools.lru_cache(maxsize=4096)   # the organisation tree sorts the same few hundred names at every look
def text_sort_key(text: str) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """Vietnamese dictionary order for any text in reading order, numbers by value (organisation names, places).

    "tổ dân phố số 2" comes before "số 10" and "số 100" (a plain text order would give 1, 10, 100, 11 … 2).
    """
    keys = [_natural_word_key(w) for w in nfc(text).split()]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (clamped to the month's end: 31/01 + 1 → 28/02 or 29/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def age_on(birth: dt.date, on: dt.date) -> int:
    """Full years of age on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
