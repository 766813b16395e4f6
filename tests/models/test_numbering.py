import datetime as dt

import pytest

from models.commune import committee, numbering
from models.errors import UserError


def test_numbers_run_per_issuer_and_type_over_the_term(commune):
    conn, dong, teachers = commune["conn"], commune["dong"], commune["teachers"]
    day = dt.date(2026, 11, 5)
    assert numbering.assign(conn, dong.id, "BB", day, "meeting:1") == 1
    assert numbering.assign(conn, dong.id, "BB", day.replace(year=2027), "meeting:2") == 2  # same term, no reset
    assert numbering.assign(conn, dong.id, "NQ", day, "meeting:1") == 1
    assert numbering.assign(conn, teachers.id, "BB", day, "meeting:3") == 1
    assert numbering.assign(conn, None, "BC", day, "report:2026") == 1


def test_the_same_document_keeps_its_number(commune):
    conn, dong = commune["conn"], commune["dong"]
    day = dt.date(2026, 11, 5)
    first = numbering.assign(conn, dong.id, "BB", day, "meeting:7")
    assert numbering.assign(conn, dong.id, "BB", day, "meeting:7") == first


def test_format_and_symbols(commune):
    assert numbering.format_number(5, "BB", "CB") == "Số 05-BB/CB"
    assert numbering.format_number(12, "NQ", "CB") == "Số 12-NQ/CB"
    assert numbering.issuer_symbol(None, dt.date(2026, 1, 1)) == "ĐU"
    assert numbering.issuer_symbol(3, dt.date(2026, 1, 1)) == "CB"


def test_unknown_document_type_is_refused(commune):
    with pytest.raises(UserError, match="Loại văn bản"):
        numbering.assign(commune["conn"], None, "XX", dt.date(2026, 1, 1), "x")


def test_committee_is_validated_and_term_decides_numbering(conn):
    with pytest.raises(UserError, match="tên Đảng bộ"):
        committee.save(conn, committee.Committee(name="", place_name="Phố Mới"))
    with pytest.raises(UserError, match="kết thúc nhiệm kỳ"):
        committee.save(conn, committee.Committee(name="Đảng bộ xã A", place_name="A", term_name="2025 - 2030",
                                                 term_start=dt.date(2030, 1, 1), term_end=dt.date(2025, 1, 1)))
    saved = committee.save(conn, committee.Committee(name="Đảng bộ xã A", place_name="A", term_name="2025 - 2030",
                                                     term_start=dt.date(2025, 9, 1), term_end=dt.date(2030, 8, 31)))
    assert committee.get(conn) == saved
    assert saved.term_on(dt.date(2026, 1, 1)) == "2025 - 2030"
    assert saved.term_on(dt.date(2024, 1, 1)) == "2024"
