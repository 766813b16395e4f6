"""The printed minutes and sign-in sheet: content read back with pypdf, fonts embedded, hostile text."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader

from models import rules
from models.commune import organisations
from models.meetings import meeting_docs, meeting_store
from models.meetings.records import Attendance, Speech, Task
from models.people import member_events, members
from printing.minutes import render_minutes, render_signin
from tests.conftest import add_member
from tests.pdf_checks import assert_fonts_embedded

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang",
         "Đỗ Văn Hùng")
HOSTILE = 'Đề nghị <b>không</b> in đậm & "trích dẫn" \'đơn\' </para> ' + "X" * 200


def build_meeting(conn, org_id, *, speech=HOSTILE, adopt=True, kind="thuong_ky", theme=""):
    """A cell of seven with a meeting on 05/11/2026: two absent (one with reason), one excused, one visitor."""
    people = {n: add_member(conn, n, org_id, dt.date(2000 + i, 1, 1), None if i == 3 else dt.date(2001 + i, 1, 1))
              for i, n in enumerate(NAMES)}
    members.add_event(conn, people["Hoàng Văn Em"].id, member_events.Event("mien_sinh_hoat", dt.date(2025, 1, 1)))
    organisations.set_position(conn, org_id, people["Nguyễn Văn An"].id, "bi_thu", dt.date(2025, 9, 1))
    meeting_store.save(conn, replace(meeting_store.new_meeting(conn, org_id, dt.date(2026, 10, 5)),
                                     tasks=(Task("Làm đường bê tông xóm 3", "Lê Văn Cường"),)))
    draft = meeting_store.new_meeting(conn, org_id, dt.date(2026, 11, 5), kind)
    lines = []
    for line in draft.attendance:
        if line.name == "Trần Thị Bình":
            line = replace(line, status="vang_co_ly_do", reason="Ốm <nằm viện>")
        elif line.name == "Đỗ Văn Hùng":
            line = replace(line, status="vang_khong_ly_do")
        lines.append(line)
    lines.append(Attendance("Bùi Văn Khải", "khach", None, "chinh_thuc"))
    saved = meeting_store.save(conn, replace(
        draft, attendance=tuple(lines), start_time="07:30", end_time="09:45", place="Nhà văn hóa & hội trường",
        theme=theme, secretary_name="Vũ Thị Giang", supervisor_name="Đồng chí Ngô Văn Lâm, Đảng ủy viên",
        followups=tuple(replace(f, result="Đã xong") for f in draft.followups),
        speeches=(Speech("Lê Văn Cường", speech), Speech("Phạm Thị Dung", "Nhất trí.")),
        conclusion="Thống nhất nhiệm vụ tháng 12.", votes_for=3, votes_against=0, votes_abstain=1,
        tasks=(Task("Tổng kết năm 2026", "Nguyễn Văn An", dt.date(2026, 12, 20)),), dues_collected=150000,
        quality=(("chuan_bi", 18), ("quy_trinh", 18), ("noi_dung", 22), ("du_hop", 12), ("thao_luan", 17))))
    if adopt:
        saved = meeting_store.adopt(conn, saved.id)
    return saved


def pages_text(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def meeting(commune):
    return build_meeting(commune["conn"], commune["dong"].id)


def test_minutes_header_counts_names_and_signatures(commune, meeting):
    conn = commune["conn"]
    data = meeting_docs.minutes_data(conn, meeting.id)
    pages = pages_text(render_minutes(data))
    first, whole = flat(pages[0]), flat(" ".join(pages))
    for expected in ("ĐẢNG BỘ XÃ PHỐ MỚI", "CHI BỘ THÔN ĐÔNG", "Số 01-BB/CB", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "Phố Mới, ngày 05 tháng 11 năm 2026", "BIÊN BẢN", "Sinh hoạt chi bộ định kỳ tháng 11 năm 2026"):
        assert expected in first
    counts = meeting.counts
    assert (counts.total, counts.present, counts.present_full, counts.present_probationary) == (7, 4, 3, 1)
    assert f"Tổng số đảng viên của chi bộ: {counts.total} đồng chí" in whole
    assert (f"Có mặt: {counts.present} đồng chí (chính thức: {counts.present_full}; "
            f"dự bị: {counts.present_probationary})") in whole
    assert f"Vắng: {counts.absent} đồng chí (có lý do: 1; không có lý do: 1)" in whole
    assert "Trần Thị Bình (Ốm <nằm viện>)" in whole and "Đỗ Văn Hùng" in whole
    assert "Miễn sinh hoạt: 1 đồng chí (đồng chí Hoàng Văn Em)" in whole
    assert "Bùi Văn Khải" in whole
    assert "Đồng chí Lê Văn Cường:" in whole and "Đồng chí Phạm Thị Dung:" in whole
    assert "Tán thành: 3 đồng chí" in whole and "3/4, đạt 75,0%" in whole
    assert "Làm đường bê tông xóm 3" in whole and "Tổng kết năm 2026" in whole and "20/12/2026" in whole
    assert "THƯ KÝ" in whole and "CHỦ TRÌ" in whole and "Vũ Thị Giang" in whole
    assert "Tổng cộng 100 87" in whole and "Khá" in whole
    assert "Nhà văn hóa & hội trường" in whole
    # met on the 5th: it reviews October and sets November's tasks; a typed "Đồng chí" is not doubled
    assert "Kết quả thực hiện nhiệm vụ tháng 10 năm 2026" in whole and "Nhiệm vụ tháng 11 năm 2026" in whole
    assert "dự họp: đồng chí Ngô Văn Lâm, Đảng ủy viên" in whole and "đồng chí Đồng chí" not in whole


def test_vote_section_says_how_many_may_vote_and_who(commune):
    """The probationary member present has no vote; the excused member who came and the visitor do."""
    conn = commune["conn"]
    saved = build_meeting(conn, commune["dong"].id, adopt=False)
    saved = meeting_store.save(conn, replace(saved, votes_for=4, votes_abstain=1, attendance=tuple(
        replace(a, attended=True) if a.name == "Hoàng Văn Em" else a for a in saved.attendance)))
    whole = flat(" ".join(pages_text(render_minutes(meeting_docs.minutes_data(conn, saved.id)))))
    assert ("Số đảng viên có quyền biểu quyết: 5 đồng chí (gồm 3 đảng viên chính thức có mặt, 1 đồng chí miễn "
            "sinh hoạt đến dự, 1 đồng chí nơi khác đến dự; 1 đảng viên dự bị có mặt không biểu quyết)") in whole
    section = whole[whole.index("Số đảng viên có quyền biểu quyết"):]
    assert "Tán thành: 4 đồng chí; không tán thành: 0 đồng chí; không biểu quyết: 1 đồng chí" in section
    assert "Tỷ lệ tán thành: 4/5, đạt 80,0%" in section


def test_minutes_print_hostile_text_literally(commune, meeting):
    whole = flat(" ".join(pages_text(render_minutes(meeting_docs.minutes_data(commune["conn"], meeting.id)))))
    assert '<b>không</b> in đậm & "trích dẫn" \'đơn\' </para>' in whole
    assert whole.replace(" ", "").count("X") >= 200


def test_thirty_pages_of_discussion_print_with_page_numbers(commune):
    conn = commune["conn"]
    paragraphs = [f"Đoạn {i}: " + HOSTILE + " phát biểu về xây dựng nông thôn mới. " * 6 for i in range(260)]
    # one opinion holds up to meeting_store.MAX_LENGTHS["speech.content"] characters: many long opinions
    opinions = tuple(Speech(NAMES[i % 3], "\n".join(paragraphs[i:i + 7])) for i in range(0, 260, 7))
    draft = build_meeting(conn, commune["dong"].id, adopt=False)
    meeting = meeting_store.save(conn, replace(draft, speeches=opinions))
    pdf = render_minutes(meeting_docs.minutes_data(conn, meeting.id))
    pages = pages_text(pdf)
    assert len(pages) >= 30
    assert not re.match(r"^\s*1\s", pages[0])            # no number on page 1
    for number in (2, 15, len(pages)):
        assert pages[number - 1].lstrip().startswith(str(number))
    assert "Đoạn 259:" in flat(" ".join(pages))
    last = flat(pages[-1])
    assert "CHỦ TRÌ" in last and "Nguyễn Văn An" in last
    # THƯ KÝ on the left, CHỦ TRÌ on the right, each name under its label, after the closing lines
    assert last.index("Biên bản đã được đọc lại") < last.index("THƯ KÝ") < last.index("CHỦ TRÌ")
    assert "THƯ KÝ Vũ Thị Giang CHỦ TRÌ Nguyễn Văn An" in last      # read cell by cell: left, then right
    assert_fonts_embedded(pdf)


def test_draft_has_blank_number_and_cell_under_grassroots_committee_header(commune):
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["teachers"].id, adopt=False, kind="chuyen_de", theme="Học tập Chỉ thị 05")
    first = flat(pages_text(render_minutes(meeting_docs.minutes_data(conn, meeting.id)))[0])
    assert "ĐẢNG BỘ TRƯỜNG THCS PHỐ MỚI" in first and "CHI BỘ GIÁO VIÊN" in first
    assert "Số ……-BB/CB" in first                      # a blank to fill by hand until adopted
    assert "Sinh hoạt chi bộ chuyên đề tháng 11 năm 2026" in first and "Chuyên đề: Học tập Chỉ thị 05" in first


def test_signin_sheet_lists_every_member_and_skeleton_follows(commune, meeting):
    pdf = render_signin(meeting_docs.minutes_data(commune["conn"], meeting.id))
    pages = pages_text(pdf)
    sheet = flat(pages[0])
    assert "DANH SÁCH ĐẢNG VIÊN DỰ SINH HOẠT CHI BỘ" in sheet and "Ký tên" in sheet
    for name in NAMES:
        assert name in sheet
    assert "Miễn sinh hoạt" in sheet
    rest = flat(" ".join(pages[1:]))
    assert "BIÊN BẢN" in rest and "Có mặt: …… đồng chí" in rest and "THƯ KÝ" in rest
    assert "Tổng số đảng viên của chi bộ: 7 đồng chí" in rest
    headings = re.findall(r"(\d+)\. (?:Khai mạc|Kết quả|Thông tin|Học tập|Thảo luận|Kết luận|Nhiệm vụ|"
                          r"Biểu quyết|Đảng phí|Chi bộ tự đánh giá)", rest)
    assert [int(n) for n in headings] == list(range(1, 11))      # numbered without a gap (no thematic part)
    assert_fonts_embedded(pdf)


def test_skeleton_is_numbered_as_its_own_document(commune):
    """The skeleton after the sign-in sheet starts again: no number on its first page, 2 on its second."""
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["dong"].id, kind="ghep", theme="Học tập Chỉ thị 05")
    pages = pages_text(render_signin(meeting_docs.minutes_data(conn, meeting.id)))
    start = next(i for i, page in enumerate(pages) if "BIÊN BẢN" in page)
    assert start >= 1 and not re.match(r"^\s*\d+\s", pages[start])
    assert len(pages) > start + 1 and pages[start + 1].lstrip().startswith("2")
    assert "5. Sinh hoạt chuyên đề" in flat(" ".join(pages[start:]))


def test_signin_quality_line_scores_out_of_the_criteria_total(commune, meeting):
    """The blank total is out of the rule set's criteria sum (100 today), not a fixed 100."""
    data = meeting_docs.minutes_data(commune["conn"], meeting.id)
    assert data.quality_max == rules.for_date(data.held_on).quality.max_total == 100
    assert "Tổng điểm: ……/100." in flat(" ".join(pages_text(render_signin(data))))
    assert "Tổng điểm: ……/120." in flat(" ".join(pages_text(render_signin(replace(data, quality_max=120)))))
