"""Text prints as typed: NFC, line breaks kept, characters the font lacks shown as one box, controls dropped."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

from pypdf import PdfReader

from models.meetings import meeting_docs
from printing import fonts, layout, text
from printing.minutes import render_minutes
from tests.printing.header_lines import left_column
from tests.printing.test_minutes import build_meeting

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
HOSTILE = ("Họp 👍🏽 xong ✅ nhà 👨\u200d👩\u200d👧 cờ 🇻🇳 \u202eđảo\u202c x\u200by \ufeffz 漢 "
           "a\u0007b <b>&</b>")
BOX = text.MISSING


def raw_text(pdf: bytes) -> str:
    """The PDF's text as extracted, not normalised: NFD input must already print as NFC."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_nfd_input_prints_as_nfc():
    assert text.plain(NFD_NAME) == "Nguyễn Thị Hường"
    printed = raw_text(layout.build_pdf([layout.para(NFD_NAME), layout.labelled("Họ và tên:", NFD_NAME)],
                                        title="Thử"))
    assert printed.count("Nguyễn Thị Hường") == 2
    assert not any(unicodedata.combining(ch) for ch in printed)


def test_every_line_break_is_a_line_break():
    assert text.plain("một\rhai\r\nba\nbốn\u2028năm\tsáu") == "một\nhai\nba\nbốn\nnăm sáu"
    lines = [line.strip() for line in raw_text(layout.build_pdf([layout.para("một\rhai")], title="Thử")).split("\n")]
    assert lines[:2] == ["một", "hai"]


def test_characters_the_font_lacks_print_as_one_box_and_controls_vanish():
    assert text.plain(HOSTILE) == f"Họp {BOX} xong {BOX} nhà {BOX} cờ {BOX} đảo xy z {BOX} ab <b>&</b>"
    assert text.printable("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert BOX in {chr(c) for c in fonts.drawable()}


def test_hostile_text_prints_without_error_and_without_the_raw_characters(commune):
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["dong"].id)
    data = meeting_docs.minutes_data(conn, meeting.id)
    data = replace(data, issuer=f"Chi bộ {HOSTILE}", conclusion=HOSTILE + "\r" + NFD_NAME, place=HOSTILE,
                   speeches=((NFD_NAME, HOSTILE),), tasks=((HOSTILE, NFD_NAME, "20/12/2026"),))
    pdf = render_minutes(data)
    printed = raw_text(pdf)
    drawable = fonts.drawable()
    assert not [ch for ch in printed if ch not in "\n" and ord(ch) not in drawable]
    assert not [ch for ch in printed if unicodedata.category(ch) in ("Cf", "Cc") and ch != "\n"]
    assert printed.count("Nguyễn Thị Hường") >= 3 and "<b>&</b>" in printed
    assert f"Họp {BOX} xong {BOX}" in " ".join(printed.split())
    header = " ".join(line.text for line in left_column(pdf))
    assert "\u202e" not in header and BOX in header
