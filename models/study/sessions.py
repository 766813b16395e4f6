"""Studying resolutions (học tập, quán triệt nghị quyết) and Chỉ thị 05 (DOMAIN.md §6).

Documents are studied in sessions to which organisations are invited; everyone attending their
cell on the session's day is expected and marked present by default, the user marks absences and
grades the reflections (bài thu hoạch). Each year members and collectives register under Chỉ thị 05.
Rates are reported as the office writes them: vn.format_ratio ('6.042/6.213, đạt 97,2%').
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from models import rules, vn
from models.commune import organisations
from models.errors import UserError
from models.people import member_list
from models.people.member_events import ATTENDING_STATUSES
from models.storage import audit
from models.storage.db import transaction

MODES = ("truc_tiep", "truc_tuyen", "ket_hop")


def document_kinds(on: dt.date | None = None) -> dict[str, str]:
    return dict(rules.for_date(on or dt.date.today()).study.document_kinds)


def mode_names(on: dt.date | None = None) -> dict[str, str]:
    return dict(rules.for_date(on or dt.date.today()).study.modes)


def reflection_grades(on: dt.date | None = None) -> list[str]:
    """Grades a reflection may get (Tốt, Khá, Đạt, Chưa đạt), from the rule set."""
    return list(rules.for_date(on or dt.date.today()).study.reflection_grades)


def ct05_results(year: int) -> list[str]:
    return list(rules.for_review_year(year).study.ct05_results)


def _in(column: str, ids: list[int] | None) -> tuple[str, list[object]]:
    """An ' AND column IN (...)' filter for an organisation scope (nothing when None)."""
    if ids is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(ids))})" if ids else " AND 0", list(ids)


# ---------------------------------------------------------------- documents

@dataclass(frozen=True)
class Document:
    code: str                   # number and symbol, e.g. 57-NQ/TW
    title: str
    issuer: str = ""
    issued_on: dt.date | None = None
    kind: str = "nghi_quyet"
    id: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} – {self.title}" if self.code else self.title


def _document(row: sqlite3.Row) -> Document:
    return Document(row["code"], row["title"], row["issuer"], vn.to_date(row["issued_on"]), row["kind"], row["id"])


# How many characters each typed text may hold in the study lists and reports; the Qt fields take
# setMaxLength from here.
MAX_LENGTHS = {"code": 50, "title": 300, "issuer": 200, "place": 200, "note": 500, "grade": 20}
LABELS = {"code": "Số, ký hiệu văn bản", "title": "Trích yếu văn bản", "issuer": "Cơ quan ban hành",
          "place": "Địa điểm học tập", "note": "Ghi chú", "grade": "Xếp loại bài thu hoạch"}


def clean_field(name: str, value: str | None) -> str:
    """One typed text of the study records, cleaned at the door and held to its limit (UserError naming it).

    A document's number and symbol is an identifier: full-width "５７ - NQ/TW" is stored as "57-NQ/TW".
    """
    text = vn.clean_identifier(value) if name == "code" else vn.clean_text(value)
    return vn.check_length(text, LABELS[name], MAX_LENGTHS[name], "sổ theo dõi học tập")


def _clean_document(doc: Document) -> Document:
    clean = Document(clean_field("code", doc.code), clean_field("title", doc.title), clean_field("issuer", doc.issuer),
                     doc.issued_on, doc.kind, doc.id)
    if not clean.title:
        raise UserError("Hãy nhập trích yếu (tên) của văn bản, ví dụ “Về đột phá phát triển khoa học, công nghệ”.")
    if not clean.code:
        raise UserError("Hãy nhập số, ký hiệu của văn bản, ví dụ “57-NQ/TW”.")
    if clean.kind not in document_kinds():
        raise UserError(f"Loại văn bản không hợp lệ. Hãy chọn: {', '.join(document_kinds().values())}.")
    if clean.issued_on and clean.issued_on > dt.date.today():
        raise UserError("Ngày ban hành không thể ở tương lai. Hãy kiểm tra lại.")
    return clean


def create_document(conn: sqlite3.Connection, doc: Document) -> Document:
    clean = _clean_document(doc)
    with transaction(conn):
        cursor = conn.execute("INSERT INTO study_documents (code, title, issuer, issued_on, kind)"
                              " VALUES (?, ?, ?, ?, ?)",
                              (clean.code, clean.title, clean.issuer, vn.iso(clean.issued_on), clean.kind))
        doc_id = int(cursor.lastrowid or 0)
        audit.record(conn, "thêm văn bản học tập", "study_document", doc_id, {"code": clean.code, "title": clean.title})
    return get_document(conn, doc_id)


def update_document(conn: sqlite3.Connection, doc: Document) -> Document:
    get_document(conn, doc.id)
    clean = _clean_document(doc)
    with transaction(conn):
        conn.execute("UPDATE study_documents SET code = ?, title = ?, issuer = ?, issued_on = ?, kind = ? WHERE id = ?",
                     (clean.code, clean.title, clean.issuer, vn.iso(clean.issued_on), clean.kind, clean.id))
        audit.record(conn, "sửa văn bản học tập", "study_document", clean.id,
                     {"code": clean.code, "title": clean.title})
    return get_document(conn, clean.id)


def get_document(conn: sqlite3.Connection, doc_id: int) -> Document:
    row = conn.execute("SELECT * FROM study_documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise UserError(f"Không có văn bản học tập mã số {doc_id}.")
    return _document(row)


def documents(conn: sqlite3.Connection) -> list[Document]:
    """Every document, newest first."""
    rows = conn.execute("SELECT * FROM study_documents ORDER BY coalesce(issued_on, '') DESC, id DESC")
    return [_document(r) for r in rows]


# ---------------------------------------------------------------- sessions

@dataclass(frozen=True)
class Session:
    document_id: int
    held_on: dt.date
    org_ids: tuple[int, ...]     # the organisations invited (their sub-units come too)
    mode: str = "truc_tiep"
    connection_points: int = 1
    place: str = ""
    note: str = ""
    id: int = 0


def _clean_session(conn: sqlite3.Connection, session: Session) -> Session:
    get_document(conn, session.document_id)
    if session.held_on is None:
        raise UserError("Hãy nhập ngày học tập (ngày/tháng/năm).")
    if session.held_on > dt.date.today() + dt.timedelta(days=366):
        raise UserError("Ngày học tập quá xa trong tương lai. Hãy kiểm tra lại năm.")
    if session.mode not in MODES:
        raise UserError(f"Hình thức không hợp lệ. Hãy chọn: {', '.join(mode_names().values())}.")
    if not 1 <= int(session.connection_points) <= 1000:
        raise UserError("Số điểm cầu phải từ 1 trở lên.")
    if not session.org_ids:
        raise UserError("Hãy chọn ít nhất một tổ chức đảng được triệu tập học tập.")
    for org_id in session.org_ids:
        organisations.get(conn, org_id)
    return Session(session.document_id, session.held_on, tuple(dict.fromkeys(session.org_ids)), session.mode,
                   int(session.connection_points), clean_field("place", session.place),
                   clean_field("note", session.note), session.id)


def invited_roster(conn: sqlite3.Connection, org_ids: tuple[int, ...], on: dt.date) -> list[tuple[int, int]]:
    """(member id, organisation id) of everyone expected: attending a cell of the invited ones on the day.

    Members exempted from meetings, suspended or studying elsewhere (tạm đi) are not expected.
    """
    scope: list[int] = []
    for org_id in org_ids:
        scope.extend(o for o in organisations.descendants(conn, org_id) if o not in scope)
    found: dict[int, int] = {}
    for org_id in scope:
        for member, state in member_list.roster_on(conn, org_id, on):
            if state.status in ATTENDING_STATUSES:
                found.setdefault(member.id, org_id)
    return list(found.items())


def create_session(conn: sqlite3.Connection, session: Session) -> Session:
    """Record a session; everyone expected is listed as present (the user then marks absences)."""
    clean = _clean_session(conn, session)
    roster = invited_roster(conn, clean.org_ids, clean.held_on)
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO study_sessions (document_id, held_on, mode, connection_points, place, note)"
            " VALUES (?, ?, ?, ?, ?, ?)", (clean.document_id, clean.held_on.isoformat(), clean.mode,
                                          clean.connection_points, clean.place, clean.note))
        session_id = int(cursor.lastrowid or 0)
        _write_orgs_and_roster(conn, session_id, clean.org_ids, roster)
        audit.record(conn, "thêm buổi học tập", "study_session", session_id,
                     {"document_id": clean.document_id, "held_on": clean.held_on, "orgs": list(clean.org_ids),
                      "expected": len(roster)})
    return get_session(conn, session_id)


def _write_orgs_and_roster(conn: sqlite3.Connection, session_id: int, org_ids: tuple[int, ...],
                           roster: list[tuple[int, int]]) -> None:
    conn.executemany("INSERT INTO study_session_orgs (session_id, org_id) VALUES (?, ?)",
                     [(session_id, o) for o in org_ids])
    conn.executemany("INSERT INTO study_participants (session_id, member_id, attended, org_id) VALUES (?, ?, 1, ?)"
                     " ON CONFLICT (session_id, member_id) DO UPDATE SET org_id = excluded.org_id",
                     [(session_id, m, o) for m, o in roster])


def update_session(conn: sqlite3.Connection, session: Session) -> Session:
    """Change a session; when its day or organisations change the list is rebuilt, keeping marks made."""
    old = get_session(conn, session.id)
    clean = _clean_session(conn, session)
    roster = invited_roster(conn, clean.org_ids, clean.held_on)
    keep = [m for m, _ in roster]
    with transaction(conn):
        conn.execute("UPDATE study_sessions SET document_id = ?, held_on = ?, mode = ?, connection_points = ?,"
                     " place = ?, note = ? WHERE id = ?", (clean.document_id, clean.held_on.isoformat(), clean.mode,
                                                           clean.connection_points, clean.place, clean.note, clean.id))
        if (old.held_on, set(old.org_ids)) != (clean.held_on, set(clean.org_ids)):
            conn.execute("DELETE FROM study_session_orgs WHERE session_id = ?", (clean.id,))
            conn.execute(f"DELETE FROM study_participants WHERE session_id = ? AND member_id NOT IN"
                         f" ({','.join('?' * len(keep)) or 'NULL'})", (clean.id, *keep))
            _write_orgs_and_roster(conn, clean.id, clean.org_ids, roster)
        audit.record(conn, "sửa buổi học tập", "study_session", clean.id,
                     {"held_on": clean.held_on, "orgs": list(clean.org_ids), "mode": clean.mode})
    return get_session(conn, clean.id)


def get_session(conn: sqlite3.Connection, session_id: int) -> Session:
    row = conn.execute("SELECT * FROM study_sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise UserError(f"Không có buổi học tập mã số {session_id}.")
    orgs = tuple(r[0] for r in conn.execute("SELECT org_id FROM study_session_orgs WHERE session_id = ? ORDER BY rowid",
                                             (session_id,)))
    return Session(row["document_id"], dt.date.fromisoformat(row["held_on"]), orgs, row["mode"],
                   row["connection_points"], row["place"], row["note"], row["id"])


@dataclass(frozen=True)
class SessionRow:
    """One line of the sessions list: the session, its document, and how many took part."""

    id: int
    held_on: dt.date
    document: str
    mode: str
    connection_points: int
    org_names: str
    expected: int
    attended: int

    @property
    def participation(self) -> str:
        return vn.format_ratio(self.attended, self.expected)


def sessions(conn: sqlite3.Connection, year: int | None = None, org_ids: list[int] | None = None) -> list[SessionRow]:
    """Sessions (of a year, touching some organisations), newest first, with participation counts."""
    where, params = _in("p.org_id", org_ids)
    if year is not None:
        where += " AND s.held_on BETWEEN ? AND ?"
        params += [f"{year}-01-01", f"{year}-12-31"]
    rows = conn.execute(
        "SELECT s.id, s.held_on, s.mode, s.connection_points, d.code, d.title,"
        " count(p.member_id) AS expected, coalesce(sum(p.attended), 0) AS attended"
        " FROM study_sessions s JOIN study_documents d ON d.id = s.document_id"
        f" LEFT JOIN study_participants p ON p.session_id = s.id WHERE 1{where}"
        " GROUP BY s.id ORDER BY s.held_on DESC, s.id DESC", params).fetchall()
    names = organisations.names_by_id(conn)
    result = []
    for r in rows:
        orgs = [names.get(o[0], "") for o in conn.execute(
            "SELECT org_id FROM study_session_orgs WHERE session_id = ? ORDER BY rowid", (r["id"],))]
        result.append(SessionRow(r["id"], dt.date.fromisoformat(r["held_on"]), f"{r['code']} – {r['title']}",
                                 r["mode"], r["connection_points"], "; ".join(orgs), r["expected"], r["attended"]))
    return result


@dataclass(frozen=True)
class DocumentRow:
    """A document with how it has been studied (within a scope): sessions and participation."""

    document: Document
    sessions: int
    expected: int
    attended: int

    @property
    def participation(self) -> str:
        return vn.format_ratio(self.attended, self.expected) if self.expected else "–"


def document_rows(conn: sqlite3.Connection, org_ids: list[int] | None = None) -> list[DocumentRow]:
    """Every document, newest first, with its sessions and participation (within some organisations)."""
    where, params = _in("p.org_id", org_ids)
    counts = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        "SELECT s.document_id, count(DISTINCT s.id), count(p.member_id), coalesce(sum(p.attended), 0)"
        f" FROM study_sessions s JOIN study_participants p ON p.session_id = s.id WHERE 1{where}"
        " GROUP BY s.document_id", params)}
    return [DocumentRow(d, *counts.get(d.id, (0, 0, 0))) for d in documents(conn)]


# ---------------------------------------------------------------- participants and grades

@dataclass(frozen=True)
class Participant:
    member_id: int
    full_name: str
    org_id: int | None
    attended: bool
    grade: str


def participants(conn: sqlite3.Connection, session_id: int) -> list[Participant]:
    """Everyone expected at a session, in Vietnamese name order."""
    rows = conn.execute("SELECT p.member_id, m.full_name, p.org_id, p.attended, p.reflection_grade"
                        " FROM study_participants p JOIN members m ON m.id = p.member_id"
                        " WHERE p.session_id = ? ORDER BY m.sort_key, m.id", (session_id,))
    return [Participant(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]


def set_attendance(conn: sqlite3.Connection, session_id: int, attended: dict[int, bool]) -> None:
    """Mark who took part (member id → present); an absent member's grade is cleared."""
    session = get_session(conn, session_id)
    listed = {p.member_id for p in participants(conn, session_id)}
    strangers = set(attended) - listed
    if strangers:
        raise UserError("Có đảng viên không thuộc danh sách được triệu tập của buổi học tập này. "
                        "Hãy sửa danh sách tổ chức được triệu tập trước.")
    with transaction(conn):
        for member_id, present in attended.items():
            conn.execute("UPDATE study_participants SET attended = ?,"
                         " reflection_grade = CASE WHEN ? THEN reflection_grade ELSE '' END"
                         " WHERE session_id = ? AND member_id = ?", (int(present), int(present), session_id, member_id))
        audit.record(conn, "điểm danh học tập", "study_session", session.id,
                     {"absent": sorted(m for m, p in attended.items() if not p),
                      "present": sorted(m for m, p in attended.items() if p)})


