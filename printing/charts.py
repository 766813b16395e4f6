"""The office's charts, drawn once with reportlab's graphics for both paper and screen.

A chart is a reportlab ``Drawing``: the periodic report puts it in the PDF as a flowable, and the window
shows the same drawing as SVG (``svg``) in a QSvgWidget. One drawing code for both, no new dependency
(Qt Charts would need PySide6-Addons, 100+ MB, and a second drawing of every chart for the PDF).

Every string is in the document font (Liberation Serif, registered by printing.fonts), so Vietnamese prints
with its diacritics; the SVG names the font by its family, which the window registers with Qt.
Every figure comes computed in the report's data (``report --json``'s keys): a chart never counts anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from models import rules, vn
from printing.fonts import FONT, register_fonts
from printing.text import plain

WIDTH = 460.0            # points: the width of a portrait page's text frame (165 mm) less a little
FAMILY = "Liberation Serif"   # the family name inside the shipped TTF files (what Qt knows the font by)
BAR = colors.HexColor("#2f5f8f")
OTHER = colors.HexColor("#9aa9b8")
GRID = colors.HexColor("#d0d0d0")
TEXT = colors.HexColor("#202020")
TITLE_SIZE = 11.0
LABEL_SIZE = 8.5
TOP_ORGANISATIONS = 12   # organisations drawn one by one; the rest as one bar "các tổ chức khác"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str                       # the figure written at the bar, formatted the Vietnamese way
    muted: bool = False             # a bar that groups the rest (drawn paler)


@dataclass(frozen=True)
class Chart:
    """A chart's name (what the window and the paper call it) and its drawing."""

    key: str
    title: str
    drawing: Drawing


# ---------------------------------------------------------------- drawing primitives

def _width(text: str, size: float, bold: bool = False) -> float:
    return float(pdfmetrics.stringWidth(text, FONT + ("-Bold" if bold else ""), size))


def fit_text(text: str, size: float, room: float) -> str:
    """The text, cut with '…' to fit ``room`` points (a long organisation name must not run into its bar)."""
    text = plain(text)
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _string(x: float, y: float, text: str, size: float = LABEL_SIZE, anchor: str = "start",
            bold: bool = False) -> String:
    return String(x, y, text, fontName=FONT + ("-Bold" if bold else ""), fontSize=size, fillColor=TEXT,
                  textAnchor=anchor)


def _titled(height: float, title: str) -> tuple[Drawing, float]:
    """A drawing with its title on top; returns it and the height left below the title."""
    register_fonts()
    drawing = Drawing(WIDTH, height, initialFontName=FONT)   # else the PDF names Helvetica, unembedded
    drawing.add(Rect(0, 0, WIDTH, height, fillColor=colors.white, strokeColor=None))   # the screen's paper
    drawing.add(_string(0, height - TITLE_SIZE, fit_text(title, TITLE_SIZE, WIDTH), TITLE_SIZE, bold=True))
    return drawing, height - TITLE_SIZE - 8


def horizontal_bars(title: str, bars: Sequence[Bar], scale_max: float | None = None, note: str = "") -> Drawing:
    """One bar a line, its label on the left (cut to fit), its figure after its end."""
    line = 15.0
    height = TITLE_SIZE + 8 + line * max(len(bars), 1) + (14 if note else 4)
    drawing, top = _titled(height, title)
    label_room = WIDTH * 0.38
    value_room = max([_width(b.text, LABEL_SIZE) for b in bars] + [30]) + 6
    bar_room = WIDTH - label_room - 6 - value_room
    biggest = scale_max or max([b.value for b in bars] + [1])
    for i, bar in enumerate(bars):
        y = top - (i + 1) * line + 3
        drawing.add(_string(label_room, y + 2, fit_text(bar.label, LABEL_SIZE, label_room - 4), anchor="end"))
        length = bar_room * (bar.value / biggest if biggest else 0)
        drawing.add(Rect(label_room + 4, y, max(length, 0.5), line - 5, fillColor=OTHER if bar.muted else BAR,
                         strokeColor=None))
        drawing.add(_string(label_room + 8 + length, y + 2, bar.text))
    if not bars:
        drawing.add(_string(0, top - line + 3, "Chưa có số liệu."))
    if note:
        drawing.add(_string(0, 2, fit_text(note, LABEL_SIZE - 0.5, WIDTH), LABEL_SIZE - 0.5))
    return drawing


