"""The party-document layout shared by every printed document (Hướng dẫn 36-HD/VPTW, DOMAIN.md §2).

Header block, fonts, margins, title, body paragraphs, signature and "Nơi nhận" blocks, page numbers.
Everything a user typed goes through ``printable`` (via ``para``, ``labelled`` and the header): NFC, line
breaks kept, characters the font cannot draw shown as "□", invisible controls dropped, <, & and quotes escaped.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, SupportsIndex
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from printing import name_fit
from printing.fonts import FONT, register_fonts
from printing.text import clip, plain, printable


@dataclass(frozen=True)
class PageSetup:
    """Paper and margins in millimetres (configurable: the 2026 guidance may change them)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15
    landscape: bool = False
    page_numbers_from: int = 2

    @property
    def size(self) -> tuple[float, float]:
        width, height = landscape(A4) if self.landscape else A4
        return float(width), float(height)

    @property
    def frame_width(self) -> float:
        return self.size[0] - (self.left + self.right) * float(mm)


# Page streams are compressed; reportlab would also spell them in ASCII85, in pure Python: a fifth of the
# time of 5,000 review forms, and a quarter more bytes, for files that never travel as 7-bit text.
rl_config.useA85 = 0


@lru_cache(maxsize=256)
def style(size: float = 14, *, bold: bool = False, italic: bool = False, align: int = TA_JUSTIFY,
          leading: float | None = None, indent: float = 0, space_after: float = 0,
          space_before: float = 0, keep_with_next: bool = False) -> ParagraphStyle:
    """A paragraph style in the document font.

    One object per set of options, shared by every paragraph that asks for it (a form of 5,000 members asks
    the same few dozen): never change the style returned, ask for the option instead."""
    register_fonts()
    suffix = ("-Bold" if bold else "") + ("Italic" if italic and bold else "-Italic" if italic else "")
    return ParagraphStyle(
        name=f"s{size}{suffix}{align}", fontName=FONT + suffix, fontSize=size,
        leading=leading or size * 1.25, alignment=align, firstLineIndent=indent,
        spaceAfter=space_after, spaceBefore=space_before, splitLongWords=True, keepWithNext=int(keep_with_next))


# The fragment reportlab's XML parser makes for plain text in a style, per style (see Para).
_PLAIN_FRAGS: weakref.WeakKeyDictionary[ParagraphStyle, ParaFrag] = weakref.WeakKeyDictionary()


def _plain_frags(text: str, st: ParagraphStyle) -> list[ParaFrag] | None:
    """What reportlab's parser would make of ``text`` with no markup and no entity in it, made without
    parsing; None when the text needs the parser. The parser costs as much as laying the paragraph out."""
    if "<" in text or "&" in text:
        return None
    cleaned = cleanBlockQuotedText(text)
    if not cleaned:
        return None
    template = _PLAIN_FRAGS.get(st)
    if template is None:
        _, parsed, _ = ParaParser().parse("x", st)
        template = _PLAIN_FRAGS[st] = parsed[0]
    frag = template.clone(text=cleaned)
    frag.link, frag.us_lines = [], []    # lists the parser makes anew for each paragraph
    return [frag]


class Para(Paragraph):  # type: ignore[misc]
    """A reportlab Paragraph, the same on paper, made cheaper for big documents: plain text skips the XML
    parser (``_plain_frags``), and the lines broken for a width are kept, because a table wraps each of its
    cells again to measure its rows, at each page it splits over, and to draw them (four times a cell in
    the register). Line breaking depends on the text, the style and the width only."""

    def __init__(self, text: str | None, style: ParagraphStyle | None = None, bulletText: str | None = None,
                 frags: list[ParaFrag] | None = None, **options: object) -> None:  # noqa: N803 - reportlab's name
        if frags is None and text is not None and style is not None:
            frags = _plain_frags(text, style)
            if frags is not None:
                text = frags[0].text
        super().__init__(text, style, bulletText, frags, **options)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # split() drops blPara to move a paragraph on whole: then break the lines again
        if self.__dict__.get("_wrapped_for") == available_width and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(available_width, available_height)
        self._wrapped_for = available_width
        return size

    def breakLines(self, width: list[float]) -> object:  # noqa: N802 - reportlab's name
        """The lines of a plain paragraph are shared by every paragraph of the same text, style and widths (the
        headings and blanks of 5,000 review forms are broken once): reportlab only reads such lines, ever."""
        key = (self.text, self.style, tuple(width)) if self.text and _is_plain(self.frags) else None
        lines = _SHARED_LINES.get(key) if key else None
        if lines is None:
            lines = super().breakLines(width)
            if key and lines.kind == 0 and all(type(word) is str for line in lines.lines for word in line[1]):
                if len(_SHARED_LINES) > 50_000:    # a bound for a long session printing much
                    _SHARED_LINES.clear()
                _SHARED_LINES[key] = lines
        return lines


