import datetime as dt
import json

import pytest

from models.errors import UserError
from models.people import members
from models.people.member_events import Event
from models.reporting import reports
from models.reviews import records as reviews
from tests.conftest import add_member

D = dt.date


@pytest.fixture
def year_2025(commune):
    """Seven members on the roll at the end of 2025, 18 of 24 monthly meetings, one study session, a review."""
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    people = {
        "A": add_member(conn, "Nguyễn Văn An", dong.id, D(2000, 1, 1), D(2001, 1, 1), gender="Nam"),
        "B": add_member(conn, "Trần Thị Bình", dong.id, D(2000, 1, 1), D(2001, 1, 1), gender="Nữ"),
        "C": add_member(conn, "Lê Văn Cường", dong.id, D(2025, 3, 1), gender="Nam"),
        "D": add_member(conn, "Phạm Thị Dung", dong.id, D(1970, 1, 1), D(1971, 1, 1), gender="Nữ"),
        "E": add_member(conn, "Hoàng Văn Em", dong.id, D(1970, 1, 1), D(1971, 1, 1), gender="Nam"),
        "F": add_member(conn, "Vũ Thị Phương", teachers.id, D(2010, 1, 1), D(2011, 1, 1), gender="Nữ"),
        "G": add_member(conn, "Đỗ Văn Giang", teachers.id, D(2010, 1, 1), D(2011, 1, 1), gender="Nam"),
        "H": add_member(conn, "Bùi Thị Hoa", teachers.id, D(2010, 1, 1), D(2011, 1, 1), gender="Nữ"),
    }
    members.add_event(conn, people["D"].id, Event("mien_sinh_hoat", D(2024, 5, 1)))
    members.add_event(conn, people["E"].id, Event("tu_tran", D(2025, 6, 1)))
    meeting_ids = {}
    for org, months in ((dong, range(1, 13)), (teachers, range(1, 7))):
        for month in months:
            meeting_ids[(org.id, month)] = conn.execute(
                "INSERT INTO meetings (org_id, kind, held_on) VALUES (?, ?, ?)",
                (org.id, "ghep" if month == 2 else "thuong_ky", f"2025-{month:02d}-10")).lastrowid
    conn.execute("INSERT INTO meetings (org_id, kind, held_on) VALUES (?, 'chuyen_de', '2025-09-20')", (teachers.id,))
    for key, status in (("A", "co_mat"), ("B", "vang_co_ly_do"), ("C", "co_mat"), ("D", "mien_sinh_hoat")):
        _attend(conn, meeting_ids[(dong.id, 3)], people[key], status)
    for key in "FGH":
        _attend(conn, meeting_ids[(teachers.id, 3)], people[key], "co_mat")
    doc = conn.execute("INSERT INTO study_documents (code, title) VALUES ('57-NQ/TW', 'Nghị quyết')").lastrowid
    session = conn.execute("INSERT INTO study_sessions (document_id, held_on) VALUES (?, '2025-04-02')",
                           (doc,)).lastrowid
    for key, came in (("A", 1), ("B", 1), ("F", 1), ("G", 0)):
        conn.execute("INSERT INTO study_participants (session_id, member_id, attended) VALUES (?, ?, ?)",
                     (session, people[key].id, came))
    reviews.open_review(conn, 2025)
    for key, level in (("A", "HTXSNV"), ("B", "HTTNV"), ("C", "HTTNV"), ("F", "HTNV"), ("G", "HTTNV"), ("H", "KHTNV")):
        conn.execute("UPDATE member_reviews SET cell_level = ? WHERE year = 2025 AND member_id = ?",
                     (level, people[key].id))
    conn.execute("UPDATE org_reviews SET proposed_level = 'HTTNV' WHERE year = 2025")
    return commune


