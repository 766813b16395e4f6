"""The committee's summary of a year's review (tổng hợp kết quả đánh giá, xếp loại) and the short
report (BÁO CÁO) that states its figures the way the office writes them.

Every rate is computed here through vn.format_rate, once; printing/reports.py only lays it out.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from models import vn
from models.commune import committee, issuers, numbering, organisations
from models.commune.organisations import Organisation
from models.errors import UserError
from models.reviews import records as reviews
from models.reviews.review_rules import QuotaGroup, quota_groups
from models.rules import RuleSet


@dataclass(frozen=True)
class LevelRow:
    """One line of the summary table: a unit (or a total) and its figures per level."""

    label: str
    kind: str                      # cell, subtotal (a đảng bộ cơ sở), child (a cell in it) or total
    total: int                     # on the review list
    reviewed: int
    counts: tuple[int, ...]        # per level, in the rule set's order (best first)
    rates: tuple[str, ...]         # vn.format_rate(count, reviewed)
    not_reviewed: int
    unrated: int                   # reviewed but no level entered yet


@dataclass(frozen=True)
class QuotaLine:
    where: str
    excellent: int
    good: int
    limit: int
    ok: bool


@dataclass(frozen=True)
class ReviewSummaryData:
    year: int
    superior: str
    committee_name: str
    number: str
    date_line: str
    title: str
    rule_set_name: str
    level_names: tuple[str, ...]
    member_rows: tuple[LevelRow, ...]
    org_rows: tuple[LevelRow, ...]
    not_reviewed: tuple[tuple[str, str, str], ...]     # (name, organisation, reason)
    quota: tuple[QuotaLine, ...]
    report: tuple[str, ...]                             # the BÁO CÁO paragraphs
    warnings: tuple[str, ...]
    signer_roles: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]                         # the "Nơi nhận" lines, from Cài đặt


def _row(codes: tuple[str, ...], label: str, kind: str, levels: Sequence[str | None], not_reviewed: int) -> LevelRow:
    reviewed = len(levels)
    counts = tuple(sum(1 for level in levels if level == code) for code in codes)
    return LevelRow(label, kind, reviewed + not_reviewed, reviewed, counts,
                    tuple(vn.format_rate(n, reviewed) for n in counts), not_reviewed,
                    sum(1 for level in levels if level not in codes))


def _member_rows(codes: tuple[str, ...], orgs: list[Organisation], rows: list[reviews.MemberReview]) -> list[LevelRow]:
    """A line per organisation holding members, a subtotal per đảng bộ cơ sở, then the commune's total."""
    by_org: dict[int | None, list[reviews.MemberReview]] = {}
    for r in rows:
        by_org.setdefault(r.org_id, []).append(r)

    def line(label: str, kind: str, group: list[reviews.MemberReview]) -> LevelRow:
        return _row(codes, label, kind, [r.level for r in group if r.reviewed], sum(1 for r in group if not r.reviewed))

    result: list[LevelRow] = []
    for org in orgs:
        if org.unit_type == "dang_bo_co_so":
            inside = [o.id for o in orgs if o.parent_id == org.id] + [org.id]
            group = [r for i in inside for r in by_org.get(i, [])]
            if group:
                result.append(line(org.name, "subtotal", group))
        elif by_org.get(org.id):
            child = org.parent_id is not None
            result.append(line(f"– {org.name}" if child else org.name, "child" if child else "cell", by_org[org.id]))
    result.append(line("Toàn Đảng bộ", "total", rows))
    return result


def _org_rows(codes: tuple[str, ...], orgs: dict[int, Organisation], rows: list[reviews.OrgReview]) -> list[LevelRow]:
    """Grassroots organisations (rated by the commune committee), the cells under each đảng bộ cơ sở, then
    the total of every organisation reviewed (the figure ``report --json`` carries)."""

    def line(label: str, kind: str, group: list[reviews.OrgReview]) -> LevelRow:
        return _row(codes, label, kind, [o.level for o in group if o.reviewed], sum(1 for o in group if not o.reviewed))

    result = [line("Tổ chức cơ sở đảng", "cell", [o for o in rows if o.parent_id is None])]
    for parent_id in dict.fromkeys(o.parent_id for o in rows if o.parent_id is not None):
        group = [o for o in rows if o.parent_id == parent_id]
        result.append(line(f"Chi bộ trực thuộc {orgs[parent_id].name}" if parent_id in orgs else "Chi bộ trực thuộc",
                           "cell", group))
    if len(result) > 1:
        result.append(line("Cộng chung", "total", rows))
    return result


