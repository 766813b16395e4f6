"""Every text field at its length limit still prints: the limits are what the printed documents hold."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from models.commune import committee, organisations
from models.errors import UserError
from models.meetings import meeting_docs, meeting_store
from models.meetings.records import Followup, Speech, Task
from models.people import members
from models.people.members import MemberDetails
from models.reporting import registers
from models.reviews import records as reviews
from models.reviews import review_documents
from printing.minutes import render_minutes, render_signin
from printing.register import render_register
from printing.review_forms import render_review_forms
from tests.conftest import add_member
from tests.printing.test_minutes import build_meeting

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
    with pytest.raises(UserError, match="Quê quán dài 101 ký tự, quá giới hạn 100 ký tự của sổ danh sách"):
        members.create(conn, too_long, members.Admission(D(2020, 1, 1), commune["dong"].id))
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_minutes_print_with_every_text_at_its_limit(commune):
    conn = commune["conn"]
    limit = meeting_store.MAX_LENGTHS
    draft = build_meeting(conn, commune["dong"].id, adopt=False)
    sections = {name: at_limit(limit[name]) for name in ("place", "guests", "supervisor_name", "agenda",
                                                          "last_month_results", "news_policy", "ct05_content",
                                                          "conclusion", "secretary_name")}
    widest_task = "Ư" + "W" * (limit["task.content"] - 1)   # one unbroken word: the most lines per character
    lines = tuple(replace(a, reason=at_limit(limit["attendance.reason"])) if a.status != "co_mat" else a
                  for a in draft.attendance)
    saved = meeting_store.save(conn, replace(
        draft, **sections, attendance=lines,
        speeches=(Speech("Lê Văn Cường", at_limit(limit["speech.content"])),) * 3,
        tasks=(Task(widest_task, at_limit(limit["task.owner"])),),
        followups=(Followup(widest_task, at_limit(limit["followup.owner"]), widest_task),)))
    data = meeting_docs.minutes_data(conn, saved.id)
    whole = "".join(page_texts(render_minutes(data)))
    assert whole.count(widest_task[:40]) >= 2 and "CHỦTRÌ" in whole   # the task and its follow-up, then signatures
    signin = "".join(page_texts(render_signin(data)))
    assert "TrầnThịBình" in signin and at_limit(limit["attendance.reason"])[:30].replace(" ", "") in signin


def test_a_task_over_its_limit_is_refused_naming_the_minutes(commune):
    conn = commune["conn"]
    draft = build_meeting(conn, commune["dong"].id, adopt=False)
    with pytest.raises(UserError) as caught:
        meeting_store.save(conn, replace(draft, tasks=(Task("x" * 4001, "Lê Văn Cường"),)))
    assert caught.value.message == ("Nhiệm vụ tháng tới dài 4.001 ký tự, quá giới hạn 4.000 ký tự của biên bản. "
                                    "Hãy viết gọn lại.")
    assert [t.content for t in meeting_store.get(conn, draft.id or 0).tasks] == [t.content for t in draft.tasks]


def test_documents_print_with_committee_and_organisation_names_at_their_limits(commune):
    conn, dong = commune["conn"], commune["dong"]
    names = {field: at_limit(limit) for field, limit in committee.MAX_LENGTHS.items()}
    committee.save(conn, replace(committee.get(conn), **names))
    organisations.rename(conn, dong.id, at_limit(organisations.MAX_LENGTHS["name"]))
    meeting = build_meeting(conn, dong.id)
    minutes = "".join(page_texts(render_minutes(meeting_docs.minutes_data(conn, meeting.id or 0))))
    register = "".join(page_texts(render_register(registers.register_data(conn, None))))
    for text, signature in ((minutes, "CHỦTRÌ"), (register, "BÍTHƯ")):
        assert names["place_name"][:20].replace(" ", "") in text and signature in text


def test_an_organisation_name_over_its_limit_is_refused(commune):
    with pytest.raises(UserError, match="Tên tổ chức đảng dài 101 ký tự, quá giới hạn 100 ký tự"):
        organisations.rename(commune["conn"], commune["dong"].id, "x" * 101)
    assert organisations.get(commune["conn"], commune["dong"].id).name == "Chi bộ thôn Đông"
