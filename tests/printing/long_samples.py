"""Documents whose every text field holds a long hostile text, built directly (past the models' length limits),
so that what is tested is the printing layer alone. Shared by the long-text test and bench/bench_long_text.py."""

from __future__ import annotations

import datetime as dt
import unicodedata

from models.meetings.meeting_docs import AttendanceLine, MinutesData, QualityLine
from models.meetings.records import AttendanceCounts
from models.reporting.registers import RegisterData, RegisterGroup, RegisterRow

WORD = "Đ" + "ư" * 398 + "Z"                                      # one 400-character word: must wrap
PIECES = (
    'Chi bộ <b>đề nghị</b> & "trích dẫn" \'đơn\' </para> <br/> &amp; ',   # markup and quotes print literally
    WORD + " ",
    unicodedata.normalize("NFD", "Nghị quyết được triển khai đến từng đảng viên, hộ gia đình. "),
    "Vui mừng 🎉👨‍👩‍👧 ‮ngược‬ zero\u200bwidth ",                      # emoji, ZWJ, bidi controls
    "điều khiển\x00\x01\x07\x0b\x0c\x1b\x7f tab\tvà\rxuống\r\ndòng\nmới ",  # control characters, CR, CRLF
    "Mỗi đảng viên gương mẫu thực hiện nhiệm vụ được giao, báo cáo kết quả với chi bộ hằng tháng. ",
)


def hostile(length: int) -> str:
    """A text of exactly ``length`` characters cycling through every awkward kind of input."""
    block = "".join(PIECES)
    return (block * (length // len(block) + 1))[:length]


def minutes_data(length: int) -> MinutesData:
    """Minutes and resolution data whose every text field holds ``length`` characters."""
    t = hostile(length)
    people = tuple(AttendanceLine(t, "Chính thức", "Vắng có lý do", status, t, status == "mien_sinh_hoat")
                   for status in ("co_mat", "vang_co_ly_do", "vang_khong_ly_do", "mien_sinh_hoat", "tam_vang",
                                  "dinh_chi", "khach"))
    counts = AttendanceCounts(total=9, present=5, present_full=4, present_probationary=1, absent_with_reason=1,
                              absent_without_reason=1, excused=1, excused_attended=1, away=1, suspended=1,
                              visitors=1)
    return MinutesData(
        meeting_id=1, superior=t, issuer=t, org_name=t, minutes_number=t, resolution_number=t, date_line=t,
        summary=t, theme=t, kind="ghep", kind_name=t, held_on=dt.date(2026, 11, 5), date_text=t, month_text=t,
        next_month_text=t, start_time="07:30", end_time="09:45", duration_text=t, place=t, chair_name=t,
        secretary_name=t, cell_secretary_name=t, cell_secretary_role=t, guests=t, supervisor_name=t, agenda=t,
        last_month_results=t, followups=((t, t, t), (t, t, t)), news_policy=t, ct05_content=t,
        speeches=((t, t), (t, t)), conclusion=t, tasks=((t, t, t), (t, t, t)), votes_for=5, votes_against=0,
        votes_abstain=0, agreement_text=t, dues_collected_text=t, quality=(QualityLine(t, 20, 18),) * 2,
        quality_score=36, quality_grade=t, quality_max=40, counts=counts, attendance=people, adopted=True,
        state_name=t, committee_name=t, superior_committee_name=t, meetings_citation=t)


def register_data(length: int, members: int = 1) -> RegisterData:
    """A register of ``members`` members whose every text field holds ``length`` characters."""
    t = hostile(length)
    row = RegisterRow(full_name=t, birth_name=t, birth_date=dt.date(1980, 1, 2), gender=t, ethnicity=t, religion=t,
                      hometown=t, residence=t, education=t, qualification=t, political_theory=t, occupation=t,
                      joined_on=dt.date(2000, 1, 2), official_on=dt.date(2001, 1, 2), card_number=t,
                      standing_name="Dự bị", status_note=t, notes=t, biography_number=t, badge_number=t,
                      moved_in_on=dt.date(2010, 1, 2), moved_out_on=dt.date(2020, 1, 2), left_on=dt.date(2021, 1, 2),
                      left_form=t, status="xoa_ten")
    return RegisterData(superior=t, issuer=t, place_name=t, on=dt.date(2026, 11, 5), scope_name=t,
                        whole_committee=True, groups=(RegisterGroup(t, (row,) * members),),
                        signature_roles=(t, "BÍ THƯ"), signer_name=t, former=(RegisterGroup(t, (row,)),))