def set_participants(conn: sqlite3.Connection, session_id: int, present_ids: set[int]) -> None:
    """Everyone listed in ``present_ids`` took part; everyone else on the list was absent."""
    set_attendance(conn, session_id, {p.member_id: p.member_id in present_ids for p in participants(conn, session_id)})


def record_grades(conn: sqlite3.Connection, session_id: int, grades: dict[int, str]) -> None:
    """Record reflection grades (member id → Tốt/Khá/Đạt/Chưa đạt, or '' for none yet)."""
    session = get_session(conn, session_id)
    allowed = reflection_grades(session.held_on)
    by_id = {p.member_id: p for p in participants(conn, session_id)}
    grades = {member_id: clean_field("grade", grade) for member_id, grade in grades.items()}
    for member_id, grade in grades.items():
        if grade and grade not in allowed:
            raise UserError(f"Xếp loại bài thu hoạch “{grade}” không hợp lệ. Hãy chọn: {', '.join(allowed)}.")
        if member_id not in by_id:
            raise UserError("Đảng viên này không có trong danh sách của buổi học tập.")
        if grade and not by_id[member_id].attended:
            raise UserError(f"{by_id[member_id].full_name} vắng buổi học tập nên chưa thể xếp loại bài thu hoạch. "
                            "Hãy đánh dấu có mặt trước.")
    with transaction(conn):
        conn.executemany("UPDATE study_participants SET reflection_grade = ? WHERE session_id = ? AND member_id = ?",
                         [(g, session_id, m) for m, g in grades.items()])
        audit.record(conn, "xếp loại bài thu hoạch", "study_session", session_id,
                     {str(m): g for m, g in grades.items()})


