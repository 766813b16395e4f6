"""A ruled grid of rows drawn straight onto the canvas: the register's tables without reportlab's Table.

The whole-commune register is a thousand landscape pages of 15 columns. A reportlab Table measures every
cell again at each page it splits over, keeps a style object per cell and re-maps its commands on every split;
that machinery, not the text, was most of the 29 s the register took (issue 13). Here the rows are measured
once; a page-worth of rows is cut off by adding up their heights, and drawn cell by cell then ruled.

What reaches the page is what the Table drew for the same rows (printing/long_text.grid_table with the
register's style): every cell at the position the Table gave it (padding 2 pt left and right, 3 pt above and
below except between the pieces of one cut-up row; headings centred in their row, body cells from the top),
the headings' grey, the band's lighter grey, the same rules. The headings (and the band) repeat on each
page, and a row cut into pieces shows its label again when it goes on over a page (long_text.ContinuedLabel).
tests/printing/test_ruled_grid.py holds both side by side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from printing import layout
from printing.long_text import ContinuedLabel
from printing.text import plain

PAD_X = 2            # the register's left and right padding
PAD_Y = 3            # reportlab's default top and bottom padding
FILLER_LEADING = 12  # a blank (plain "") cell under a cut-up row: reportlab's default cell leading (10 pt font)
FILLER_SIZE = 10
RULE = 0.5


class _Drawn:
    """One text in one style at one width: its height, how it is drawn (the paragraph that measured it, or its
    lines when ``_short_lines`` could tell them), and the PDF operators it drew once (all but its placing),
    replayed for every other cell of the same text in the same document."""

    __slots__ = ("height", "para", "lines", "ops")

    def __init__(self, height: float, para: Flowable | None, lines: list[str] | None = None) -> None:
        self.height, self.para, self.lines = height, para, lines
        self.ops: list[str] | None = None


_SPACE_LIKE = re.compile(r"[^\S ]|\u00ad")   # white space other than a plain space, or a soft hyphen


def _short_lines(text: str, style: ParagraphStyle, width: float) -> list[str] | None:
    """The lines of a left-aligned black cell whose every line (``\n`` apart) fits its width whole, as the
    paragraph breaks them (words joined by one space); None for any other text, which a paragraph lays out.

    Most register cells are such (names, dates, the three numbers, gender/ethnicity/religion): telling their
    lines here spares a paragraph each, the XML parser included for the cells of several lines."""
    if style.alignment != TA_LEFT or style.textColor != colors.black or style.firstLineIndent or style.leftIndent:
        return None
    shown = plain(text)
    if "<" in shown or "&" in shown or _SPACE_LIKE.search(shown.replace("\n", " ")):
        return None
    lines = [" ".join(part.split()) for part in shown.split("\n")]
    if not all(lines) or (len(lines) > 1 and not all(line.strip() for line in lines)):
        return None
    font, size = style.fontName, style.fontSize
    if any(pdfmetrics.stringWidth(line, font, size) > width - 1e-6 for line in lines):
        return None
    return lines


def _text_ops(lines: list[str], style: ParagraphStyle, height: float, canvas: Canvas) -> list[str]:
    """What reportlab's Paragraph draws for these lines (kind 0 for one line of text, kind 1 for lines broken
    with <br/>), between its placing "cm" and the closing "Q"; encoding the text assigns the font subset's
    codes in the same order as the paragraph would."""
    font = pdfmetrics.getFont(style.fontName)
    size_leading = f"{fp_str(style.fontSize)} Tf {fp_str(style.leading)} TL"
    shown: list[str] = []
    subset = -1
    for line in lines:
        parts = []
        for part_subset, chunk in font.splitString(line, canvas._doc):
            if part_subset != subset:
                parts.append(f"{font.getSubsetInternalName(part_subset, canvas._doc)} {size_leading}")
                subset = part_subset
            parts.append(f"({canvas._escape(chunk)}) Tj")
        shown.append(" ".join(parts))
    origin = f"BT 1 0 0 1 0 {fp_str(height - style.fontSize)} Tm"
    if len(lines) == 1:
        return ["q", "0 0 0 rg", f"{origin} {shown[0]} T* ET", "Q"]
    body = "  T* ".join(shown)
    return ["q", f"{origin} {fp_str(style.leading)} TL 0 0 0 rg {body} T* ET", "Q"]


class TextCells:
    """The cells of one document's grid: a thousand pages repeat the same headings, numbers, dates, places and
    levels, so each distinct cell text is broken into lines and turned into PDF operators once.

    One per document: the operators hold the document's own font subset codes."""

    def __init__(self) -> None:
        self.drawn: dict[tuple[str, ParagraphStyle, float], _Drawn] = {}

    def __call__(self, text: str, style: ParagraphStyle) -> Flowable:
        """A cell as ``layout.para(text, style)`` prints it."""
        return TextCell(self, text, style)


