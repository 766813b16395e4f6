"""Studying resolutions: documents, sessions, who took part, reflections, Chỉ thị 05 and the rates."""

from __future__ import annotations

import datetime as dt

import pytest

from models.errors import UserError
from models.people import members
from models.people.member_events import Event
from models.storage import audit
from models.study import sessions as study
from models.study.sessions import Document, GoodModel, Session
from tests.conftest import add_member

DAY = dt.date(2025, 3, 14)


@pytest.fixture
def setup(commune):
    conn = commune["conn"]
    dong, teachers = commune["dong"], commune["teachers"]
    people = {name: add_member(conn, name, org.id, dt.date(2010, 1, 1), dt.date(2011, 1, 1)) for name, org in (
        ("Nguyễn Văn An", dong), ("Trần Thị Bình", dong), ("Lê Văn Cường", dong), ("Phạm Thị Dung", teachers))}
    late = add_member(conn, "Hoàng Văn Em", dong.id, dt.date(2025, 6, 1))   # admitted after the session
    doc = study.create_document(conn, Document("57-NQ/TW", "Về đột phá phát triển khoa học, công nghệ",
                                               "Bộ Chính trị", dt.date(2024, 12, 22)))
    return {**commune, "people": people, "late": late, "doc": doc}


def test_document_requires_title_and_code(setup):
    conn = setup["conn"]
    with pytest.raises(UserError, match="trích yếu"):
        study.create_document(conn, Document("58-NQ/TW", "  "))
    with pytest.raises(UserError, match="số, ký hiệu"):
        study.create_document(conn, Document("", "Về một việc"))
    assert [d.code for d in study.documents(conn)] == ["57-NQ/TW"]
    changed = study.update_document(conn, Document("57-NQ/TW", "Nghị quyết về khoa học", "Bộ Chính trị",
                                                   dt.date(2024, 12, 22), id=setup["doc"].id))
    assert changed.title == "Nghị quyết về khoa học"


def test_session_lists_everyone_on_the_roll_that_day_as_present(setup):
    conn, doc = setup["conn"], setup["doc"]
    session = study.create_session(conn, Session(doc.id, DAY, (setup["dong"].id,), "ket_hop", 3))
    names = [p.full_name for p in study.participants(conn, session.id)]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]     # not Em (later), not Dung (other cell)
    assert all(p.attended for p in study.participants(conn, session.id))
    assert audit.history(conn, "study_session", session.id)[0].action == "thêm buổi học tập"


def test_inviting_a_grassroots_committee_brings_its_cells(setup):
    conn, doc = setup["conn"], setup["doc"]
    session = study.create_session(conn, Session(doc.id, DAY, (setup["school"].id,)))
    assert [p.full_name for p in study.participants(conn, session.id)] == ["Phạm Thị Dung"]


def test_absences_grades_and_the_rate(setup):
    conn, doc, people = setup["conn"], setup["doc"], setup["people"]
    session = study.create_session(conn, Session(doc.id, DAY, (setup["dong"].id, setup["teachers"].id)))
    an, binh = people["Nguyễn Văn An"], people["Trần Thị Bình"]
    study.set_attendance(conn, session.id, {binh.id: False})
    study.record_grades(conn, session.id, {an.id: "Tốt"})
    with pytest.raises(UserError, match="vắng buổi học tập"):
        study.record_grades(conn, session.id, {binh.id: "Khá"})
    with pytest.raises(UserError, match="không hợp lệ"):
        study.record_grades(conn, session.id, {an.id: "Xuất sắc"})
    stats = study.year_stats(conn, 2025)
    assert (stats.sessions, stats.expected, stats.participants) == (1, 4, 3)
    assert stats.participation_text == "3/4, đạt 75,0%"
    assert study.year_stats(conn, 2025, [setup["teachers"].id]).participation_text == "1/1, đạt 100,0%"
    assert study.year_stats(conn, 2024).expected == 0
    evidence = study.member_evidence(conn, an.id, 2025)
    assert (evidence.sessions_expected, evidence.sessions_attended, evidence.reflection_grades) == (1, 1, ("Tốt",))
    assert study.member_evidence(conn, binh.id, 2025).sessions_attended == 0


def test_marking_absent_clears_the_grade(setup):
    conn, doc, an = setup["conn"], setup["doc"], setup["people"]["Nguyễn Văn An"]
    session = study.create_session(conn, Session(doc.id, DAY, (setup["dong"].id,)))
    study.record_grades(conn, session.id, {an.id: "Khá"})
    study.set_participants(conn, session.id, set())
    assert {p.grade for p in study.participants(conn, session.id)} == {""}