def _quota_lines(rule_set: RuleSet, orgs: dict[int, Organisation], member_rows: list[reviews.MemberReview],
                 org_rows: list[reviews.OrgReview]) -> list[QuotaLine]:
    if not rule_set.quota.enabled:
        return []
    roots = {r.member_id: organisations.grassroots_in(orgs, orgs[r.org_id])
             for r in member_rows if r.reviewed and r.org_id in orgs}
    rated_members = quota_groups(rule_set, [(roots[r.member_id].id, roots[r.member_id].name, r.level)
                                            for r in member_rows if r.member_id in roots])
    superiors = [(o.parent_id if o.parent_id in orgs else None,
                  orgs[o.parent_id].name if o.parent_id in orgs else "Đảng bộ xã", o.level)
                 for o in org_rows if o.reviewed]
    return ([_quota_line("Đảng viên", g) for g in rated_members]
            + [_quota_line("Tổ chức đảng", g) for g in quota_groups(rule_set, superiors)])


def _quota_line(what: str, group: QuotaGroup) -> QuotaLine:
    return QuotaLine(f"{what} – {group.name}", group.excellent, group.good, group.limit, group.ok)


def _unit_word(rows: list[reviews.OrgReview]) -> str:
    return "chi bộ" if all(o.unit_type != "dang_bo_co_so" for o in rows) else "tổ chức cơ sở đảng"


def figures_sentence(rule_set: RuleSet, noun: str, row: LevelRow) -> str:
    """'13 chi bộ: 2 chi bộ hoàn thành xuất sắc nhiệm vụ (15,4%), ...' from one summary line."""
    parts = [f"{vn.format_int(n)} {noun} {rule_set.level_name(code).lower()} ({rate})"
             for code, n, rate in zip(rule_set.level_codes, row.counts, row.rates, strict=True)]
    text = f"{vn.format_int(row.reviewed)} {noun}: " + ", ".join(parts)
    if row.unrated:
        text += f"; {vn.format_int(row.unrated)} {noun} chưa có kết quả xếp loại"
    return text + "."


def reason_groups(rule_set: RuleSet, rows: Sequence[reviews.MemberReview]) -> list[tuple[str, int]]:
    """Members not reviewed, counted by kind of reason ('mới kết nạp chưa đủ 6 tháng': 8), largest first."""
    months = rule_set.not_reviewed.admitted_within_months
    counts: dict[str, int] = {}
    for r in rows:
        if r.reviewed:
            continue
        reason = r.not_reviewed_reason or "không rõ lý do"
        if reason.startswith("Kết nạp ngày"):
            reason = f"mới kết nạp chưa đủ {months} tháng"
        elif reason.startswith("Sinh hoạt tạm thời"):
            reason = "sinh hoạt tạm thời, đánh giá nơi sinh hoạt chính thức"
        key = reason[:1].lower() + reason[1:]
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def _stated(rule_set: RuleSet, topic: str, noun: str, row: LevelRow) -> str:
    """'<topic>, kết quả xếp loại 13 chi bộ: 2 chi bộ ...', or that none of them is rated yet."""
    if row.reviewed and row.unrated == row.reviewed:
        return f"{topic}: {vn.format_int(row.reviewed)} {noun} chưa có kết quả xếp loại."
    return f"{topic}, kết quả xếp loại {figures_sentence(rule_set, noun, row)}"


