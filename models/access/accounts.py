"""The office's accounts: creating, listing, disabling, changing; logging in with a slowing after failures.

A file without accounts opens as before (everyone may do everything). The first account must be an
administrator, so a file never has accounts nobody can manage.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from models.access import passwords
from models.access.session import ADMIN, ROLE_NAMES, ROLES, SECRETARY, Access, for_account
from models.errors import UserError
from models.storage import audit
from models.storage.db import transaction

FREE_ATTEMPTS = 3          # wrong passwords before each further attempt must wait
MAX_WAIT_SECONDS = 15 * 60  # the wait doubles with each failure up to this
START_WITHOUT_LOGIN_KEY = "access.start_without_login"
IDLE_LOCK_KEY = "access.idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15


@dataclass(frozen=True)
class Account:
    login: str
    full_name: str
    role: str
    org_id: int | None
    disabled: bool
    created_at: str

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def has_accounts(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def list_accounts(conn: sqlite3.Connection) -> list[Account]:
    rows = conn.execute("SELECT login, full_name, role, org_id, disabled, created_at FROM users ORDER BY login")
    return [Account(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]


def get_account(conn: sqlite3.Connection, login: str) -> Account:
    for account in list_accounts(conn):
        if account.login.casefold() == login.strip().casefold():
            return account
    raise UserError(f"Không có tài khoản “{login}”. Hãy kiểm tra lại tên đăng nhập.")


def _check_role(conn: sqlite3.Connection, role: str, org_id: int | None) -> None:
    if role not in ROLES:
        raise UserError(f"Vai trò “{role}” không có. Hãy chọn một trong: {', '.join(ROLES)}.")
    if role == SECRETARY and org_id is None:
        raise UserError("Tài khoản bí thư chi bộ phải gắn với một tổ chức đảng. Hãy chọn tổ chức đảng.")
    if role != SECRETARY and org_id is not None:
        raise UserError("Chỉ tài khoản bí thư chi bộ mới gắn với một tổ chức đảng.")
    if org_id is not None and conn.execute("SELECT 1 FROM organisations WHERE id = ?", (org_id,)).fetchone() is None:
        raise UserError("Tổ chức đảng đã chọn không có trong dữ liệu.")


def _check_login(login: str) -> str:
    clean = login.strip()
    if not clean or len(clean) > 40 or any(c.isspace() for c in clean):
        raise UserError("Tên đăng nhập phải có từ 1 đến 40 ký tự, không có dấu cách.")
    return clean


def add_account(conn: sqlite3.Connection, login: str, password: str, role: str, *, full_name: str = "",
                org_id: int | None = None) -> Account:
    """A new account; the first one of a file must be an administrator."""
    clean = _check_login(login)
    _check_role(conn, role, org_id)
    passwords.check_new_password(password)
    if not has_accounts(conn) and role != ADMIN:
        raise UserError("Tài khoản đầu tiên phải là quản trị (--role quan-tri), để luôn có người quản lý tài khoản.")
    if any(a.login.casefold() == clean.casefold() for a in list_accounts(conn)):
        raise UserError(f"Đã có tài khoản “{clean}”. Hãy chọn tên đăng nhập khác.")
    digest, params = passwords.hash_password(password)
    with transaction(conn):
        conn.execute("INSERT INTO users (login, full_name, role, org_id, password_hash, password_params)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (clean, full_name.strip(), role, org_id, digest, params))
        audit.record(conn, "tạo tài khoản", "user", None, {"login": clean, "role": role, "org_id": org_id})
    return get_account(conn, clean)


def _last_enabled_admin(conn: sqlite3.Connection, login: str) -> bool:
    admins = [a for a in list_accounts(conn) if a.role == ADMIN and not a.disabled]
    return len(admins) == 1 and admins[0].login.casefold() == login.casefold()


def set_disabled(conn: sqlite3.Connection, login: str, disabled: bool = True) -> Account:
    account = get_account(conn, login)
    if disabled and _last_enabled_admin(conn, account.login):
        raise UserError("Đây là tài khoản quản trị cuối cùng còn dùng được; không khóa được. "
                        "Hãy tạo một tài khoản quản trị khác trước.")
    with transaction(conn):
        conn.execute("UPDATE users SET disabled = ? WHERE login = ?", (int(disabled), account.login))
        audit.record(conn, "khóa tài khoản" if disabled else "mở tài khoản", "user", None, {"login": account.login})
    return get_account(conn, account.login)


def set_role(conn: sqlite3.Connection, login: str, role: str, org_id: int | None) -> Account:
    account = get_account(conn, login)
    _check_role(conn, role, org_id)
    if role != ADMIN and _last_enabled_admin(conn, account.login):
        raise UserError("Đây là tài khoản quản trị cuối cùng; không đổi vai trò được. "
                        "Hãy tạo một tài khoản quản trị khác trước.")
    with transaction(conn):
        conn.execute("UPDATE users SET role = ?, org_id = ? WHERE login = ?", (role, org_id, account.login))
        audit.record(conn, "đổi vai trò", "user", None,
                     {"login": account.login, "from": account.role, "to": role, "org_id": org_id})
    return get_account(conn, account.login)


def reset_password(conn: sqlite3.Connection, login: str, password: str) -> None:
    account = get_account(conn, login)
    passwords.check_new_password(password)
    digest, params = passwords.hash_password(password)
    with transaction(conn):
        conn.execute("UPDATE users SET password_hash = ?, password_params = ?, failed_attempts = 0,"
                     " locked_until = NULL WHERE login = ?", (digest, params, account.login))
        audit.record(conn, "đặt lại mật khẩu", "user", None, {"login": account.login})


# ---------------------------------------------------------------- logging in

def _wait_after(failures: int) -> int:
    """Seconds the next attempt must wait after ``failures`` wrong passwords in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_ATTEMPTS + 1) * 5))


