"""The member register (Sổ danh sách đảng viên, Mẫu 7-HSĐV style) as a landscape A4 PDF.

Header block on page 1, the title, a ruled table per organisation whose headings (and the organisation's
name, when the register covers several) repeat on every page, the totals and the secretary's signature.
The columns are the official book's; when someone has left the roll, part I (the roll) is followed by
part II (former members: moved out, died, out of the Party), as the book keeps them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from models import vn
from models.reporting.registers import RegisterData, RegisterGroup, RegisterRow
from printing import layout, long_text, ruled_grid
from printing.ruled_grid import GridRow, RuledGrid, TextCells
from printing.text import clip

PAGE = layout.PageSetup(landscape=True)   # the layout's margins, as on every page
TABLE_SIZE = 8   # the official book's 15 columns on one landscape page, as small as its own print

# (heading, width in mm): 252 mm, the frame width of landscape A4 with these margins. The columns of the
# official book (Mẫu 7-HSĐV); those that share a cell (gender/ethnicity/religion, the three numbers, death or
# leaving) print one value a line in the heading's order, "–" for a missing one, as the book's own headings do.
# At 8 pt a date (“15/03/2024”, ~13 mm) fits a 15 mm column and a new card (PT25.11846, ~15 mm) the numbers'.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 7), ("Họ và tên\n(tên khai sinh)", 29), ("Ngày sinh", 15), ("Giới tính\nDân tộc\nTôn giáo", 13),
    ("Quê quán", 18), ("Nơi cư trú", 23), ("Trình độ\n(GDPT; CM; LLCT)", 20), ("Nghề nghiệp", 14),
    ("Ngày vào Đảng", 15), ("Ngày chính thức", 15), ("Số lý lịch\nSố thẻ đảng viên\nSố huy hiệu", 19),
    ("Ngày chuyển đến", 15), ("Ngày chuyển đi", 15), ("Ngày từ trần; ngày, hình thức ra khỏi Đảng", 17),
    ("Ghi chú", 17),
)


def _lines(values: list[str]) -> str:
    """Values one a line, "–" for a missing one; empty when all are missing."""
    return "\n".join(v or "–" for v in values) if any(values) else ""


def _gone(row: RegisterRow) -> str:
    """Death or the last leaving of the Party: the date over its form."""
    if row.died_on:
        return f"{vn.format_date(row.died_on)}\nTừ trần"
    return f"{vn.format_date(row.left_on)}\n{row.left_form}" if row.left_on else ""


def _cells(number: int, row: RegisterRow) -> list[object]:
    name = row.full_name + (f"\n(KS: {row.birth_name})" if row.birth_name else "")
    levels = [row.education, row.qualification, row.political_theory]
    schooling = "; ".join(v or "–" for v in levels) if any(levels) else ""
    places = [f"Chuyển từ: {row.moved_in_from}" if row.moved_in_from else "",
              f"Chuyển đến: {row.moved_out_to}" if row.moved_out_to else ""]
    notes = [n for n in ("Dự bị" if row.standing_name == "Dự bị" else "", row.status_note, *places, row.notes) if n]
    return [str(number), name, vn.format_date(row.birth_date), _lines([row.gender, row.ethnicity, row.religion]),
            row.hometown, row.residence, schooling, row.occupation, vn.format_date(row.joined_on),
            vn.format_date(row.official_on), _lines([row.biography_number, row.card_number, row.badge_number]),
            vn.format_date(row.moved_in_on), vn.format_date(row.moved_out_on), _gone(row), "\n".join(notes)]


# reportlab re-measures every remaining row each time a table breaks across a page, so one table of
# 10,000 members took ~9 minutes. One table per organisation (and per CHUNK_ROWS rows of a very large
# one) keeps each break cheap: the whole stress commune prints in seconds.
CHUNK_ROWS = 250


def _headings() -> list[list[object]]:
    return [[heading for heading, _ in COLUMNS], [f"({i})" for i in range(1, len(COLUMNS) + 1)]]


def _band(title: str) -> list[object]:
    band = layout.para(title, layout.style(TABLE_SIZE + 1, bold=True, align=TA_LEFT))
    return [long_text.FullWidth(band, sum(w for _, w in COLUMNS) * mm - 4)] + [""] * (len(COLUMNS) - 1)


def _ruled(rows: list[list[object]], repeat: int, *, band: bool, empty: bool = False) -> Table:
    """One ruled table; its first ``repeat`` rows (headings, and the organisation's band) repeat on each page.

    A reportlab Table: the register of no member (a spanned row) prints so, and tests hold ``_grid`` to it."""
    table = long_text.grid_table(rows, [w * mm for _, w in COLUMNS], header_rows=2, size=TABLE_SIZE,
                                 centre_labels=True, full_rows=(2,) if band else ())
    table.repeatRows = repeat
    commands: list[tuple[object, ...]] = [("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.92, 0.92, 0.92)),
                                          ("VALIGN", (0, 2), (-1, -1), "TOP"),
                                          # narrower padding so a date fits its column on one line
                                          ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    if band:
        commands.append(("BACKGROUND", (0, 2), (-1, 2), colors.Color(0.97, 0.97, 0.97)))   # a FullWidth, not a SPAN
    if empty:
        commands.append(("SPAN", (1, 2), (-1, 2)))
    table.setStyle(TableStyle(commands))
    return table


# The register is laid out a table at a time (layout.Parts): each part is made only when the layout nears it.
Part = Callable[[], list[Flowable]]


def _tables(groups: tuple[RegisterGroup, ...], show_bands: bool, who: str, cells: TextCells) -> list[Part]:
    """One table per organisation (and per CHUNK_ROWS rows), each opening with the headings and its name."""
    parts: list[Part] = []
    for group in groups:
        for start in range(0, max(len(group.rows), 1), CHUNK_ROWS):
            parts.append(functools.partial(_table, group, start, show_bands, who, bool(parts), cells))
    return parts


def _table(group: RegisterGroup, start: int, show_bands: bool, who: str, after_another: bool,
           cells: TextCells) -> list[Flowable]:
    """The table of one organisation's rows from ``start`` (a space before it when a table came before)."""
    rows = group.rows[start:start + CHUNK_ROWS]
    band = None
    if show_bands:
        more = " (tiếp)" if start else ""
        band = _band(f"{clip(group.org_name)}{more} ({vn.format_int(len(group.rows))} {who})")
    table = _grid(band, [_cells(n, r) for n, r in enumerate(rows, start + 1)], cells)
    return [Spacer(1, 3 * mm), table] if after_another else [table]


_HEADING_GREY, _BAND_GREY = colors.Color(0.92, 0.92, 0.92), colors.Color(0.97, 0.97, 0.97)


def _grid(band: list[object] | None, rows: list[list[object]], cells: TextCells) -> RuledGrid:
    """The ruled table of ``rows`` under the headings (and the organisation's band), drawn directly
    (printing.ruled_grid): what ``_ruled`` laid out with a reportlab Table, in a fraction of the time."""
    widths = [w * mm for _, w in COLUMNS]
    head_style = layout.style(TABLE_SIZE, bold=True, align=TA_CENTER, leading=TABLE_SIZE * 1.2)
    grid = [GridRow([cells(clip(str(text)), head_style) for text in heading], middle=True, background=_HEADING_GREY)
            for heading in _headings()]
    pieces = long_text.cell_pieces(TABLE_SIZE, widths, centre_labels=True, make=cells)
    if band is not None:
        grid.append(GridRow(pieces.row(band), full=True, background=_BAND_GREY))
    for row in rows:
        group = pieces.group(row)
        for k, piece_row in enumerate(group):
            last = k == len(group) - 1
            grid.append(GridRow(piece_row, top=ruled_grid.PAD_Y if k == 0 else 0,
                                bottom=ruled_grid.PAD_Y if last else 0, rule_below=last))
    return RuledGrid(grid, widths, repeat=2 + (band is not None))


def _part_one(data: RegisterData, cells: TextCells) -> list[Part]:
    """The members on the roll, or a ruled table saying there are none, and their totals."""
    if data.groups:
        parts = _tables(data.groups, data.whole_committee or len(data.groups) > 1, "đảng viên", cells)
    else:
        empty: list[list[object]] = [*_headings(), ["", "Chưa có đảng viên nào trong sổ.", *[""] * (len(COLUMNS) - 2)]]
        parts = [lambda: [_ruled(empty, 2, band=False, empty=True)]]
    probationary = data.total - data.full_members
    totals = (f"Tổng số: {vn.format_int(data.total)} đảng viên (chính thức {vn.format_int(data.full_members)}, "
              f"dự bị {vn.format_int(probationary)}).")
    return [*parts, lambda: [Spacer(1, 4 * mm), layout.para(totals, layout.style(13, align=TA_LEFT))]]


def _part_heading(text: str) -> Flowable:
    return layout.para(text, layout.style(13, bold=True, align=TA_LEFT, space_before=6, space_after=4))


def _part_two(data: RegisterData, cells: TextCells) -> list[Part]:
    """Who left the roll (moved out of the commune, died, out of the Party), under their last organisation."""
    moved, died, left = (vn.format_int(n) for n in data.former_counts())
    totals = (f"Đã ra khỏi danh sách: {vn.format_int(data.former_total)} người (chuyển đi {moved}, "
              f"từ trần {died}, ra khỏi Đảng {left}).")
    return [lambda: [CondPageBreak(40 * mm), _part_heading("Phần II. Đảng viên đã ra khỏi danh sách")],
            *_tables(data.former, data.whole_committee or len(data.former) > 1, "người", cells),
            lambda: [Spacer(1, 4 * mm), layout.para(totals, layout.style(13, align=TA_LEFT))]]


def render_register(data: RegisterData, progress: layout.Progress | None = None) -> bytes:
    """The register as PDF bytes (deterministic); part II only when someone has left the roll.

    ``progress(text, done, total)`` hears of each page (the whole commune is a thousand); it may raise to stop."""
    header = layout.Header(superior=clip(data.superior), issuer=clip(data.issuer), number="",
                           date_line=clip(vn.format_date_line(data.place_name, data.on)) if data.place_name else "")

    def opening() -> list[Flowable]:
        story: list[Flowable] = [layout.header_block(header, PAGE)]
        story += layout.title_block("SỔ DANH SÁCH ĐẢNG VIÊN", clip(data.scope_name),
                                    extra=(f"Tính đến ngày {vn.format_date(data.on)}",))
        return story + [_part_heading("Phần I. Đảng viên trong danh sách")] if data.former else story

    cells = TextCells()   # the document's cells: each distinct text measured and drawn once
    parts: list[Part] = [opening, *_part_one(data, cells), *(_part_two(data, cells) if data.former else [])]
    signature = layout.Signature(tuple(clip(role) for role in data.signature_roles), clip(data.signer_name))
    last = parts[-1]
    parts[-1] = lambda: layout.closed(last(), layout.signatures(None, signature, PAGE))
    # a table is one flowable and nothing in the register is kept with the next: two parts ahead are enough
    story = layout.Parts((make() for make in parts), len(parts), ahead=4)
    return layout.build_pdf(story, title=f"Sổ danh sách đảng viên – {data.scope_name}", page=PAGE,
                            progress=progress)


__all__ = ["render_register", "COLUMNS", "PAGE"]