def _report(rule_set: RuleSet, year: int, grassroots: list[reviews.OrgReview], member_total: LevelRow,
            org_rows: list[LevelRow], quota: list[QuotaLine], not_reviewed: list[tuple[str, int]]) -> list[str]:
    noun = _unit_word(grassroots)
    paragraphs = [f"Thực hiện {rule_set.citations.review} và {rule_set.citations.guidance}, Đảng ủy đã chỉ "
                  f"đạo các tổ chức đảng tiến hành kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng "
                  f"viên năm {year}. Kết quả như sau:"]
    paragraphs.append(_stated(rule_set, "1. Về tổ chức cơ sở đảng", noun, org_rows[0]))
    inside = [row for row in org_rows[1:] if row.kind == "cell"]
    if inside:
        sums = [sum(r.counts[k] for r in inside) for k in range(len(rule_set.levels))]
        reviewed = sum(r.reviewed for r in inside)
        row = LevelRow("", "total", sum(r.total for r in inside), reviewed, tuple(sums),
                       tuple(vn.format_rate(n, reviewed) for n in sums), sum(r.not_reviewed for r in inside),
                       sum(r.unrated for r in inside))
        paragraphs.append(_stated(rule_set, "Chi bộ trực thuộc các đảng bộ cơ sở", "chi bộ", row))
    paragraphs.append(_stated(rule_set, f"2. Về đảng viên, tổng số {vn.format_int(member_total.total)} đảng viên",
                              "đồng chí", member_total))
    if member_total.not_reviewed:
        reasons = "; ".join(f"{reason}: {vn.format_int(n)}" for reason, n in not_reviewed)
        paragraphs.append(f"Không đánh giá, xếp loại {vn.format_int(member_total.not_reviewed)} đồng chí "
                          f"({reasons}), có danh sách kèm theo.")
    broken = [q for q in quota if not q.ok]
    share = f"3. Tỷ lệ xếp loại {rule_set.level_name(rule_set.quota.level).lower()}"
    if broken:
        paragraphs.append(f"{share} vượt quy định ở: "
                          + "; ".join(f"{q.where} ({q.excellent} so với tối đa {q.limit})" for q in broken)
                          + ". Đề nghị xem xét lại trước khi quyết định.")
    else:
        paragraphs.append(f"{share} bảo đảm theo quy định.")
    return paragraphs


def summary_number(conn: sqlite3.Connection, year: int, on: dt.date) -> str:
    """'Số 01-BC/ĐU' from the register of numbers: taken when the summary is first printed, the same on
    every later printing (its reference is the year reviewed, so a reprint in January burns no number)."""
    opened = numbering.existing(conn, None, "BC", f"review-summary:{year}")
    number = opened or numbering.assign(conn, None, "BC", on, f"review-summary:{year}")
    return numbering.format_number(number, "BC", numbering.issuer_symbol(None, on))


def _signer(conn: sqlite3.Connection, on: dt.date) -> tuple[str, str]:
    """The role and name of the committee's signer on the date (no one recorded: BÍ THƯ, a name by hand)."""
    signer = committee.signer_on(conn, on)
    return (signer.role, signer.full_name) if signer else ("BÍ THƯ", "")


def summary_data(conn: sqlite3.Connection, year: int, on: dt.date | None = None) -> ReviewSummaryData:
    """The commune's summary of a year's review (all organisations) with its short report."""
    found = reviews.require_period(conn, year)
    rule_set = found.rule_set
    all_orgs = organisations.all_organisations(conn)
    orgs: dict[int, Organisation] = {int(o.id): o for o in all_orgs}
    member_rows = reviews.member_reviews(conn, year)
    org_rows = reviews.org_reviews(conn, year)
    if not member_rows and not org_rows:
        raise UserError(f"Đợt đánh giá năm {year} chưa có đảng viên hay tổ chức nào. Hãy mở lại đợt đánh giá.")
    lines = _member_rows(rule_set.level_codes, all_orgs, member_rows)
    org_lines = _org_rows(rule_set.level_codes, orgs, org_rows)
    quota = _quota_lines(rule_set, orgs, member_rows, org_rows)
    info = committee.get(conn)
    issuer = issuers.document_issuer(conn, None)
    today = on or dt.date.today()
    grassroots = [o for o in org_rows if o.parent_id is None]
    role, signer_name = _signer(conn, today)
    return ReviewSummaryData(
        year=year, superior=issuer.superior, committee_name=issuer.name, number=summary_number(conn, year, today),
        date_line=vn.format_date_line(info.place_name or "", today),
        title=rule_set.review_forms.summary_title.format(year=year), rule_set_name=rule_set.name,
        level_names=tuple(level.name for level in rule_set.levels),
        member_rows=tuple(lines), org_rows=tuple(org_lines),
        not_reviewed=tuple((r.full_name, r.org_name, r.not_reviewed_reason) for r in member_rows if not r.reviewed),
        quota=tuple(quota),
        report=tuple(_report(rule_set, year, grassroots, lines[-1], org_lines, quota,
                             reason_groups(rule_set, member_rows))),
        warnings=tuple(w.message for w in reviews.warnings(conn, year) if w.code != "quota"),
        signer_roles=(issuer.on_behalf, role), signer_name=signer_name, recipients=committee.recipients(conn))
