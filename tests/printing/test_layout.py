"""The shared party-document layout: every block it builds uses our embedded font, never Helvetica."""

from __future__ import annotations

import io

from pypdf import PdfReader

from printing import layout


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
