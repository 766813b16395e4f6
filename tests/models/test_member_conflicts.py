"""Two windows on one file: a member saved in one is never silently reverted by the other's older form."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from models.commune import organisations
from models.conflicts import EditConflict
from models.errors import UserError
from models.people import members
from models.storage import audit, db
from tests.conftest import add_member


@pytest.fixture
def two_windows(tmp_path):
    """Two connections to one data file, as two copies of the program on one PC (or on a shared folder)."""
    path = tmp_path / "xa.sqlite"
    first = db.open_db(path)
    cell = organisations.create(first, organisations.NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
    member = add_member(first, "Nguyễn Văn An", cell.id, dt.date(2000, 1, 1), hometown="Nam Định")
    first.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # the stamp reaches the file header (see db.open_db)
    second = db.open_db(path)
    yield first, second, member
    first.close()
    second.close()


def test_the_older_form_is_refused_and_the_other_save_survives(two_windows):
    a, b, member = two_windows
    opened_in_a = members.get(a, member.id).details
    members.update(b, member.id, dataclasses.replace(members.get(b, member.id).details, notes="Chuyển về thôn Tây"))
    typed_in_a = dataclasses.replace(opened_in_a, hometown="Thái Bình")
    with pytest.raises(EditConflict) as caught:
        members.update(a, member.id, typed_in_a, expected=opened_in_a)
    conflict = caught.value
    assert isinstance(conflict, UserError) and "vừa được lưu" in conflict.message
    assert conflict.stored.notes == "Chuyển về thôn Tây" and conflict.typed.hometown == "Thái Bình"
    assert conflict.expected == opened_in_a
    assert set(conflict.differing) == {"notes", "hometown"}
    assert conflict.changed_there == ("notes",) and conflict.changed_here == ("hometown",)
    stored = members.get(a, member.id).details
    assert (stored.notes, stored.hometown) == ("Chuyển về thôn Tây", "Nam Định")


def test_keeping_mine_after_seeing_the_conflict_overwrites_on_purpose(two_windows):
    a, b, member = two_windows
    opened = members.get(a, member.id).details
    members.update(b, member.id, dataclasses.replace(opened, notes="Chuyển về thôn Tây"))
    typed = dataclasses.replace(opened, hometown="Thái Bình")
    with pytest.raises(EditConflict) as caught:
        members.update(a, member.id, typed, expected=opened)
    members.update(a, member.id, typed, expected=caught.value.stored)
    stored = members.get(b, member.id).details
    assert (stored.notes, stored.hometown) == ("", "Thái Bình")
    assert json.loads(audit.history(a, "member", member.id)[-1].detail)["notes"] == ["Chuyển về thôn Tây", ""]


def test_the_same_change_made_twice_is_no_conflict(two_windows):
    a, b, member = two_windows
    opened = members.get(a, member.id).details
    members.update(b, member.id, dataclasses.replace(opened, hometown="Thái Bình"))
    saved = members.update(a, member.id, dataclasses.replace(opened, hometown="Thái Bình"), expected=opened)
    assert saved.details.hometown == "Thái Bình"


def test_without_expected_update_behaves_as_before(two_windows):
    a, b, member = two_windows
    opened = members.get(a, member.id).details
    members.update(b, member.id, dataclasses.replace(opened, notes="Chuyển về thôn Tây"))
    assert members.update(a, member.id, dataclasses.replace(opened, hometown="Thái Bình")).details.notes == ""
