import dataclasses
import datetime as dt

from models import rules
from models.commune import organisations
from models.reporting import checks
from tests.conftest import add_member

D = dt.date
TODAY = D(2026, 11, 15)


def _codes(conn, code):
    return [f.message for f in checks.run(conn, TODAY) if f.code == code]


def _staff(conn, org_id, count, prefix="Trần Văn"):
    """``count`` full members with distinct names; the first one becomes bí thư."""
    people = [add_member(conn, f"{prefix} {name}", org_id, D(2000, 1, 1), D(2001, 1, 1), birth_date=D(1970, 1, 1 + i))
              for i, name in enumerate(["An", "Bình", "Cường", "Dũng", "Hải"][:count])]
    organisations.set_position(conn, org_id, people[0].id, "bi_thu", D(2022, 1, 1))
    return people


def _meeting(conn, org_id, day, attendance):
    meeting_id = conn.execute("INSERT INTO meetings (org_id, kind, held_on, state)"
                              " VALUES (?, 'thuong_ky', ?, 'da_thong_qua')",
                              (org_id, day.isoformat())).lastrowid
    for member, status in attendance:
        conn.execute("INSERT INTO meeting_attendance (meeting_id, member_id, name, standing, status)"
                     " VALUES (?, ?, ?, ?, ?)",
                     (meeting_id, member.id, member.full_name, "chinh_thuc", status))


def test_a_clean_commune_has_no_findings(commune):
    conn = commune["conn"]
    for org in (commune["school"], commune["teachers"], commune["dong"]):
        _staff(conn, org.id, 3, prefix={commune["school"].id: "Lê Văn", commune["teachers"].id: "Phạm Văn"}
               .get(org.id, "Trần Văn"))
    assert checks.run(conn, TODAY) == []


def test_cell_with_fewer_than_three_full_members(commune):
    conn, dong = commune["conn"], commune["dong"]
    _staff(conn, dong.id, 2)
    add_member(conn, "Lê Thị Hoa", dong.id, D(2026, 6, 1))  # probationary: does not count
    found = _codes(conn, "chi_bo_it")
    assert any("Chi bộ thôn Đông chỉ có 2 đảng viên chính thức" in m for m in found)


def test_probationary_member_past_the_deadline(commune):
    conn, dong = commune["conn"], commune["dong"]
    late = add_member(conn, "Lê Thị Hoa", dong.id, D(2025, 6, 2))
    add_member(conn, "Lê Thị Lan", dong.id, D(2025, 11, 1))   # 12 months end 01/11/2026, deadline not yet passed
    found = _codes(conn, "du_bi_qua_han")
    assert len(found) == 1
    assert late.full_name in found[0] and "02/06/2025" in found[0] and "Chi bộ thôn Đông" in found[0]
    assert "xét chuyển chính thức" in found[0]


def test_working_days_skip_weekends():
    assert checks.add_working_days(D(2026, 11, 13), 1) == D(2026, 11, 16)   # Friday + 1 → Monday
    assert checks.add_working_days(D(2026, 11, 16), 30) == D(2026, 12, 28)


def test_absent_without_reason_three_months(commune):
    conn, dong = commune["conn"], commune["dong"]
    people = _staff(conn, dong.id, 4)
    absentee, sometimes = people[2], people[3]
    for month in (3, 4, 5):
        _meeting(conn, dong.id, D(2026, month, 10), [(absentee, "vang_khong_ly_do"),
                                                      (sometimes, "vang_khong_ly_do" if month < 5 else "co_mat")])
    found = _codes(conn, "bo_sinh_hoat")
    assert len(found) == 1 and absentee.full_name in found[0] and "3 tháng trong năm 2026" in found[0]


def test_unpaid_dues_three_months(commune):
    conn, dong = commune["conn"], commune["dong"]
    people = _staff(conn, dong.id, 4)
    debtor, late_once = people[2], people[3]
    for month in range(1, 13):
        for member, unpaid in ((debtor, month in (2, 3, 4)), (late_once, month == 6)):
            conn.execute("INSERT INTO dues_payments (member_id, month, amount_due, amount_paid) VALUES (?, ?, 5000, ?)",
                         (member.id, f"2025-{month:02d}", 0 if unpaid else 5000))
    found = _codes(conn, "no_dang_phi")
    assert len(found) == 1 and debtor.full_name in found[0] and "năm 2025" in found[0]


def test_organisation_without_a_secretary_or_with_one_who_left(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    people = _staff(conn, dong.id, 3)
    from models.people import members
    from models.people.member_events import Event
    members.add_event(conn, people[0].id, Event("tu_tran", D(2026, 3, 1)))
    found = _codes(conn, "thieu_bi_thu")
    assert any(m.startswith("Chi bộ Giáo viên chưa có bí thư") for m in found)
    assert any("Bí thư Chi bộ thôn Đông là Trần Văn An" in m and "từ trần" in m for m in found)
    assert not any(teachers.name in m and "là" in m for m in found)


def test_duplicate_looking_members(commune):
    conn, dong = commune["conn"], commune["dong"]
    add_member(conn, "Nguyễn Văn Ân", dong.id, D(2000, 1, 1), birth_date=D(1970, 5, 2))
    add_member(conn, "nguyen van an", commune["teachers"].id, D(2001, 1, 1), birth_date=D(1970, 5, 2))
    add_member(conn, "Nguyễn Văn Ân", dong.id, D(2000, 1, 1), birth_date=D(1971, 5, 2))  # another person
    found = _codes(conn, "trung_lap")
    assert len(found) == 1 and "02/05/1970" in found[0] and "Chi bộ Giáo viên" in found[0]


def test_history_that_no_longer_replays_and_a_broken_file(commune):
    conn, dong = commune["conn"], commune["dong"]
    member = add_member(conn, "Vũ Văn Nam", dong.id, D(2000, 1, 1), D(2001, 1, 1))
    conn.execute("INSERT INTO member_events (member_id, kind, event_date) VALUES (?, 'tu_tran', '2020-01-01')",
                 (member.id,))
    conn.execute("INSERT INTO member_events (member_id, kind, event_date, detail) VALUES (?, 'ky_luat', '2021-01-01',"
                 " 'khien_trach')", (member.id,))
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO org_positions (org_id, member_id, position, start_on)"
                 " VALUES (?, 999, 'bi_thu', '2022-01-01')",
                 (dong.id,))
    conn.execute("PRAGMA foreign_keys = ON")
    history = _codes(conn, "lich_su")
    assert len(history) == 1 and "Vũ Văn Nam" in history[0] and "đính chính" in history[0]
    assert any("org_positions" in m for m in _codes(conn, "toan_ven"))


def test_overdue_probation_states_the_rule_sets_probation_months(commune, monkeypatch):
    """The finding prints the probation the rule set gives, not a fixed '12 tháng'."""
    conn, dong = commune["conn"], commune["dong"]
    add_member(conn, "Lê Thị Hoa", dong.id, D(2025, 6, 2))
    assert "hết 12 tháng dự bị ngày 02/06/2026" in _codes(conn, "du_bi_qua_han")[0]
    shorter = dataclasses.replace(rules.for_date(D(2025, 6, 2)), probation_months=9)
    monkeypatch.setattr(rules, "for_date", lambda on: shorter)
    assert "hết 9 tháng dự bị ngày 02/03/2026" in _codes(conn, "du_bi_qua_han")[0]
