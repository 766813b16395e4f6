"""Text of any length prints, in time linear in its length (issue 11, point 4).

reportlab splits a Paragraph across pages by re-wrapping all that remains of it on every page, so one
paragraph of 80 pages costs 80 re-wraps of most of itself (33 s); and a table splits only between rows,
so a cell taller than a page stops the whole document. Here long text is cut, once, into pieces of a
bounded height (measured with the font's widths, not guessed): a paragraph becomes a run of Paragraphs
that read as one (no indent, no spacing between pieces), and a table row becomes a group of rows, one
piece of each cell per row, drawn as one row with its label (TT) repeated where it continues on a new page.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Table, TableStyle

from printing import layout
from printing.fonts import FONT
from printing.text import clip

PARAGRAPH_LINES = 24     # a piece of body text: under half a page, so a kept-with-heading piece wastes little
FIRST_LINES = 6          # the first piece is short: kept with its heading, it rarely has to move to a new page
CELL_LINES = 10          # a piece of a table cell: rows stay short enough to fill pages closely


@functools.cache
def _char_width(char: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(char, font, size))


def _good_cut(text: str, start: int, stop: int) -> int:
    """Where to end a piece that must end by ``stop``: a line break, else a sentence end, else a space."""
    floor = start + (stop - start) // 2
    for marks in ("\n", ". ", " "):
        found = text.rfind(marks, floor, stop)
        if found >= 0:
            return found + len(marks)
    while stop > start + 1 and unicodedata.combining(text[stop]):   # never strand a tone mark from its letter
        stop -= 1
    return stop


def cut(text: str, width: float, font: str, size: float, lines: int, first: int | None = None) -> list[str]:
    """``text`` in pieces each of at most about ``lines`` lines at ``width`` (the first ``first`` lines);
    joined they give ``text`` back."""
    budget, used, start, pieces = width * (first or lines) * 0.9, 0.0, 0, []
    for index, char in enumerate(text):
        if char == "\n":   # a line break wastes the rest of its line
            used += width - used % width
        else:
            used += _char_width(char, font, size)
        if used > budget:
            end = _good_cut(text, start, index)
            if end <= start:   # a single character wider than the budget: it goes alone
                end = index + 1
            pieces.append(text[start:end])
            budget = width * lines * 0.9
            start, used = end, sum(_char_width(c, font, size) for c in text[end:index + 1])
    pieces.append(text[start:])
    return pieces


@functools.lru_cache(maxsize=256)
def _continued(st: ParagraphStyle) -> ParagraphStyle:
    """The style of a piece after the first: it goes on the same paragraph, so no indent and no gap above."""
    return ParagraphStyle(st.name + "+", parent=st, firstLineIndent=0, spaceBefore=0)


@functools.lru_cache(maxsize=256)
def _ended(st: ParagraphStyle) -> ParagraphStyle:
    """The style of a piece before the last: no gap below it either."""
    return ParagraphStyle(st.name + "-", parent=st, spaceAfter=0)


def _styled(pieces: Sequence[str], st: ParagraphStyle) -> list[tuple[str, ParagraphStyle]]:
    last = len(pieces) - 1
    out = []
    for index, piece in enumerate(pieces):
        piece_style = st if index == 0 else _continued(st)
        out.append((piece.removesuffix("\n"), piece_style if index == last else _ended(piece_style)))
    return out


def paragraphs(text: str, st: ParagraphStyle | None = None, width: float | None = None) -> list[Flowable]:
    """User text as one paragraph of any length: escaped by layout.para, in pieces that split cheaply."""
    st = st or layout.body_style()
    width = width or layout.PageSetup().frame_width
    pieces = cut((text or "").replace("\r\n", "\n"), width, st.fontName, st.fontSize, PARAGRAPH_LINES, FIRST_LINES)
    return [layout.para(piece, piece_style) for piece, piece_style in _styled(pieces, st)]


def labelled(label: str, value: str, st: ParagraphStyle | None = None, width: float | None = None) -> list[Flowable]:
    """'<b>Label:</b> value' of any length; the label, when itself long, in bold pieces of its own."""
    st = st or layout.style(layout.BODY_SIZE, space_after=3)
    width = width or layout.PageSetup().frame_width
    heads = cut(label, width, st.fontName + "-Bold", st.fontSize, PARAGRAPH_LINES)
    values = cut((value or "").replace("\r\n", "\n"), width, st.fontName, st.fontSize, PARAGRAPH_LINES, FIRST_LINES)
    styles = [piece_style for _, piece_style in _styled([""] * (len(heads) + len(values) - 1), st)]
    out: list[Flowable] = [layout.labelled(head, "", piece_style)
                           for head, piece_style in zip(heads[:-1], styles, strict=False)]
    out.append(layout.labelled(heads[-1], values[0].removesuffix("\n"), styles[len(heads) - 1]))
    return out + [layout.para(piece.removesuffix("\n"), piece_style)
                  for piece, piece_style in zip(values[1:], styles[len(heads):], strict=True)]


# ---------------------------------------------------------------- tables whose cells continue across pages

class ContinuedLabel(Flowable):  # type: ignore[misc]
    """A row's label (its TT) in a continuation row: drawn only when the row opens a page."""

    def __init__(self, label: str, st: ParagraphStyle) -> None:
        super().__init__()
        self.paragraph = layout.para(f"{clip(label, 20)} (tiếp)", st)
        self.shown = False

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # always the label's size, shown or not: the table's row heights were measured once and are kept
        self.width, self.height = self.paragraph.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        if self.shown:
            self.paragraph.drawOn(self.canv, 0, 0)