def _is_plain(frags: list[ParaFrag]) -> bool:
    """One fragment of text in one font (what _plain_frags makes), the kind of paragraph whose lines are shared."""
    return len(frags) == 1 and isinstance(frags[0], ParaFrag) and not hasattr(frags[0], "cbDefn")


_SHARED_LINES: dict[tuple[str, ParagraphStyle, tuple[float, ...]], Any] = {}


BODY_SIZE = 14


def body_style() -> ParagraphStyle:
    return style(BODY_SIZE, indent=10 * mm, space_after=3)


def para(text: str, st: ParagraphStyle | None = None) -> Paragraph:
    """User text as a paragraph: printable, newlines kept as line breaks, long words wrapped."""
    return Para(printable(text), st or body_style())


def markup(text: str, st: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of our own markup (<b>, <i>); never pass user text here unless through ``printable``."""
    return Para(text, st or body_style())


def labelled(label: str, value: str, st: ParagraphStyle | None = None) -> Paragraph:
    """'<b>Label:</b> value' with both printable."""
    text, st = f"<b>{printable(label)}</b> {printable(value)}", st or style(BODY_SIZE, space_after=3)
    frags = _labelled_frags(text, st)
    return Para(text if frags is None else cleanBlockQuotedText(text), st, frags=frags)


# The two fragments reportlab's XML parser makes for '<b>label</b> value', per style (see _labelled_frags).
_LABELLED_FRAGS: weakref.WeakKeyDictionary[ParagraphStyle, tuple[ParaFrag, ParaFrag]] = weakref.WeakKeyDictionary()


def _labelled_frags(text: str, st: ParagraphStyle) -> list[ParaFrag] | None:
    """What the parser would make of '<b>label</b> value' when neither part holds markup or an entity, made
    without parsing (the particulars of 5,000 review forms are 40,000 such paragraphs); None: parse it."""
    cleaned = cleanBlockQuotedText(text)
    head, bold_end, value = cleaned.partition("</b> ")
    label = head.removeprefix("<b>")
    if (not bold_end or not value.strip() or not label.strip() or label == head or "<" in label + value
            or "&" in label + value or label != label.strip()):
        return None
    templates = _LABELLED_FRAGS.get(st)
    if templates is None:
        _, parsed, _ = ParaParser().parse("<b>x</b> y", st)
        templates = _LABELLED_FRAGS[st] = parsed[0], parsed[1]
    frags = [templates[0].clone(text=label), templates[1].clone(text=" " + value)]
    for frag in frags:
        frag.link, frag.us_lines = [], []    # lists the parser makes anew for each paragraph
    return frags


# ---------------------------------------------------------------- header block

@dataclass(frozen=True)
class Header:
    """The two-column header of page 1."""

    superior: str           # line 1, e.g. ĐẢNG BỘ XÃ PHỐ MỚI
    issuer: str             # line 2, e.g. CHI BỘ THÔN ĐÔNG
    number: str             # Số 05-BB/CB
    date_line: str          # Phố Mới, ngày 05 tháng 11 năm 2026


class CenteredRule(Flowable):  # type: ignore[misc]
    """A solid rule centred in its column, as wide as the text above it."""

    def __init__(self, text: str, font: str, size: float, thickness: float = 0.6) -> None:
        super().__init__()
        self.rule_width = pdfmetrics.stringWidth(text, font, size)
        self.thickness = thickness
        self.width, self.height = self.rule_width, 2

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.column_width = available_width
        return available_width, 3

    def draw(self) -> None:
        x0 = (self.column_width - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, 2, x0 + self.rule_width, 2)


def _table(rows: list[list[object]], widths: Sequence[float], commands: list[tuple[object, ...]],
           **options: object) -> Table:
    """A reportlab Table in our font: a bare Table names Helvetica, which would then sit unembedded in the PDF."""
    table = Table(rows, colWidths=list(widths), **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands]))
    return table


def header_column_width(page: PageSetup) -> float:
    """The left header column, where the issuer lines and the number stand."""
    return float(min(page.frame_width * 0.45, 80 * mm))


def issuer_line(text: str, width: float, *, bold: bool) -> Paragraph:
    """An issuer line in capitals fitted to its column: one line at 14 pt, else 13 or 12 pt, else broken
    between word groups (printing.name_fit); one endless word wraps at 12 pt."""
    name = " ".join(plain(text).upper().split())
    fitted = name_fit.fit(name, width - 0.5, FONT + ("-Bold" if bold else ""))
    if fitted is None:
        size = name_fit.SIZES[-1]
        return Para(escape(name), style(size, bold=bold, align=TA_CENTER, leading=size * 1.2))
    return Para("<br/>".join(escape(line) for line in fitted.lines),
                     style(fitted.size, bold=bold, align=TA_CENTER, leading=fitted.size * 1.2))


def header_block(header: Header, page: PageSetup) -> Table:
    """Left: superior body, issuing body (bold), '*', number. Right: ĐẢNG CỘNG SẢN VIỆT NAM, rule, date."""
    centre = TA_CENTER
    party = "ĐẢNG CỘNG SẢN VIỆT NAM"
    left_width = header_column_width(page)
    left = [
        issuer_line(clip(header.superior), left_width, bold=False),
        issuer_line(clip(header.issuer), left_width, bold=True),
        para("*", style(14, align=centre, leading=15)),
        para(clip(header.number), style(14, align=centre, leading=17)),
    ]
    right = [
        para(party, style(15, bold=True, align=centre, leading=18)),
        CenteredRule(party, FONT + "-Bold", 15),
        Spacer(1, 6),
        para(clip(header.date_line), style(14, italic=True, align=centre, leading=17)),
    ]
    return _table([[left, right]], [left_width, page.frame_width - left_width],
                  [("VALIGN", (0, 0), (-1, -1), "TOP"),
                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])


def title_block(doc_type: str, summary: str = "", *, extra: Sequence[str] = ()) -> list[Flowable]:
    """BIÊN BẢN / NGHỊ QUYẾT / BÁO CÁO in capitals 16 pt bold, the summary line 14 pt bold under it."""
    parts: list[Flowable] = [Spacer(1, 10 * mm), para(doc_type.upper(), style(16, bold=True, align=TA_CENTER))]
    for line in [summary, *extra]:
        if line:
            parts.append(para(line, style(14, bold=True, align=TA_CENTER, leading=18)))
    parts.append(para("-----", style(14, align=TA_CENTER)))
    parts.append(Spacer(1, 4 * mm))
    return parts


# ---------------------------------------------------------------- closing blocks

@dataclass(frozen=True)
class Signature:
    """A signature block: role lines in capitals (T/M CHI BỘ, BÍ THƯ), space to sign, the typed name."""

    roles: tuple[str, ...]
    name: str = ""


def _signature_cell(signature: Signature | None) -> list[Flowable]:
    if signature is None:
        return [Spacer(1, 1)]
    cell: list[Flowable] = [para(role.upper(), style(14, bold=True, align=TA_CENTER, leading=17))
                            for role in signature.roles]
    cell.append(Spacer(1, 22 * mm))
    cell.append(para(clip(signature.name), style(14, bold=True, align=TA_CENTER)))
    return cell


def signatures(left: Signature | None, right: Signature | None, page: PageSetup) -> Flowable:
    """Two signatures side by side (minutes: THƯ KÝ left, CHỦ TRÌ right), kept on one page."""
    half = page.frame_width / 2
    table = _table([[_signature_cell(left), _signature_cell(right)]], [half, half],
                   [("VALIGN", (0, 0), (-1, -1), "TOP")])
    return KeepTogether([Spacer(1, 6 * mm), table])


def recipients_and_signature(recipients: Sequence[str], signature: Signature, page: PageSetup) -> Flowable:
    """'Nơi nhận:' bottom left (12 pt; its last line '- Lưu chi bộ.'), the signature on the right."""
    left: list[Flowable] = [para("Nơi nhận:", style(12, bold=True, italic=True, align=TA_LEFT))]
    left += [para(line, style(11, align=TA_LEFT, leading=13)) for line in recipients]
    width = page.frame_width
    table = _table([[left, _signature_cell(signature)]], [width * 0.45, width * 0.55],
                   [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    return KeepTogether([Spacer(1, 6 * mm), table])


KEPT_LINES = 2   # lines of the last paragraph that go over with the signature when it cannot follow them here


class _EndsWith(Flowable):  # type: ignore[misc]
    """The last flowable of a body and the closing block (signatures, "Nơi nhận") on one page.

    When both do not fit, the end of the last flowable goes over with the closing, never the closing alone;
    a KeepTogether of the two would move a long last paragraph whole and leave its page half blank.
    """

    def __init__(self, last: Flowable, closing: Flowable) -> None:
        super().__init__()
        self.last, self.closing = last, closing

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.last.getSpaceBefore())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.last_height = self.last.wrapOn(self.canv, available_width, available_height)[1] + self.last.getSpaceAfter()
        return available_width, 0xFFFFFF   # as KeepTogether: never drawn as one, always split into its parts

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        closing_height = _stacked_height(self.closing, self.canv, available_width, available_height)
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
        if self.last_height + closing_height <= available_height:
            return [self.last, self.closing]
        if self.last_height > available_height:   # the last flowable itself runs over: its rest goes on
            return self._cut(available_width, available_height, at_top)
        kept = KEPT_LINES * float(getattr(getattr(self.last, "style", None), "leading", BODY_SIZE * 1.25))
        return self._cut(available_width, self.last_height - kept - 1, at_top)

    def _cut(self, available_width: float, height: float, at_top: bool) -> list[Flowable]:
        """The head of the last flowable here, its tail with the closing next; [] moves both to a new page."""
        parts = self.last.split(available_width, height) if height > 0 else []
        if len(parts) >= 2:
            return [*parts[:-1], _EndsWith(parts[-1], self.closing)]
        return [self.last, self.closing] if at_top else []   # a new page can do no better: print them in turn


def _stacked_height(flowable: Flowable, canvas: Canvas, available_width: float, available_height: float) -> float:
    """The height a flowable takes, KeepTogether included (its own wrap answers "split me")."""
    parts = getattr(flowable, "_content", None) or [flowable]
    return float(sum(part.wrapOn(canvas, available_width, available_height)[1] + part.getSpaceBefore()
                     + part.getSpaceAfter() for part in parts))


def closed(story: Sequence[Flowable], closing: Flowable) -> list[Flowable]:
    """``story`` ended by ``closing`` (signatures, "Nơi nhận"), which is kept on the page of the story's end."""
    if not story:
        return [closing]
    return [*story[:-1], _EndsWith(story[-1], closing)]


def report_pages(header: Header, summary: str, body: Sequence[Flowable], recipients: Sequence[str],
                 signature: Signature, page: PageSetup) -> list[Flowable]:
    """A Đảng ủy's report (Báo cáo): the header, the title with its summary, the body, then 'Nơi nhận' beside
    the signature, kept with the end of the body. Lines of 'Nơi nhận' are clipped like every one-line field."""
    story: list[Flowable] = [header_block(header, page), *title_block("BÁO CÁO", summary), *body]
    return closed(story, recipients_and_signature([clip(line) for line in recipients], signature, page))


# ---------------------------------------------------------------- tables and the document

def grid_table(rows: Sequence[Sequence[object]], col_widths: Sequence[float], *, header_rows: int = 1,
               size: float = 12) -> Table:
    """A ruled table whose header repeats on every page; cells of text are escaped, wrap, and are clipped so one
    row always fits a page (a table row cannot split; long free text belongs in printing/long_text.py)."""
    cell_style = style(size, align=TA_LEFT, leading=size * 1.2)
    head_style = style(size, bold=True, align=TA_CENTER, leading=size * 1.2)
    body = [[cell if isinstance(cell, Flowable)
              else para(clip(str(cell)), head_style if r < header_rows else cell_style)
              for cell in row] for r, row in enumerate(rows)]
    return _table(body, col_widths, [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ], repeatRows=header_rows)


PAGE_NUMBER_DROP = 12 * mm     # the number's baseline below the paper's top edge, on every page of every document
PAGE_NUMBER_SIZE = 13


class NewForm(PageBreak):  # type: ignore[misc]
    """A page break after which a new form begins: its first page carries no number, its second page 2.

    Several documents print as one file (a form per member; the sign-in sheet then the minutes skeleton)
    yet each is numbered as a document of its own (DOMAIN.md §2).
    """


# (what is being done, done, total), as ui.common.workers.Worker reports it; it may raise to stop the work.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Parts:
    """A story in ``count`` parts (a member's form each), made one by one as the layout reaches them."""

    parts: Iterator[list[Flowable]]
    count: int
    ahead: int = 200   # flowables kept ready: more than any run reportlab keeps together (keepWithNext) looks at


class _FedStory(list[Flowable]):
    """The story list reportlab consumes (it deletes each flowable from the front as it lays it out), taking in
    the next part only when fewer than ``ahead`` flowables are left: a batch of 5,000 review forms or the whole
    register is never held whole, and the garbage collector has that much less to go over."""

    def __init__(self, parts: Parts) -> None:
        super().__init__()
        self.parts, self.ahead, self.taken = parts.parts, parts.ahead, 0
        self._fill()

    def _fill(self) -> None:
        while len(self) < self.ahead:
            part = next(self.parts, None)
            if part is None:
                return
            self.extend(part)
            self.taken += 1

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        super().__delitem__(index)
        self._fill()


class _Document(BaseDocTemplate):  # type: ignore[misc]
    """The one document template: margins and frame per page setup, and the page numbers."""

    def __init__(self, buffer: io.BytesIO, *, title: str, pages: dict[str, PageSetup],
                 progress: Progress | None = None, story: list[Flowable] | None = None, total: int = 0) -> None:
        first = next(iter(pages.values()))
        super().__init__(buffer, pagesize=first.size, topMargin=first.top * mm, bottomMargin=first.bottom * mm,
                         leftMargin=first.left * mm, rightMargin=first.right * mm, title=title,
                         author="Sổ Chi Bộ", creator="Sổ Chi Bộ", invariant=1, initialFontName=FONT,
                         initialFontSize=BODY_SIZE)
        self.form_start = 1     # the page the current form began on
        self.progress, self.story = progress, story
        self.total, self.done = total, 0
        self.addPageTemplates([self._template(name, setup) for name, setup in pages.items()])

    def _template(self, name: str, setup: PageSetup) -> PageTemplate:
        width, height = setup.size
        # No padding inside the margins: text and full-width tables (frame_width) both start at the left margin.
        frame = Frame(setup.left * mm, setup.bottom * mm, setup.frame_width, height - (setup.top + setup.bottom) * mm,
                      id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

        def number(canvas: Canvas, doc: BaseDocTemplate) -> None:
            self._number_page(canvas, setup)
        return PageTemplate(id=name, frames=[frame], onPage=number, pagesize=setup.size)

    def afterFlowable(self, flowable: Flowable) -> None:
        # reportlab calls this once a page break has shown the old page, before the new page begins
        if isinstance(flowable, NewForm):
            self.form_start = self.canv.getPageNumber()

    def afterPage(self) -> None:  # noqa: N802 - reportlab's name
        """Tell how far the story is laid out, page by page (reportlab consumes the story list as it goes)."""
        if self.progress is not None and self.story is not None:
            # a fed story counts its parts begun; a whole one the flowables laid out
            done = self.story.taken if isinstance(self.story, _FedStory) else self.total - len(self.story)
            self.done = max(self.done, done)
            self.progress(f"Đang dàn trang {self.page}…", self.done, self.total)

    def _number_page(self, canvas: Canvas, setup: PageSetup) -> None:
        """Drawn as each page begins: the page's number within its form, from page_numbers_from on."""
        number = canvas.getPageNumber() - self.form_start + 1
        if number < setup.page_numbers_from:
            return
        width, height = setup.size
        canvas.saveState()
        canvas.setFont(FONT, PAGE_NUMBER_SIZE)
        canvas.drawCentredString(width / 2, height - PAGE_NUMBER_DROP, str(number))
        canvas.restoreState()


def build_pdf(story: list[Flowable] | Parts, *, title: str, page: PageSetup | None = None,
              other_pages: Mapping[str, PageSetup] | None = None, progress: Progress | None = None) -> bytes:
    """Lay out a story with the document margins and page numbers; deterministic bytes.

    The story starts on ``page`` (portrait A4 by default); ``NextPageTemplate(name)`` switches to one of
    ``other_pages`` (e.g. landscape tables after a portrait report). ``NewForm()`` restarts the numbering.
    A story in ``Parts`` is made part by part as the layout reaches it (big batches).
    ``progress(text, done, total)`` hears of each page laid out (done and total count the parts of a story in
    parts, else its flowables); an exception it raises stops the layout (no bytes: nothing to write).
    """
    register_fonts()
    buffer = io.BytesIO()
    # reportlab empties the list it lays out: the caller's stays whole
    laid: list[Flowable] = _FedStory(story) if isinstance(story, Parts) else list(story)
    total = story.count if isinstance(story, Parts) else len(laid)
    pages = {"page": page or PageSetup(), **(other_pages or {})}
    _Document(buffer, title=plain(title), pages=pages, progress=progress, story=laid, total=total).build(laid)
    return buffer.getvalue()


class DottedLine(Flowable):  # type: ignore[misc]
    """One dotted line across the column, to write on by hand."""

    def __init__(self, gap: float = 8 * mm) -> None:
        super().__init__()
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.line_width = available_width
        return available_width, self.gap

    def draw(self) -> None:
        self.canv.setDash(1, 2)
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 1, self.line_width, 1)


def ruled_lines(count: int, gap: float = 8 * mm) -> list[Flowable]:
    """Empty dotted lines to write on by hand (paper minutes, skeletons)."""
    return [DottedLine(gap) for _ in range(count)]
