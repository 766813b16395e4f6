"""The member register (Sổ danh sách đảng viên, Mẫu 7-HSĐV style) as a landscape A4 PDF.

Header block on page 1, the title, a ruled table per organisation whose headings (and the organisation's
name, when the register covers several) repeat on every page, the totals and the secretary's signature.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from models import vn
from models.reporting.registers import RegisterData, RegisterRow
from printing import layout, long_text
from printing.long_text import clip

PAGE = layout.PageSetup(landscape=True)   # the layout's margins, as on every page
TABLE_SIZE = 9.5   # 14 columns on one landscape page: addresses keep to two lines

# (heading, width in mm): 252 mm, the frame width of landscape A4 with these margins. Measured on the demo
# commune at 10 pt: a residence (“thôn Đông, xã Phố Mới, tỉnh Phú Thọ”) takes ~58 mm and a hometown ~37 mm,
# so the address columns get the room (two lines, not three) and the short ones (gender, ethnicity) give it.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 9), ("Họ và tên\n(tên khai sinh)", 35), ("Ngày sinh", 18), ("Giới tính", 9), ("Dân tộc", 12),
    ("Tôn giáo", 12), ("Quê quán", 20), ("Nơi cư trú", 29), ("Trình độ\n(GDPT; CM; LLCT)", 27),
    ("Nghề nghiệp", 17), ("Ngày vào Đảng", 18), ("Ngày chính thức", 18), ("Số thẻ đảng viên", 18),
    ("Ghi chú", 10),
)  # the card column holds a new-format card (PT25.11846) on one line


def _cells(number: int, row: RegisterRow) -> list[object]:
    name = row.full_name + (f"\n(KS: {row.birth_name})" if row.birth_name else "")
    levels = [row.education, row.qualification, row.political_theory]
    schooling = "; ".join(v or "–" for v in levels) if any(levels) else ""
    notes = [n for n in ("Dự bị" if row.standing_name == "Dự bị" else "", row.status_note, row.notes) if n]
    return [str(number), name, vn.format_date(row.birth_date), row.gender, row.ethnicity,
            row.religion, row.hometown, row.residence, schooling, row.occupation, vn.format_date(row.joined_on),
            vn.format_date(row.official_on), row.card_number, "\n".join(notes)]


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
    """One ruled table; its first ``repeat`` rows (headings, and the organisation's band) repeat on each page."""
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


def _tables(data: RegisterData) -> list[Flowable]:
    """The register's tables: one per organisation, each opening with the headings and its name."""
    if not data.groups:
        empty: list[list[object]] = [*_headings(), ["", "Chưa có đảng viên nào trong sổ.", *[""] * (len(COLUMNS) - 2)]]
        return [_ruled(empty, 2, band=False, empty=True)]
    show_bands = data.whole_committee or len(data.groups) > 1
    tables: list[Flowable] = []
    for group in data.groups:
        cells = [_cells(n, r) for n, r in enumerate(group.rows, 1)]
        for start in range(0, max(len(cells), 1), CHUNK_ROWS):
            head = _headings()
            if show_bands:
                more = " (tiếp)" if start else ""
                head.append(_band(f"{clip(group.org_name)}{more} ({vn.format_int(len(group.rows))} đảng viên)"))
            tables.append(_ruled(head + cells[start:start + CHUNK_ROWS], len(head), band=show_bands))
            tables.append(Spacer(1, 3 * mm))
    return tables[:-1]


def render_register(data: RegisterData) -> bytes:
    """The register as PDF bytes (deterministic)."""
    header = layout.Header(superior=clip(data.superior), issuer=clip(data.issuer), number="",
                           date_line=clip(vn.format_date_line(data.place_name, data.on)) if data.place_name else "")
    story: list[Flowable] = [layout.header_block(header, PAGE)]
    story += layout.title_block("SỔ DANH SÁCH ĐẢNG VIÊN", clip(data.scope_name),
                                extra=(f"Tính đến ngày {vn.format_date(data.on)}",))
    story += _tables(data)
    probationary = data.total - data.full_members
    totals = (f"Tổng số: {vn.format_int(data.total)} đảng viên (chính thức {vn.format_int(data.full_members)}, "
              f"dự bị {vn.format_int(probationary)}).")
    story += [Spacer(1, 4 * mm), layout.para(totals, layout.style(13, align=TA_LEFT))]
    signature = layout.Signature(tuple(clip(role) for role in data.signature_roles), clip(data.signer_name))
    story = layout.closed(story, layout.signatures(None, signature, PAGE))
    return layout.build_pdf(story, title=f"Sổ danh sách đảng viên – {data.scope_name}", page=PAGE)


__all__ = ["render_register", "COLUMNS", "PAGE"]
