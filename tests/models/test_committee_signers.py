"""The commune committee's signer (bí thư over time) and the recipients of its reports."""

from __future__ import annotations

import datetime as dt

import pytest

from models.commune import committee
from models.errors import UserError

D = dt.date


def test_the_signer_on_a_date_is_the_one_in_office_then(conn):
    committee.appoint(conn, "bi_thu", "Nguyễn Văn Cũ", D(2020, 10, 1))
    committee.appoint(conn, "bi_thu", "  Hoàng Thị Mới ", D(2025, 9, 1), "Quyết định 12-QĐ/TU")
    assert committee.signer_on(conn, D(2024, 12, 20)).full_name == "Nguyễn Văn Cũ"
    now = committee.signer_on(conn, D(2026, 12, 20))
    assert (now.full_name, now.role, now.decision_no) == ("Hoàng Thị Mới", "BÍ THƯ", "Quyết định 12-QĐ/TU")
    old = committee.signers(conn)[0]
    assert old.end_on == D(2025, 8, 31)         # the next appointment ended the previous term the day before
    assert committee.signer_on(conn, D(2019, 1, 1)) is None


def test_a_deputy_signs_while_there_is_no_secretary(conn):
    committee.appoint(conn, "pho_bi_thu", "Lê Văn Phó", D(2025, 1, 1))
    signer = committee.signer_on(conn, D(2026, 1, 1))
    assert (signer.full_name, signer.role) == ("Lê Văn Phó", "PHÓ BÍ THƯ")
    committee.appoint(conn, "bi_thu", "Hoàng Thị Mới", D(2025, 9, 1))
    assert committee.signer_on(conn, D(2026, 1, 1)).role == "BÍ THƯ"


@pytest.mark.parametrize("position, name, start, message", [
    ("bi_thu", "   ", D(2025, 1, 1), "Hãy nhập họ và tên"),
    ("thu_quy", "Lê Văn A", D(2025, 1, 1), "Chức vụ"),
    ("bi_thu", "Lê Văn A", None, "ngày nhận chức"),
])
def test_a_bad_appointment_says_what_to_fix_and_stores_nothing(conn, position, name, start, message):
    with pytest.raises(UserError, match=message):
        committee.appoint(conn, position, name, start)
    assert committee.signers(conn) == []


def test_an_appointment_before_the_holder_in_office_is_refused(conn):
    committee.appoint(conn, "bi_thu", "Hoàng Thị Mới", D(2025, 9, 1))
    with pytest.raises(UserError, match="01/09/2025"):
        committee.appoint(conn, "bi_thu", "Nguyễn Văn Cũ", D(2025, 9, 1))
    assert [s.full_name for s in committee.signers(conn)] == ["Hoàng Thị Mới"]


def test_recipients_default_to_the_province_and_end_with_the_office_file(conn):
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", superior_name="Đảng bộ tỉnh Phú Thọ",
                                             place_name="Phố Mới"))
    lines = committee.recipients(conn)
    assert lines[0] == "- Ban Tổ chức Tỉnh ủy Phú Thọ (để báo cáo),"
    assert lines[-1] == "- Lưu Văn phòng Đảng ủy."
    assert not any("cấp trên" in line for line in lines)


def test_recipients_as_typed_one_a_line_with_the_office_file_last(conn):
    stored = committee.save_recipients(conn, "Ban Tổ chức Tỉnh ủy Phú Thọ,\n\n  - Ban Tuyên giáo Tỉnh ủy,\r\n")
    assert stored == ("- Ban Tổ chức Tỉnh ủy Phú Thọ,", "- Ban Tuyên giáo Tỉnh ủy,", "- Lưu Văn phòng Đảng ủy.")
    assert committee.recipients(conn) == stored
    again = committee.save_recipients(conn, "- Ban Tổ chức Tỉnh ủy,\n- Lưu VP.")
    assert again == ("- Ban Tổ chức Tỉnh ủy,", "- Lưu VP.")       # a "Lưu" line of their own is kept as typed


def test_too_many_recipients_are_refused(conn):
    with pytest.raises(UserError, match="Nơi nhận"):
        committee.save_recipients(conn, "\n".join(f"- Nơi {i}," for i in range(40)))


def test_clearing_the_recipients_brings_back_the_usual_ones(conn):
    committee.save_recipients(conn, "- Ban Tuyên giáo,")
    assert committee.save_recipients(conn, "  \n ") == committee.default_recipients("")
    assert committee.recipients(conn)[0] == "- Ban Tổ chức Tỉnh ủy (để báo cáo),"


def test_settings_are_saved_at_once_or_not_at_all(conn):
    names = committee.Committee(name="Đảng bộ xã Phố Mới", superior_name="Đảng bộ tỉnh Phú Thọ", place_name="Phố Mới")
    committee.save_office(conn, committee.Office(names, "Hoàng Thị Mới", D(2025, 9, 1), "- Ban Tổ chức Tỉnh ủy,"))
    assert committee.signer_on(conn, D(2026, 1, 1)).full_name == "Hoàng Thị Mới"
    committee.save_office(conn, committee.Office(names, "Hoàng Thị Mới", D(2025, 9, 1), "- Ban Tổ chức Tỉnh ủy,"))
    assert len(committee.signers(conn)) == 1                 # saved again unchanged: no new appointment
    with pytest.raises(UserError, match="Nơi nhận"):
        committee.save_office(conn, committee.Office(names, "Lê Văn Sau", D(2026, 3, 1),
                                                     "\n".join(f"- Nơi {i}," for i in range(40))))
    assert [s.full_name for s in committee.signers(conn)] == ["Hoàng Thị Mới"]
    assert committee.signers(conn)[0].end_on is None


def test_a_file_of_the_version_before_gains_the_signers_table_and_keeps_its_data():
    import sqlite3

    from models.storage import db, schema

    conn = sqlite3.connect(":memory:", isolation_level=None)
    for statement in schema.MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("UPDATE committee SET name = 'Đảng bộ xã Phố Mới' WHERE id = 1")
    conn.execute("PRAGMA user_version = 1")
    assert db.migrate(conn) is True
    assert db.user_version(conn) == schema.VERSION
    assert conn.execute("SELECT count(*) FROM committee_signers").fetchone()[0] == 0
    assert conn.execute("SELECT name FROM committee").fetchone()[0] == "Đảng bộ xã Phố Mới"