def _attend(conn, meeting_id, member, status):
    conn.execute("INSERT INTO meeting_attendance (meeting_id, member_id, name, standing, status)"
                 " VALUES (?, ?, ?, ?, ?)",
                 (meeting_id, member.id, member.full_name, member.standing, status))


def test_report_json_keys_and_figures(year_2025):
    data = reports.year_report(year_2025["conn"], 2025)
    assert json.loads(json.dumps(data, ensure_ascii=False))["year"] == 2025
    assert {"year", "organisations", "members", "meetings", "study", "reviews", "warnings"} <= data.keys()
    assert data["organisations"] == {"total": 3, "by_kind": {"dang_bo_co_so": 1, "chi_bo_co_so": 1,
                                                            "chi_bo_truc_thuoc": 1, "to_dang": 0}}
    people = data["members"]
    assert (people["total"], people["chinh_thuc"], people["du_bi"], people["mien_sinh_hoat"]) == (7, 6, 1, 1)
    assert people["by_gender"] == {"Nam": 3, "Nữ": 4}
    meetings = data["meetings"]
    assert (meetings["held"], meetings["expected"]) == (18, 24)
    assert meetings["attendance_rate"] == 83.3 and isinstance(meetings["attendance_rate"], float)
    assert data["study"]["sessions"] == 1 and data["study"]["participation_rate"] == 75.0
    assert data["reviews"]["members"] == {"HTXSNV": 1, "HTTNV": 3, "HTNV": 1, "KHTNV": 1, "not_reviewed": 1}
    assert data["reviews"]["organisations"] == {"HTXSNV": 0, "HTTNV": 3, "HTNV": 0, "KHTNV": 0, "not_reviewed": 0}


def test_warnings_from_reviews_and_meeting_goals(year_2025):
    warnings = reports.year_report(year_2025["conn"], 2025)["warnings"]
    codes = [w["code"] for w in warnings]
    assert "quota" in codes
    assert any("Chi bộ thôn Đông" in w["message"] and "vượt tỷ lệ" in w["message"] for w in warnings)
    missing = next(w for w in warnings if w["code"] == "thieu_sinh_hoat")
    assert "18/24 buổi" in missing["message"] and "Chi bộ Giáo viên" in missing["message"]
    assert "thiếu 6" in missing["message"]
    low = next(w for w in warnings if w["code"] == "du_hop_thap")
    assert "83,3%" in low["message"] and "90%" in low["message"]


def test_report_of_one_grassroots_committee(year_2025):
    school = year_2025["school"]
    data = reports.year_report(year_2025["conn"], 2025, org_id=school.id)
    assert data["organisations"]["total"] == 2 and data["members"]["total"] == 3
    assert (data["meetings"]["held"], data["meetings"]["expected"]) == (6, 12)
    assert data["reviews"]["members"]["HTNV"] == 1 and data["reviews"]["members"]["HTXSNV"] == 0
    assert data["scope"] == school.name


def test_empty_year_has_no_false_zero_rates(commune):
    data = reports.year_report(commune["conn"], 2024)
    assert data["meetings"]["attendance_rate"] is None and data["study"]["participation_rate"] is None
    assert "Tỷ lệ đảng viên dự họp: –" in reports.year_report_text(data)


def test_text_is_vietnamese_with_vietnamese_numbers(year_2025):
    text = reports.year_report_text(reports.year_report(year_2025["conn"], 2025))
    assert text.startswith("SỐ LIỆU NĂM 2025 – Đảng bộ xã Phố Mới")
    assert "Buổi sinh hoạt thường kỳ đã họp / phải họp: 18/24 buổi" in text
    assert "Tỷ lệ đảng viên dự họp: 83,3%" in text
    assert "Hoàn thành xuất sắc nhiệm vụ: 1" in text and "Nam / Nữ: 3 / 4" in text


def test_a_year_out_of_range_is_refused(commune):
    with pytest.raises(UserError, match="Năm 1990 không hợp lệ"):
        reports.year_report(commune["conn"], 1990)