class ContinuedTable(Table):  # type: ignore[misc]
    """A table that, split between the rows of one cut-up row, shows the row's label on the new page."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(available_width, available_height)
        if len(parts) == 2:
            # close the part on this page and open the one on the next ('splitlast' holds for the first split only)
            parts[0].setStyle([("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.black)])
            rest = parts[1]
            rest.setStyle([("LINEABOVE", (0, rest.repeatRows), (-1, rest.repeatRows), 0.5, colors.black)])
            first = rest._cellvalues[rest.repeatRows] if rest._nrows > rest.repeatRows else []
            for cell in first:
                for item in cell if isinstance(cell, (list, tuple)) else [cell]:
                    if isinstance(item, ContinuedLabel):
                        item.shown = True
        return parts


@dataclass(frozen=True)
class _Cells:
    size: float
    widths: Sequence[float]
    label_cols: Sequence[int]
    centre_labels: bool
    make: Callable[[str, ParagraphStyle], Flowable] = layout.para

    @functools.cached_property
    def text_style(self) -> ParagraphStyle:
        return layout.style(self.size, align=TA_LEFT, leading=self.size * 1.2)

    @functools.cached_property
    def label_style(self) -> ParagraphStyle:
        return layout.style(self.size * 0.75, italic=True, align=TA_CENTER, leading=self.size * 0.9)

    @functools.cached_property
    def number_style(self) -> ParagraphStyle:
        return layout.style(self.size, align=TA_CENTER, leading=self.size * 1.2)

    def pieces(self, cell: object, column: int) -> list[object]:
        if not isinstance(cell, str):
            return [cell]
        st = self.number_style if self.centre_labels and column in self.label_cols else self.text_style
        return [self.make(p.removesuffix("\n"), st)
                for p in cut(cell.replace("\r\n", "\n"), self.widths[column] - 6, st.fontName, st.fontSize, CELL_LINES)]

    def group(self, row: Sequence[object]) -> list[list[object]]:
        """One row as a group of rows: piece k of every cell in row k; labels repeated as ContinuedLabels."""
        columns = [self.pieces(cell, c) for c, cell in enumerate(row)]
        rows: list[list[object]] = []
        for k in range(max(len(pieces) for pieces in columns)):
            rows.append([pieces[k] if k < len(pieces) else self._filler(row[c], c, k)
                         for c, pieces in enumerate(columns)])
        return rows

    def row(self, row: Sequence[object]) -> list[object]:
        """A short row (a band) as one row of cells, as ``grid_table`` makes it."""
        return [pieces[0] for pieces in (self.pieces(cell, c) for c, cell in enumerate(row))]

    def _filler(self, cell: object, column: int, k: int) -> object:
        if column in self.label_cols and isinstance(cell, str) and k:
            return ContinuedLabel(cell, self.label_style)
        return ""


def cell_pieces(size: float, col_widths: Sequence[float], *, label_cols: Sequence[int] = (0,),
                centre_labels: bool = False, make: Callable[[str, ParagraphStyle], Flowable] = layout.para) -> _Cells:
    """The cutting of cells into pieces that ``grid_table`` does, for a grid drawn another way (printing.ruled_grid);
    ``make(text, style)`` makes each piece's flowable, as ``layout.para`` does."""
    return _Cells(size, list(col_widths), tuple(label_cols), centre_labels, make)


