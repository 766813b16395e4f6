"""Every text field at its length limit still prints: the limits are what the printed documents hold."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from models import members, registers, review_documents, reviews
from models.members import MemberDetails
from printing.register import render_register
from printing.review_forms import render_review_forms
from tests.conftest import add_member

D = dt.date


def at_limit(limit: int) -> str:
    """The widest text of that length: wide capitals, one word break, so nothing is narrower in print."""
    return ("Ư " + "W" * limit)[:limit]


def full_details(name: str, card: str) -> dict[str, object]:
    texts = {field: at_limit(limit) for field, limit in members.MAX_LENGTHS.items()}
    return {**texts, "full_name": name + " " + "W" * (members.MAX_LENGTHS["full_name"] - len(name) - 1),
            "gender": "Nữ", "card_number": card}


def page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_register_prints_members_with_every_field_at_its_limit(commune):
    conn, dong = commune["conn"], commune["dong"]
    cards = [f"PT{n:018d}" for n in range(3)]   # 20 characters, the card limit
    for n, card in enumerate(cards):
        details = full_details(f"Nguyễn Văn {'ABC'[n]}", card)
        add_member(conn, details.pop("full_name"), dong.id, D(2026, 1, 5), **details)  # type: ignore[arg-type]
    texts = page_texts(render_register(registers.register_data(conn, dong.id)))
    for card in cards:   # each member's row is printed whole: a row taller than a page would not render at all
        assert sum(card in text for text in texts) == 1
    assert "T/MCHIBỘ" in texts[-1] and "Tổngsố:3đảngviên" in "".join(texts)


def test_review_form_prints_a_member_with_every_field_at_its_limit(commune):
    conn, dong = commune["conn"], commune["dong"]
    details = full_details("Trần Văn An", "12345678")
    member = add_member(conn, str(details.pop("full_name")), dong.id, D(2020, 1, 5), D(2021, 1, 5),
                        **details)  # type: ignore[arg-type]
    reviews.open_review(conn, 2026)
    data = review_documents.review_forms_data(conn, 2026, dong.id)
    texts = page_texts(render_review_forms(data))
    assert member.details.occupation_now.replace(" ", "")[:30] in texts[0]


def test_a_member_field_over_its_limit_is_refused_before_anything_is_written(commune):
    conn = commune["conn"]
    too_long = MemberDetails(full_name="Lê Thị Cúc", hometown="x" * 101)
    try:
        members.create(conn, too_long, members.Admission(D(2020, 1, 1), commune["dong"].id))
    except Exception as error:  # noqa: BLE001 - the message is what is checked
        assert "Quê quán dài 101 ký tự, quá giới hạn 100 ký tự của sổ danh sách" in str(error)
    else:
        raise AssertionError("a 101-character hometown was accepted")
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 0
