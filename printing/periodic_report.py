"""The periodic report (báo cáo tháng / quý / năm): the BÁO CÁO in the party-document layout (portrait), the
charts (portrait), then the per-organisation annex (A4 landscape: it is wide). Every figure comes computed in
models.reporting.period_report; the charts are printing.charts' drawings, the same the window shows."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer, TableStyle

from models import vn
from models.reporting.period_report import ANNEX_HEADERS, PeriodReportData
from printing import charts, layout
from printing.fonts import FONT
from printing.layout import PageSetup, para, style

PORTRAIT = PageSetup()
LANDSCAPE = PageSetup(landscape=True)


def _report_part(data: PeriodReportData) -> list[Flowable]:
    header = layout.Header(data.superior, data.committee_name, data.number, data.date_line)
    return layout.report_pages(header, data.summary, [para(text) for text in data.paragraphs], data.recipients,
                               layout.Signature(data.signer_roles, data.signer_name), PORTRAIT)


def _charts_part(data: PeriodReportData) -> list[Flowable]:
    story: list[Flowable] = [
        para(f"PHỤ LỤC 1. BIỂU ĐỒ SỐ LIỆU {data.period.label.upper()}", style(14, bold=True, align=TA_CENTER)),
        para(f"(Kèm theo Báo cáo {data.number} của {data.committee_name})",
             style(12, italic=True, align=TA_CENTER, space_after=8)),
    ]
    for drawing in charts.all_charts(data.figures):
        story.append(KeepTogether([drawing, Spacer(1, 7 * mm)]))
    return story


def _annex_part(data: PeriodReportData) -> list[Flowable]:
    width = LANDSCAPE.frame_width
    fixed = [11 * mm, 0.0, 20 * mm, 16 * mm, 27 * mm, 22 * mm, 24 * mm, 33 * mm, 22 * mm]
    fixed[1] = width - sum(fixed)
    figure_style = style(10.5, align=TA_RIGHT, leading=12.6)
    rows: list[list[object]] = [list(ANNEX_HEADERS)]
    for row in data.annex:
        rows.append([para(row[0], style(10.5, align=TA_CENTER, leading=12.6)), row[1],
                     *[para(text, figure_style) for text in row[2:]]])
    table = layout.grid_table(rows, fixed, size=10.5)
    table.setStyle(TableStyle([("FONTNAME", (0, -1), (-1, -1), FONT + "-Bold"),
                               ("BACKGROUND", (0, -1), (-1, -1), "#eeeeee")]))
    months = data.figures["months"]
    counted = (f"tháng {months[0]}" if len(months) == 1 else f"từ tháng {months[0]} đến tháng {months[-1]}")
    return [para(f"PHỤ LỤC 2. SỐ LIỆU CỦA TỪNG TỔ CHỨC ĐẢNG {data.period.label.upper()}",
                 style(14, bold=True, align=TA_CENTER)),
            para(f"(Kèm theo Báo cáo {data.number} của {data.committee_name}; sinh hoạt, học tập và đảng phí "
                 f"tính {counted} năm {data.period.year}, đảng viên tính đến ngày "
                 f"{vn.format_date(data.figures['as_of'])})", style(12, italic=True, align=TA_CENTER, space_after=6)),
            table,
            para("Tỷ lệ dự họp: lượt đảng viên có mặt trên lượt phải dự; tham gia học tập: lượt tham gia trên "
                 "lượt được triệu tập; tỷ lệ thu đảng phí: đã thu trên phải thu.",
                 style(11, italic=True, align=TA_LEFT, space_before=4))]


def render_period_report(data: PeriodReportData) -> bytes:
    """The report, the charts, then the annex (landscape), one PDF numbered from page 2."""
    story = (_report_part(data) + [PageBreak(), *_charts_part(data), NextPageTemplate("landscape"), PageBreak(),
                                   *_annex_part(data), Spacer(1, 1)])
    return layout.build_pdf(story, title=f"Báo cáo {data.period.label}", page=PORTRAIT,
                            other_pages={"landscape": LANDSCAPE})