def login(conn: sqlite3.Connection, login_name: str, password: str, now: dt.datetime | None = None) -> Access:
    """Check a password; the Access of the account, or a Vietnamese UserError (the same for unknown and wrong)."""
    moment = now or _now()
    row = conn.execute("SELECT login, full_name, role, org_id, password_hash, password_params, disabled,"
                       " failed_attempts, locked_until FROM users WHERE login = ?", (login_name.strip(),)).fetchone()
    wrong = UserError("Tên đăng nhập hoặc mật khẩu không đúng. Hãy gõ lại (chú ý chữ hoa, chữ thường và bộ gõ "
                      "tiếng Việt đang bật).")
    if row is None:
        passwords.hash_password(password)   # the same time as a real check: no telling which logins exist
        raise wrong
    if row["locked_until"] and dt.datetime.fromisoformat(row["locked_until"]) > moment:
        seconds = int((dt.datetime.fromisoformat(row["locked_until"]) - moment).total_seconds()) + 1
        raise UserError(f"Đã gõ sai mật khẩu nhiều lần. Hãy đợi {seconds} giây rồi thử lại.")
    if not passwords.verify_password(password, row["password_hash"], row["password_params"]):
        _note_failure(conn, row["login"], int(row["failed_attempts"]) + 1, moment)
        raise wrong
    if row["disabled"]:
        raise UserError(f"Tài khoản “{row['login']}” đã bị khóa. Hãy nhờ quản trị viên mở lại.")
    _note_success(conn, row["login"])
    return for_account(conn, row["login"], row["full_name"], row["role"], row["org_id"])


def _note_failure(conn: sqlite3.Connection, login_name: str, failures: int, moment: dt.datetime) -> None:
    wait = _wait_after(failures)
    until = (moment + dt.timedelta(seconds=wait)).isoformat(sep=" ") if wait else None
    try:
        with transaction(conn):
            conn.execute("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE login = ?",
                         (failures, until, login_name))
            with audit.acting_as(login_name):
                audit.record(conn, "đăng nhập sai", "user", None, {"login": login_name, "lan": failures})
    except sqlite3.DatabaseError:   # a read-only file: it cannot count, the scrypt cost still slows guessing
        pass


def _note_success(conn: sqlite3.Connection, login_name: str) -> None:
    try:
        with transaction(conn):
            conn.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE login = ?", (login_name,))
            with audit.acting_as(login_name):
                audit.record(conn, "đăng nhập", "user", None, {"login": login_name})
    except sqlite3.DatabaseError:
        pass


# ---------------------------------------------------------------- settings an administrator changes

def _setting(conn: sqlite3.Connection, key: str, default: str) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def _save_setting(conn: sqlite3.Connection, key: str, value: str, action: str) -> None:
    with transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
        audit.record(conn, action, "settings", None, {key: value})


def starts_without_login(conn: sqlite3.Connection) -> bool:
    """Whether the window opens without asking for a login although accounts exist (an administrator's choice)."""
    return _setting(conn, START_WITHOUT_LOGIN_KEY, "0") == "1"


def set_start_without_login(conn: sqlite3.Connection, enabled: bool) -> None:
    _save_setting(conn, START_WITHOUT_LOGIN_KEY, "1" if enabled else "0", "đổi cách mở chương trình")


def idle_lock_minutes(conn: sqlite3.Connection) -> int:
    """Minutes without use after which the window hides its content behind the login (0: never)."""
    try:
        return max(0, int(_setting(conn, IDLE_LOCK_KEY, str(DEFAULT_IDLE_MINUTES))))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_lock_minutes(conn: sqlite3.Connection, minutes: int) -> None:
    if not 0 <= minutes <= 24 * 60:
        raise UserError("Thời gian tự khóa phải từ 0 (không tự khóa) đến 1.440 phút.")
    _save_setting(conn, IDLE_LOCK_KEY, str(minutes), "đổi thời gian tự khóa")


def without_login(conn: sqlite3.Connection) -> Access | None:
    """The Access of a window opened without a login: everything when there are no accounts, the office's
    records (no accounts, no audit trail) when an administrator chose so; None when a login is needed."""
    from models.access.session import FULL, OFFICE

    if not has_accounts(conn):
        return FULL
    if starts_without_login(conn):
        return Access(login="", full_name="", role=OFFICE)
    return None
