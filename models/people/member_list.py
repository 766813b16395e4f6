"""Finding members: filters, search that ignores case and diacritics, and the orders a list may take.

Filtering and sorting run in SQL over the cached state columns so 10,000 members stay quick.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models import vn
from models.commune import organisations
from models.errors import UserError
from models.people import member_events, member_history
from models.people.member_events import LEFT_STATUSES, ON_ROLL_STATUSES

if TYPE_CHECKING:
    from models.people.members import Member

# Sort columns a list may be ordered by; user text never reaches ORDER BY.
SORTS = {
    "name": "m.sort_key",
    "birth_date": "m.birth_date",
    "gender": "m.gender",
    "org": "org_rank",          # tree order of the cells, numbers by value (sorted in Python: see find_ids)
    "status": "m.status",
    "joined_on": "m.joined_on",
    "official_on": "m.official_on",
    "card_number": "m.card_number",
}

# A typed word matches the start of a word of the stored search key. An older version kept invisible
# characters (a pasted zero-width space) in that key, hiding the member from search; they are folded away
# here, only for the rare keys holding anything beyond printable ASCII, so a search stays quick.
# Built from vn.INVISIBLE, never from user text.
_STRIPPED_KEY = functools.reduce(lambda sql, ch: f"replace({sql}, char({ord(ch)}), '')", vn.INVISIBLE,
                                 "m.search_key")
_WORD_MATCH = (f"(m.search_key LIKE ? ESCAPE '\\' OR (m.search_key GLOB '*[^ -~]*'"
               f" AND {_STRIPPED_KEY} LIKE ? ESCAPE '\\'))")


@dataclass(frozen=True)
class MemberFilter:
    text: str = ""
    org_id: int | None = None          # with its sub-units
    status: str | None = None          # one status; None: everyone on the roll
    include_left: bool = False         # also people who moved away, were removed or died
    gender: str | None = None
    standing: str | None = None        # du_bi / chinh_thuc
    age_min: int | None = None
    age_max: int | None = None
    on: dt.date | None = None          # the day ages are counted on (today by default)


def _where(conn: sqlite3.Connection, flt: MemberFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    for word in vn.fold(flt.text).split():  # each typed word must start a word of the name or card
        clauses.append(_WORD_MATCH)
        pattern = "% " + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    if flt.org_id is not None:
        scope = organisations.descendants(conn, flt.org_id)
        clauses.append(f"m.org_id IN ({','.join('?' * len(scope))})")
        params.extend(scope)
    if flt.status:
        clauses.append("m.status = ?")
        params.append(flt.status)
    elif not flt.include_left:
        clauses.append(f"m.status IN ({','.join('?' * len(ON_ROLL_STATUSES))})")
        params.extend(ON_ROLL_STATUSES)
    for column, value in (("m.gender", flt.gender), ("m.standing", flt.standing)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    on = flt.on or dt.date.today()
    if flt.age_min is not None:   # born on or before the day they turned age_min
        clauses.append("m.birth_date <= ?")
        params.append(vn.add_months(on, -12 * flt.age_min).isoformat())
    if flt.age_max is not None:   # born after the day they would have turned age_max + 1
        clauses.append("m.birth_date > ?")
        params.append(vn.add_months(on, -12 * (flt.age_max + 1)).isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def find_ids(conn: sqlite3.Connection, flt: MemberFilter, sort: str = "name", descending: bool = False) -> list[int]:
    """The ids of the members that match, in the chosen order (ties by Vietnamese name order)."""
    column = SORTS.get(sort, SORTS["name"])
    direction = "DESC" if descending else "ASC"
    where, params = _where(conn, flt)
    if column == "org_rank":
        return _in_tree_order(conn, where, params, descending)
    sql = (f"SELECT m.id FROM members m LEFT JOIN organisations o ON o.id = m.org_id{where}"
           f" ORDER BY {column} IS NULL, {column} {direction}, m.sort_key, m.id")
    cursor = conn.cursor()
    cursor.row_factory = None   # plain tuples: 10,000 ids come back in half the time of sqlite3.Row
    return [row[0] for row in cursor.execute(sql, params)]


def _in_tree_order(conn: sqlite3.Connection, where: str, params: list[object], descending: bool) -> list[int]:
    """Ids by organisation as the tree lists them ("số 2" before "số 10"), names in order within each; no cell last.

    A stored text key cannot order numbers by value, so the few hundred organisations are ranked here.
    """
    rank = {int(org.id): number for number, org in enumerate(organisations.all_organisations(conn))}
    sign = -1 if descending else 1
    rows = conn.execute(f"SELECT m.id, m.org_id FROM members m{where} ORDER BY m.sort_key, m.id", params).fetchall()
    rows.sort(key=lambda row: (row[1] is None, sign * rank.get(row[1], len(rank))))
    return [row[0] for row in rows]


def count(conn: sqlite3.Connection, flt: MemberFilter) -> int:
    where, params = _where(conn, flt)
    return int(conn.execute(f"SELECT count(*) FROM members m{where}", params).fetchone()[0])


def load(conn: sqlite3.Connection, ids: list[int]) -> list[Member]:
    """Members by id, in the order of ``ids`` (the UI loads one page at a time)."""
    # imported on first use: the window's first screen needs only this module's counts, and members brings
    # the rules with it (≈ 15 ms of every start, issue 13)
    from models.people.members import _from_row

    found: dict[int, Member] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(f"SELECT * FROM members WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        found.update({row["id"]: _from_row(row) for row in rows})
    return [found[i] for i in ids if i in found]


def register_order(conn: sqlite3.Connection, flt: MemberFilter) -> list[Member]:
    """Members in register order: organisation by organisation (tree order), names in Vietnamese order."""
    from models.people.members import _from_row

    rank: dict[int, int] = {org.id: index for index, org in enumerate(organisations.all_organisations(conn))}
    where, params = _where(conn, flt)
    # one query in find_ids' name order (no id list to load back in chunks: the whole register is 10,000 rows)
    rows = conn.execute(f"SELECT m.* FROM members m{where} ORDER BY m.sort_key IS NULL, m.sort_key, m.id", params)
    members = [_from_row(row) for row in rows]
    return sorted(members, key=lambda m: (rank.get(m.org_id if m.org_id is not None else -1, len(rank)),))


def roster_on(conn: sqlite3.Connection, org_id: int, on: dt.date) -> list[tuple[Member, member_events.State]]:
    """Everyone whose organisation on a date was ``org_id`` and who was on the roll then, name order.

    Used to fill a meeting's attendance list as it was on the meeting's day.
    """
    candidate_ids = [r[0] for r in conn.execute(
        "SELECT id FROM members WHERE org_id = ? UNION SELECT member_id FROM member_events WHERE org_id = ?",
        (org_id, org_id))]
    roster = []
    for member in load(conn, candidate_ids):
        then = member_history.state(conn, member.id, on)
        if then.org_id == org_id and then.status in ON_ROLL_STATUSES:
            roster.append((member, then))
    return sorted(roster, key=lambda pair: vn.name_sort_key(pair[0].full_name))


def status_counts(conn: sqlite3.Connection, org_ids: list[int] | None = None) -> dict[str, int]:
    """How many members are in each status (everyone, or within some organisations)."""
    sql = "SELECT status, count(*) FROM members"
    params: list[object] = []
    if org_ids is not None:
        sql += f" WHERE org_id IN ({','.join('?' * len(org_ids))})"
        params = list(org_ids)
    return {row[0]: row[1] for row in conn.execute(sql + " GROUP BY status", params)}


def counts_by_org(conn: sqlite3.Connection) -> dict[int | None, int]:
    """How many members on the roll each organisation has (its own roll, sub-units not added; None: on the roll of
    no organisation). The window's tree and its status bar share this one read of the members (issue 13)."""
    marks = ",".join("?" * len(ON_ROLL_STATUSES))
    rows = conn.execute(f"SELECT org_id, count(*) FROM members WHERE status IN ({marks}) GROUP BY org_id",
                        ON_ROLL_STATUSES)
    return {row[0]: row[1] for row in rows}


def seniority_of(conn: sqlite3.Connection, ids: list[int], on: dt.date) -> dict[int, int | None]:
    """Tuổi đảng on a date of a few members (a loaded page); None where the history does not replay."""
    result: dict[int, int | None] = {}
    for member_id, history in member_history.events_of(conn, ids).items():
        try:
            result[member_id] = member_events.seniority_years(member_events.replay(history, on), on)
        except UserError:
            result[member_id] = None
    return result


__all__ = ["SORTS", "MemberFilter", "find_ids", "count", "load", "register_order", "roster_on",
           "status_counts", "counts_by_org", "seniority_of", "LEFT_STATUSES"]