def vertical_bars(title: str, bars: Sequence[Bar], scale_max: float, ticks: Sequence[tuple[float, str]],
                  height: float = 170) -> Drawing:
    """Columns (the months of a period) over a scale with grid lines; the figure above each column."""
    drawing, top = _titled(height, title)
    axis_room = max([_width(text, LABEL_SIZE) for _, text in ticks] + [10]) + 6
    bottom = 16.0
    plot_height = top - bottom - 14
    plot_width = WIDTH - axis_room
    for value, text in ticks:
        y = bottom + plot_height * value / scale_max
        drawing.add(Line(axis_room, y, WIDTH, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(_string(axis_room - 4, y - 3, text, anchor="end"))
    slot = plot_width / max(len(bars), 1)
    figure_size = LABEL_SIZE if slot > 34 else LABEL_SIZE - 1.5
    for i, bar in enumerate(bars):
        x = axis_room + i * slot
        length = plot_height * min(bar.value, scale_max) / scale_max if scale_max else 0
        drawing.add(Rect(x + slot * 0.18, bottom, slot * 0.64, max(length, 0.5), fillColor=BAR, strokeColor=None))
        drawing.add(_string(x + slot / 2, bottom + length + 3, bar.text, figure_size, anchor="middle"))
        drawing.add(_string(x + slot / 2, 4, fit_text(bar.label, LABEL_SIZE, slot), anchor="middle"))
    if not bars:
        drawing.add(_string(axis_room + 6, bottom + plot_height / 2, "Chưa có số liệu."))
    return drawing


def _nice_step(biggest: float, steps: int = 4) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) that covers ``biggest`` in about ``steps`` grid lines."""
    raw = max(biggest, 1) / steps
    power = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)


# ---------------------------------------------------------------- the office's charts

def _rate_text(value: float | None) -> str:
    return "–" if value is None else vn.format_decimal(value) + "%"


def members_by_status(data: dict[str, Any]) -> Drawing:
    people = data["members"]
    bars = [Bar("Chính thức", people["chinh_thuc"], vn.format_int(people["chinh_thuc"])),
            Bar("Dự bị", people["du_bi"], vn.format_int(people["du_bi"])),
            Bar("Miễn công tác và sinh hoạt", people["mien_sinh_hoat"], vn.format_int(people["mien_sinh_hoat"]))]
    return horizontal_bars(f"Đảng viên theo tình trạng (tổng số {vn.format_int(people['total'])}, "
                           f"đến {vn.format_date(data['as_of'])})", bars)


def _organisations(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in data.get("by_organisation", []) if row["id"] is not None]


def _names(rows: list[dict[str, Any]]) -> dict[int, str]:
    """Each organisation's label: its name, with the body above it when another one bears the same name."""
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["name"]] = seen.get(row["name"], 0) + 1
    return {row["id"]: f"{row['name']} ({row['parent']})" if seen[row["name"]] > 1 and row["parent"] else row["name"]
            for row in rows}


def members_by_organisation(data: dict[str, Any], top: int = TOP_ORGANISATIONS) -> Drawing:
    """The organisations with the most members one by one, then the others as one bar (285 stay readable)."""
    rows = sorted((r for r in _organisations(data) if r["members"]["total"]), key=lambda r: -r["members"]["total"])
    names = _names(_organisations(data))
    bars = [Bar(names[r["id"]], r["members"]["total"], vn.format_int(r["members"]["total"])) for r in rows[:top]]
    rest = rows[top:]
    note = ""
    if rest:   # written, not drawn: one bar for 250 organisations would flatten the others to slivers
        count = sum(r["members"]["total"] for r in rest)
        note = f"{vn.format_int(len(rest))} tổ chức khác: {vn.format_int(count)} đảng viên, mỗi tổ chức từ " \
               f"{vn.format_int(min(r['members']['total'] for r in rest))} đến " \
               f"{vn.format_int(max(r['members']['total'] for r in rest))} (xem phụ lục)."
    title = "Đảng viên theo tổ chức đảng"
    title += f" ({top} tổ chức đông nhất trong {vn.format_int(len(rows))})" if rest else ""
    return horizontal_bars(title, bars, note=note)


