"""The data of the review's paper documents for one cell: the self-review forms (bản kiểm điểm), the
ballot (phiếu biểu quyết đề xuất mức xếp loại) and the minutes of the review meeting.

Plain frozen dataclasses; printing/review_forms.py lays them out and never touches the database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from models import vn  # noqa: F401
from models.commune import (
    committee,  # noqa: F401
    issuers,
    numbering,  # noqa: F401
    organisations,  # noqa: F401
)
from models.commune.organisations import Organisation
from models.errors import UserError
from models.people import member_list, members
from models.reviews import form_choice
from models.reviews import records as reviews  # noqa: F401
from models.rules import FormTemplate


@dataclass(frozen=True)
class DocHeader:
    """The two header columns of page 1 (see printing.layout.Header)."""

    superior: str
    issuer: str
    number: str
    date_line: str


@dataclass(frozen=True)
class FormPerson:
    """A member's particulars printed at the top of their self-review form."""

    member_id: int
    full_name: str
    birth_date: str
    joined_on: str
    official_on: str
    position: str
    org_name: str
    occupation: str
    residence: str
    works_in_political_system: bool


@dataclass(frozen=True)
class ReviewForm:
    header: DocHeader
    year: int
    person: FormPerson
    template: FormTemplate
    levels: tuple[tuple[str, str], ...]     # (code, name) in the order to print
    score_max: int | None                   # 100 under 366-QĐ/TW (a line to write the self-score); None before


@dataclass(frozen=True)
class ReviewFormsData:
    title: str
    forms: tuple[ReviewForm, ...]


@dataclass(frozen=True)
class BallotData:
    header: DocHeader
    year: int
    title: str
    summary: str
    org_name: str
    names: tuple[str, ...]
    levels: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MinutesVote:
    full_name: str
    self_level: str
    votes: str           # '9/10' or '' when not entered
    rate: str            # '90,0%' (vn.format_rate) or ''
    cell_level: str      # the cell's proposal, '' without the votes that made it


@dataclass(frozen=True)
class ReviewMinutesData:
    header: DocHeader
    year: int
    summary: str
    org_name: str
    total: int
    reviewed: int
    not_reviewed: tuple[tuple[str, str], ...]          # (name, reason)
    votes: tuple[MinutesVote, ...]
    tally: tuple[tuple[str, int, str], ...]           # (level name, count, rate of reviewed)
    unrated: int                                       # reviewed members with no voted proposal
    org_self_level: str
    org_proposed_level: str
    chair_name: str
    citation: str


def blank_date_line(conn: sqlite3.Connection) -> str:
    """'Phố Mới, ngày ..... tháng ..... năm .......' for documents dated by hand."""
    place = committee.get(conn).place_name or "......."
    return f"{place}, ngày ...... tháng ...... năm ........"


def cell_header(conn: sqlite3.Connection, org: Organisation | None, number: str) -> DocHeader:
    """The header of a paper of ``org`` (None: of the commune committee), its issuer lines from issuers."""
    issuer = issuers.document_issuer(conn, org.id if org else None)
    return DocHeader(superior=issuer.superior, issuer=issuer.name, number=number, date_line=blank_date_line(conn))


def _position(held: list[organisations.Position], member_id: int) -> str:
    """The party offices the member holds on the day; empty for an ordinary member, whose form leaves the line blank."""
    return ", ".join(p.position_name for p in held if p.member_id == member_id)


def _person(row: reviews.MemberReview, member: members.Member, position: str) -> FormPerson:
    d = member.details
    return FormPerson(member_id=member.id, full_name=d.full_name, birth_date=vn.format_date(d.birth_date),
                      joined_on=vn.format_date(member.joined_on), official_on=vn.format_date(member.official_on),
                      position=position, org_name=row.org_name, occupation=d.occupation_now,
                      residence=d.residence, works_in_political_system=d.works_in_political_system)


