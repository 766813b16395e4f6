"""The periodic report (báo cáo tháng / quý / năm) of the commune's Party committee: the office's sentences
with the figures, the figures the charts draw, and the per-organisation annex.

Every figure comes from ``reports.period_figures`` (the same computation as ``report --json``); every rate
is written by vn.format_rate ("97,2%"). printing/periodic_report.py lays it out; models/excel writes it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from models import rules, vn
from models.commune import committee, issuers, numbering, organisations
from models.reporting import periods, reports

# The annex's columns: (header, what it shows); the PDF and the workbook print the same rows.
ANNEX_HEADERS = ("STT", "Tổ chức đảng", "Đảng viên", "Dự bị", "Sinh hoạt đã họp/phải họp", "Tỷ lệ dự họp",
                 "Tham gia học tập", "Đảng phí đã thu (đồng)", "Tỷ lệ thu đảng phí")


@dataclass(frozen=True)
class PeriodReportData:
    period: periods.Period
    superior: str
    committee_name: str
    number: str
    date_line: str
    summary: str                        # the line under BÁO CÁO
    paragraphs: tuple[str, ...]
    figures: dict[str, Any]             # reports.period_figures: what the charts draw
    annex: tuple[tuple[str, ...], ...]  # rows under ANNEX_HEADERS, the total last
    signer_roles: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]


def _count_kinds(data: dict[str, Any]) -> str:
    by_kind = data["organisations"]["by_kind"]
    parts = [f"{vn.format_int(n)} {organisations.UNIT_TYPES[kind].lower()}" for kind, n in by_kind.items() if n]
    return ", ".join(parts)


def sentences(data: dict[str, Any]) -> list[str]:
    """The office's sentences, each figure with its rate: '6.042/6.213 lượt đảng viên dự họp, đạt 97,2%'."""
    n = vn.format_int
    people, m, s, d = data["members"], data["meetings"], data["study"], data["dues"]
    label = data["period"]
    until = vn.format_date(data["as_of"])
    found = [
        f"Thực hiện chức năng, nhiệm vụ được giao, Đảng ủy báo cáo tình hình, kết quả công tác xây dựng Đảng "
        f"{label} (số liệu tính đến ngày {until}) như sau:",
        f"1. Về tổ chức đảng và đảng viên: Đảng bộ có {n(data['organisations']['total'])} tổ chức đảng "
        f"({_count_kinds(data)}) với {n(people['total'])} đảng viên, trong đó {n(people['chinh_thuc'])} đảng viên "
        f"chính thức, {n(people['du_bi'])} đảng viên dự bị; {n(people['mien_sinh_hoat'])} đảng viên được miễn "
        f"công tác và sinh hoạt đảng.",
        f"2. Về sinh hoạt chi bộ: các chi bộ đã sinh hoạt thường kỳ {n(m['held'])}/{n(m['expected'])} buổi, đạt "
        f"{vn.format_rate(m['held'], m['expected'])}; {n(m['present'])}/{n(m['should_attend'])} lượt đảng viên "
        f"dự sinh hoạt, đạt {vn.format_rate(m['present'], m['should_attend'])}.",
    ]
    if s["expected"]:
        found.append(f"3. Về học tập, quán triệt nghị quyết: đã tổ chức {n(s['sessions'])} buổi học tập, quán triệt; "
                     f"{n(s['participants'])}/{n(s['expected'])} lượt đảng viên tham gia, đạt "
                     f"{vn.format_rate(s['participants'], s['expected'])}.")
    else:
        found.append("3. Về học tập, quán triệt nghị quyết: trong kỳ chưa ghi nhận buổi học tập nào.")
    found.append(f"4. Về thu, nộp đảng phí: đã thu {vn.format_money(d['collected'])}/{vn.format_money(d['due'])} "
                 f"phải thu, đạt {vn.format_rate(d['collected'], d['due'])}; "
                 + (f"{n(d['members_unpaid'])} đảng viên còn tháng chưa nộp đủ." if d["members_unpaid"]
                    else "không có đảng viên nợ đảng phí."))
    if data["quarter"] is None and data["month"] is None:
        found.append(_reviews_sentence(data))
    found.append("(Có biểu đồ và phụ lục số liệu của từng tổ chức đảng kèm theo.)")
    return found