def test_moving_a_session_rebuilds_the_list_but_keeps_marks(setup):
    conn, doc, people = setup["conn"], setup["doc"], setup["people"]
    session = study.create_session(conn, Session(doc.id, DAY, (setup["dong"].id,)))
    study.set_attendance(conn, session.id, {people["Trần Thị Bình"].id: False})
    moved = study.update_session(conn, Session(doc.id, dt.date(2025, 7, 1), (setup["dong"].id,), id=session.id))
    listed = {p.full_name: p.attended for p in study.participants(conn, moved.id)}
    assert listed == {"Nguyễn Văn An": True, "Trần Thị Bình": False, "Lê Văn Cường": True, "Hoàng Văn Em": True}


def test_session_needs_an_organisation_and_a_real_mode(setup):
    conn, doc = setup["conn"], setup["doc"]
    with pytest.raises(UserError, match="ít nhất một tổ chức"):
        study.create_session(conn, Session(doc.id, DAY, ()))
    with pytest.raises(UserError, match="Hình thức"):
        study.create_session(conn, Session(doc.id, DAY, (setup["dong"].id,), "qua_thu"))
    assert study.sessions(conn) == []


def test_members_away_are_not_expected(setup):
    conn, doc, cuong = setup["conn"], setup["doc"], setup["people"]["Lê Văn Cường"]
    members.add_event(conn, cuong.id, Event("mien_sinh_hoat", dt.date(2025, 1, 5), detail="Tuổi cao"))
    session = study.create_session(conn, Session(doc.id, DAY, (setup["dong"].id,)))
    assert "Lê Văn Cường" not in [p.full_name for p in study.participants(conn, session.id)]


def test_sessions_list_shows_the_rate(setup):
    conn, doc = setup["conn"], setup["doc"]
    session = study.create_session(conn, Session(doc.id, DAY, (setup["dong"].id,)))
    study.set_attendance(conn, session.id, {setup["people"]["Lê Văn Cường"].id: False})
    (row,) = study.sessions(conn, 2025)
    assert row.document.startswith("57-NQ/TW") and row.org_names == "Chi bộ thôn Đông"
    assert row.participation == "2/3, đạt 66,7%"


def test_ct05_registrations_and_rates(setup):
    conn, people = setup["conn"], setup["people"]
    for person in list(people.values())[:3]:
        study.register_ct05(conn, 2025, member_id=person.id, commitment="Gương mẫu nơi cư trú")
    reg = study.register_ct05(conn, 2025, org_id=setup["dong"].id, commitment="Mỗi tháng một việc làm tốt")
    study.register_ct05(conn, 2025, member_id=people["Nguyễn Văn An"].id, commitment="Sửa lại")  # updates
    study.set_ct05_result(conn, reg.id, "Tốt")
    with pytest.raises(UserError, match="không hợp lệ"):
        study.set_ct05_result(conn, reg.id, "Giỏi")
    with pytest.raises(UserError, match="hoặc một đảng viên, hoặc một tổ chức"):
        study.register_ct05(conn, 2025)
    stats = study.ct05_stats(conn, 2025)
    # 5 members on the roll at the end of 2025 (Em joined in June), 3 registered; 3 organisations, 1 registered.
    assert (stats.members_registered, stats.members_on_roll, stats.orgs_registered, stats.orgs_total) == (3, 5, 1, 3)
    assert stats.text == "1/3 tập thể, đạt 33,3%; 3/5 cá nhân, đạt 60,0%"
    regs = study.ct05_registrations(conn, 2025)
    assert regs[0].name == "Chi bộ thôn Đông" and regs[0].result == "Tốt" and len(regs) == 4
    assert [r.name for r in study.ct05_registrations(conn, 2025, [setup["teachers"].id])] == []
    evidence = study.member_evidence(conn, people["Nguyễn Văn An"].id, 2025)
    assert evidence.ct05_registered and evidence.ct05_result == ""


def test_good_models(setup):
    conn = setup["conn"]
    study.add_good_model(conn, GoodModel(2025, "Dân vận khéo", "Vận động hiến đất làm đường", org_id=setup["dong"].id))
    with pytest.raises(UserError, match="tên mô hình"):
        study.add_good_model(conn, GoodModel(2025, " "))
    assert [m.name for m in study.good_models(conn, 2025)] == ["Dân vận khéo"]