def review_forms_data(conn: sqlite3.Connection, year: int, org_id: int | None = None,
                      member_ids: list[int] | None = None) -> ReviewFormsData:
    """Self-review forms for the members reviewed in a year: a cell, the whole commune or chosen members.

    The members are read at once and each organisation's offices once (5,000 forms: a few queries, not 15,000)."""
    found = reviews.require_period(conn, year)
    rule_set = found.rule_set
    leaders = form_choice.leaders_in_year(conn, year)
    chosen = None if member_ids is None else set(member_ids)
    rows = [r for r in reviews.member_reviews(conn, year, org_id)
            if (chosen is None and r.reviewed) or (chosen is not None and r.member_id in chosen)]
    if not rows:
        raise UserError(f"Không có đảng viên nào cần in bản kiểm điểm năm {year} trong phạm vi đã chọn. "
                        "Hãy chọn chi bộ khác hoặc mở đợt đánh giá để thêm đảng viên.")
    levels = tuple((level.code, level.name) for level in rule_set.levels)
    score_max = rule_set.scoring.max if rule_set.scoring else None
    people: dict[int, members.Member] = {m.id: m for m in member_list.load(conn, [r.member_id for r in rows])}
    forms = []
    headers: dict[int | None, DocHeader] = {}
    offices: dict[int, list[organisations.Position]] = {}
    for row in rows:
        if row.org_id not in headers:
            org = organisations.get(conn, row.org_id) if row.org_id else None
            headers[row.org_id] = cell_header(conn, org, "")
        if row.org_id is not None and row.org_id not in offices:
            offices[row.org_id] = organisations.positions(conn, row.org_id, found.review_on)
        member = people[row.member_id]
        person = _person(row, member, _position(offices.get(row.org_id or -1, []), member.id))
        template = form_choice.form_of(rule_set, member.id in leaders, member.details.works_in_political_system)
        forms.append(ReviewForm(headers[row.org_id], year, person, template, levels, score_max))
    return ReviewFormsData(title=f"Bản kiểm điểm đảng viên năm {year}", forms=tuple(forms))


def _cell(conn: sqlite3.Connection, org_id: int | None) -> Organisation:
    if org_id is None:
        raise UserError("Hãy chọn chi bộ (tùy chọn --org TÊN_CHI_BỘ).")
    org = organisations.get(conn, org_id)
    if not org.is_cell:
        raise UserError(f"{org.name} không phải là chi bộ. Phiếu biểu quyết và biên bản kiểm điểm "
                        "lập theo từng chi bộ; hãy chọn một chi bộ.")
    return org


def ballot_data(conn: sqlite3.Connection, year: int, org_id: int) -> BallotData:
    """The ballot for a cell: every member to be reviewed, the four levels as columns to tick."""
    rule_set = reviews.require_period(conn, year).rule_set
    org = _cell(conn, org_id)
    names = tuple(r.full_name for r in reviews.member_reviews(conn, year, org.id) if r.reviewed and r.org_id == org.id)
    if not names:
        raise UserError(f"{org.name} không có đảng viên nào được đánh giá năm {year}.")
    forms = rule_set.review_forms
    return BallotData(header=cell_header(conn, org, ""), year=year, title=forms.ballot_title,
                      summary=forms.ballot_summary.format(year=year), org_name=org.name, names=names,
                      levels=tuple((level.code, level.name) for level in rule_set.levels))


def _voted(row: reviews.MemberReview) -> bool:
    """The cell voted on this member's level: the minutes print a proposal only with the votes that made it."""
    return row.votes_for is not None and bool(row.votes_total)


def _vote_text(row: reviews.MemberReview) -> tuple[str, str]:
    """('9/10', '90,0%'), or two blanks when the cell has not voted on the member."""
    if row.votes_for is None or not row.votes_total:
        return "", ""
    return f"{row.votes_for}/{row.votes_total}", vn.format_rate(row.votes_for, row.votes_total)


def minutes_data(conn: sqlite3.Connection, year: int, org_id: int) -> ReviewMinutesData:
    """The minutes of a cell's review meeting with the vote per member and the tally."""
    found = reviews.require_period(conn, year)
    rule_set = found.rule_set
    org = _cell(conn, org_id)
    rows = [r for r in reviews.member_reviews(conn, year, org.id) if r.org_id == org.id]
    rated = [r for r in rows if r.reviewed]
    proposed = {r.member_id: r.cell_level if _voted(r) else None for r in rated}
    votes = tuple(MinutesVote(r.full_name, rule_set.level_name(r.self_level), *_vote_text(r),
                              rule_set.level_name(proposed[r.member_id])) for r in rated)
    tally = tuple((rule_set.level_name(code), n, vn.format_rate(n, len(rated)))
                  for code in rule_set.level_codes for n in [sum(1 for v in proposed.values() if v == code)])
    own = next((o for o in reviews.org_reviews(conn, year, org.id) if o.org_id == org.id), None)
    symbol = numbering.issuer_symbol(org.id, found.review_on)
    return ReviewMinutesData(
        header=cell_header(conn, org, f"Số ......-BB/{symbol}"), year=year,
        summary=rule_set.review_forms.minutes_summary.format(year=year), org_name=org.name,
        total=len(rows), reviewed=len(rated),
        not_reviewed=tuple((r.full_name, r.not_reviewed_reason) for r in rows if not r.reviewed),
        votes=votes, tally=tally, unrated=sum(1 for v in proposed.values() if not v),
        org_self_level=rule_set.level_name(own.self_level) if own else "",
        org_proposed_level=rule_set.level_name(own.proposed_level) if own else "",
        chair_name=organisations.secretary_name(conn, org.id, min(found.review_on, dt.date.today())),
        citation=f"{rule_set.citations.review} và {rule_set.citations.guidance}")
