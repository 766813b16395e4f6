"""Who issues a document, and so the two lines heading it (DOMAIN.md §2, Hướng dẫn 36-HD/VPTW).

The issuer is the body that signs. A chi bộ signs its own papers, under the đảng bộ above it; a party
committee (đảng ủy) signs for its đảng bộ, so the commune's and a đảng bộ cơ sở's papers name the committee,
under the body above that. Every document's header asks ``document_issuer``: no printer decides it alone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from models import vn
from models.commune import committee, organisations


@dataclass(frozen=True)
class Issuer:
    """The two issuer lines of a header, as typed (the layout sets them in capitals)."""

    superior: str       # line 1: the body above the issuer (Đảng bộ tỉnh Phú Thọ, Đảng bộ xã Phố Mới)
    name: str           # line 2, bold: the issuer (Đảng ủy xã Phố Mới, Chi bộ thôn Đông)
    committee: bool     # a đảng ủy issues: symbol ĐU, signed T/M ĐẢNG ỦY

    @property
    def on_behalf(self) -> str:
        """The first signature line: T/M ĐẢNG ỦY or T/M CHI BỘ."""
        return "T/M ĐẢNG ỦY" if self.committee else "T/M CHI BỘ"


def committee_name(dang_bo_name: str) -> str:
    """'Đảng bộ xã Phố Mới' → 'Đảng ủy xã Phố Mới': the committee that signs for a đảng bộ."""
    name = vn.nfc(dang_bo_name)
    folded = name.lower()
    if folded.startswith("đảng ủy") or folded.startswith("đảng uỷ"):
        return name
    if folded.startswith("đảng bộ"):
        return "Đảng ủy" + name[len("Đảng bộ"):]
    # A name typed without its kind ("Công an xã") is still the đảng bộ's: its committee is the đảng ủy of it.
    return f"Đảng ủy {name}" if name else name


def document_issuer(conn: sqlite3.Connection, org_id: int | None) -> Issuer:
    """The issuer lines of any document of an organisation, or of the whole commune (``org_id`` None)."""
    office = committee.get(conn)
    if org_id is None:
        return Issuer(office.superior_name, committee_name(office.name), True)
    org = organisations.get(conn, org_id)
    parent = organisations.get(conn, org.parent_id).name if org.parent_id is not None else office.name
    if org.unit_type == "dang_bo_co_so":
        return Issuer(parent, committee_name(org.name), True)
    return Issuer(parent, org.name, False)
