"""Shared fixtures: each test gets its own fresh database."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from models.commune import (
    committee,  # noqa: E402
    organisations,  # noqa: E402
)
from models.commune.organisations import NewOrganisation  # noqa: E402
from models.people import members  # noqa: E402
from models.people.members import Admission, MemberDetails  # noqa: E402
from models.storage import audit, db  # noqa: E402


@pytest.fixture(autouse=True)
def _login_asked_afresh():
    """audit.os_login asks the operating system once per program; a test may give it another login."""
    audit.os_login.cache_clear()
    yield
    audit.os_login.cache_clear()


@pytest.fixture
def conn():
    connection = db.open_memory()
    yield connection
    connection.close()


@pytest.fixture
def commune(conn):
    """A small commune: one đảng bộ cơ sở with one cell, one chi bộ cơ sở; names set up."""
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", superior_name="Đảng bộ tỉnh Phú Thọ",
                                             place_name="Phố Mới", term_name="2025 - 2030",
                                             term_start=dt.date(2025, 9, 1), term_end=dt.date(2030, 8, 31)))
    school = organisations.create(conn, NewOrganisation("Đảng bộ Trường THCS Phố Mới", "dang_bo_co_so", "truong_hoc"))
    teachers = organisations.create(conn, NewOrganisation("Chi bộ Giáo viên", "chi_bo_truc_thuoc", "truong_hoc",
                                                          parent_id=school.id))
    dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    return {"conn": conn, "school": school, "teachers": teachers, "dong": dong}


def add_member(conn, name: str, org_id: int, joined: dt.date, official: dt.date | None = None, **details):
    """Create a member admitted on ``joined`` in ``org_id`` (test helper)."""
    return members.create(conn, MemberDetails(full_name=name, **details),
                          Admission(joined_on=joined, org_id=org_id, official_on=official))


@pytest.fixture
def card_holder_file(tmp_path):
    """A data file on disk with one cell and one member holding a card number (what an encrypted copy must hide)."""
    path = tmp_path / "so-chi-bo.sqlite"
    conn = db.open_db(path)
    dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    add_member(conn, "Nguyễn Văn Khánh", dong.id, dt.date(2020, 5, 19), card_number="093456789012")
    conn.close()
    return path
