"""A child process that runs one user action and SIGKILLs itself at a chosen SQL statement.

    python tests/crash/child.py ACTION DB KILL_AT LOG [ARG...]

Every sqlite3 connection the action opens is traced; statements are counted across all of them (SQLite reports
each execution, so every row of an executemany counts). KILL_AT:
  0        run to the end and write the list of statements (JSON) to LOG;
  N > 0    write the N-th statement to LOG, then SIGKILL as it starts (so statements 1..N-1 ran);
  close    SIGKILL when a connection that committed is being closed (SQLite's checkpoint-on-close never runs).
Killing at the COMMIT statement leaves the transaction uncommitted; killing at the statement after it leaves it
committed but never checkpointed. The helpers below also prepare the files the actions start from (in-process).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.commune import committee, organisations
from models.commune.organisations import NewOrganisation
from models.meetings import meeting_store
from models.meetings.records import Meeting, Speech, Task
from models.people import members
from models.people.members import Admission, MemberDetails
from models.storage import db

CELL = "Chi bộ thôn Đông"
HELD_ON = dt.date(2026, 11, 5)
FAMILIES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Thu", "Hữu")
GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Phúc", "Quang")


class _Killer:
    """Counts statements and kills the process at the chosen one."""

    def __init__(self, kill_at: str, log: Path) -> None:
        self.kill_at = kill_at
        self.log = log
        self.seen: list[str] = []

    def statement(self, conn: _Traced, sql: str) -> None:
        # Savepoint names carry an object id; without it the list is the same in every run.
        self.seen.append(re.sub(r"sp_\d+", "sp_N", " ".join(sql.split()))[:120])
        if sql.lstrip().upper().startswith("COMMIT"):
            conn.committed = True
        if self.kill_at == str(len(self.seen)):
            self.die(self.seen[-1])

    def closing(self, conn: _Traced) -> None:
        if self.kill_at == "close" and conn.committed:
            self.die("close")

    def die(self, where: str) -> None:
        # A plain write sits in the OS cache, which a SIGKILL of this process does not lose.
        self.log.write_text(where, encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)


_KILLER: _Killer | None = None


class _Traced(sqlite3.Connection):
    """A connection reporting every statement and its own closing to the killer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committed = False
        self.set_trace_callback(lambda sql: _KILLER.statement(self, sql) if _KILLER else None)

    def close(self) -> None:
        if _KILLER:
            _KILLER.closing(self)
        super().close()


def _install(killer: _Killer) -> None:
    global _KILLER
    _KILLER = killer
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return real_connect(*args, factory=_Traced, **kwargs)
    sqlite3.connect = connect  # type: ignore[assignment]


# ---------------------------------------------------------------- the actions

def _create(path: str) -> int:
    db.close(db.open_db(path))
    return 0


def _demo(path: str) -> int:
    import main
    return main.main(["demo", path, "--members", "60"])


def _import(path: str, xlsx: str) -> int:
    import main
    return main.main(["import-members", xlsx, "--db", path])


def _meeting_new(path: str) -> int:
    conn = db.open_db(path, create=False)
    meeting_store.save(conn, first_meeting(conn))
    db.close(conn)
    return 0


def _meeting_update(path: str) -> int:
    conn = db.open_db(path, create=False)
    (meeting_id,) = conn.execute("SELECT id FROM meetings").fetchone()
    meeting_store.save(conn, changed_meeting(meeting_store.get(conn, meeting_id)))
    db.close(conn)
    return 0


ACTIONS = {"create": _create, "demo": _demo, "import": _import, "meeting-new": _meeting_new,
           "meeting-update": _meeting_update}


# ---------------------------------------------------------------- what the actions start from

def person_name(index: int) -> str:
    """A distinct, well-formed Vietnamese name for each index below 720."""
    return (f"{FAMILIES[index % 10]} {MIDDLES[index // 10 % 6]} "
            f"{GIVEN[index // 60 % 12]}")


def _born(index: int) -> int:
    return 1940 + index % 30


