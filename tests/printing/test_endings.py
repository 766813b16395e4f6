"""Endings of documents: the signature goes with the last paragraph; the review summary's signer, number and
recipients (issue 11, point 6)."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from models.commune import committee
from models.reviews import records as reviews
from models.reviews import review_summary
from printing import layout, long_text, reports
from tests.conftest import add_member

D = dt.date
PAGE = layout.PageSetup()
FRAME_HEIGHT = PAGE.size[1] - (PAGE.top + PAGE.bottom) * mm
SIGNER = "Hoàng Thị Bí Thư"


def pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _ending() -> Flowable:
    return layout.recipients_and_signature(["- Ban Tổ chức Tỉnh ủy,", "- Lưu Văn phòng Đảng ủy."],
                                           layout.Signature(("T/M ĐẢNG ỦY", "BÍ THƯ"), SIGNER), PAGE)


def _filled_to_the_foot(last: list[Flowable]) -> list[Flowable]:
    """A blank space then ``last``, which so ends within a few points of the foot of page 1."""
    height = sum(f.wrap(PAGE.frame_width, FRAME_HEIGHT)[1] + f.getSpaceAfter() for f in last)
    return [Spacer(1, FRAME_HEIGHT - height - 4), *last]


def test_a_signature_never_stands_alone_after_a_paragraph_ending_at_the_foot_of_a_page():
    text = "Đầu đoạn cuối. " + "Nội dung báo cáo được trình bày đầy đủ. " * 20 + "Hết đoạn cuối."
    story = _filled_to_the_foot([layout.para(text)])
    pdf_pages = pages(layout.build_pdf(layout.closed(story, _ending()), title="t"))
    assert len(pdf_pages) == 2
    assert "Đầu đoạn cuối." in pdf_pages[0]                      # the paragraph's head stays where it was
    assert "Hết đoạn cuối." in pdf_pages[1] and SIGNER in pdf_pages[1]   # its end goes over with the signature
    assert "Nội dung báo cáo" in pdf_pages[1]


def test_a_short_last_paragraph_moves_whole_with_the_signature():
    story = _filled_to_the_foot([layout.para("Đoạn ngắn cuối cùng.")])
    pdf_pages = pages(layout.build_pdf(layout.closed(story, _ending()), title="t"))
    assert "Đoạn ngắn cuối cùng." in pdf_pages[-1] and SIGNER in pdf_pages[-1]
    assert "Đoạn ngắn" not in pdf_pages[0]


def test_a_long_last_text_keeps_filling_its_pages_and_only_its_end_moves():
    """The last paragraph a piece of printing.long_text: no page left blank before the signature."""
    words = [f"từ{i:04d}" for i in range(1500)]
    story: list[Flowable] = [layout.para("Mở đầu văn bản."), *long_text.paragraphs(" ".join(words))]
    pdf_pages = pages(layout.build_pdf(layout.closed(story, _ending()), title="t"))
    signed = next(i for i, page in enumerate(pdf_pages) if SIGNER in page)
    assert signed == len(pdf_pages) - 1 and words[-1] in pdf_pages[signed]
    for page in pdf_pages[:signed]:                      # every page before is full of the text, none blank
        assert len(re.findall(r"từ\d{4}", page)) > 200


def test_the_review_summary_is_numbered_signed_and_addressed(commune):
    conn, dong = commune["conn"], commune["dong"]
    for k in range(3):
        add_member(conn, f"Nguyễn Văn Đông{k}", dong.id, D(2000, 1, 1), D(2001, 1, 1))
    committee.appoint(conn, "bi_thu", "Nguyễn Văn Cũ", D(2020, 10, 1))
    committee.appoint(conn, "bi_thu", SIGNER, D(2025, 9, 1))
    committee.save_recipients(conn, "- Ban Tổ chức Tỉnh ủy Phú Thọ (để báo cáo),\n- Các chi bộ trực thuộc,")
    reviews.open_review(conn, 2026)
    data = review_summary.summary_data(conn, 2026, on=D(2026, 12, 28))
    assert (data.number, data.signer_name) == ("Số 01-BC/ĐU", SIGNER)
    text = " ".join(pages(reports.render_review_summary(data)))
    assert "Số 01-BC/ĐU" in text and SIGNER in text and "Nguyễn Văn Cũ" not in text
    assert "- Ban Tổ chức Tỉnh ủy Phú Thọ (để báo cáo), - Các chi bộ trực thuộc, - Lưu Văn phòng Đảng ủy." in text
    assert "cấp trên" not in text
    again = review_summary.summary_data(conn, 2026, on=D(2026, 12, 29))
    assert again.number == "Số 01-BC/ĐU"                  # printed again, the same number, none burnt
    assert review_summary.summary_data(conn, 2026, on=D(2027, 1, 5)).number == "Số 01-BC/ĐU"


def test_a_summary_without_a_recorded_secretary_leaves_the_name_to_write_by_hand(commune):
    conn, dong = commune["conn"], commune["dong"]
    add_member(conn, "Nguyễn Văn Đông", dong.id, D(2000, 1, 1), D(2001, 1, 1))
    reviews.open_review(conn, 2026)
    data = review_summary.summary_data(conn, 2026, on=D(2026, 12, 28))
    assert data.signer_name == "" and data.signer_roles == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert data.recipients[0] == "- Ban Tổ chức Tỉnh ủy Phú Thọ (để báo cáo),"

