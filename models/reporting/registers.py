"""The data of the member register (Sổ danh sách đảng viên, Mẫu 7-HSĐV) of one organisation or the commune.

Members on the roll, in register order (member_list.register_order), grouped by organisation.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from models.commune import committee, issuers, organisations
from models.people import member_list
from models.people.members import Member


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

    @property
    def total(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    @property
    def full_members(self) -> int:
        return sum(1 for g in self.groups for r in g.rows if r.standing_name == "Chính thức")


def _row(member: Member) -> RegisterRow:
    d = member.details
    status_note = "" if member.status == "dang_sinh_hoat" else member.status_name
    return RegisterRow(
        full_name=d.full_name, birth_name=d.birth_name if d.birth_name != d.full_name else "",
        birth_date=d.birth_date, gender=d.gender, ethnicity=d.ethnicity, religion=d.religion,
        hometown=d.hometown, residence=d.residence, education=d.education, qualification=d.qualification,
        political_theory=d.political_theory, occupation=d.occupation_now, joined_on=member.joined_on,
        official_on=member.official_on, card_number=d.card_number, standing_name=member.standing_name,
        status_note=status_note, notes=d.notes)


def register_data(conn: sqlite3.Connection, org_id: int | None, on: dt.date | None = None) -> RegisterData:
    """Everyone on the roll of an organisation (with its sub-units) or of the whole committee."""
    on = on or dt.date.today()
    office = committee.get(conn)
    found = member_list.register_order(conn, member_list.MemberFilter(org_id=org_id))
    names = organisations.names_by_id(conn)
    grouped: list[tuple[str, list[RegisterRow]]] = []
    for member in found:   # register order already runs organisation by organisation
        org_name = names.get(member.org_id or 0, "Chưa xếp chi bộ")
        if not grouped or grouped[-1][0] != org_name:
            grouped.append((org_name, []))
        grouped[-1][1].append(_row(member))
    groups = [RegisterGroup(name, tuple(rows)) for name, rows in grouped]
    issuer = issuers.document_issuer(conn, org_id)
    roles = (issuer.on_behalf, "BÍ THƯ")
    if org_id is None:
        return RegisterData(issuer.superior, issuer.name, office.place_name, on, office.name, True,
                            tuple(groups), roles, "")
    org = organisations.get(conn, org_id)
    return RegisterData(issuer.superior, issuer.name, office.place_name, on, org.name, not org.is_cell, tuple(groups),
                        roles, organisations.secretary_name(conn, org_id, on))
