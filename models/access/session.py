"""The rules of access in one place: who is logged in, their role, and the organisations they may see.

Every screen, menu action and command asks an ``Access`` before it shows, prints, exports or changes
anything; nothing else in the program decides who may do what.

Roles (their spelling is the command line's and the file's):
- ``quan-tri``: everything, the accounts and the audit trail included;
- ``van-phong``: the records of the whole commune (no accounts, no audit trail, no restore);
- ``bi-thu``: their own organisation and its sub-units only (members, meetings, study, dues, reviews);
- ``chi-xem``: reads the whole commune, changes nothing, identifiers masked.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from models.errors import UserError

ADMIN, OFFICE, SECRETARY, VIEWER = "quan-tri", "van-phong", "bi-thu", "chi-xem"
ROLES = (ADMIN, OFFICE, SECRETARY, VIEWER)
ROLE_NAMES = {ADMIN: "Quản trị", OFFICE: "Văn phòng", SECRETARY: "Bí thư chi bộ", VIEWER: "Chỉ xem"}
ROLE_HELP = {
    ADMIN: "mọi việc, kể cả tài khoản và nhật ký thay đổi",
    OFFICE: "hồ sơ của toàn xã",
    SECRETARY: "chỉ tổ chức đảng của mình và các đơn vị trực thuộc",
    VIEWER: "chỉ xem, không sửa gì; số định danh được che",
}


class AccessDenied(UserError):
    """The logged-in account may not do this (the command line exits with 2)."""


@dataclass(frozen=True)
class Access:
    login: str                        # '' when the file has no accounts (or starts without a login)
    full_name: str
    role: str
    org_id: int | None = None         # the bí thư's organisation
    scope: frozenset[int] | None = None   # the organisations they may see; None: the whole commune

    # ---- the organisations

    def visible_org_ids(self) -> frozenset[int] | None:
        """The organisations this account may see; None means all of them."""
        return self.scope

    def can_see(self, org_id: int | None) -> bool:
        """Whether the records of ``org_id`` may be shown (None: records of no organisation, e.g. left members)."""
        return self.scope is None or (org_id is not None and org_id in self.scope)

    def can_edit(self, org_id: int | None) -> bool:
        return self.may_write() and self.can_see(org_id)

    def whole_commune(self) -> bool:
        """Whether commune-wide lists, reports and summaries may be shown."""
        return self.scope is None

    # ---- what the role may do

    def can_read(self) -> bool:
        return True

    def may_write(self) -> bool:
        return self.role != VIEWER

    def may_reveal_identifiers(self) -> bool:
        """Citizen ID and party card numbers shown in full (within what the account may see)."""
        return self.role != VIEWER

    def may_export(self) -> bool:
        """An export or print leaves the program with identifiers in it: not for a read-only account."""
        return self.role != VIEWER

    def may_manage_accounts(self) -> bool:
        return self.role == ADMIN

    def may_read_audit(self) -> bool:
        return self.role == ADMIN

    def may_backup(self) -> bool:
        """A backup holds the whole file: every organisation and every account."""
        return self.role in (ADMIN, OFFICE)

    def may_restore(self) -> bool:
        """A restore replaces the accounts too, so only an administrator may."""
        return self.role == ADMIN

    def may_import(self) -> bool:
        """Importing a workbook adds members to any cell it names."""
        return self.role in (ADMIN, OFFICE)

    def may_edit_commune(self) -> bool:
        """The commune's own settings, organisations and signers."""
        return self.role in (ADMIN, OFFICE)

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    @property
    def who(self) -> str:
        """How the status bar and messages name the account."""
        return f"{self.full_name or self.login} ({self.role_name})" if self.login else "không đăng nhập"

    # ---- refusals, in Vietnamese

    def require(self, allowed: bool, what: str) -> None:
        """Raise AccessDenied naming ``what`` ("sao lưu", "sửa hồ sơ"…) when ``allowed`` is false."""
        if not allowed:
            raise AccessDenied(f"Tài khoản “{self.login}” ({self.role_name}) không được {what}. "
                               "Hãy nhờ quản trị viên nếu cần.")

    def require_org(self, org_id: int | None, what: str = "xem hồ sơ của tổ chức đảng này") -> None:
        self.require(self.can_see(org_id), what)

    def require_edit(self, org_id: int | None, what: str = "sửa hồ sơ của tổ chức đảng này") -> None:
        self.require(self.can_edit(org_id), what)

    def scoped_org(self, org_id: int | None) -> int | None:
        """The organisation a list or document is limited to: a bí thư's own when none is named."""
        if org_id is None:
            return None if self.scope is None else self.org_id
        self.require_org(org_id)
        return org_id


# Everything, as before accounts existed: a file without accounts, a test, the demo.
FULL = Access(login="", full_name="", role=ADMIN)


def for_account(conn: sqlite3.Connection, login: str, full_name: str, role: str, org_id: int | None) -> Access:
    """The Access of an account, its scope read once from the organisation tree."""
    if role != SECRETARY or org_id is None:
        return Access(login, full_name, role)
    from models.commune import organisations

    return Access(login, full_name, role, org_id, frozenset(int(i) for i in organisations.descendants(conn, org_id)))


def meeting_org(conn: sqlite3.Connection, meeting_id: int) -> int | None:
    row = conn.execute("SELECT org_id FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    return int(row[0]) if row else None


def member_org(conn: sqlite3.Connection, member_id: int) -> int | None:
    row = conn.execute("SELECT org_id FROM members WHERE id = ?", (member_id,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def mask_identifier(value: str | None) -> str:
    """A citizen ID or party card number with all but the last two characters hidden: '••••••45'."""
    text = value or ""
    if len(text) <= 2:
        return "•" * len(text)
    return "•" * (len(text) - 2) + text[-2:]