# ---------------------------------------------------------------- figures for reports and reviews

@dataclass(frozen=True)
class StudyStats:
    sessions: int
    expected: int               # member-session pairs invited
    participants: int           # of those, attended

    @property
    def participation_rate(self) -> Decimal | None:
        return vn.rate(self.participants, self.expected)

    @property
    def participation_text(self) -> str:
        return vn.format_ratio(self.participants, self.expected)


def year_stats(conn: sqlite3.Connection, year: int, org_ids: list[int] | None = None,
               first: dt.date | None = None, last: dt.date | None = None) -> StudyStats:
    """Sessions held in a year (or between two days) and participation, optionally within some organisations."""
    where, params = _in("p.org_id", org_ids)
    row = conn.execute(
        "SELECT count(DISTINCT s.id), count(p.member_id), coalesce(sum(p.attended), 0)"
        " FROM study_sessions s LEFT JOIN study_participants p ON p.session_id = s.id"
        f" WHERE s.held_on BETWEEN ? AND ?{where}", [*_days(year, first, last), *params]).fetchone()
    return StudyStats(int(row[0]), int(row[1]), int(row[2]))


def stats_by_org(conn: sqlite3.Connection, year: int, first: dt.date | None = None,
                 last: dt.date | None = None) -> dict[int | None, StudyStats]:
    """``year_stats`` of each organisation (its members' participation, by their organisation on the day)."""
    rows = conn.execute(
        "SELECT p.org_id, count(DISTINCT s.id), count(p.member_id), coalesce(sum(p.attended), 0)"
        " FROM study_sessions s JOIN study_participants p ON p.session_id = s.id"
        " WHERE s.held_on BETWEEN ? AND ? GROUP BY p.org_id", _days(year, first, last))
    return {r[0]: StudyStats(int(r[1]), int(r[2]), int(r[3])) for r in rows}


