"""Paper for a cell's year-end review: self-review forms (bản kiểm điểm), the ballot (phiếu biểu quyết
đề xuất mức xếp loại) and the minutes of the review meeting. Pure functions from models' data to PDF bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from models.reviews.review_documents import BallotData, DocHeader, ReviewForm, ReviewFormsData, ReviewMinutesData
from models.rules import FormTemplate
from printing import layout, long_text, stamp
from printing.fonts import FONT
from printing.layout import PageSetup, para, style
from printing.text import clip

# A Table names Helvetica for its cells unless told otherwise, and the PDF then references a font it does not embed.
OUR_FONT = [("FONTNAME", (0, 0), (-1, -1), FONT)]
LINE_GAP = 7.5 * mm   # room to write by hand; two pages hold a member's part of the form


def _header(header: DocHeader, page: PageSetup) -> Flowable:
    return layout.header_block(layout.Header(header.superior, header.issuer, header.number, header.date_line), page)


# Longer than this, a particular (text stored before the limits at the door existed) cannot sit in a table cell
# that must fit on one page: the particulars are then printed one under another, each running on as needed.
PARTICULAR_FITS = 400


# Particulars many members share (a cell's name, an occupation, a party office, a village, a date not known):
# their cells are stamps, drawn once per PDF. A name or a date is mostly the member's own.
SHARED_PARTICULARS = ("Chức vụ đảng:", "Chi bộ:", "Nghề nghiệp:", "Nơi cư trú:")
NOT_KNOWN = ".........."


def _particulars(form: ReviewForm, page: PageSetup, plates: stamp.Plates) -> list[Flowable]:
    """The member's particulars in two columns, values escaped; one under another when a value is very long."""
    p = form.person
    st = style(14, align=TA_LEFT, leading=18)
    pairs = [("Họ và tên:", p.full_name), ("Ngày sinh:", p.birth_date or NOT_KNOWN),
             ("Ngày vào Đảng:", p.joined_on or NOT_KNOWN), ("Ngày chính thức:", p.official_on or NOT_KNOWN),
             ("Chức vụ đảng:", p.position), ("Chi bộ:", p.org_name),
             ("Nghề nghiệp:", p.occupation or NOT_KNOWN), ("Nơi cư trú:", p.residence or NOT_KNOWN)]
    if any(len(value) > PARTICULAR_FITS for _, value in pairs):
        return [piece for label, value in pairs for piece in long_text.labelled(label, value, st, page.frame_width)]
    cells = [plates.stamps(("particular", label, value, st), _labelled_cell(label, value, st))[0]
             if label in SHARED_PARTICULARS or value == NOT_KNOWN else layout.labelled(label, value, st)
             for label, value in pairs]
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    width = page.frame_width
    table = Table(rows, colWidths=[width * 0.52, width * 0.48])
    table.setStyle(TableStyle([*OUR_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return [table]


def _labelled_cell(label: str, value: str, st: ParagraphStyle) -> Callable[[], list[Flowable]]:
    return lambda: [layout.labelled(label, value, st)]


class TickBox(Flowable):  # type: ignore[misc]
    """An empty square to tick by hand, on its own so each level has a box with air around it."""

    def __init__(self, side: float = 4.5 * mm) -> None:
        super().__init__()
        self.side = side

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.side, self.side)


def level_boxes(levels: Sequence[tuple[str, str]], page: PageSetup, share: float = 1.0) -> Table:
    """The levels to tick, one per line, each with an empty box before it."""
    rows = [[TickBox(), para(name, style(14, align=TA_LEFT))] for _, name in levels]
    table = Table(rows, colWidths=[7 * mm, page.frame_width * share - 12 * mm], rowHeights=[8 * mm] * len(rows))
    table.setStyle(TableStyle([*OUR_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("LEFTPADDING", (1, 0), (1, -1), 4)]))
    table.hAlign = "LEFT"
    return table


def _form_story(form: ReviewForm, page: PageSetup, plates: stamp.Plates) -> list[Flowable]:
    """A member's form: the parts every form of the same template (and header, and year) shares are stamps of
    one plate, drawn once per PDF; only the particulars and the name under the signature are the member's."""
    t = form.template
    story: list[Flowable] = plates.stamps(("top", t, form.header, form.year, page), lambda: _top(form, page))
    story += _particulars(form, page, plates)
    story += stamp.runs(plates.stamps(("sections", t, page), lambda: _sections(t)), _dotted)
    ending: list[Flowable] = plates.stamps(("level", t, form.score_max), lambda: _level_heading(form))
    choose = plates.stamps(("choose", form.levels, page), lambda: _choose(form, page))
    signer = [*plates.stamps(("signer",), _signer_head),
              para(clip(form.person.full_name), style(14, bold=True, align=TA_CENTER))]
    side = Table([[choose, signer]], colWidths=[page.frame_width * 0.6, page.frame_width * 0.4])
    side.setStyle(TableStyle([*OUR_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    ending.append(side)
    story.append(KeepTogether(ending))
    story.append(KeepTogether(plates.stamps(("closing", page), lambda: _closing(page))))
    return story


def _dotted(flowable: Flowable) -> bool:
    """A dotted line to write on: it never splits and has no space around it (see stamp.runs)."""
    return type(flowable) is layout.DottedLine


def _top(form: ReviewForm, page: PageSetup) -> list[Flowable]:
    """The form's code, the header, the title, the subtitle: above the particulars."""
    t = form.template
    top: list[Flowable] = [para(t.code, style(12, italic=True, align=TA_RIGHT)), _header(form.header, page)]
    top += layout.title_block(t.title, f"Năm {form.year}")[:-2]
    return [*top, para(t.subtitle, style(12, italic=True, align=TA_CENTER)), para("-----", style(14, align=TA_CENTER)),
            Spacer(1, 3 * mm)]


def _sections(t: FormTemplate) -> list[Flowable]:
    """The sections to write in by hand, each heading with its dotted lines."""
    parts: list[Flowable] = [Spacer(1, 3 * mm)]
    for section in t.sections:
        top_level = section.heading[:1] in "IVX" and "." in section.heading[:5]
        parts.append(para(section.heading, style(14, bold=top_level, italic=not top_level, align=TA_LEFT,
                                                 space_before=4, leading=17)))
        parts += layout.ruled_lines(section.lines, LINE_GAP)
    return parts


def _level_heading(form: ReviewForm) -> list[Flowable]:
    """The heading of the self-rating, the civil servant's line when the form has one, the self-score line."""
    t = form.template
    parts: list[Flowable] = [para(t.level_heading, style(14, bold=True, align=TA_LEFT, space_before=6))]
    if t.civil_servant_line:
        parts += [para(t.civil_servant_line, style(14, align=TA_LEFT)), *layout.ruled_lines(1, LINE_GAP),
                  para("2. Xếp loại đảng viên:", style(14, align=TA_LEFT))]
    if form.score_max:
        parts.append(para(f"Tự chấm điểm: ............ / {form.score_max} điểm", style(14, align=TA_LEFT,
                                                                                       space_after=2)))
    return parts


def _choose(form: ReviewForm, page: PageSetup) -> list[Flowable]:
    return [para("Tự nhận mức (đánh dấu × vào một ô):", style(13, italic=True, align=TA_LEFT)),
            level_boxes(form.levels, page, 0.58)]


def _signer_head() -> list[Flowable]:
    return [para("NGƯỜI TỰ KIỂM ĐIỂM", style(14, bold=True, align=TA_CENTER)),
            para("(Ký, ghi rõ họ tên)", style(12, italic=True, align=TA_CENTER)), Spacer(1, 20 * mm)]


def _closing(page: PageSetup) -> list[Flowable]:
    """The cell committee's assessment and the secretary's signature, kept together."""
    proposal = [para("Chi bộ đề xuất xếp loại:", style(14, align=TA_LEFT, space_before=4)),
                *layout.ruled_lines(1, LINE_GAP)]
    secretary = [para("T/M CHI ỦY (CHI BỘ)", style(14, bold=True, align=TA_CENTER, leading=17)),
                 para("BÍ THƯ", style(14, bold=True, align=TA_CENTER, leading=17)), Spacer(1, 18 * mm)]
    closing = Table([[proposal, secretary]], colWidths=[page.frame_width * 0.55, page.frame_width * 0.45])
    closing.setStyle(TableStyle([*OUR_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return [para("NHẬN XÉT, ĐÁNH GIÁ CỦA CHI ỦY (CHI BỘ)", style(14, bold=True, align=TA_LEFT, space_before=8)),
            *layout.ruled_lines(3, LINE_GAP), closing]


def render_review_forms(data: ReviewFormsData, progress: layout.Progress | None = None) -> bytes:
    """Every form in one PDF, each starting on a new page with its own page numbers.

    ``progress(text, done, total)`` hears of each page; it may raise to stop."""
    page = PageSetup()
    plates = stamp.Plates()

    def forms() -> Iterator[list[Flowable]]:
        for index, form in enumerate(data.forms):
            # each member's form is numbered as a paper of its own
            story = _form_story(form, page, plates)
            yield [layout.NewForm(), *story] if index else story

    return layout.build_pdf(layout.Parts(forms(), len(data.forms)), title=data.title, page=page, progress=progress)


def render_ballot(data: BallotData) -> bytes:
    """One ballot: every member to be reviewed, the four levels as columns to tick."""
    page = PageSetup()
    story: list[Flowable] = [_header(data.header, page)]
    story += layout.title_block(data.title, data.summary)
    story.append(para("Đánh dấu × vào một ô mức xếp loại đề xuất cho từng đảng viên. Phiếu đánh dấu nhiều hơn một "
                      "ô ở cùng một dòng thì dòng đó không hợp lệ.", style(13, italic=True, space_after=4)))
    level_head = style(11, bold=True, align=TA_CENTER, leading=13)   # long level names in two lines, not four
    rows: list[list[object]] = [["STT", "Họ và tên", *[para(name, level_head) for _, name in data.levels]]]
    rows += [[_centred(str(i), 12), name, *[""] * len(data.levels)] for i, name in enumerate(data.names, 1)]
    width = page.frame_width
    level_width = (width - 12 * mm - 50 * mm) / len(data.levels)
    table = layout.grid_table(rows, [12 * mm, 50 * mm, *[level_width] * len(data.levels)], size=12)
    table.setStyle(TableStyle([("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
                               ("TOPPADDING", (0, 1), (-1, -1), 4), ("BOTTOMPADDING", (0, 1), (-1, -1), 4)]))
    story.append(table)
    story.append(para(f"Tổng số: {len(data.names)} đảng viên.", style(13, italic=True, space_before=6)))
    return layout.build_pdf(story, title=f"Phiếu biểu quyết {data.org_name} năm {data.year}", page=page)


def _centred(text: str, size: float) -> Flowable:
    return para(text, style(size, align=TA_CENTER, leading=size * 1.2))


def render_review_minutes(data: ReviewMinutesData) -> bytes:
    """The minutes of a cell's review meeting with the vote per member."""
    page = PageSetup()
    body = layout.body_style()
    story: list[Flowable] = [_header(data.header, page)]
    story += layout.title_block("BIÊN BẢN", data.summary)
    story += [para(f"Căn cứ {data.citation}.", body),
              para("Thời gian: bắt đầu lúc ...... giờ ...... ngày ....../....../..........", body),
              para("Địa điểm: ......................................................................", body),
              para(f"Chủ trì: {data.chair_name or '..............................'}; "
                   "thư ký: ..............................", body),
              para(f"Tổng số đảng viên của chi bộ: {data.total}; số đảng viên thuộc diện đánh giá, xếp loại: "
                   f"{data.reviewed}; có mặt: ........; vắng: ........ (có lý do: ........).", body)]
    if data.not_reviewed:
        story.append(para(f"Đảng viên không đánh giá, xếp loại ({len(data.not_reviewed)}):", body))
        story += [para(f"- {name}: {reason}", style(14, align=TA_LEFT, indent=10 * mm)) for name, reason in
                  data.not_reviewed]
    story.append(para("I. NỘI DUNG HỘI NGHỊ", style(14, bold=True, align=TA_LEFT, space_before=4)))
    story.append(para("Từng đảng viên trình bày bản kiểm điểm, tự nhận mức xếp loại; chi bộ góp ý, nhận xét:", body))
    story += layout.ruled_lines(5)
    story.append(para("II. KẾT QUẢ BIỂU QUYẾT ĐỀ XUẤT MỨC XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN",
                      style(14, bold=True, align=TA_LEFT, space_before=6, space_after=4)))
    rows: list[list[object]] = [["STT", "Họ và tên", "Tự nhận mức", "Tán thành / tổng số", "Tỷ lệ",
                                 "Chi bộ đề xuất"]]
    rows += [[_centred(str(i), 10), v.full_name, v.self_level, _centred(v.votes, 10), _centred(v.rate, 10),
              v.cell_level] for i, v in enumerate(data.votes, 1)]
    # level names fit on one line at 10 pt (only 'Hoàn thành xuất sắc nhiệm vụ' wraps): a cell's table stays short
    widths = [9 * mm, 40 * mm, 44 * mm, 16 * mm, 13 * mm, 0.0]
    widths[-1] = page.frame_width - sum(widths)
    story.append(layout.grid_table(rows, widths, size=10))
    if data.reviewed and data.unrated == data.reviewed:   # nothing entered yet: a form to fill in at the meeting
        tally = "; ".join(f"{name.lower()}: ...... đồng chí" for name, _, _ in data.tally)
        story.append(para(f"Kết quả đề xuất: {tally}.", style(14, space_before=6)))
    else:
        tally = "; ".join(f"{name.lower()}: {n} đồng chí ({rate})" for name, n, rate in data.tally)
        rest = f" Còn {data.unrated} đồng chí chưa biểu quyết đề xuất mức xếp loại." if data.unrated else ""
        story.append(para(f"Kết quả đề xuất: {tally}.{rest}", style(14, space_before=6)))
    story.append(para("III. CHI BỘ TỰ ĐÁNH GIÁ, XẾP LOẠI TẬP THỂ", style(14, bold=True, align=TA_LEFT,
                                                                         space_before=6)))
    blank = ".............................................."
    story.append(para(f"Chi bộ tự nhận mức: {data.org_self_level or blank}.", body))
    story.append(para(f"Đề xuất cấp trên xếp loại chi bộ: {data.org_proposed_level or blank}.", body))
    story.append(para("Hội nghị kết thúc lúc ...... giờ ...... cùng ngày. Biên bản đã được đọc lại cho hội nghị nghe "
                      "và nhất trí thông qua.", body))
    story = layout.closed(story, layout.signatures(layout.Signature(("THƯ KÝ",)),
                                                   layout.Signature(("CHỦ TRÌ",), data.chair_name), page))
    return layout.build_pdf(story, title=f"Biên bản kiểm điểm {data.org_name} năm {data.year}", page=page)
