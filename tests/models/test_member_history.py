"""Every member's history read once, and the state it leads to on a date: one function for the review
list, the yearly report and the demo's timelines."""

import dataclasses
import datetime as dt

import pytest

from models.commune import organisations
from models.people import member_events, member_history, members
from models.people.member_events import Event
from tests.conftest import add_member

D = dt.date


def test_states_on_replays_every_member_up_to_the_date(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    an = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1), D(2021, 1, 1))
    binh = add_member(conn, "Trần Văn Bình", teachers.id, D(2023, 6, 1))
    members.add_event(conn, an.id, Event("chuyen_di", D(2024, 3, 1), org_id=teachers.id))
    before = member_history.states_on(conn, D(2024, 2, 28))
    after = member_history.states_on(conn, D(2024, 3, 1))
    assert list(before) == [an.id, binh.id]
    assert before[an.id].org_id == dong.id and after[an.id].org_id == teachers.id
    assert before[binh.id].standing == "du_bi"
    assert member_history.states_on(conn, D(2019, 12, 31))[an.id].status == "chua_ket_nap"


def test_a_history_that_does_not_replay_is_left_out_not_fatal(commune):
    conn, dong = commune["conn"], commune["dong"]
    an = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1))
    binh = add_member(conn, "Trần Văn Bình", dong.id, D(2020, 1, 1))
    # A row written by an older version or by hand: a second admission, which no longer replays.
    conn.execute("INSERT INTO member_events (member_id, kind, event_date, org_id) VALUES (?, 'ket_nap', ?, ?)",
                 (binh.id, "2021-01-01", dong.id))
    assert list(member_history.states_on(conn, D(2022, 1, 1))) == [an.id]


def test_all_events_keep_every_field_in_date_order(commune):
    conn, dong = commune["conn"], commune["dong"]
    an = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1))
    members.add_event(conn, an.id, Event("chuyen_chinh_thuc", D(2021, 1, 1), decision_no="15-QĐ/ĐU",
                                         decision_date=D(2021, 1, 2)))
    history = member_history.all_events(conn)[an.id]
    assert [e.kind for e in history] == ["ket_nap", "chuyen_chinh_thuc"]
    assert (history[-1].decision_no, history[-1].decision_date) == ("15-QĐ/ĐU", D(2021, 1, 2))
    assert history == member_history.events(conn, an.id)


def test_a_merger_moves_the_roll_through_the_history_module(commune):
    conn, dong, school = commune["conn"], commune["dong"], commune["school"]
    an = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1))
    other = organisations.create(conn, organisations.NewOrganisation("Chi bộ thôn Tây", "chi_bo_co_so", "thon"))
    assert member_history.transfer_all(conn, dong.id, other.id, D(2025, 7, 1), "1-QĐ") == 1
    assert members.get(conn, an.id).org_id == other.id
    assert member_history.events(conn, an.id)[-1].detail == "Hợp nhất tổ chức"
    assert member_history.transfer_all(conn, school.id, other.id, D(2025, 7, 1), "") == 0


def test_state_replace_copies_like_dataclasses_replace_and_refuses_a_wrong_name() -> None:
    state = member_events.State(status="dang_sinh_hoat", org_id=3, joined_on=dt.date(2000, 5, 1),
                                gaps=((dt.date(2010, 1, 1), None),))
    changed = member_events.replace(state, status="chuyen_di", left_on=dt.date(2020, 1, 2))
    assert changed == dataclasses.replace(state, status="chuyen_di", left_on=dt.date(2020, 1, 2))
    assert state.status == "dang_sinh_hoat" and changed is not state
    with pytest.raises(TypeError):
        member_events.replace(state, stauts="x")


def test_seniority_without_gaps_counts_calendar_years_from_joining() -> None:
    state = member_events.State(status="dang_sinh_hoat", joined_on=dt.date(2000, 5, 1))
    assert member_events.seniority_years(state, dt.date(2030, 4, 30)) == 29
    assert member_events.seniority_years(state, dt.date(2030, 5, 1)) == 30
    assert member_events.seniority_years(state, dt.date(1999, 1, 1)) == 0
