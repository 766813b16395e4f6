"""Demo data: a realistic commune after the 2025 mergers, to try the program and to measure it.

The structure and the members' histories go through the real model functions (organisations.create,
members.create, members.add_event, organisations.set_position, transfers.merge_organisations), so the demo obeys
every rule a user meets. The bulk activity (meetings, attendance, study, dues, reviews) is written by
``models.demo_activity`` with executemany. Everything runs in ONE transaction, so 10,000 members take
seconds and a failure leaves the file empty. The same seed and reference date give the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import paths, vn
from models.commune import committee, organisations
from models.commune.organisations import NewOrganisation, Organisation
from models.demo import activity as demo_activity
from models.errors import UserError
from models.people import members, transfers
from models.people.member_events import Event
from models.people.members import Admission, MemberDetails
from models.storage import db
from models.storage.db import transaction

PLACE = "Phố Mới"
# Grassroots committees with their cells (chi bộ trực thuộc); further ones repeat the last two kinds.
COMMITTEES: list[tuple[str, str, list[str]]] = [
    ("Đảng bộ Cơ quan Ủy ban nhân dân xã", "co_quan",
     ["Chi bộ Văn phòng HĐND và UBND", "Chi bộ Phòng Kinh tế", "Chi bộ Phòng Văn hóa - Xã hội",
      "Chi bộ Trạm Y tế xã", "Chi bộ Trung tâm Phục vụ hành chính công"]),
    ("Đảng bộ Công an xã", "cong_an",
     ["Chi bộ Đội An ninh - Tổng hợp", "Chi bộ Đội Cảnh sát trật tự", "Chi bộ Công an khu vực số 1",
      "Chi bộ Công an khu vực số 2"]),
    ("Đảng bộ Trường THPT {place}", "truong_hoc",
     ["Chi bộ Tổ Khoa học tự nhiên", "Chi bộ Tổ Khoa học xã hội", "Chi bộ Hành chính - Thư viện"]),
    ("Đảng bộ Công ty Cổ phần Chè {place}", "doanh_nghiep",
     ["Chi bộ Phân xưởng Chế biến", "Chi bộ Đội Sản xuất số 1", "Chi bộ Văn phòng Công ty"]),
]
AGENCY_CELLS = [("Chi bộ Quân sự xã", "quan_su"), ("Chi bộ Trường Tiểu học {place}", "truong_hoc"),
                ("Chi bộ Trường Mầm non {place}", "truong_hoc"), ("Chi bộ Trường THCS {place}", "truong_hoc")]
ELSEWHERE = ["Đảng bộ Quân sự tỉnh Phú Thọ", "Đảng bộ xã Thanh Ba", "Đảng bộ phường Việt Trì",
             "Đảng bộ xã Lâm Thao", "Đảng bộ Công an tỉnh Phú Thọ"]
WORK_AWAY = ["tỉnh Bắc Ninh", "thành phố Hà Nội", "tỉnh Bình Dương", "Thành phố Hồ Chí Minh", "tỉnh Quảng Ninh"]


@dataclass
class Person:
    """What the generator remembers of a member it created (the activity writer reads it)."""

    id: int
    name: str
    gender: str
    birth: dt.date
    org_id: int
    category: str
    joined: dt.date
    official: dt.date | None
    occupation: str
    retired: bool
    arrived: dt.date | None = None  # transferred in after being admitted elsewhere
    leader: bool = False
    troubled: bool = False          # absent without reason and unpaid for months (checks should find them)
    disciplined_on: dt.date | None = None


@dataclass
class Commune:
    """Everything generated so far, handed on to models.demo_activity."""

    today: dt.date
    rng: random.Random
    names: dict[str, Any]
    orgs: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    leaders: dict[int, list[tuple[dt.date, str, int, str]]] = field(default_factory=dict)  # org: (from, pos, id, name)
    merged: tuple[int, int, dt.date] | None = None   # source, target, date (planned, then done)

    @property
    def cells(self) -> list[Organisation]:
        return [o for o in self.orgs if o.is_cell]


def load_names() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(paths.resource_path("demo", "names.json").read_text(encoding="utf-8"))
    return data


def open_target(path: Path) -> sqlite3.Connection:
    """The file to fill: a new one, or one left empty (e.g. by an interrupted demo); never one holding data."""
    conn = db.open_db(path)
    if _holds_data(conn):
        db.close(conn)
        raise UserError(f"Tệp “{path}” đã có dữ liệu. Hãy chọn tên tệp mới để không ghi đè dữ liệu.")
    return conn


def _holds_data(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM organisations").fetchone()[0] or
                conn.execute("SELECT count(*) FROM members").fetchone()[0])


def generate(conn: sqlite3.Connection, members: int = 1400, seed: int = 1, today: dt.date | None = None) -> str:
    """Fill an empty database with a commune of about ``members`` members; returns a Vietnamese summary."""
    today = today or dt.date.today()
    if _holds_data(conn):
        raise UserError("Tệp dữ liệu đã có tổ chức hoặc đảng viên. Dữ liệu mẫu chỉ tạo vào tệp mới, trống.")
    commune = Commune(today=today, rng=random.Random(seed), names=load_names())
    with transaction(conn):
        _committee(conn, today)
        _organisations(conn, commune, members)
        _members(conn, commune, members)
        _leadership(conn, commune)
        _histories(conn, commune)
        _merger(conn, commune)
        figures = demo_activity.write(conn, commune)
    return (f"{vn.format_int(len(commune.orgs))} tổ chức đảng, {vn.format_int(len(commune.people))} đảng viên, "
            + ", ".join(f"{vn.format_int(n)} {what}" for what, n in figures.items()) + ".")


def _committee(conn: sqlite3.Connection, today: dt.date) -> None:
    start = dt.date(2025, 9, 1)
    committee.save(conn, committee.Committee(
        name=f"Đảng bộ xã {PLACE}", superior_name="Đảng bộ tỉnh Phú Thọ", place_name=PLACE,
        term_name="2025 - 2030", term_start=start, term_end=dt.date(2030, 8, 31)))
    # the committee's papers (the review summary) are signed by its bí thư: the demo names one per term
    committee.appoint(conn, "bi_thu", "Nguyễn Văn Hùng", dt.date(2020, 10, 1), "Quyết định 35-QĐ/TU")
    committee.appoint(conn, "bi_thu", "Hoàng Thị Thanh Hương", start, "Quyết định 112-QĐ/TU")


# ---------------------------------------------------------------- organisations

def _organisations(conn: sqlite3.Connection, commune: Commune, size: int) -> None:
    """About one organisation per 35 members: a few đảng bộ cơ sở, many village cells."""
    wanted = max(5, round(size / 35))
    committees = max(1, round(wanted / 11))
    villages = list(commune.names["villages"])
    for index in range(committees):
        name, category, cells = COMMITTEES[index] if index < len(COMMITTEES) else _extra_committee(index, villages)
        if wanted < 20:
            cells = cells[:2]
        parent = _create(conn, commune, name.format(place=PLACE), "dang_bo_co_so", category, None)
        for cell in cells:
            _create(conn, commune, cell.format(place=PLACE), "chi_bo_truc_thuoc", category, parent.id)
    agencies = list(AGENCY_CELLS)
    number = 0
    while len(commune.orgs) < wanted:
        if agencies and len(commune.orgs) % 4 == 3:
            name, category = agencies.pop(0)
        elif villages:
            name, category = "Chi bộ thôn " + villages.pop(0), "thon"
        else:
            number += 1
            name, category = f"Chi bộ tổ dân phố số {number}", "thon"
        _create(conn, commune, name.format(place=PLACE), "chi_bo_co_so", category, None)
    villages_made = [o for o in commune.orgs if o.category == "thon"]
    on = dt.date(commune.today.year - 1, 7, 1)
    if len(villages_made) >= 4:
        commune.merged = (villages_made[3].id, villages_made[2].id, on)


def _extra_committee(index: int, villages: list[str]) -> tuple[str, str, list[str]]:
    place = villages.pop() if villages else f"số {index}"
    if index % 2:
        return (f"Đảng bộ Trường THCS {place}", "truong_hoc",
                ["Chi bộ Tổ Tự nhiên", "Chi bộ Tổ Xã hội", "Chi bộ Hành chính"])
    return (f"Đảng bộ Hợp tác xã {place}", "doanh_nghiep",
            ["Chi bộ Đội Dịch vụ", "Chi bộ Đội Sản xuất", "Chi bộ Văn phòng"])


def _create(conn: sqlite3.Connection, commune: Commune, name: str, unit_type: str, category: str,
            parent_id: int | None) -> Organisation:
    org = organisations.create(conn, NewOrganisation(name, unit_type, category, organisations.OrgId(parent_id)
                                                     if parent_id else None))
    commune.orgs.append(org)
    return org


# ---------------------------------------------------------------- members

def _weighted(rng: random.Random, pairs: list[list[Any]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _members(conn: sqlite3.Connection, commune: Commune, size: int) -> None:
    rng, cells = commune.rng, commune.cells
    weights = [(rng.uniform(0.7, 1.5) if c.category == "thon" else rng.uniform(0.3, 0.6)) for c in cells]
    counts = [max(5, round(size * w / sum(weights))) for w in weights]
    while sum(counts) > size and max(counts) > 5:
        counts[counts.index(max(counts))] -= 1
    counts[0] += max(0, size - sum(counts))
    cards: set[str] = set()
    for cell, count in zip(cells, counts, strict=True):
        for _ in range(count):
            commune.people.append(_one_member(conn, commune, cell, cards))
    for person in rng.sample([p for p in commune.people if p.category == "thon" and p.official
                              and not p.retired], k=max(1, size // 700)):
        person.troubled = True


def _name(rng: random.Random, names: dict[str, Any], gender: str) -> str:
    family = _weighted(rng, names["family"])
    key = "male" if gender == "Nam" else "female"
    middle = rng.choice(names[f"middle_{key}"])
    given = rng.choice(names[f"given_{key}"])
    if gender == "Nữ" and middle == "Thị" and rng.random() < 0.25:  # Nguyễn Thị Thu Hà, as many women are named
        middle = f"Thị {rng.choice([m for m in names['middle_female'] if m != 'Thị'])}"
    return f"{family} {middle} {given}"


def _birth_and_join(rng: random.Random, category: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if category == "thon":
        age = rng.choice([rng.randint(24, 45), rng.randint(45, 66), rng.randint(62, 92), rng.randint(62, 92)])
        join_age = rng.randint(19, 40)
    elif category == "cong_an" or category == "quan_su":
        age, join_age = rng.randint(23, 52), rng.randint(19, 24)
    else:
        age, join_age = rng.randint(24, 59), rng.randint(22, 34)
    birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    joined = birth + dt.timedelta(days=min(join_age, age - 1) * 365 + rng.randint(0, 364))
    joined = max(joined, birth + dt.timedelta(days=18 * 366))
    if rng.random() < 0.035:  # admitted in the last year: still probationary
        return birth, max(today - dt.timedelta(days=rng.randint(40, 360)), birth + dt.timedelta(days=18 * 366))
    return birth, min(joined, today - dt.timedelta(days=rng.randint(400, 1500)))


def _occupation(rng: random.Random, names: dict[str, Any], category: str, age: int) -> tuple[str, bool]:
    if category == "thon":
        if age >= 62:
            return rng.choice(["Cán bộ hưu trí", "Giáo viên nghỉ hưu", "Cựu chiến binh", "Nông dân"]), True
        return rng.choice(names["occupations_village"][:6]), False
    return {"co_quan": "Công chức", "cong_an": "Công an", "quan_su": "Quân nhân", "truong_hoc": "Giáo viên",
            "doanh_nghiep": "Công nhân"}.get(category, "Viên chức"), False


def _card(rng: random.Random, cards: set[str], official: dt.date | None) -> str:
    """Old 8-digit cards (some starting with 0) and 2025-format cards for members confirmed since 2025."""
    if official is None:
        return ""
    while True:
        if official.year >= 2025:
            card = f"PT{official.year % 100:02d}.{rng.randint(1, 99999):05d}"
        else:
            card = f"{rng.randint(100000, 9999999) if rng.random() < 0.3 else rng.randint(10000000, 99999999):08d}"
        if card not in cards:
            cards.add(card)
            return card


def _one_member(conn: sqlite3.Connection, commune: Commune, cell: Organisation, cards: set[str]) -> Person:
    rng, names, today = commune.rng, commune.names, commune.today
    male_share = {"thon": 0.55, "cong_an": 0.9, "quan_su": 0.95, "truong_hoc": 0.3}.get(cell.category, 0.55)
    gender = "Nam" if rng.random() < male_share else "Nữ"
    birth, joined = _birth_and_join(rng, cell.category, today)
    age = vn.age_on(birth, today)
    occupation, retired = _occupation(rng, names, cell.category, age)
    confirmed = members.default_official_on(joined)
    official = confirmed if confirmed < today else None
    if official is None and rng.random() < 0.05:   # the cell has not yet considered the confirmation
        joined = today - dt.timedelta(days=rng.randint(420, 470))
    details = MemberDetails(
        full_name=_name(rng, names, gender), gender=gender, ethnicity=_weighted(rng, names["ethnicity"]),
        religion=_weighted(rng, names["religion"]), birth_date=birth, birth_place=rng.choice(names["hometowns"]),
        hometown=rng.choice(names["hometowns"]), residence=_residence(cell, rng, names),
        education="12/12" if birth.year > 1960 else rng.choice(["10/10", "7/10", "12/12"]),
        qualification=_qualification(rng, cell.category), political_theory=_theory(rng, cell.category),
        occupation_before=occupation if not retired else rng.choice(["Bộ đội", "Giáo viên", "Nông dân", "Công nhân"]),
        occupation_now=occupation, card_number=_card(rng, cards, official),
        biography_number=f"{rng.randint(1, 999999):06d}-PT" if rng.random() < 0.8 else "",
        armed_forces={"cong_an": "Công an", "quan_su": "Quân đội"}.get(cell.category, "Nghỉ hưu" if retired else ""),
        works_in_political_system=cell.category in ("co_quan", "cong_an", "quan_su", "truong_hoc"))
    if commune.merged and cell.id == commune.merged[0] and joined >= commune.merged[2]:
        cell = next(o for o in commune.orgs if o.id == commune.merged[1])   # admitted after the merger
    in_merged_cell = bool(commune.merged and cell.id == commune.merged[0])
    elsewhere = rng.random() < 0.07 and official is not None and not in_merged_cell
    admission = Admission(
        joined_on=joined, org_id=cell.id, decision_no=f"{rng.randint(10, 999)}-QĐ/HU",
        official_on=official, official_decision_no=f"{rng.randint(10, 999)}-QĐ/HU" if official else "",
        admitted_elsewhere=rng.choice(ELSEWHERE) if elsewhere else "",
        arrived_on=(official + dt.timedelta(days=rng.randint(30, 3000))) if elsewhere and official else None)
    if admission.arrived_on and admission.arrived_on >= today:
        admission = Admission(joined, cell.id, admission.decision_no, official, admission.official_decision_no)
    member = members.create(conn, details, admission)
    return Person(id=int(member.id), name=member.full_name, gender=gender, birth=birth, org_id=cell.id,
                  category=cell.category, joined=joined, official=official, occupation=occupation, retired=retired,
                  arrived=admission.arrived_on)


def _residence(cell: Organisation, rng: random.Random, names: dict[str, Any]) -> str:
    village = cell.name.removeprefix("Chi bộ ") if cell.category == "thon" else "thôn " + rng.choice(names["villages"])
    return f"{village}, xã {PLACE}, tỉnh Phú Thọ"


def _qualification(rng: random.Random, category: str) -> str:
    options = {"truong_hoc": ["Đại học Sư phạm", "Thạc sĩ Giáo dục"],
               "cong_an": ["Đại học An ninh", "Trung cấp Công an"],
               "co_quan": ["Đại học Luật", "Đại học Kinh tế", "Đại học Y"],
               "doanh_nghiep": ["Kỹ sư Chế biến", "Trung cấp"]}
    return rng.choice(options.get(category, ["", "", "Trung cấp Nông nghiệp"]))


def _theory(rng: random.Random, category: str) -> str:
    if category == "thon":
        return rng.choice(["Sơ cấp", "Sơ cấp", ""])
    return rng.choice(["Sơ cấp", "Trung cấp", "Trung cấp", "Cao cấp"])


# ---------------------------------------------------------------- leadership, histories, the merger

def _leadership(conn: sqlite3.Connection, commune: Commune) -> None:
    """A bí thư and phó bí thư for every cell and committee, some changed at the 2025 congresses."""
    rng = commune.rng
    by_org: dict[int, list[Person]] = {}
    for person in commune.people:
        by_org.setdefault(person.org_id, []).append(person)
    for org in commune.orgs:
        pool = by_org.get(org.id) or [p for c in commune.orgs if c.parent_id == org.id for p in by_org.get(c.id, [])]
        pool = [p for p in pool if not p.troubled]
        fit = [p for p in pool if p.official and 30 <= vn.age_on(p.birth, commune.today) <= 66
               and p.joined.year < 2022] or [p for p in pool if p.official] or pool
        chosen = rng.sample(fit, k=min(3, len(fit)))
        starts = [(dt.date(2022, 6, 15), "bi_thu", 0), (dt.date(2022, 6, 15), "pho_bi_thu", 1)]
        if len(chosen) == 3 and rng.random() < 0.3:
            starts.append((dt.date(2025, 5, 20), "bi_thu", 2))  # a new secretary elected at the 2025 congress
        for start, position, index in starts:
            if index < len(chosen):
                holder = chosen[index]
                holder.leader = True
                organisations.set_position(conn, org.id, holder.id, position, start,
                                           f"{rng.randint(100, 999)}-QĐ/ĐU")
                commune.leaders.setdefault(org.id, []).append((start, position, holder.id, holder.name))


def _histories(conn: sqlite3.Connection, commune: Commune) -> None:
    """Exemptions for the elderly, transfers, deaths, a removal and a discipline, through add_event."""
    rng, today = commune.rng, commune.today
    window = dt.date(today.year - 1, 1, 1)
    source = commune.merged[0] if commune.merged else None
    movable = [p for p in commune.people if p.official and not p.leader and not p.troubled and p.org_id != source]
    rng.shuffle(movable)
    reserved, movable = movable[:3], movable[3:]
    for person in movable:
        age = vn.age_on(person.birth, today)
        roll = rng.random()
        if age >= 78 and roll < 0.55:
            _exempt(conn, commune, person)
        elif age >= 68 and roll < 0.06:
            _event(conn, person, Event("tu_tran", _date_between(rng, window, today), detail="Từ trần do tuổi cao"))
        elif age < 50 and roll < 0.02:
            _event(conn, person, Event("chuyen_di", _date_between(rng, window, today),
                                       other_place=rng.choice(ELSEWHERE),
                                       decision_no=f"{rng.randint(10, 300)}-QĐ/ĐU"))
        elif age < 45 and roll < 0.05:
            _away(conn, commune, person, window)
    last_year = dt.date(today.year - 1, 6, 1)
    for person, level in zip(reserved[:2], ("khien_trach", "canh_cao"), strict=False):
        person.disciplined_on = _date_between(rng, last_year, dt.date(today.year - 1, 11, 30))
        _event(conn, person, Event("ky_luat", person.disciplined_on, detail=level,
                                   decision_no=f"{rng.randint(10, 99)}-QĐ/UBKT"))
    if len(reserved) < 3:
        return
    removed = reserved[2]
    _event(conn, removed, Event("xoa_ten", _date_between(rng, window, today), decision_no="15-QĐ/ĐU",
                                detail="Bỏ sinh hoạt đảng 3 tháng trong năm không có lý do chính đáng"))


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days - 1)))


def _event(conn: sqlite3.Connection, person: Person, event: Event) -> bool:
    """Record an event through the real model function; False when it would precede the admission."""
    if event.event_date <= max(person.joined, person.official or person.joined, person.arrived or person.joined):
        return False
    members.add_event(conn, person.id, event)
    return True


def _exempt(conn: sqlite3.Connection, commune: Commune, person: Person) -> None:
    at_75 = dt.date(person.birth.year + 75, person.birth.month, min(person.birth.day, 28))
    on = _date_between(commune.rng, max(at_75, person.official or at_75), commune.today)
    _event(conn, person, Event("mien_sinh_hoat", on, decision_no=f"{commune.rng.randint(10, 300)}-QĐ/ĐU",
                               detail="Tuổi cao, sức yếu"))


def _away(conn: sqlite3.Connection, commune: Commune, person: Person, window: dt.date) -> None:
    rng = commune.rng
    left = _date_between(rng, window, commune.today)
    if not _event(conn, person, Event("tam_di", left, other_place=rng.choice(WORK_AWAY), detail="Đi làm ăn xa")):
        return
    back = left + dt.timedelta(days=rng.randint(90, 300))
    if back < commune.today and rng.random() < 0.5:
        _event(conn, person, Event("tam_ve", back))


def _merger(conn: sqlite3.Connection, commune: Commune) -> None:
    """Two villages merged on 1 July of last year (as many were in 2025): one cell dissolved into the other."""
    if commune.merged is None:
        return
    source, target, on = commune.merged
    transfers.merge_organisations(conn, source, target, on, "25-NQ/ĐU")
    commune.orgs = [organisations.get(conn, o.id) for o in commune.orgs]