def _days(year: int, first: dt.date | None, last: dt.date | None) -> list[str]:
    return [(first or dt.date(year, 1, 1)).isoformat(), (last or dt.date(year, 12, 31)).isoformat()]


@dataclass(frozen=True)
class StudyEvidence:
    sessions_expected: int
    sessions_attended: int
    reflection_grades: tuple[str, ...]
    ct05_registered: bool
    ct05_result: str


def member_evidence(conn: sqlite3.Connection, member_id: int, year: int) -> StudyEvidence:
    """What a member's year of study shows, for the year-end review."""
    rows = conn.execute(
        "SELECT p.attended, p.reflection_grade FROM study_participants p JOIN study_sessions s ON s.id = p.session_id"
        " WHERE p.member_id = ? AND s.held_on BETWEEN ? AND ? ORDER BY s.held_on, s.id",
        (member_id, f"{year}-01-01", f"{year}-12-31")).fetchall()
    ct05 = conn.execute("SELECT result FROM ct05_registrations WHERE year = ? AND member_id = ?",
                        (year, member_id)).fetchone()
    return StudyEvidence(len(rows), sum(1 for r in rows if r[0]), tuple(r[1] for r in rows if r[1]),
                         ct05 is not None, ct05[0] if ct05 else "")


from models.study.ct05 import (  # noqa: E402  (Chỉ thị 05 lives beside; re-exported for callers)
    Ct05Registration,
    Ct05Stats,
    GoodModel,
    add_good_model,
    ct05_registrations,
    ct05_stats,
    good_models,
    register_ct05,
    set_ct05_result,
)

__all__ = ["Document", "Session", "SessionRow", "Participant", "StudyStats", "StudyEvidence", "create_document",
           "update_document", "documents", "get_document", "create_session", "update_session", "get_session",
           "sessions", "DocumentRow", "document_rows", "participants", "set_attendance", "set_participants",
           "record_grades", "year_stats",
           "member_evidence", "Ct05Registration", "Ct05Stats", "GoodModel", "register_ct05", "set_ct05_result",
           "ct05_registrations", "ct05_stats", "add_good_model", "good_models"]
