"""The cell's monthly resolution (NGHỊ QUYẾT), from the same MinutesData as the minutes."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable

from models.meetings.meeting_docs import MinutesData
from printing import layout
from printing.layout import PageSetup, Signature, style
from printing.minutes import header, heading, line, para, title_lines
from printing.text import clip


def resolution_summary(data: MinutesData) -> str:
    if data.kind == "chuyen_de" and data.theme:
        return f"Về chuyên đề: {data.theme}"
    if data.kind == "bat_thuong":
        return f"Kỳ sinh hoạt bất thường ngày {data.date_text}"
    return f"Về lãnh đạo thực hiện nhiệm vụ {data.next_month_text}"


def _grounds(data: MinutesData) -> list[Flowable]:
    story = line("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    if data.meetings_citation:
        story += line(f"- Căn cứ {data.meetings_citation} về nâng cao chất lượng sinh hoạt chi bộ;")
    if _thematic_only(data):
        story += line(f"- Căn cứ kết quả sinh hoạt chuyên đề “{data.theme}” của chi bộ ngày {data.date_text},")
    else:
        story += line(f"- Căn cứ kết quả sinh hoạt chi bộ ngày {data.date_text},")
    story.append(layout.para("CHI BỘ QUYẾT NGHỊ:", style(14, bold=True, align=TA_CENTER, space_before=6,
                                                         space_after=6)))
    return story


def _results(data: MinutesData) -> list[Flowable]:
    story: list[Flowable] = [heading(f"1. Đánh giá kết quả thực hiện nhiệm vụ {data.month_text}")]
    if data.last_month_results:
        story += para(data.last_month_results)
    for task, owner, result in data.followups:
        text = f"- {task}"
        if owner:
            text += f" ({owner})"
        text += f": {result}." if result else "."
        story += line(text)
    if not data.last_month_results and not data.followups:
        story += para("Chi bộ đã thảo luận, đánh giá kết quả thực hiện nhiệm vụ trong tháng.")
    return story


def _tasks(data: MinutesData) -> list[Flowable]:
    story: list[Flowable] = [heading(f"2. Nhiệm vụ {data.next_month_text}")]
    story += _task_lines(data)
    if not data.tasks:
        story += para("Tiếp tục thực hiện các nhiệm vụ chi bộ đã đề ra.")
    return story


def _thematic_only(data: MinutesData) -> bool:
    """A thematic meeting on its own: it never stands in for the monthly one (Hướng dẫn 42-HD/BTCTW), so its
    resolution says nothing of last month's results or next month's tasks."""
    return data.kind == "chuyen_de" and bool(data.theme)


def _task_lines(data: MinutesData) -> list[Flowable]:
    story: list[Flowable] = []
    for index, (task, owner, deadline) in enumerate(data.tasks, 1):
        details = [part for part in (f"người thực hiện: {owner}" if owner else "",
                                     f"thời hạn: {deadline}" if deadline else "") if part]
        story += line(f"{index}. {task}" + (f" ({'; '.join(details)})." if details else "."))
    return story


def _following_the_theme(data: MinutesData) -> list[Flowable]:
    """What members are to do about the theme, when the meeting set no task of its own."""
    return para(f"Mỗi đồng chí đảng viên liên hệ bản thân, xây dựng và thực hiện kế hoạch cá nhân theo nội dung "
                f"chuyên đề “{data.theme}”, gắn với nhiệm vụ được giao; chi ủy theo dõi, đánh giá kết quả trong "
                "các kỳ sinh hoạt thường kỳ.")


def _theme_sections(data: MinutesData) -> list[Flowable]:
    """The body of a thematic meeting's resolution: what the cell concluded on the theme, then what it will do."""
    story: list[Flowable] = [heading("1. Nhận thức, đánh giá về chuyên đề")]
    story += para(data.conclusion) if data.conclusion else para(
        f"Chi bộ đã nghiên cứu, thảo luận chuyên đề “{data.theme}”; các đồng chí đảng viên thống nhất nhận thức "
        "về nội dung, yêu cầu của chuyên đề.")
    story.append(heading("2. Nhiệm vụ, giải pháp thực hiện chuyên đề"))
    return story + (_task_lines(data) or _following_the_theme(data))


def _combined_theme(data: MinutesData) -> list[Flowable]:
    """The theme's part of a combined (ordinary and thematic) meeting's resolution."""
    if data.kind != "ghep" or not data.theme:
        return []
    return [heading(f"3. Về chuyên đề “{data.theme}”"), *_following_the_theme(data)]


def _execution(data: MinutesData, number: int = 3) -> list[Flowable]:
    story: list[Flowable] = [heading(f"{number}. Tổ chức thực hiện")]
    if data.conclusion and not _thematic_only(data):   # a thematic one printed it under its first heading
        story += para(data.conclusion)
    story += para("Chi ủy, các đồng chí đảng viên trong chi bộ có trách nhiệm tổ chức thực hiện Nghị quyết này.")
    votes = (data.votes_for, data.votes_against, data.votes_abstain)
    if any(v is not None for v in votes):
        story += para(f"Nghị quyết được chi bộ biểu quyết thông qua: tán thành {data.agreement_text or '0'}; "
                      f"không tán thành {data.votes_against or 0}; không biểu quyết {data.votes_abstain or 0}.")
    return story


def render_resolution(data: MinutesData) -> bytes:
    """NGHỊ QUYẾT of the cell: header, number, date line, title, grounds, body, T/M CHI BỘ, Nơi nhận."""
    page = PageSetup()
    story: list[Flowable] = [layout.header_block(header(data, data.resolution_number), page)]
    story += layout.title_block("NGHỊ QUYẾT", clip(resolution_summary(data)),
                                extra=title_lines(data) if data.kind == "ghep" else ())
    story += _grounds(data)
    if _thematic_only(data):
        story += _theme_sections(data) + _execution(data)
    else:
        theme = _combined_theme(data)
        story += _results(data) + _tasks(data) + theme + _execution(data, 4 if theme else 3)
    recipients = [clip(f"- {data.superior_committee_name} (để báo cáo),"), "- Đảng viên trong chi bộ (để thực hiện),",
                  "- Lưu chi bộ."]
    signature = Signature(("T/M CHI BỘ", clip(data.cell_secretary_role)), clip(data.cell_secretary_name))
    story = layout.closed(story, layout.recipients_and_signature(recipients, signature, page))
    return layout.build_pdf(story, title=f"Nghị quyết {data.summary} – {data.org_name}", page=page)
