"""The shared party-document layout: every block it builds uses our embedded font, never Helvetica."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import NextPageTemplate, PageBreak

from printing import layout
from tests.pdf_checks import PageNumber, page_numbers


def _font_names(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        names |= {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    return names


def test_blocks_reference_only_the_embedded_font():
    page = layout.PageSetup()
    header = layout.Header(superior="Đảng bộ xã Phố Mới", issuer="Chi bộ thôn Đông", number="Số 01-BB/CB",
                           date_line="Phố Mới, ngày 05 tháng 11 năm 2026")
    story = [layout.header_block(header, page), *layout.title_block("Biên bản", "Sinh hoạt chi bộ tháng 11"),
             layout.grid_table([["Họ và tên", "Ghi chú"], ["Nguyễn Văn Ân", "<b>không in đậm</b> & dấu"]],
                               [100, 200]),
             layout.signatures(layout.Signature(("Thư ký",), "Vũ Thị Giang"),
                               layout.Signature(("Chủ trì",), "Nguyễn Văn An"), page),
             layout.recipients_and_signature(["- Đảng ủy xã,", "- Lưu chi bộ."],
                                             layout.Signature(("T/M Chi bộ", "Bí thư"), "Nguyễn Văn An"), page)]
    pdf = layout.build_pdf(story, title="Thử")
    assert _font_names(pdf) and all("LiberationSerif" in name for name in _font_names(pdf))
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "<b>không in đậm</b> & dấu" in text and "THƯ KÝ" in text and "T/M CHI BỘ" in text


def reference_number() -> PageNumber:
    """Where layout puts a page number on a plain two-page document: every document must match it."""
    mark = page_numbers(layout.build_pdf([layout.para("một"), PageBreak(), layout.para("hai")], title="Thử"))[1]
    assert mark is not None and mark.text == "2"
    return mark


def test_page_numbers_start_on_page_two_and_restart_with_each_new_form():
    """One PDF holding three forms: each form's first page carries no number, its second page 2 (DOMAIN.md §2)."""
    story = [layout.para("Mẫu một"), PageBreak(), layout.para("tiếp"),
             layout.NewForm(), layout.para("Mẫu hai"), PageBreak(), layout.para("tiếp"), PageBreak(),
             layout.para("tiếp"), layout.NewForm(), layout.para("Mẫu ba")]
    marks = page_numbers(layout.build_pdf(story, title="Thử"))
    assert [mark and mark.text for mark in marks] == [None, "2", None, "2", "3", None]


def test_numbers_sit_at_one_height_in_one_font_on_portrait_and_landscape_pages():
    wide = layout.PageSetup(top=15, bottom=15, left=20, right=15, landscape=True)
    story = [layout.para("dọc"), PageBreak(), layout.para("dọc"), NextPageTemplate("wide"), PageBreak(),
             layout.para("ngang")]
    pdf = layout.build_pdf(story, title="Thử", other_pages={"wide": wide})
    reference = reference_number()
    marks = page_numbers(pdf)
    assert marks[0] is None and [mark and mark.text for mark in marks[1:]] == ["2", "3"]
    assert {(m.from_top, m.font, m.size) for m in marks[1:] if m} == {(reference.from_top, reference.font,
                                                                       reference.size)}
    last = PdfReader(io.BytesIO(pdf)).pages[2]
    assert float(last.mediabox.width) > float(last.mediabox.height)


def test_only_the_layout_module_sets_up_pages_and_draws_numbers():
    """One page template: no document builds its own, draws its own numbers or touches reportlab's privates."""
    folder = Path(layout.__file__).parent
    private = re.compile(r"\._pageNumber|\._pagesize|canv\._\w+ =")
    own_pages = re.compile(r"\b(BaseDocTemplate|PageTemplate|Frame)\(|drawCentredString|getPageNumber|onPage")
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not private.search(text), path.name
        if path.name != "layout.py":
            assert not own_pages.search(text), path.name
