"""The data of the member register (Sổ danh sách đảng viên, Mẫu 7-HSĐV) of one organisation or the commune.

Part I: members on the roll, in register order (member_list.register_order), grouped by organisation.
Part II: former members (moved out of the commune, died, out of the Party), kept as the book keeps them.
The dates of moving in and out, of death and of leaving come from the member's standing events.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, replace

from models.access.session import mask_identifier
from models.commune import committee, issuers, organisations
from models.people import member_events, member_history, member_list
from models.people.member_events import Event
from models.people.members import Member

# Statuses of the people part II lists; het_tam_den (a guest) and chua_ket_nap were never on the roll.
FORMER_STATUSES = ("chuyen_di", "tu_tran", *member_events.OUT_OF_PARTY)
LEAVING_FORMS = {"xoa_ten": "Xóa tên", "khai_tru": "Khai trừ", "ra_khoi_dang": "Xin ra khỏi Đảng"}


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register."""

    full_name: str
    birth_name: str
    birth_date: dt.date | None
    gender: str
    ethnicity: str
    religion: str
    hometown: str
    residence: str
    education: str
    qualification: str
    political_theory: str
    occupation: str
    joined_on: dt.date | None
    official_on: dt.date | None
    card_number: str
    standing_name: str
    status_note: str          # the status when it is not "đang sinh hoạt" (miễn sinh hoạt, tạm vắng …)
    notes: str
    biography_number: str = ""
    badge_number: str = ""
    moved_in_on: dt.date | None = None    # the last transfer in from outside the commune
    moved_out_on: dt.date | None = None   # the last transfer out of the commune
    moved_in_from: str = ""               # the places of those transfers
    moved_out_to: str = ""
    died_on: dt.date | None = None
    left_on: dt.date | None = None        # the last time out of the Party, with its form
    left_form: str = ""
    status: str = ""                      # the status code (part II counts who moved out, died, left)


@dataclass(frozen=True)
class RegisterGroup:
    org_name: str
    rows: tuple[RegisterRow, ...]


@dataclass(frozen=True)
class RegisterData:
    superior: str             # header line 1
    issuer: str               # header line 2
    place_name: str
    on: dt.date
    scope_name: str           # the organisation, or the committee for the whole register
    whole_committee: bool
    groups: tuple[RegisterGroup, ...]
    signature_roles: tuple[str, ...]
    signer_name: str
    former: tuple[RegisterGroup, ...] = ()   # part II: who left the roll, by their last organisation

    @property
    def total(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    @property
    def former_total(self) -> int:
        return sum(len(g.rows) for g in self.former)

    def former_counts(self) -> tuple[int, int, int]:
        """Part II's people who moved out, died, and left the Party."""
        statuses = [r.status for g in self.former for r in g.rows]
        left = sum(1 for s in statuses if s in member_events.OUT_OF_PARTY)
        return statuses.count("chuyen_di"), statuses.count("tu_tran"), left

    @property
    def full_members(self) -> int:
        return sum(1 for g in self.groups for r in g.rows if r.standing_name == "Chính thức")


def _last(standing: list[Event], kinds: tuple[str, ...]) -> Event | None:
    """The last of the standing events of those kinds; a chuyen_di to a cell of the commune is no move out of it."""
    found = [e for e in standing if e.kind in kinds and not (e.kind == "chuyen_di" and e.org_id)]
    return found[-1] if found else None


def _date(event: Event | None) -> dt.date | None:
    return event.event_date if event else None


def _row(member: Member, events: list[Event]) -> RegisterRow:
    d = member.details
    status_note = "" if member.status in ("dang_sinh_hoat", *FORMER_STATUSES) else member.status_name
    events = member_events.standing_events(events)   # once per member, not once per column
    left = _last(events, tuple(LEAVING_FORMS))
    came, went = _last(events, ("chuyen_den",)), _last(events, ("chuyen_di",))
    return RegisterRow(
        full_name=d.full_name, birth_name=d.birth_name if d.birth_name != d.full_name else "",
        birth_date=d.birth_date, gender=d.gender, ethnicity=d.ethnicity, religion=d.religion,
        hometown=d.hometown, residence=d.residence, education=d.education, qualification=d.qualification,
        political_theory=d.political_theory, occupation=d.occupation_now, joined_on=member.joined_on,
        official_on=member.official_on, card_number=d.card_number, standing_name=member.standing_name,
        status_note=status_note, notes=d.notes, biography_number=d.biography_number, badge_number=d.badge_number,
        moved_in_on=_date(came), moved_out_on=_date(went), moved_in_from=came.other_place if came else "",
        moved_out_to=went.other_place if went else "", died_on=_date(_last(events, ("tu_tran",))),
        left_on=_date(left), left_form=LEAVING_FORMS[left.kind] if left else "", status=member.status)


def _groups(found: list[Member], names: dict[int, str],
            history: dict[int, list[Event]]) -> tuple[RegisterGroup, ...]:
    """Rows grouped by organisation; register order already runs organisation by organisation."""
    grouped: list[tuple[str, list[RegisterRow]]] = []
    for member in found:
        org_name = names.get(member.org_id or 0, "Chưa xếp chi bộ")
        if not grouped or grouped[-1][0] != org_name:
            grouped.append((org_name, []))
        grouped[-1][1].append(_row(member, history.get(member.id, [])))
    return tuple(RegisterGroup(name, tuple(rows)) for name, rows in grouped)


def _parts(conn: sqlite3.Connection, org_id: int | None) -> tuple[tuple[RegisterGroup, ...], tuple[RegisterGroup, ...]]:
    """Part I (the roll) and part II (who moved out of the commune, died or left the Party, under their last
    organisation), from one reading of the members and their events."""
    everyone = member_list.register_order(conn, member_list.MemberFilter(org_id=org_id, include_left=True))
    roll = [m for m in everyone if m.status in member_events.ON_ROLL_STATUSES]
    former = [m for m in everyone if m.status in FORMER_STATUSES]
    names = organisations.names_by_id(conn)
    history = member_history.events_of(conn, [m.id for m in roll + former])
    return _groups(roll, names, history), _groups(former, names, history)


def register_data(conn: sqlite3.Connection, org_id: int | None, on: dt.date | None = None) -> RegisterData:
    """Everyone on the roll of an organisation (with its sub-units) or of the whole committee, and who left it."""
    on = on or dt.date.today()
    office = committee.get(conn)
    groups, former = _parts(conn, org_id)
    issuer = issuers.document_issuer(conn, org_id)
    roles = (issuer.on_behalf, "BÍ THƯ")
    if org_id is None:
        return RegisterData(issuer.superior, issuer.name, office.place_name, on, office.name, True,
                            groups, roles, "", former)
    org = organisations.get(conn, org_id)
    return RegisterData(issuer.superior, issuer.name, office.place_name, on, org.name, not org.is_cell, groups,
                        roles, organisations.secretary_name(conn, org_id, on), former)


def masked(data: RegisterData) -> RegisterData:
    """The register as a read-only account prints it: card, biography and badge numbers masked."""
    def hide(row: RegisterRow) -> RegisterRow:
        return replace(row, card_number=mask_identifier(row.card_number),
                       biography_number=mask_identifier(row.biography_number),
                       badge_number=mask_identifier(row.badge_number))

    def groups(part: tuple[RegisterGroup, ...]) -> tuple[RegisterGroup, ...]:
        return tuple(RegisterGroup(g.org_name, tuple(hide(r) for r in g.rows)) for g in part)

    return replace(data, groups=groups(data.groups), former=groups(data.former))