def prepare_cell(path: Path, size: int) -> None:
    """A file with the committee, two cells and ``size`` members in the first, its bí thư set."""
    conn = db.open_db(path)
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", superior_name="Đảng bộ tỉnh Phú Thọ",
                                             place_name="Phố Mới"))
    cell = organisations.create(conn, NewOrganisation(CELL, "chi_bo_co_so", "thon"))
    organisations.create(conn, NewOrganisation("Chi bộ thôn Tây", "chi_bo_co_so", "thon"))
    ids = [members.create(conn, MemberDetails(full_name=person_name(i), birth_date=dt.date(_born(i), 1, 1)),
                          Admission(joined_on=dt.date(_born(i) + 25, 3, 1), org_id=cell.id,
                                    official_on=dt.date(_born(i) + 26, 3, 1))).id for i in range(size)]
    if ids:
        organisations.set_position(conn, cell.id, ids[0], "bi_thu", dt.date(2025, 9, 1))
    db.close(conn)


def prepare_meeting(path: Path, size: int) -> None:
    """``prepare_cell`` plus one saved draft meeting (the one the update changes)."""
    prepare_cell(path, size)
    conn = db.open_db(path, create=False)
    meeting_store.save(conn, first_meeting(conn))
    db.close(conn)


def first_meeting(conn: sqlite3.Connection) -> Meeting:
    """A full draft: every member on the roster, absences, speeches, tasks, quality points and votes."""
    org = organisations.find(conn, CELL)
    draft = meeting_store.new_meeting(conn, org.id, HELD_ON)
    lines = tuple(replace(a, status="vang_co_ly_do", reason="ốm") if i % 7 == 3 else a
                  for i, a in enumerate(draft.attendance))
    speakers = [a.name for a in lines[:5]]
    return replace(draft, attendance=lines, start_time="07:30", end_time="09:30", place="Nhà văn hóa thôn",
                   theme="Sinh hoạt thường kỳ tháng 11", conclusion="Thống nhất nghị quyết tháng.",
                   speeches=tuple(Speech(name, f"Ý kiến số {i} của đồng chí {name}")
                                  for i, name in enumerate(speakers)),
                   tasks=tuple(Task(f"Nhiệm vụ {i}", speakers[i], dt.date(2026, 11, 30)) for i in range(4)),
                   quality=(("chuan_bi", 18), ("quy_trinh", 20), ("noi_dung", 22)),
                   votes_for=len(lines) - 6, votes_against=0, votes_abstain=0)


def changed_meeting(saved: Meeting) -> Meeting:
    """The same meeting with every part changed: other absences, speeches, tasks kept, edited, dropped, added."""
    lines = tuple(replace(a, status="vang_khong_ly_do", reason="") if i % 5 == 1 else replace(a, status="co_mat")
                  if a.status == "vang_co_ly_do" else a for i, a in enumerate(saved.attendance))
    tasks = (replace(saved.tasks[0], content="Nhiệm vụ 0 (sửa)"), saved.tasks[2], Task("Nhiệm vụ mới", "", None))
    return replace(saved, attendance=lines, theme="Sinh hoạt thường kỳ tháng 11 (sửa)", end_time="10:00",
                   speeches=(Speech(lines[1].name, "Ý kiến sau khi sửa"),), tasks=tasks,
                   quality=(("du_hop", 12), ("thao_luan", 19)), votes_for=len(lines) - 9, conclusion="Kết luận mới.")


def write_members_xlsx(path: Path, rows: int) -> Path:
    """An office's member list: a title, a blank line, the header, then ``rows`` good rows for both cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["UBND XÃ PHỐ MỚI"])
    sheet.append([])
    sheet.append(["TT", "Họ tên", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ", "Chi bộ"])
    for i in range(rows):
        sheet.append([i + 1, person_name(i), f"0{1 + i % 9}/0{1 + i % 9}/{_born(i)}",
                      f"02/09/{_born(i) + 25}", f"02/09/{_born(i) + 26}", f"{10000000 + i:08d}",
                      CELL if i % 2 else "Chi bộ thôn Tây"])
    book.save(path)
    return path


def main(argv: list[str]) -> int:
    action, path, kill_at, log, *extra = argv
    killer = _Killer(kill_at, Path(log))
    _install(killer)
    code = ACTIONS[action](path, *extra)
    if kill_at == "0":
        Path(log).write_text(json.dumps(killer.seen, ensure_ascii=False), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