class FullWidth(Flowable):  # type: ignore[misc]
    """A cell's content drawn across the whole row (a band over all columns) without a SPAN.

    reportlab maps every cell of a table with a SPAN on each split, so a long table that spans even one
    row costs time growing with the square of its length.
    """

    def __init__(self, content: Flowable, width: float) -> None:
        super().__init__()
        self.content, self.full_width = content, width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, self.height = self.content.wrap(self.full_width, available_height)
        return available_width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, 0)


def _vertical_lines(rows: int, full_rows: Sequence[int]) -> list[tuple[object, ...]]:
    """The column rules, except across full-width rows."""
    cuts = [-1, *sorted(full_rows), rows]
    return [("LINEBEFORE", (1, a + 1), (-1, b - 1), 0.5, colors.black) for a, b in zip(cuts, cuts[1:], strict=False)
            if b - 1 >= a + 1]


def grid_table(rows: Sequence[Sequence[object]], col_widths: Sequence[float], *, header_rows: int = 1,
               size: float = 12, label_cols: Sequence[int] = (0,), centre_labels: bool = False,
               full_rows: Sequence[int] = ()) -> Table:
    """layout.grid_table for cells of any length: headings repeat on every page, a long cell goes on over pages.

    ``full_rows`` (short rows, e.g. a band holding a FullWidth) get no column rules.
    """
    cells = _Cells(size, list(col_widths), tuple(label_cols), centre_labels)
    head_style = layout.style(size, bold=True, align=TA_CENTER, leading=size * 1.2)
    body: list[list[object]] = [[cell if isinstance(cell, Flowable) else layout.para(clip(str(cell)), head_style)
                                 for cell in row] for row in rows[:header_rows]]
    ends: set[int] = set()
    for row in rows[header_rows:]:
        body += cells.group(row)
        ends.add(len(body) - 1)
    black = colors.black
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (-1, -1), 0.5, black),
        *_vertical_lines(len(body), full_rows), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("VALIGN", (0, header_rows), (-1, -1), "TOP"),   # a row in pieces reads from its top line
        *[("LINEBELOW", (0, r), (-1, r), 0.5, black) for r in [*range(header_rows), *sorted(ends)]]]
    # the pieces of one row sit flush, so the row reads as one
    commands += [("TOPPADDING", (0, r), (-1, r), 0) for r in range(header_rows, len(body)) if r - 1 not in ends
                 and r != header_rows]
    commands += [("BOTTOMPADDING", (0, r), (-1, r), 0) for r in range(header_rows, len(body)) if r not in ends]
    table = ContinuedTable(body, colWidths=list(col_widths), repeatRows=header_rows)
    table.setStyle(TableStyle(commands))
    return table


__all__ = ["paragraphs", "labelled", "clip", "cut", "grid_table", "cell_pieces", "ContinuedTable", "ContinuedLabel",
           "FullWidth"]
