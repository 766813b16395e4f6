import datetime as dt

import pytest

from models.commune import committee
from models.demo import generate as demo
from models.errors import UserError
from models.people import member_list, members
from models.reviews import records as reviews
from models.storage import db

TODAY = dt.date(2026, 11, 15)
SUMMARY: list[str] = []


@pytest.fixture(scope="module")
def demo_conn():
    conn = db.open_memory()
    SUMMARY.append(demo.generate(conn, members=150, seed=7, today=TODAY))
    yield conn
    conn.close()


def _fingerprint(conn):
    return (conn.execute("SELECT group_concat(full_name || birth_date || coalesce(card_number, ''), '|')"
                         " FROM (SELECT * FROM members ORDER BY id)").fetchone()[0],
            conn.execute("SELECT count(*), sum(kind = 'ghep') FROM meetings").fetchone()[:],
            conn.execute("SELECT count(*), sum(status = 'co_mat') FROM meeting_attendance").fetchone()[:],
            conn.execute("SELECT group_concat(decided_level, '') FROM"
                         " (SELECT * FROM member_reviews ORDER BY member_id)").fetchone()[0])


def test_same_seed_same_commune_and_another_seed_differs(demo_conn):
    again = db.open_memory()
    demo.generate(again, members=150, seed=7, today=TODAY)
    other = db.open_memory()
    demo.generate(other, members=150, seed=8, today=TODAY)
    assert _fingerprint(again) == _fingerprint(demo_conn)
    assert _fingerprint(other)[0] != _fingerprint(demo_conn)[0]


def test_committee_and_organisations_of_every_kind(demo_conn):
    info = committee.get(demo_conn)
    assert (info.name, info.superior_name, info.place_name, info.term_name) == (
        "Đảng bộ xã Phố Mới", "Đảng bộ tỉnh Phú Thọ", "Phố Mới", "2025 - 2030")
    kinds = dict(demo_conn.execute("SELECT unit_type, count(*) FROM organisations GROUP BY unit_type").fetchall())
    assert kinds.keys() >= {"dang_bo_co_so", "chi_bo_truc_thuoc", "chi_bo_co_so"}
    assert "150 đảng viên" in SUMMARY[0] and "buổi sinh hoạt chi bộ" in SUMMARY[0]


def test_members_have_a_realistic_mix(demo_conn):
    on_roll = member_list.find_ids(demo_conn, member_list.MemberFilter())
    statuses = member_list.status_counts(demo_conn)
    assert len(on_roll) > 130
    assert statuses.get("mien_sinh_hoat", 0) > 0
    assert sum(statuses.values()) == 150
    genders = dict(demo_conn.execute("SELECT gender, count(*) FROM members GROUP BY gender").fetchall())
    assert genders["Nam"] > 30 and genders["Nữ"] > 30
    ethnic = {r[0] for r in demo_conn.execute("SELECT DISTINCT ethnicity FROM members")}
    assert "Kinh" in ethnic and len(ethnic) >= 3
    standings = dict(demo_conn.execute("SELECT standing, count(*) FROM members GROUP BY standing").fetchall())
    assert standings.get("du_bi", 0) >= 1 and standings["chinh_thuc"] > 100
    kinds = {r[0] for r in demo_conn.execute("SELECT DISTINCT kind FROM member_events")}
    assert {"ket_nap", "chuyen_chinh_thuc", "mien_sinh_hoat", "ky_luat"} <= kinds
    for member_id in on_roll[:40]:  # the cached state is what the events replay to
        assert members.state(demo_conn, member_id).status == members.get(demo_conn, member_id).status


def test_every_cell_has_a_secretary_and_meets_monthly(demo_conn):
    cells = demo_conn.execute("SELECT id FROM organisations WHERE unit_type LIKE 'chi_bo%' AND dissolved_on IS NULL")
    for (cell_id,) in cells.fetchall():
        assert demo_conn.execute("SELECT count(*) FROM org_positions WHERE org_id = ? AND position = 'bi_thu'",
                                 (cell_id,)).fetchone()[0] >= 1
        months = demo_conn.execute("SELECT count(DISTINCT substr(held_on, 1, 7)) FROM meetings WHERE org_id = ?"
                                   " AND kind IN ('thuong_ky', 'ghep')", (cell_id,)).fetchone()[0]
        assert months >= 20  # 23 months up to 15/11/2026, allowing a rare missed month
    states = dict(demo_conn.execute("SELECT state, count(*) FROM meetings GROUP BY state").fetchall())
    assert states["da_thong_qua"] > 50 and states.get("nhap", 0) >= 1
    assert demo_conn.execute("SELECT max(held_on) FROM meetings").fetchone()[0] <= TODAY.isoformat()
    assert demo_conn.execute("SELECT count(*) FROM meetings WHERE state = 'nhap' AND held_on < '2026-11-01'"
                             ).fetchone()[0] == 0
    statuses = {r[0] for r in demo_conn.execute("SELECT DISTINCT status FROM meeting_attendance")}
    assert {"co_mat", "vang_co_ly_do", "mien_sinh_hoat"} <= statuses
    thematic = demo_conn.execute("SELECT count(*) FROM meetings WHERE kind IN ('chuyen_de', 'ghep')").fetchone()[0]
    assert thematic >= 4 * 7  # at least one per quarter per cell


