"""Party members: the register's fields, their history of events, and finding them.

A member's current organisation, standing and status are derived from the events (see
member_events) and cached on the members row by ``member_history.refresh_state`` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from dataclasses import dataclass, fields, replace
from typing import NewType

from models import conflicts, rules, vn
from models.commune import organisations
from models.errors import UserError
from models.people import member_events, member_history
from models.people.member_events import Event

# A member's history is read here by the register screen and its callers; it lives one level down, in
# member_history, so that organisations (whose merge moves whole rolls) need not import this module.
from models.people.member_history import events as events
from models.people.member_history import state as state
from models.storage import audit
from models.storage.db import transaction

MemberId = NewType("MemberId", int)

CARD_MAX_LENGTH = 20


@dataclass(frozen=True)
class MemberDetails:
    """The register fields a user types (Mẫu 7-HSĐV); history lives in events, not here."""

    full_name: str
    birth_name: str = ""
    gender: str = ""
    ethnicity: str = "Kinh"
    religion: str = "Không"
    birth_date: dt.date | None = None
    birth_place: str = ""
    hometown: str = ""
    residence: str = ""
    education: str = ""
    qualification: str = ""
    political_theory: str = ""
    foreign_language: str = ""
    occupation_before: str = ""
    occupation_now: str = ""
    card_number: str = ""
    biography_number: str = ""
    badge_number: str = ""
    armed_forces: str = ""
    works_in_political_system: bool = False
    notes: str = ""


DETAIL_FIELDS = tuple(f.name for f in fields(MemberDetails))
FIELD_LABELS = {
    "full_name": "Họ và tên", "birth_name": "Họ và tên khai sinh", "gender": "Giới tính",
    "ethnicity": "Dân tộc", "religion": "Tôn giáo", "birth_date": "Ngày sinh", "birth_place": "Nơi sinh",
    "hometown": "Quê quán", "residence": "Nơi cư trú", "education": "Giáo dục phổ thông",
    "qualification": "Chuyên môn, nghiệp vụ", "political_theory": "Lý luận chính trị",
    "foreign_language": "Ngoại ngữ", "occupation_before": "Nghề nghiệp khi vào Đảng",
    "occupation_now": "Nghề nghiệp hiện nay", "card_number": "Số thẻ đảng viên",
    "biography_number": "Số lý lịch", "badge_number": "Số huy hiệu", "armed_forces": "Quân đội/Công an/Hưu",
    "works_in_political_system": "Công tác trong hệ thống chính trị", "notes": "Ghi chú",
}

# How many characters each typed field may hold: what its cell of the printed register (printing/register.py,
# tested with every field at its limit) or of the review forms holds. The Qt fields take setMaxLength from here.
MAX_LENGTHS = {
    "full_name": 50, "birth_name": 50, "gender": 3, "ethnicity": 20, "religion": 30, "birth_place": 100,
    "hometown": 100, "residence": 200, "education": 10, "qualification": 100, "political_theory": 40,
    "foreign_language": 50, "occupation_before": 80, "occupation_now": 80, "card_number": CARD_MAX_LENGTH,
    "biography_number": 20, "badge_number": 20, "armed_forces": 50, "notes": 80,
}
# Numbers compared as identifiers: full-width digits and spaces folded away before storing and comparing.
IDENTIFIER_FIELDS = ("card_number", "biography_number", "badge_number")
# Fields kept in the member's file but not printed in the register, named so in a length message.
_NOT_IN_REGISTER = frozenset({"birth_place", "foreign_language", "occupation_before", "biography_number",
                              "badge_number", "armed_forces"})


@dataclass(frozen=True)
class Member:
    """A member as the register shows them: details plus the state derived from their history."""

    id: MemberId
    details: MemberDetails
    org_id: int | None
    standing: str | None
    status: str
    joined_on: dt.date | None
    official_on: dt.date | None

    @property
    def full_name(self) -> str:
        return self.details.full_name

    @property
    def status_name(self) -> str:
        return member_events.STATUSES.get(self.status, self.status)

    @property
    def standing_name(self) -> str:
        return member_events.STANDINGS.get(self.standing or "", "")


@dataclass(frozen=True)
class Admission:
    """How a new member entered: admitted here (org_id) or elsewhere and transferred in."""

    joined_on: dt.date
    org_id: int
    decision_no: str = ""
    official_on: dt.date | None = None
    official_decision_no: str = ""
    admitted_elsewhere: str = ""          # the place, when admitted outside the commune
    arrived_on: dt.date | None = None     # date of the transfer in, when admitted elsewhere


def _clean_field(name: str, value: str) -> str:
    """One typed field cleaned (identifiers folded) and held to the length its printed cell allows."""
    text = vn.clean_identifier(value) if name in IDENTIFIER_FIELDS else vn.clean_text(value)
    document = "hồ sơ đảng viên" if name in _NOT_IN_REGISTER else "sổ danh sách"
    return vn.check_length(text, FIELD_LABELS[name], MAX_LENGTHS[name], document)


@functools.lru_cache(maxsize=1)
def clean_details(details: MemberDetails) -> MemberDetails:
    """Clean every text field at the door and check what a register needs; raises UserError with the reason.

    The last answer is remembered: the importer cleans a row to look for duplicates, then create() cleans the
    same details again (a tenth of a 10,000-row import). Details are frozen, so the answer cannot go stale."""
    # the fields one level deep (asdict would deep-copy every value: a tenth of a 10,000-row import)
    texts = {f.name: _clean_field(f.name, value) for f in fields(details)
             if isinstance(value := getattr(details, f.name), str)}
    clean = replace(details, **texts)  # type: ignore[arg-type]
    if len(clean.full_name.split()) < 2:
        raise UserError("Họ và tên: hãy nhập đủ họ và tên (ít nhất hai chữ), ví dụ “Nguyễn Văn An”.")
    if clean.gender not in ("", "Nam", "Nữ"):
        raise UserError("Giới tính: hãy chọn Nam hoặc Nữ.")
    if clean.birth_date is not None:
        problem = birth_date_problem(clean.birth_date, dt.date.today())
        if problem:
            raise UserError(problem)
    return clean


# Nobody on a register is older than this: a larger age is a mistyped year.
MAX_PLAUSIBLE_AGE = 120


def birth_date_problem(born: dt.date, today: dt.date) -> str:
    """Why a birth date cannot be a member's ('' when it can): younger than the charter's admission age."""
    age = vn.age_on(born, today)
    minimum = rules.for_date(today).admission_min_age
    if minimum <= age <= MAX_PLAUSIBLE_AGE:
        return ""
    return (f"Ngày sinh {vn.format_date(born)} không hợp lý (tuổi {age}). "
            f"Đảng viên phải từ {minimum} tuổi; hãy kiểm tra lại năm sinh.")


def _card_key(card: str | None) -> str:
    """The form two card numbers are compared in: folded, and "pt" is the same card as "PT"."""
    return vn.clean_identifier(card).upper()


def _check_card_unique(conn: sqlite3.Connection, card: str, member_id: int | None) -> None:
    key = _card_key(card)
    if not key:
        return
    # A card of printable ASCII folds as SQL's upper() does (indexed: members_card_upper); a card holding
    # anything else (full-width digits, a space: stored by an older version) is rare, and those few
    # (indexed: members_card_unusual) are compared folded here.
    same = conn.execute("SELECT id, full_name, card_number FROM members WHERE upper(card_number) = ?"
                        " AND id IS NOT ?", (key, member_id)).fetchall()
    unusual = conn.execute("SELECT id, full_name, card_number FROM members WHERE card_number GLOB '*[^!-~]*'"
                           " AND id IS NOT ?", (member_id,))
    row = next((r for r in [*same, *unusual] if _card_key(r["card_number"]) == key), None)
    if row:
        raise UserError(f"Số thẻ {vn.clean_identifier(card)} đã là của đảng viên {row['full_name']} "
                        f"(mã {row['id']}). Mỗi số thẻ chỉ thuộc về một người; hãy kiểm tra lại.")


def _detail_values(details: MemberDetails) -> list[object]:
    values: list[object] = []
    for name in DETAIL_FIELDS:
        value = getattr(details, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif name == "card_number" and not value:
            value = None
        values.append(value)
    return values


def create(conn: sqlite3.Connection, details: MemberDetails, admission: Admission) -> Member:
    """Add a member with the events of their admission (and confirmation, when given)."""
    clean = clean_details(details)
    _check_admission(clean, admission)
    with transaction(conn):
        _check_card_unique(conn, clean.card_number, None)
        columns = ", ".join(DETAIL_FIELDS)
        marks = ", ".join("?" for _ in DETAIL_FIELDS)
        cursor = conn.execute(f"INSERT INTO members ({columns}, search_key, sort_key) VALUES ({marks}, ?, ?)",
                              [*_detail_values(clean), _search_key(clean), vn.name_sort_text(clean.full_name)])
        member_id = MemberId(int(cursor.lastrowid or 0))
        for event in _admission_events(admission):
            member_history.insert_event(conn, member_id, event)
        member_history.refresh_state(conn, member_id)
        audit.record(conn, "tạo", "member", member_id, {"full_name": clean.full_name})
    return get(conn, member_id)


def _check_admission(details: MemberDetails, admission: Admission) -> None:
    minimum = rules.for_date(admission.joined_on).admission_min_age
    if details.birth_date and vn.age_on(details.birth_date, admission.joined_on) < minimum:
        raise UserError(f"Ngày vào Đảng {vn.format_date(admission.joined_on)}: lúc đó {details.full_name} "
                        f"chưa đủ {minimum} tuổi. Hãy kiểm tra lại ngày sinh hoặc ngày vào Đảng.")
    if admission.official_on and admission.official_on < admission.joined_on:
        raise UserError("Ngày chính thức phải sau ngày vào Đảng. Hãy kiểm tra lại hai ngày này.")
    if admission.joined_on > dt.date.today():
        raise UserError("Ngày vào Đảng không thể ở tương lai. Hãy kiểm tra lại.")


def _admission_events(admission: Admission) -> list[Event]:
    elsewhere = bool(admission.admitted_elsewhere)
    events = [Event("ket_nap", admission.joined_on, decision_no=admission.decision_no,
                    org_id=None if elsewhere else admission.org_id, other_place=admission.admitted_elsewhere)]
    if admission.official_on:
        events.append(Event("chuyen_chinh_thuc", admission.official_on, decision_no=admission.official_decision_no))
    if elsewhere:
        arrived = admission.arrived_on or admission.joined_on
        events.append(Event("chuyen_den", arrived, org_id=admission.org_id, other_place=admission.admitted_elsewhere))
    return events


def update(conn: sqlite3.Connection, member_id: int, details: MemberDetails,
           expected: MemberDetails | None = None) -> Member:
    """Save edited register fields; the audit trail keeps what each field was before.

    ``expected``: the details as the form loaded them; when the file holds something else by now (saved from
    another window), nothing is written and ``conflicts.EditConflict`` carries both versions.
    """
    clean = clean_details(details)
    with transaction(conn):   # read and write under one lock, so no other save slips in between
        old = get(conn, member_id).details
        conflicts.refuse_if_changed(f"Hồ sơ đảng viên {old.full_name}", expected, old, clean)
        changed = {name: [getattr(old, name), getattr(clean, name)]
                   for name in DETAIL_FIELDS if getattr(old, name) != getattr(clean, name)}
        if not changed:
            return get(conn, member_id)
        _check_card_unique(conn, clean.card_number, member_id)
        assignments = ", ".join(f"{name} = ?" for name in DETAIL_FIELDS)
        conn.execute(f"UPDATE members SET {assignments}, search_key = ?, sort_key = ?,"
                     " updated_at = datetime('now', 'localtime') WHERE id = ?",
                     [*_detail_values(clean), _search_key(clean), vn.name_sort_text(clean.full_name), member_id])
        audit.record(conn, "sửa", "member", member_id, changed)
    return get(conn, member_id)


def _search_key(details: MemberDetails) -> str:
    """Folded words each preceded by a space, so a search matches the start of any word."""
    return " " + vn.fold(f"{details.full_name} {details.birth_name} {details.card_number}")


def _from_row(row: sqlite3.Row) -> Member:
    values = {}
    for name in DETAIL_FIELDS:
        value = row[name]
        if name == "birth_date":
            value = vn.to_date(value)
        elif name == "works_in_political_system":
            value = bool(value)
        elif value is None:
            value = ""
        values[name] = value
    return Member(id=MemberId(row["id"]), details=MemberDetails(**values), org_id=row["org_id"],
                  standing=row["standing"], status=row["status"], joined_on=vn.to_date(row["joined_on"]),
                  official_on=vn.to_date(row["official_on"]))


def get(conn: sqlite3.Connection, member_id: int) -> Member:
    row = conn.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()
    if row is None:
        raise UserError(f"Không có đảng viên mã số {member_id}.")
    return _from_row(row)


def card_owner(conn: sqlite3.Connection, card: str, member_id: int | None = None) -> str | None:
    """The Vietnamese reason a card number cannot be used (it belongs to someone else), else None."""
    try:
        _check_card_unique(conn, card, member_id)
    except UserError as error:
        return error.message
    return None


# ---------------------------------------------------------------- history

def add_event(conn: sqlite3.Connection, member_id: int, event: Event) -> Member:
    """Append a status event after checking it is a valid next step in the member's history."""
    if event.kind == "dinh_chinh":
        raise UserError("Hãy dùng “Đính chính” để hủy một sự kiện ghi nhầm.")
    if event.event_date > dt.date.today():
        raise UserError("Ngày của sự kiện không thể ở tương lai. Hãy kiểm tra lại.")
    if event.org_id is not None:
        target = organisations.get(conn, event.org_id)
        if target.dissolved_on and target.dissolved_on <= event.event_date:
            raise UserError(f"{target.name} đã giải thể ngày {vn.format_date(target.dissolved_on)}; "
                            "hãy chọn tổ chức khác.")
    member_events.replay([*events(conn, member_id), replace(event, id=2**62)])  # raises if invalid
    with transaction(conn):
        event_id = member_history.insert_event(conn, member_id, event)
        member_history.refresh_state(conn, member_id)
        audit.record(conn, "thêm sự kiện", "member", member_id, {"event_id": event_id, "kind": event.kind,
                                                                 "date": event.event_date})
    return get(conn, member_id)


