"""Fitting an issuer's name into the header column the way an office sets it (DOMAIN.md §2).

One line at 14 pt if it fits, else a step smaller (13, then 12 pt); only then two lines (three, ...), broken
between word groups: a line starts a new group ("CHI BỘ", "TRƯỜNG", "ỦY BAN" ...), never leaves one word
alone, never ends on "SỐ", "VÀ", "-", "UBND" (which belong with what follows) and splits no common
two-syllable word. Among the breaks allowed the one that reads best wins, then the most even.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from printing.fonts import register_fonts

SIZES = (14.0, 13.0, 12.0)
MAX_LINES = 6

# A line that begins with one of these begins a word group (the kind of body, an administrative unit).
_GROUP_HEADS = tuple(tuple(head.split()) for head in (
    "CHI BỘ", "ĐẢNG BỘ", "ĐẢNG ỦY", "CƠ QUAN", "ỦY BAN", "UBND", "HĐND", "HỘI ĐỒNG", "VĂN PHÒNG", "PHÒNG",
    "BAN", "TRƯỜNG", "TRUNG TÂM", "TRẠM", "BỆNH VIỆN", "ĐỘI", "TỔ", "CÔNG TY", "CÔNG AN", "QUÂN SỰ", "KHU",
    "PHÂN XƯỞNG", "NHÀ MÁY", "HỢP TÁC XÃ", "XÍ NGHIỆP", "XÃ", "PHƯỜNG", "THỊ TRẤN", "THÔN", "XÓM", "BẢN",
    "HUYỆN", "TỈNH", "THÀNH PHỐ", "QUẬN", "HỘI", "MẶT TRẬN", "ĐOÀN"))
# A line that ends with one of these ends a group ("CÔNG TY CỔ PHẦN | CHÈ PHỐ MỚI").
_GROUP_TAILS = ("PHẦN", "TNHH", "MTV")
# Words that belong with the next one: a break after them reads wrong ("SỐ | 1", "UBND | XÃ PHỐ MỚI").
_BIND_NEXT = frozenset({"SỐ", "VÀ", "-", "–", "CỦA", "CÁC", "UBND", "HĐND", "&"})
# Words and fixed phrases of organisation names that a break must not split; each counts as one word when
# a line is checked for holding at least two ("CHI BỘ" alone on a line is one word alone).
_PHRASES = tuple(tuple(phrase.split()) for phrase in (
    "CHI BỘ", "ĐẢNG BỘ", "ĐẢNG ỦY", "CƠ QUAN", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "VĂN PHÒNG",
    "TRUNG TÂM", "PHỤC VỤ", "HÀNH CHÍNH", "KHOA HỌC", "TỰ NHIÊN", "XÃ HỘI", "AN NINH", "TỔNG HỢP", "CẢNH SÁT",
    "TRẬT TỰ", "THƯ VIỆN", "CÔNG TY", "CỔ PHẦN", "PHÂN XƯỞNG", "CHẾ BIẾN", "SẢN XUẤT", "QUÂN SỰ", "KINH TẾ",
    "VĂN HÓA", "Y TẾ", "CÔNG AN", "KHU VỰC", "THỊ TRẤN", "THÀNH PHỐ", "HỢP TÁC XÃ", "TỔ DÂN PHỐ",
    "BỆNH VIỆN", "GIÁO VIÊN", "GIÁO DỤC", "NÔNG NGHIỆP", "MẶT TRẬN TỔ QUỐC", "THANH NIÊN", "PHỤ NỮ",
    "CỰU CHIẾN BINH", "NÔNG DÂN", "XÍ NGHIỆP", "NHÀ MÁY", "ĐOÀN THỂ", "TRƯỜNG TIỂU HỌC", "TRƯỜNG MẦM NON",
    "TRƯỜNG TRUNG HỌC CƠ SỞ", "TRƯỜNG TRUNG HỌC PHỔ THÔNG", "TRƯỜNG THCS", "TRƯỜNG THPT", "TIỂU HỌC",
    "MẦM NON", "TRUNG HỌC CƠ SỞ", "TRUNG HỌC PHỔ THÔNG"))

_FORBIDDEN = 100     # a break that reads wrong: taken only when no other break fits on as few lines
_LONE_PHRASE = 10    # a line holding one phrase alone ("CHI BỘ")
_ORDINARY = 2        # a break between two words of the same group
_GROUP = 0           # a break between word groups


@dataclass(frozen=True)
class FittedName:
    lines: tuple[str, ...]
    size: float


def _glued(words: Sequence[str]) -> list[bool]:
    """For each word, whether it continues a word or phrase begun before it (no break, one word)."""
    glued = [False] * len(words)
    for start in range(len(words)):
        for phrase in _PHRASES:
            if tuple(words[start:start + len(phrase)]) == phrase:
                glued[start + 1:start + len(phrase)] = [True] * (len(phrase) - 1)
    return glued


def _break_cost(words: Sequence[str], glued: Sequence[bool], at: int) -> int:
    """The cost of a line break before ``words[at]``."""
    before, after = words[at - 1], words[at]
    if glued[at] or before in _BIND_NEXT or after in ("-", "–") or after[:1].isdigit():
        return _FORBIDDEN
    if before in _GROUP_TAILS or any(tuple(words[at:at + len(h)]) == h for h in _GROUP_HEADS):
        return _GROUP
    return _ORDINARY


def _best_breaks(words: Sequence[str], glued: Sequence[bool], count: int,
                 line_width: Callable[[int, int], tuple[float, int] | None]) -> tuple[int, float, list[int]] | None:
    """The breaks splitting ``words`` into ``count`` lines that all fit (``line_width`` gives each line's
    width and cost, None if it cannot stand): the lowest
    total cost, then the narrowest widest line (dynamic programming, so long names stay fast)."""
    n = len(words)
    best: dict[tuple[int, int], tuple[int, float, list[int]]] = {(0, 0): (0, 0.0, [])}
    for lines in range(1, count + 1):
        for end in range(lines, n + 1):
            options = []
            for start in range(lines - 1, end):
                prior = best.get((start, lines - 1))
                line = line_width(start, end) if prior is not None else None
                if prior is None or line is None:
                    continue
                cost = prior[0] + line[1] + (_break_cost(words, glued, start) if start else 0)
                options.append((cost, max(prior[1], line[0]), [*prior[2], start] if start else []))
            if options:
                best[(end, lines)] = min(options, key=lambda o: (o[0], o[1]))
    return best.get((n, count))


def fit(text: str, width: float, font: str, sizes: Sequence[float] = SIZES) -> FittedName | None:
    """The fewest lines at which ``text`` fits ``width``, at the size whose breaks read best (then the
    largest); None if no break can make it fit (one endless word): the caller lets the paragraph wrap it."""
    register_fonts()
    words = tuple(text.split())
    for limit in (_FORBIDDEN, None):     # first with no break that reads wrong, on more lines if need be
        for count in range(1, min(MAX_LINES, max(1, len(words) // 2)) + 1):
            found = [(cost, -size, lines) for size in sizes
                     for cost, lines in [_fit_lines(words, count, width, font, size)]
                     if lines and (limit is None or cost < limit)]
            if found:
                cost, size, lines = min(found)
                return FittedName(lines, -size)
    return None


@lru_cache(maxsize=512)
def _fit_lines(words: tuple[str, ...], count: int, width: float, font: str,
               size: float) -> tuple[int, tuple[str, ...]]:
    """(cost, lines) of ``words`` on ``count`` lines at ``size``; no lines if they cannot fit."""
    glued = _glued(words)

    def line_width(start: int, end: int) -> tuple[float, int] | None:
        """A line's width and cost; None if it overflows or holds one word alone. A line of one phrase
        alone ("CHI BỘ") may stand, but reads worse than any ordinary break."""
        if count > 1 and end - start < 2:
            return None
        measured = stringWidth(" ".join(words[start:end]), font, size)
        lone = count > 1 and end - start - sum(glued[start + 1:end]) < 2
        return (measured, _LONE_PHRASE if lone else 0) if measured <= width else None

    found = _best_breaks(words, glued, count, line_width)
    if found is None:
        return 0, ()
    bounds = [0, *found[2], len(words)]
    return found[0], tuple(" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
