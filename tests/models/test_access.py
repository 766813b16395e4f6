"""Accounts, roles and the one Access object: who may see and change what."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from models.access import accounts, passwords
from models.access.session import FULL, AccessDenied, for_account, mask_identifier
from models.errors import UserError
from models.storage import audit

PASSWORD = "mat-khau-dai"


def test_a_password_is_stored_as_a_salted_slow_hash_with_its_cost():
    digest, params = passwords.hash_password(PASSWORD)
    assert PASSWORD not in digest + params
    assert '"n": 16384' in params and '"salt"' in params
    assert passwords.verify_password(PASSWORD, digest, params)
    assert not passwords.verify_password("mat-khau-sai", digest, params)
    assert passwords.hash_password(PASSWORD)[0] != digest        # a new salt each time
    # A cost raised later still checks old hashes with the cost they were made with.
    assert passwords.verify_password(PASSWORD, digest, params.replace('"n": 16384', '"n": 16384'))


def test_the_first_account_must_be_an_administrator(conn, commune):
    with pytest.raises(UserError, match="đầu tiên phải là quản trị"):
        accounts.add_account(conn, "vanthu", PASSWORD, "van-phong")
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri", full_name="Nguyễn Quản Trị")
    accounts.add_account(conn, "vanthu", PASSWORD, "van-phong")
    with pytest.raises(UserError, match="Đã có tài khoản"):
        accounts.add_account(conn, "VANTHU", PASSWORD, "van-phong")
    with pytest.raises(UserError, match="ít nhất 8"):
        accounts.add_account(conn, "ngan", "ngan", "chi-xem")
    with pytest.raises(UserError, match="phải gắn với một tổ chức"):
        accounts.add_account(conn, "bithu", PASSWORD, "bi-thu")
    assert [a.login for a in accounts.list_accounts(conn)] == ["admin", "vanthu"]


def test_login_gives_the_role_and_a_bi_thu_only_their_organisation_and_sub_units(conn, commune):
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    accounts.add_account(conn, "bithu", PASSWORD, "bi-thu", org_id=commune["school"].id)
    access = accounts.login(conn, "bithu", PASSWORD)
    assert access.role == "bi-thu"
    assert access.visible_org_ids() == {commune["school"].id, commune["teachers"].id}
    assert access.can_see(commune["teachers"].id) and access.can_edit(commune["teachers"].id)
    assert not access.can_see(commune["dong"].id)
    assert not access.whole_commune()
    assert access.scoped_org(None) == commune["school"].id
    with pytest.raises(AccessDenied, match="bithu"):
        access.scoped_org(commune["dong"].id)
    admin = accounts.login(conn, "ADMIN", PASSWORD)
    assert admin.whole_commune() and admin.may_manage_accounts() and admin.scoped_org(None) is None


def test_chi_xem_reads_everything_changes_nothing_and_sees_masked_identifiers(conn, commune):
    viewer = for_account(conn, "xem", "", "chi-xem", None)
    assert viewer.can_see(commune["dong"].id) and not viewer.can_edit(commune["dong"].id)
    assert not viewer.may_write() and not viewer.may_reveal_identifiers() and not viewer.may_backup()
    assert mask_identifier("093456789012") == "••••••••••12"
    office = for_account(conn, "vp", "", "van-phong", None)
    assert office.may_backup() and not office.may_restore() and not office.may_manage_accounts()
    assert FULL.may_manage_accounts() and FULL.whole_commune()


def test_wrong_passwords_slow_further_attempts_and_the_wait_is_kept_in_the_file(conn, commune):
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    now = dt.datetime(2026, 12, 1, 8, 0, 0)
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(UserError, match="không đúng"):
            accounts.login(conn, "admin", "sai-mat-khau", now=now)
    with pytest.raises(UserError, match="Hãy đợi"):       # even the right password waits now
        accounts.login(conn, "admin", PASSWORD, now=now)
    later = now + dt.timedelta(minutes=1)
    assert accounts.login(conn, "admin", PASSWORD, now=later).login == "admin"
    assert conn.execute("SELECT failed_attempts FROM users").fetchone()[0] == 0
    with pytest.raises(UserError, match="không đúng"):     # an unknown login says the same
        accounts.login(conn, "khong-co", PASSWORD)


def test_disabled_accounts_cannot_log_in_and_the_last_administrator_stays(conn, commune):
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    accounts.add_account(conn, "vanthu", PASSWORD, "van-phong")
    accounts.set_disabled(conn, "vanthu")
    with pytest.raises(UserError, match="đã bị khóa"):
        accounts.login(conn, "vanthu", PASSWORD)
    with pytest.raises(UserError, match="quản trị cuối cùng"):
        accounts.set_disabled(conn, "admin")
    with pytest.raises(UserError, match="quản trị cuối cùng"):
        accounts.set_role(conn, "admin", "chi-xem", None)
    accounts.reset_password(conn, "vanthu", "mat-khau-moi-1")
    accounts.set_disabled(conn, "vanthu", False)
    assert accounts.login(conn, "vanthu", "mat-khau-moi-1").role == "van-phong"


def test_start_without_login_is_an_explicit_setting(conn, commune):
    assert accounts.without_login(conn) is FULL                 # no accounts: as before
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    assert accounts.without_login(conn) is None                  # accounts: a login is needed ...
    accounts.set_start_without_login(conn, True)                 # ... unless an administrator says otherwise
    access = accounts.without_login(conn)
    assert access is not None and access.role == "van-phong" and not access.may_manage_accounts()
    accounts.set_idle_lock_minutes(conn, 5)
    assert accounts.idle_lock_minutes(conn) == 5
    with pytest.raises(UserError):
        accounts.set_idle_lock_minutes(conn, -1)


def test_the_audit_names_the_logged_in_account_not_the_os_user(conn, commune, monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "may-tinh-chung")
    audit.os_login.cache_clear()   # the fixtures' records asked the login already: a program started on that PC
    accounts.add_account(conn, "admin", PASSWORD, "quan-tri")
    with audit.acting_as("admin"):
        accounts.add_account(conn, "vanthu", PASSWORD, "van-phong")
    rows = conn.execute("SELECT user, action FROM audit_log WHERE action = 'tạo tài khoản' ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("may-tinh-chung", "tạo tài khoản"), ("admin", "tạo tài khoản")]
    assert audit.current_user() == "may-tinh-chung"   # put back after the block


def test_the_database_refuses_what_the_role_may_not_write(conn, commune):
    import sqlite3

    from models.access import guard
    from models.commune.organisations import NewOrganisation
    from models.errors import explain
    from models.people import members
    from tests.conftest import add_member

    member = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2020, 5, 19))
    guard.install(conn, for_account(conn, "xem", "", "chi-xem", None))
    with pytest.raises(sqlite3.DatabaseError) as refused:
        members.update(conn, member.id, replace(member.details, residence="Thôn Đông"))
    assert "không được sửa dữ liệu này" in (explain(refused.value) or "")
    with audit.acting_as("xem"):
        audit.record_event(conn, "xem hồ sơ", "member", member.id)     # views are still recorded
    assert audit.history(conn, "member", member.id)[-1].user == "xem"
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DROP TRIGGER audit_no_delete")

    guard.install(conn, for_account(conn, "bt", "", "bi-thu", commune["dong"].id))
    add_member(conn, "Trần Thị Bình", commune["dong"].id, dt.date(2021, 5, 19))   # their members: yes
    with pytest.raises(sqlite3.DatabaseError):                                   # the commune's tree: no
        from models.commune import organisations
        organisations.create(conn, NewOrganisation("Chi bộ mới", "chi_bo_co_so", "thon"))
    guard.install(conn, FULL)
    conn.execute("DROP TRIGGER audit_no_delete")   # an administrator's connection is not limited