def test_study_dues_and_last_years_review(demo_conn):
    assert demo_conn.execute("SELECT count(*) FROM study_sessions").fetchone()[0] >= 8
    assert demo_conn.execute("SELECT count(DISTINCT year) FROM ct05_registrations").fetchone()[0] == 2
    unpaid = demo_conn.execute("SELECT count(*) FROM dues_payments WHERE amount_paid < amount_due").fetchone()[0]
    assert 0 < unpaid < 100
    counts = reviews.level_counts(demo_conn, 2025)
    assert counts["members"]["HTTNV"] > counts["members"]["HTXSNV"] > 0
    assert counts["members"]["not_reviewed"] > 0
    assert sum(counts["organisations"].values()) >= 5
    assert reviews.warnings(demo_conn, 2025) == []


def test_refuses_a_database_that_already_has_data(commune):
    with pytest.raises(UserError, match="tệp mới"):
        demo.generate(commune["conn"], members=20, seed=1, today=TODAY)


def test_demo_meetings_votes_add_up(demo_conn):
    """Each demo meeting's votes are exactly those with a vote: excused members who came vote, probationary don't."""
    from models.meetings import meeting_overview

    rows = meeting_overview.listed_rows(demo_conn, None, None)
    votes = {r[0]: sum(r[1:]) for r in demo_conn.execute(
        "SELECT id, votes_for, votes_against, votes_abstain FROM meetings")}
    assert rows and all(votes[r.meeting_id] == r.counts.entitled_to_vote for r in rows)
    assert not [r for r in rows if {w.code for w in r.warnings} & {"votes_mismatch", "votes_over_entitled"}]
    # the rule is exercised: some meetings had probationary members present, some an excused member who came
    assert any(r.counts.present_without_vote for r in rows) and any(r.counts.voting_excused for r in rows)


def test_demo_review_proposals_come_with_their_votes(demo_conn):
    """The review minutes print a proposed level only with its votes: the demo records a majority for each."""
    rows = demo_conn.execute("SELECT cell_level, votes_for, votes_total FROM member_reviews"
                             " WHERE reviewed = 1 AND cell_level IS NOT NULL").fetchall()
    assert rows and all(total and total / 2 < votes <= total for _, votes, total in rows)
    assert any(votes < total for _, votes, total in rows)


def test_demo_minutes_have_speakers_tasks_and_last_months_results(demo_conn):
    """Every section of a printed demo minutes is filled in: who spoke, tasks with owners, how last tasks went."""
    ordinary = demo_conn.execute("SELECT count(*) FROM meetings WHERE kind IN ('thuong_ky', 'ghep')").fetchone()[0]
    with_tasks = demo_conn.execute("SELECT count(DISTINCT meeting_id) FROM meeting_tasks").fetchone()[0]
    assert with_tasks == ordinary
    assert demo_conn.execute("SELECT count(DISTINCT meeting_id) FROM meeting_speeches").fetchone()[0] >= ordinary
    speakers_present = demo_conn.execute(
        "SELECT count(*) FROM meeting_speeches s JOIN meeting_attendance a"
        " ON a.meeting_id = s.meeting_id AND a.member_id = s.member_id AND a.status = 'co_mat'").fetchone()[0]
    assert speakers_present == demo_conn.execute("SELECT count(*) FROM meeting_speeches").fetchone()[0]
    followed = demo_conn.execute("SELECT count(*) FROM meeting_followups f JOIN meeting_tasks t ON t.id = f.task_id"
                                 " WHERE f.content = t.content").fetchone()[0]
    assert followed > 0 and followed == demo_conn.execute("SELECT count(*) FROM meeting_followups").fetchone()[0]


def _months_named(text: str) -> list[int]:
    import re

    return [int(m) for m in re.findall(r"tháng (\d{1,2})", text)]


def test_demo_minutes_name_the_months_their_headings_print(demo_conn):
    """Issue 11.2: the agenda and last month's results name the months the headings print, in every meeting."""
    from models.meetings import meeting_docs

    ids = [r[0] for r in demo_conn.execute("SELECT id FROM meetings")]
    assert len(ids) > 50
    wrong = []
    for meeting_id in ids:
        data = meeting_docs.minutes_data(demo_conn, meeting_id)
        reviewed, planned = _months_named(data.month_text)[0], _months_named(data.next_month_text)[0]
        agenda_ok = data.kind == "chuyen_de" or _months_named(data.agenda)[:2] == [reviewed, planned]
        if not agenda_ok or _months_named(data.last_month_results)[:1] != [reviewed]:
            wrong.append((data.date_text, data.agenda, data.month_text, data.next_month_text))
    assert wrong == []
