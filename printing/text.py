"""User text as it prints: what every Paragraph built from typed text goes through (``printable``).

NFC first (tone marks typed as separate combining characters would print detached); every kind of line
break, a lone carriage return included, becomes a line break; invisible controls (zero-width joiner, bidi
overrides, byte-order marks) are dropped; a character the shipped font cannot draw prints as "□".

Why "□" rather than "?": the box is in the font, so it prints as itself and never as a stray bar; a "?" is
something clerks really type, so it would pass for text; and a box is what an office PC shows for a
character it cannot display, so the clerk recognises it. An emoji made of several code points (a ZWJ
family, a skin tone, a flag) prints as one box.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

from printing.fonts import drawable

MISSING = "\u25a1"
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})     # controls, zero-width and bidi marks, lone surrogates
_JOINER = "\u200d"


def _is_flag_half(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _continues_emoji(ch: str, category: str, after_joiner: bool, flag_half: bool) -> bool:
    """Whether an undrawable ``ch`` right after a box belongs to the same emoji (so adds no box)."""
    return after_joiner or category == "Sk" or (flag_half and _is_flag_half(ch))


def plain(text: str | None) -> str:
    """User text as it will print, still unescaped: NFC, line breaks as \\n, tabs as spaces, invisible
    controls and marks the font lacks dropped, any other character the font lacks as one "□" per emoji."""
    normal = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text or "")).replace("\t", " ")
    fonts = drawable()
    out: list[str] = []
    after_joiner = flag_half = False     # a ZWJ came since the last box; the last box was a flag's first half
    for ch in normal:
        category = unicodedata.category(ch)
        if ch == _JOINER:
            after_joiner = bool(out) and out[-1] == MISSING
        elif ch != "\n" and category in _INVISIBLE:
            continue                     # a control, zero-width or bidi mark: the font may even have a glyph
        elif ch == "\n" or ord(ch) in fonts:
            out.append(ch)
            after_joiner = flag_half = False
        elif category.startswith("M"):
            continue                     # a mark the font lacks, such as an emoji's variation selector
        elif out and out[-1] == MISSING and _continues_emoji(ch, category, after_joiner, flag_half):
            after_joiner = flag_half = False
        else:
            out.append(MISSING)
            after_joiner, flag_half = False, _is_flag_half(ch)
    return "".join(out)


@lru_cache(maxsize=4096)   # the same headings and labels print on every one of thousands of forms
def printable(text: str | None) -> str:
    """User text ready for a Paragraph: ``plain``, then <, & and quotes escaped and line breaks as <br/>."""
    return escape(plain(text), {'"': "&quot;"}).replace("\n", "<br/>")


CLIP = 150   # one-line fields (names in a header, a table or a signature) print at most this many characters


def clip(text: str, limit: int = CLIP) -> str:
    """A one-line field cut to ``limit`` characters, marked with '…' (text stored before the limits at the door
    could be longer than a header or a table row can hold on one page)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
