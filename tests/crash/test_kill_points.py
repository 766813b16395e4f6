"""Killing the program (SIGKILL) at many points of an action leaves the file whole: all of the action or none.

Each action runs once to the end in a child process (tests/crash/child.py) that lists its SQL statements; then a
fresh copy of the starting file is given to a child that kills itself as a chosen statement starts: the first
few, evenly spread ones, each COMMIT and its neighbours, the last few, and at the final close. Afterwards the
file must open with db.open_db (never "foreign"), pass the integrity checks, and hold exactly the state from
before the action (killed up to its COMMIT) or exactly the state after it (killed later).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.storage import audit, db, schema
from tests.crash import child

CHILD = Path(child.__file__)
ROOT = CHILD.parents[2]
IMPORT_ROWS = 200
CELL_SIZE = 40
State = dict[str, list[tuple[object, ...]]]
NOTHING = (0, 0, 0)


@dataclass(frozen=True)
class Run:
    """One child run: where it was told to die, its exit code, and the statement it died at."""

    kill_at: int | str
    path: Path
    returncode: int
    died_at: str
    stderr: str


@pytest.fixture(scope="module")
def starts(tmp_path_factory) -> dict[str, Path]:
    """The files the actions start from, built once (copied before each run)."""
    folder = tmp_path_factory.mktemp("starts")
    child.prepare_cell(folder / "bare.sqlite", 0)
    child.prepare_cell(folder / "cell.sqlite", CELL_SIZE)
    child.prepare_meeting(folder / "meeting.sqlite", CELL_SIZE)
    child.write_members_xlsx(folder / "ds.xlsx", IMPORT_ROWS)
    fresh = folder / "fresh.sqlite"
    db.close(db.open_db(fresh))
    return {"bare": folder / "bare.sqlite", "cell": folder / "cell.sqlite", "meeting": folder / "meeting.sqlite",
            "xlsx": folder / "ds.xlsx", "fresh": fresh}


def _run(action: str, start: Path | None, folder: Path, kill_at: int | str, extra: list[str]) -> Run:
    """Copy the starting file into ``folder`` and run the action there in a child told to die at ``kill_at``."""
    folder.mkdir()
    path, log = folder / "xa.sqlite", folder / "log.txt"
    if start is not None:
        shutil.copy(start, path)
    env = {**os.environ, "PYTHONHASHSEED": "0", "XDG_DATA_HOME": str(folder / "data")}  # same sets, private log
    done = subprocess.run([sys.executable, str(CHILD), action, str(path), str(kill_at), str(log), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    died_at = log.read_text(encoding="utf-8") if log.exists() and kill_at != 0 else ""
    return Run(kill_at, path, done.returncode, died_at, done.stderr)


def kill_points(statements: list[str], spread: int = 6) -> list[int | str]:
    """The first and last few statements, some evenly between, COMMITs with their neighbours, and the close.

    Only the first two and last two COMMITs: a regression that commits row by row must fail fast, not run 1000 kills.
    """
    n = len(statements)
    points = {1, 2, 3, n - 1, n} | {1 + (n - 1) * k // spread for k in range(1, spread)}
    commits = [index for index, sql in enumerate(statements, 1) if sql.upper().startswith("COMMIT")]
    for index in commits[:2] + commits[-2:]:
        points |= {index - 1, index, index + 1}
    return [*sorted(p for p in points if 1 <= p <= n), "close"]


def raw_identity(path: Path) -> tuple[int, int, int]:
    """(application_id, user_version, tables) as the killed program left them, before anything opens it."""
    if not path.exists() or path.stat().st_size == 0:
        return NOTHING
    try:
        return _identity(f"{path.resolve().as_uri()}?mode=ro")
    except sqlite3.OperationalError:
        # A kill between writing the -wal and its first checkpoint leaves a log that only a writer may
        # recover; recover it on a copy of the three files, so the killed program's own files stay untouched.
        copy = path.parent / "probe" / path.name
        copy.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{path}{suffix}").exists():
                shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
        return _identity(copy.resolve().as_uri())


def _identity(uri: str) -> tuple[int, int, int]:
    probe = sqlite3.connect(uri, uri=True)
    try:
        return tuple(probe.execute(sql).fetchone()[0] for sql in (  # type: ignore[return-value]
            "PRAGMA application_id", "PRAGMA user_version", "SELECT count(*) FROM sqlite_master WHERE type = 'table'"))
    finally:
        probe.close()


def contents(path: Path) -> State:
    """Every row of every table (timestamps left out: they differ from run to run), opened as the program does."""
    conn = db.open_db(path)
    try:
        assert db.integrity_problems(conn) == []
        assert db.user_version(conn) == schema.VERSION
        assert audit.chain_problems(conn) == []     # a kill never leaves a broken audit chain
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {table: _rows(conn, table) for table in tables}
    finally:
        db.close(conn)


def _rows(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    # The audit chain hashes the timestamps too, so it differs with them (it is checked whole above instead).
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
               if not (r[1] in ("at", "chain") or r[1].endswith("_at"))]
    rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
    return [tuple(row) for row in rows if not (table == "settings" and row[0] == audit.HEAD_KEY)]


def _same_statement(one: str, other: str) -> bool:
    """The same SQL but for the audit trail's time and chain links, which differ from run to run."""
    def plain(sql: str) -> str:
        return re.sub(r"[0-9a-f]{16,}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "…", sql)
    return plain(one) == plain(other)


def counts(state: State) -> dict[str, int]:
    return {table: len(rows) for table, rows in state.items() if rows}


ACTIONS = {  # action: (starting file, takes the .xlsx, row counts the finished action leaves in these tables)
    "create": (None, False, {}),
    "demo": (None, False, {"members": 60}),
    "import": ("bare", True, {"members": IMPORT_ROWS}),
    "meeting-new": ("cell", False, {"meetings": 1, "meeting_attendance": CELL_SIZE, "meeting_speeches": 5,
                                    "meeting_tasks": 4, "meeting_quality": 3}),
    "meeting-update": ("meeting", False, {"meetings": 1, "meeting_attendance": CELL_SIZE, "meeting_speeches": 1,
                                          "meeting_tasks": 3, "meeting_quality": 2}),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_a_killed_action_leaves_all_of_it_or_none(action, starts, tmp_path):
    start_name, takes_xlsx, finished = ACTIONS[action]
    start = starts[start_name] if start_name else None
    extra = [str(starts["xlsx"])] if takes_xlsx else []

    reference = _run(action, start, tmp_path / "reference", 0, extra)
    assert reference.returncode == 0, reference.stderr
    statements = json.loads((tmp_path / "reference" / "log.txt").read_text(encoding="utf-8"))
    last_commit = max(i for i, sql in enumerate(statements, 1) if sql.upper().startswith("COMMIT"))
    before, after = contents(start or starts["fresh"]), contents(reference.path)
    assert {t: n for t, n in counts(after).items() if t in finished} == finished   # the action did real work
    assert action == "create" or before != after

    points = kill_points(statements)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda p: _run(action, start, tmp_path / f"kill-{p}", p, extra), points))
    complete = raw_identity(reference.path)
    assert complete[:2] == (db.APPLICATION_ID, schema.VERSION)
    for run in runs:
        done = run.kill_at == "close" or run.kill_at > last_commit
        where = f"killed at {run.kill_at} ({run.died_at[:60]!r})"
        assert run.returncode == -signal.SIGKILL, f"{where}: the child was not killed: {run.stderr}"
        assert _same_statement(run.died_at, statements[run.kill_at - 1] if isinstance(run.kill_at, int) else "close"), \
            where
        # A killed creation leaves no tables at all or the whole schema; the first open must not see a stranger.
        raw = raw_identity(run.path)
        assert raw in (NOTHING, complete), where
        assert action != "create" or raw == (complete if done else NOTHING), where
        state = contents(run.path)
        expected = after if done else before
        assert counts(state) == counts(expected), where
        assert state == expected, where


def test_demo_killed_at_random_moments_is_all_or_nothing(starts, tmp_path):
    """Killed from outside at seeded random moments, so also inside a statement, a COMMIT or a checkpoint."""
    began = time.monotonic()
    reference = _run("demo", None, tmp_path / "reference", 0, [])
    took = time.monotonic() - began
    before, after = contents(starts["fresh"]), contents(reference.path)
    rng = random.Random(9)
    killed = 0
    for index in range(4):
        path = tmp_path / f"random-{index}" / "xa.sqlite"
        path.parent.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": "0", "XDG_DATA_HOME": str(path.parent / "data")}
        process = subprocess.Popen([sys.executable, str(CHILD), "demo", str(path), "-1", str(path.parent / "log")],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 0.8) * took)
        process.kill()
        killed += process.wait(timeout=120) == -signal.SIGKILL
        assert raw_identity(path) in (NOTHING, raw_identity(reference.path))
        assert contents(path) in (before, after)
    assert killed >= 2, "the demo finished before most kills; the test proved nothing"
