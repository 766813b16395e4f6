"""The committee's summary of the year-end review: a short BÁO CÁO (portrait) followed by the
tables (A4 landscape, they are wide). Figures and rates come computed from models.review_summary."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from models import vn
from models.reviews.review_summary import LevelRow, ReviewSummaryData
from printing import layout
from printing.layout import PageSetup, para, style

PORTRAIT = PageSetup()
LANDSCAPE = PageSetup(landscape=True)   # the layout's margins, on landscape pages too


def _heading(text: str) -> Flowable:
    return para(text, style(13, bold=True, align=TA_LEFT, space_before=8, space_after=4))


def level_table(rows: tuple[LevelRow, ...], level_names: tuple[str, ...], first: str) -> Table:
    """Units down, levels across: number and rate of each level among those reviewed."""
    head1: list[object] = ["STT", first, "Tổng số", "Được đánh giá"]
    head2: list[object] = ["", "", "", ""]
    for name in level_names:
        head1 += [name, ""]
        head2 += ["Số lượng", "Tỷ lệ"]
    head1 += ["Không đánh giá", "Chưa xếp loại"]
    head2 += ["", ""]
    body: list[list[object]] = [head1, head2]
    centred = style(10.5, align=TA_CENTER, leading=12.6)
    index = 0
    for row in rows:
        number = ""
        if row.kind in ("cell", "subtotal"):
            index += 1
            number = str(index)
        figures = [vn.format_int(row.total), vn.format_int(row.reviewed)]
        for count, rate in zip(row.counts, row.rates, strict=True):
            figures += [vn.format_int(count), rate]
        figures += [vn.format_int(row.not_reviewed), vn.format_int(row.unrated)]
        body.append([para(number, centred), row.label, *[para(text, centred) for text in figures]])
    width = LANDSCAPE.frame_width
    # figures are short ('1.351', '100,0%'): the names of the organisations get the room
    fixed = [10 * mm, 0.0, 15 * mm, 17 * mm] + [14 * mm, 15 * mm] * len(level_names) + [17 * mm, 17 * mm]
    fixed[1] = width - sum(fixed)
    table = layout.grid_table(body, fixed, header_rows=2, size=10.5)
    commands: list[tuple[object, ...]] = []
    for col in range(4):
        commands.append(("SPAN", (col, 0), (col, 1)))
    for k in range(len(level_names)):
        commands.append(("SPAN", (4 + 2 * k, 0), (5 + 2 * k, 0)))
    last = 4 + 2 * len(level_names)
    commands += [("SPAN", (last, 0), (last, 1)), ("SPAN", (last + 1, 0), (last + 1, 1))]
    for r, row in enumerate(rows, start=2):
        if row.kind in ("subtotal", "total"):
            commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(commands))
    return table


def _report_part(data: ReviewSummaryData) -> list[Flowable]:
    header = layout.Header(data.superior, data.committee_name, data.number, data.date_line)
    body = [para(text) for text in data.report]
    body.append(para("(Có biểu tổng hợp chi tiết kèm theo.)", style(14, italic=True, space_after=4)))
    return layout.report_pages(header, f"Kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm "
                                       f"{data.year}", body, data.recipients,
                               layout.Signature(data.signer_roles, data.signer_name), PORTRAIT)


def _tables_part(data: ReviewSummaryData) -> list[Flowable]:
    story: list[Flowable] = [
        para(f"BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM {data.year}", style(15, bold=True, align=TA_CENTER)),
        para(f"(Kèm theo Báo cáo {data.number} của {data.committee_name}; áp dụng {data.rule_set_name})",
             style(12, italic=True, align=TA_CENTER, space_after=6)),
        _heading("1. Đảng viên"),
        level_table(data.member_rows, data.level_names, "Tổ chức đảng"),
        KeepTogether([_heading("2. Tổ chức đảng"), level_table(data.org_rows, data.level_names, "Nhóm tổ chức")]),
    ]
    if data.quota:
        centred = style(11, align=TA_CENTER, leading=13.2)
        rows: list[list[object]] = [["Phạm vi", f"Số {data.level_names[0].lower()}",
                                     f"Số {data.level_names[1].lower()}", "Tối đa cho phép", "Kết quả"]]
        rows += [[q.where, *[para(vn.format_int(n), centred) for n in (q.excellent, q.good, q.limit)],
                  para("Bảo đảm", centred) if q.ok else para("VƯỢT TỶ LỆ", style(11, bold=True, align=TA_CENTER))]
                 for q in data.quota]
        width = LANDSCAPE.frame_width
        table = layout.grid_table(rows, [width - 140 * mm, 35 * mm, 35 * mm, 35 * mm, 35 * mm], size=11)
        story += [KeepTogether([_heading("3. Kiểm tra tỷ lệ hoàn thành xuất sắc nhiệm vụ"), table])]
    if data.not_reviewed:
        rows = [["STT", "Họ và tên", "Tổ chức đảng", "Lý do không đánh giá, xếp loại"]]
        rows += [[str(i), name, org, reason] for i, (name, org, reason) in enumerate(data.not_reviewed, 1)]
        width = LANDSCAPE.frame_width
        story.append(KeepTogether([_heading("4. Đảng viên không đánh giá, xếp loại"),
                                   layout.grid_table(rows, [12 * mm, 60 * mm, 70 * mm, width - 142 * mm], size=11)]))
    if data.warnings:
        story.append(_heading("5. Những điểm cần xem lại trước khi quyết định"))
        story += [para(f"- {text}", style(12, align=TA_LEFT, leading=15)) for text in data.warnings]
    return story


def render_review_summary(data: ReviewSummaryData) -> bytes:
    """The report (portrait) then the tables (landscape) in one PDF with page numbers from page 2."""
    story = _report_part(data) + [NextPageTemplate("landscape"), PageBreak(), *_tables_part(data), Spacer(1, 1)]
    return layout.build_pdf(story, title=f"Tổng hợp đánh giá, xếp loại năm {data.year}", page=PORTRAIT,
                            other_pages={"landscape": LANDSCAPE})
