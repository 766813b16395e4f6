"""The demo's two years of activity (models.demo_activity, written by models.demo.generate): the same for a seed,
in plausible shares, and agreeing with the register it was written beside."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from models import rules
from models.demo import generate as demo
from models.people import members
from models.people.member_events import ON_ROLL_STATUSES
from models.reviews import review_evidence
from models.storage import db
from models.study import sessions as study

TODAY = dt.date(2026, 11, 15)
SIZE = 100
SUMMARY: list[str] = []


def generated(seed: int):
    conn = db.open_memory()
    SUMMARY.append(demo.generate(conn, members=SIZE, seed=seed, today=TODAY))
    return conn


@pytest.fixture(scope="module")
def demo_conn():
    conn = generated(3)
    yield conn
    conn.close()


def _activity(conn):
    """Everything demo_activity writes, in a stable order."""
    queries = [
        "SELECT org_id, kind, held_on, start_time, quality_score, dues_collected, minutes_no FROM meetings ORDER BY id",
        "SELECT meeting_id, member_id, status, reason, attended FROM meeting_attendance ORDER BY meeting_id, member_id",
        "SELECT member_id, month, amount_due, amount_paid, paid_on FROM dues_payments ORDER BY member_id, month",
        "SELECT session_id, member_id, attended, reflection_grade FROM study_participants ORDER BY 1, 2",
        "SELECT year, member_id, org_id, commitment, result FROM ct05_registrations ORDER BY id",
        "SELECT member_id, self_score, cell_level, decided_level FROM member_reviews ORDER BY year, member_id",
    ]
    return [conn.execute(q).fetchall() for q in queries]


def shares(conn, sql, params=()):
    counts = dict(conn.execute(sql, params).fetchall())
    total = sum(counts.values())
    return {key: n / total for key, n in counts.items()}


def test_the_same_seed_writes_the_same_activity_and_another_seed_other_activity(demo_conn):
    again, other = generated(3), generated(4)
    mine = _activity(demo_conn)
    assert all(mine)                                     # every kind of activity was written
    assert _activity(again) == mine
    theirs = _activity(other)
    assert theirs[1] != mine[1] and theirs[2] != mine[2]


def test_the_summary_counts_what_was_written(demo_conn):
    figures = {what: int(number.replace(".", "")) for number, what in
               re.findall(r"([\d.]+) (buổi sinh hoạt chi bộ|lượt điểm danh|buổi học tập nghị quyết|tháng đảng phí)",
                          SUMMARY[0])}
    assert figures == {
        "buổi sinh hoạt chi bộ": demo_conn.execute("SELECT count(*) FROM meetings").fetchone()[0],
        "lượt điểm danh": demo_conn.execute("SELECT count(*) FROM meeting_attendance").fetchone()[0],
        "buổi học tập nghị quyết": demo_conn.execute("SELECT count(*) FROM study_sessions").fetchone()[0],
        "tháng đảng phí": demo_conn.execute("SELECT count(*) FROM dues_payments").fetchone()[0],
    }


def test_attendance_shares_are_plausible(demo_conn):
    share = shares(demo_conn, "SELECT status, count(*) FROM meeting_attendance"
                              " WHERE status IN ('co_mat', 'vang_co_ly_do', 'vang_khong_ly_do') GROUP BY status")
    assert 0.88 <= share["co_mat"] <= 0.98
    assert 0.01 <= share["vang_co_ly_do"] <= 0.08
    assert 0 < share["vang_khong_ly_do"] <= 0.03
    reasons = demo_conn.execute("SELECT count(*), sum(reason <> '') FROM meeting_attendance"
                                " WHERE status = 'vang_co_ly_do'").fetchone()
    assert reasons[0] == reasons[1]                      # an excused absence always says why


def test_attendance_lists_only_who_was_on_the_cells_roll_that_day(demo_conn):
    rows = demo_conn.execute("SELECT a.member_id, m.org_id, m.held_on FROM meeting_attendance a"
                             " JOIN meetings m ON m.id = a.meeting_id ORDER BY a.rowid").fetchall()
    for member_id, org_id, held_on in rows[::23]:
        then = members.state(demo_conn, member_id, dt.date.fromisoformat(held_on))
        assert then.org_id == org_id and then.status in ON_ROLL_STATUSES, (member_id, held_on)
    assert demo_conn.execute("SELECT max(held_on) FROM meetings").fetchone()[0] <= TODAY.isoformat()


def _quality_rows(conn):
    rows = conn.execute("SELECT m.quality_score, group_concat(q.criterion || ':' || q.points) FROM meetings m"
                        " JOIN meeting_quality q ON q.meeting_id = m.id GROUP BY m.id").fetchall()
    assert rows
    return [(score, {code: int(p) for code, p in (part.split(":") for part in parts.split(","))})
            for score, parts in rows]


def test_meeting_quality_points_stay_within_each_criterions_maximum(demo_conn):
    maxima = {c.code: c.max for c in rules.for_date(TODAY).quality.criteria}
    for score, points in _quality_rows(demo_conn):
        assert set(points) == set(maxima)
        assert all(0 <= points[code] <= maxima[code] for code in maxima)
        assert 70 <= sum(points.values()) <= score <= 97


def test_meeting_quality_points_add_up_to_the_meetings_score(demo_conn):
    assert [score for score, _ in _quality_rows(demo_conn)] == [
        sum(points.values()) for _, points in _quality_rows(demo_conn)]


def _minutes_numbers(conn, org_id):
    return [r[0] for r in conn.execute("SELECT minutes_no FROM meetings WHERE org_id = ? AND held_on >= '2025-09-01'"
                                       " AND minutes_no IS NOT NULL ORDER BY held_on, id", (org_id,))]


def test_minutes_numbers_in_the_term_are_one_to_n_in_each_cell(demo_conn):
    cells = [r[0] for r in demo_conn.execute("SELECT DISTINCT org_id FROM meetings")]
    assert cells
    for org_id in cells:
        numbers = _minutes_numbers(demo_conn, org_id)
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_minutes_numbers_follow_the_meeting_dates(demo_conn):
    for (org_id,) in demo_conn.execute("SELECT DISTINCT org_id FROM meetings").fetchall():
        numbers = _minutes_numbers(demo_conn, org_id)
        assert numbers == list(range(1, len(numbers) + 1))


def test_dues_are_mostly_paid_in_full_and_the_troubled_months_flagged(demo_conn):
    paid = shares(demo_conn, "SELECT amount_paid >= amount_due, count(*) FROM dues_payments GROUP BY 1")
    assert paid[1] >= 0.97
    assert demo_conn.execute("SELECT count(*) FROM dues_payments WHERE amount_due < 0 OR amount_paid > amount_due"
                             " OR month > ?", (TODAY.strftime("%Y-%m"),)).fetchone()[0] == 0
    exempt = shares(demo_conn, "SELECT amount_due = 0, count(*) FROM dues_payments GROUP BY 1")
    assert exempt.get(1, 0) <= 0.15                      # only the long-serving are exempt
    ids = [r[0] for r in demo_conn.execute("SELECT id FROM members")]
    evidence = review_evidence.evidence_for(demo_conn, TODAY.year, ids)
    flagged = [e for e in evidence.values() if e.unpaid_months >= 3 and e.attendance.longest_unexcused_run >= 3]
    assert 1 <= len(flagged) <= 3                        # the troubled member(s) the checks should find
    assert all(len(e.flags) >= 2 for e in flagged)


def test_study_participation_and_grades_are_plausible(demo_conn):
    came = shares(demo_conn, "SELECT attended, count(*) FROM study_participants GROUP BY attended")
    assert 0.93 <= came[1] <= 0.995
    assert demo_conn.execute("SELECT count(*) FROM study_participants WHERE attended = 0 AND reflection_grade <> ''"
                             ).fetchone()[0] == 0
    grades = shares(demo_conn, "SELECT reflection_grade, count(*) FROM study_participants WHERE attended = 1"
                               " AND reflection_grade <> '' GROUP BY 1")
    assert grades["Tốt"] + grades["Khá"] >= 0.75 and grades.get("Chưa đạt", 0) <= 0.04
    assert set(grades) <= set(study.reflection_grades(TODAY))


def test_ct05_nearly_everyone_registers_and_only_last_year_is_assessed(demo_conn):
    for year in (TODAY.year - 1, TODAY.year):
        stats = study.ct05_stats(demo_conn, year)
        assert stats.members_on_roll > 80 and stats.members_registered / stats.members_on_roll >= 0.9
        assert stats.orgs_registered >= 4
    last, this = (demo_conn.execute("SELECT count(*), sum(result <> '') FROM ct05_registrations WHERE year = ?",
                                    (y,)).fetchone() for y in (TODAY.year - 1, TODAY.year))
    assert last[0] == last[1] and this[1] == 0
    assert demo_conn.execute("SELECT count(*) FROM good_models").fetchone()[0] == 6


def test_last_years_levels_are_a_plausible_mix_and_the_disciplined_are_not_rated_high(demo_conn):
    year = TODAY.year - 1
    level = shares(demo_conn, "SELECT decided_level, count(*) FROM member_reviews WHERE year = ? AND reviewed = 1"
                              " GROUP BY 1", (year,))
    assert None not in level                             # decided in January, before today
    assert level["HTTNV"] >= 0.6 and 0 < level["HTXSNV"] <= 0.2 * level["HTTNV"] + 0.01
    assert level.get("KHTNV", 0) <= 0.06
    disciplined = review_evidence.disciplined_in_year(demo_conn, year)
    assert disciplined
    for member_id in disciplined:
        row = demo_conn.execute("SELECT decided_level FROM member_reviews WHERE year = ? AND member_id = ?",
                                (year, member_id)).fetchone()
        assert row is None or row[0] in ("HTNV", "KHTNV")