def _reviews_sentence(data: dict[str, Any]) -> str:
    counts = data["reviews"]["members"]
    rule_set = rules.for_review_year(int(data["year"]))
    reviewed = sum(counts.get(code, 0) for code in rule_set.level_codes)
    if not reviewed:
        return f"5. Về đánh giá, xếp loại đảng viên năm {data['year']}: chưa có kết quả."
    parts = [f"{vn.format_int(counts.get(code, 0))} đồng chí {rule_set.level_name(code).lower()} "
             f"({vn.format_rate(counts.get(code, 0), reviewed)})" for code in rule_set.level_codes]
    return (f"5. Về đánh giá, xếp loại đảng viên năm {data['year']}: {vn.format_int(reviewed)} đồng chí được "
            f"xếp loại, trong đó " + ", ".join(parts) + f"; {vn.format_int(counts.get('not_reviewed', 0))} "
            "đồng chí không đánh giá, xếp loại.")


def annex_rows(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """A row per organisation (tree order) and the total, the figures as the annex prints them."""
    n = vn.format_int

    def row(index: str, name: str, people: dict[str, int], m: dict[str, int], s: dict[str, int],
            d: dict[str, int]) -> tuple[str, ...]:
        return (index, name, n(people["total"]), n(people["du_bi"]), f"{n(m['held'])}/{n(m['expected'])}",
                vn.format_rate(m["present"], m["should_attend"]), vn.format_rate(s["participants"], s["expected"]),
                n(d["collected"]), vn.format_rate(d["collected"], d["due"]))

    entries = data["by_organisation"]
    rows = []
    for i, r in enumerate(entries, 1):
        family = _with_sub_units(entries, r)
        name = f"– {r['name']}" if r["parent"] else r["name"]
        if len(family) > 1:     # a đảng bộ's own row holds none of its cells' figures: it shows their sum
            name += " (cộng các đơn vị trực thuộc)"
        rows.append(row(str(i), name, *(_summed(family, part) for part in ("members", "meetings", "study", "dues"))))
    rows.append(row("", "Toàn Đảng bộ" if data["scope"] is None else f"Cộng ({data['scope']})", data["members"],
                    data["meetings"], data["study"], data["dues"]))
    return rows


def _with_sub_units(entries: list[dict[str, Any]], top: dict[str, Any]) -> list[dict[str, Any]]:
    """``top`` and every entry under it, at any depth."""
    family, ids = [top], {top["id"]}
    for entry in entries:            # tree order: a parent always comes before its sub-units
        if entry["parent_id"] in ids and entry["id"] not in ids:
            family.append(entry)
            ids.add(entry["id"])
    return family


def _summed(family: list[dict[str, Any]], part: str) -> dict[str, int]:
    """The counts of one part (members, meetings, study, dues) added up; rates are made from the sums."""
    total: dict[str, int] = {}
    for entry in family:
        for key, value in entry[part].items():
            if isinstance(value, int) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
    return total


def report_number(conn: sqlite3.Connection, chosen: periods.Period, on: dt.date) -> str:
    """'Số 03-BC/ĐU': taken when the report is first printed, the same on every reprint of that period."""
    number = numbering.existing(conn, None, "BC", chosen.reference) or numbering.assign(
        conn, None, "BC", on, chosen.reference)
    return numbering.format_number(number, "BC", numbering.issuer_symbol(None, on))


def period_report_data(conn: sqlite3.Connection, year: int, quarter: int | None = None, month: int | None = None,
                       on: dt.date | None = None) -> PeriodReportData:
    """The commune's report of a year, a quarter or a month (only its months already over are counted)."""
    today = on or dt.date.today()
    chosen = periods.period(year, quarter, month, today)
    data = reports.period_figures(conn, chosen, today=today)
    issuer = issuers.document_issuer(conn, None)
    signer = committee.signer_on(conn, today)
    return PeriodReportData(
        period=chosen, superior=issuer.superior, committee_name=issuer.name,
        number=report_number(conn, chosen, today),
        date_line=vn.format_date_line(committee.get(conn).place_name or "", today),
        summary=f"Tình hình, kết quả công tác xây dựng Đảng {chosen.label}",
        paragraphs=tuple(sentences(data)), figures=data, annex=tuple(annex_rows(data)),
        signer_roles=(issuer.on_behalf, signer.role if signer else "BÍ THƯ"),
        signer_name=signer.full_name if signer else "", recipients=committee.recipients(conn))