_NUMBERS: dict[float, str] = {}


def _number(value: float) -> str:
    """A coordinate as reportlab writes it (fp_str, pure Python without its accelerator), remembered: the cells of
    a thousand pages stand on a few hundred distinct coordinates."""
    text = _NUMBERS.get(value)
    if text is None:
        if len(_NUMBERS) > 100_000:
            _NUMBERS.clear()
        text = _NUMBERS[value] = fp_str(value)
    return text


class TextCell(Flowable):  # type: ignore[misc]
    """A cell's text, printed exactly as ``layout.para`` would, measured and drawn through ``TextCells``."""

    def __init__(self, cells: TextCells, text: str, style: ParagraphStyle) -> None:
        self.cells, self.text, self.style = cells, text, style
        self.entry: _Drawn | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        key = (self.text, self.style, available_width)
        entry = self.cells.drawn.get(key)
        if entry is None:
            lines = _short_lines(self.text, self.style, available_width)
            if lines is not None:
                entry = _Drawn(len(lines) * self.style.leading, None, lines)
            else:
                para = layout.para(self.text, self.style)
                entry = _Drawn(para.wrap(available_width, available_height)[1], para)
            self.cells.drawn[key] = entry
        self.entry = entry
        self.width, self.height = available_width, entry.height
        return available_width, entry.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return 0.0

    def drawOn(self, canvas: object, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803 - reportlab's
        entry = self.entry
        assert entry is not None, "wrap before drawOn"
        code: list[str] = canvas._code  # type: ignore[attr-defined]
        if entry.ops is None and entry.lines is not None:
            entry.ops = _text_ops(entry.lines, self.style, entry.height, canvas)
        if entry.ops is None:
            assert entry.para is not None
            start = len(code)
            entry.para.drawOn(canvas, x, y)
            # q, "1 0 0 1 x y cm", what the paragraph drew, Q: keep the middle, the same wherever it stands
            entry.ops = code[start + 2:-1]
            entry.para = None   # its operators are all that is needed from now on
            return
        code.append("q")
        code.append(f"1 0 0 1 {_number(x)} {_number(y)} cm")
        code.extend(entry.ops)
        code.append("Q")


@dataclass
class GridRow:
    """One row: its cells (flowables, or "" for a blank under a cut-up row) and how it sits."""

    cells: list[object]
    top: float = PAD_Y            # padding above the cells (0 between the pieces of one row)
    bottom: float = PAD_Y         # padding below (0 when the row's next piece follows)
    middle: bool = False          # vertically centred (the headings); else from the top
    full: bool = False            # a band across the columns: no column rules through it
    rule_below: bool = True       # a rule under it (a heading row, the last piece of a row)
    background: colors.Color | None = None
    height: float = 0.0
    heights: tuple[float, ...] = ()

    def measure(self, widths: Sequence[float], canv: object) -> None:
        """The row's height, as reportlab's Table sized it: the tallest cell and its padding."""
        heights = []
        for cell, width in zip(self.cells, widths, strict=True):
            if isinstance(cell, Flowable):
                heights.append(float(cell.wrapOn(canv, width - 2 * PAD_X, 72000 - self.top - self.bottom)[1]))
            else:
                heights.append(FILLER_LEADING * len(str(cell).split("\n")))
        self.heights = tuple(heights)
        self.height = max(heights) + self.top + self.bottom


def _positions(heights: Sequence[float]) -> list[float]:
    """Row boundaries from the top (the table's height) down to 0, summed from the bottom as reportlab sums
    them (compensated), so every cell lands on the very coordinate the Table gave it."""
    out, height, carry = [], 0.0, 0.0
    for h in reversed(heights):
        out.append(height)
        y = h - carry
        total = height + y
        carry = (total - height) - y
        height = total
    out.append(height)
    out.reverse()
    return out


class RuledGrid(Flowable):  # type: ignore[misc]
    """Rows under ``repeat`` heading rows (repeated on each page), split between rows, drawn directly."""

    def __init__(self, rows: list[GridRow], widths: Sequence[float], repeat: int, *, measured: bool = False) -> None:
        super().__init__()
        self.rows, self.widths, self.repeat = rows, list(widths), repeat
        self.measured = measured
        self.columns = [0.0]
        for width in self.widths:
            self.columns.append(self.columns[-1] + width)

    def _measure(self) -> None:
        if not self.measured:
            for row in self.rows:
                row.measure(self.widths, self.canv)
            self.measured = True

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._measure()
        self.positions = _positions([row.height for row in self.rows])
        self.width, self.height = self.columns[-1], self.positions[0]
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """As a Table splits by rows: as many rows as fit (more than the headings), the rest after the headings."""
        self._measure()
        fitting, used = 0, 0.0
        for row in self.rows:
            if used + row.height > available_height:
                break
            used += row.height
            fitting += 1
        if fitting <= self.repeat:
            return []
        if fitting == len(self.rows):
            return [self]
        rest = self.rows[fitting:]
        for cell in rest[0].cells:   # a cut-up row going on over the page shows its label again
            if isinstance(cell, ContinuedLabel):
                cell.shown = True
        return [RuledGrid(self.rows[:fitting], self.widths, self.repeat, measured=True),
                RuledGrid(self.rows[:self.repeat] + rest, self.widths, self.repeat, measured=True)]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        self._backgrounds()
        canv.setFillColor(colors.black)            # the Table's first cell style: black, 10 pt
        canv.setFont(canv._fontname, FILLER_SIZE, FILLER_LEADING)
        for row, bottom in zip(self.rows, self.positions[1:], strict=True):
            self._draw_row(row, bottom)
        self._rules()
        canv.restoreState()

    def _backgrounds(self) -> None:
        canv, width = self.canv, self.columns[-1]
        start = 0
        while start < len(self.rows):
            background = self.rows[start].background
            end = start + 1
            while end < len(self.rows) and self.rows[end].background == background:
                end += 1
            if background is not None:
                canv.setFillColor(background)
                top = self.positions[start]
                canv.rect(0, top, width, self.positions[end] - top, stroke=0, fill=1)
            start = end

    def _draw_row(self, row: GridRow, bottom: float) -> None:
        canv, height = self.canv, row.height
        for cell, x, h in zip(row.cells, self.columns, row.heights, strict=False):
            if isinstance(cell, Flowable):
                if row.middle:
                    y = bottom + (height + row.bottom - row.top + h) / 2.0 - h
                else:
                    y = bottom + height - row.top - h
                cell.drawOn(canv, x + PAD_X, y)
            else:
                canv.drawString(x + PAD_X, bottom + height - row.top - FILLER_SIZE, str(cell))

    def _rules(self) -> None:
        canv, positions, columns = self.canv, self.positions, self.columns
        canv.saveState()
        canv.setLineCap(1)
        canv.setLineJoin(1)
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(RULE)
        lines = []
        start = 0
        while start < len(self.rows):   # column rules down each run of rows that are not bands
            if self.rows[start].full:
                start += 1
                continue
            end = start
            while end < len(self.rows) and not self.rows[end].full:
                end += 1
            lines += [(x, positions[end], x, positions[start]) for x in columns[1:-1]]
            start = end
        width = columns[-1]
        lines += [(0, positions[r + 1], width, positions[r + 1]) for r, row in enumerate(self.rows) if row.rule_below]
        lines += [(0, positions[0], width, positions[0]), (0, positions[-1], width, positions[-1]),
                  (0, positions[-1], 0, positions[0]), (width, positions[-1], width, positions[0])]
        canv.lines(lines)
        canv.restoreState()


__all__ = ["GridRow", "RuledGrid", "TextCells", "TextCell"]