def study_by_organisation(data: dict[str, Any], top: int = TOP_ORGANISATIONS) -> Drawing:
    """Participation in study by organisation: the lowest first (where the office must act), the rest summed."""
    rows = [r for r in _organisations(data) if r["study"]["expected"]]
    rows.sort(key=lambda r: (r["study"]["participation_rate"], r["name"]))
    names = _names(_organisations(data))
    bars = [Bar(names[r["id"]], r["study"]["participation_rate"] or 0, _rate_text(r["study"]["participation_rate"]))
            for r in rows[:top]]
    rest = rows[top:]
    if rest:
        done = sum(r["study"]["participants"] for r in rest)
        asked = sum(r["study"]["expected"] for r in rest)
        rate = vn.rate(done, asked)
        bars.append(Bar(f"{vn.format_int(len(rest))} tổ chức khác", float(rate or 0),
                        vn.format_percent(rate), muted=True))
    title = "Tỷ lệ đảng viên tham gia học tập nghị quyết theo tổ chức"
    if rest:
        title += f" (thấp nhất {len(bars) - 1}/{vn.format_int(len(rows))})"
    total = data["study"]
    note = f"Toàn bộ: {vn.format_int(total['participants'])}/{vn.format_int(total['expected'])} lượt, đạt " \
           f"{_rate_text(total['participation_rate'])}."
    return horizontal_bars(title, bars, scale_max=100, note=note)


def _month_label(month: int) -> str:
    return f"T{month}"


def attendance_by_month(data: dict[str, Any]) -> Drawing:
    bars = [Bar(_month_label(m["month"]), m["attendance_rate"] or 0, _rate_text(m["attendance_rate"]))
            for m in data.get("by_month", [])]
    ticks = [(v, f"{v}%") for v in (0, 25, 50, 75, 100)]
    return vertical_bars("Tỷ lệ đảng viên dự sinh hoạt chi bộ theo tháng", bars, 100, ticks)


def dues_by_month(data: dict[str, Any]) -> Drawing:
    """Dues collected each month, in millions of đồng on the scale and above each column."""
    months = data.get("by_month", [])
    millions = [m["dues_collected"] / 1_000_000 for m in months]
    step = _nice_step(max(millions + [0]))
    top = step * max(1, -(-max(millions + [0]) // step))
    ticks = [(step * k, vn.format_decimal(step * k, 0 if step >= 1 else 1)) for k in range(int(round(top / step)) + 1)]
    bars = [Bar(_month_label(m["month"]), value, vn.format_decimal(value, 1 if value < 100 else 0))
            for m, value in zip(months, millions, strict=True)]
    return vertical_bars("Đảng phí đã thu theo tháng (triệu đồng)", bars, top, ticks)


def reviews_by_level(data: dict[str, Any]) -> Drawing:
    """Members per review level (the year's review; a quarter or a month shows the year's results so far)."""
    rule_set = rules.for_review_year(int(data["year"]))
    counts = data["reviews"]["members"]
    bars = [Bar(rule_set.level_name(code), counts.get(code, 0), vn.format_int(counts.get(code, 0)))
            for code in rule_set.level_codes]
    bars.append(Bar("Không đánh giá", counts.get("not_reviewed", 0), vn.format_int(counts.get("not_reviewed", 0)),
                    muted=True))
    return horizontal_bars(f"Kết quả đánh giá, xếp loại đảng viên năm {data['year']}", bars)


CHARTS = (
    ("members_by_status", members_by_status),
    ("members_by_organisation", members_by_organisation),
    ("attendance_by_month", attendance_by_month),
    ("study_by_organisation", study_by_organisation),
    ("reviews_by_level", reviews_by_level),
    ("dues_by_month", dues_by_month),
)


def all_charts(data: dict[str, Any], keys: Sequence[str] | None = None) -> list[Drawing]:
    """The office's charts of a report's data, in the report's order (or just those named)."""
    return [draw(data) for key, draw in CHARTS if keys is None or key in keys]


# ---------------------------------------------------------------- to the screen

_FONT_NAME = re.compile(rb"font-family: ?" + re.escape(FONT.encode()) + rb"(-Bold)?")


def svg(drawing: Drawing) -> bytes:
    """The drawing as SVG bytes for a QSvgWidget: the font named by its family (bold as a weight), which
    the window registers from the same TTF files the PDF embeds."""
    text = renderSVG.drawToString(drawing).encode("utf-8")
    return _FONT_NAME.sub(lambda m: b"font-family: '" + FAMILY.encode() + b"'"
                          + (b"; font-weight: bold" if m.group(1) else b""), text)