def correct_event(conn: sqlite3.Connection, member_id: int, event_id: int, reason: str) -> Member:
    """Void a mistaken event by appending a correction; the mistake stays visible in the history."""
    recorded = events(conn, member_id)
    target = next((e for e in recorded if e.id == event_id), None)
    if target is None or target.kind == "dinh_chinh":
        raise UserError("Không tìm thấy sự kiện cần đính chính trong lịch sử của đảng viên này.")
    if any(e.corrects_event_id == event_id for e in recorded):
        raise UserError("Sự kiện này đã được đính chính rồi.")
    if not vn.nfc(reason):
        raise UserError("Hãy ghi lý do đính chính (ví dụ: ghi nhầm ngày).")
    correction = Event("dinh_chinh", dt.date.today(), detail=vn.nfc(reason), corrects_event_id=event_id)
    try:
        member_events.replay([*recorded, replace(correction, id=2**62)])
    except UserError as error:
        raise UserError(f"Không thể hủy sự kiện này vì các sự kiện sau nó sẽ không còn hợp lệ: {error}") from None
    with transaction(conn):
        member_history.insert_event(conn, member_id, correction)
        member_history.refresh_state(conn, member_id)
        audit.record(conn, "đính chính", "member", member_id, {"event_id": event_id, "reason": reason})
    return get(conn, member_id)


def seniority_years(conn: sqlite3.Connection, member_id: int, on: dt.date) -> int:
    return member_events.seniority_years(state(conn, member_id), on)


def default_official_on(joined_on: dt.date) -> dt.date:
    """The date a probationary member becomes full by the rule set in force (12 months)."""
    return member_events.probation_end(joined_on, rules.for_date(joined_on).probation_months)
