"""The minutes of a cell meeting (BIÊN BẢN), and for paper meetings the sign-in sheet with a minutes skeleton.

Pure functions from ``models.meeting_docs.MinutesData`` to PDF bytes; every user text goes through layout.para.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from models import vn
from models.meetings.meeting_docs import AttendanceLine, MinutesData
from printing import layout, long_text
from printing.layout import Header, PageSetup, Signature, style
from printing.text import clip

SECTION_STYLE_SIZE = 14
SIGN_ROW = 7 * mm        # room for an older member's signature on the sign-in sheet


TABLE_START = 35 * mm    # a heading over a table goes to a new page unless this much room is left


def heading(text: str, *, keep: bool = True) -> Flowable:
    """A section heading of our own wording (bold, no indent), never left alone at a page's foot."""
    st = style(SECTION_STYLE_SIZE, bold=True, align=TA_LEFT, space_before=6, space_after=3, keep_with_next=keep)
    return layout.para(clip(text), st)   # its user part (a month, a theme) is printed in full elsewhere


def table_heading(text: str) -> list[Flowable]:
    """A heading over a table: kept with a whole long table, it would move it all to a new page and leave
    the rest of this one blank, so it asks only for room for the heading and a few rows."""
    return [CondPageBreak(TABLE_START), heading(text, keep=False)]


def line(text: str) -> list[Flowable]:
    """A plain body line without first-line indent (lists of facts), of any length."""
    return long_text.paragraphs(text, style(14, space_after=2))


def lines(*texts: str) -> list[Flowable]:
    return [flowable for text in texts for flowable in line(text)]


def para(text: str) -> list[Flowable]:
    """A body paragraph of any length (first-line indent)."""
    return long_text.paragraphs(text)


def time_text(hhmm: str) -> str:
    """'07:30' → '07 giờ 30 phút'; '' → '…… giờ …… phút' to fill by hand."""
    if not hhmm:
        return "…… giờ …… phút"
    return f"{hhmm[:2]} giờ {hhmm[3:]} phút"


def usable_width(page: PageSetup) -> float:
    """The width of the text column (layout's frame has no padding inside the margins)."""
    return page.frame_width


def comrade(name: str, blank: str = "……………………", *, capital: bool = False) -> str:
    """'Nguyễn Văn An' or 'Đồng chí Nguyễn Văn An' → 'đồng chí Nguyễn Văn An' (never twice); '' → a blank."""
    text = (name or "").strip()
    if text.lower().startswith("đồng chí "):
        text = text[len("đồng chí "):].strip()
    return f"{'Đồng chí' if capital else 'đồng chí'} {text or blank}"


def header(data: MinutesData, number: str) -> Header:
    return Header(superior=clip(data.superior), issuer=clip(data.issuer), number=clip(number),
                  date_line=clip(data.date_line))


def title_lines(data: MinutesData) -> list[str]:
    return [clip(f"Chuyên đề: {data.theme}")] if data.theme and data.kind in ("chuyen_de", "ghep") else []


def _names(lines: tuple[AttendanceLine, ...], with_reason: bool = False) -> str:
    parts = []
    for a in lines:
        text = comrade(a.name)
        if with_reason and a.reason:
            text += f" ({a.reason})"
        parts.append(text)
    return "; ".join(parts)


def attendance_block(data: MinutesData) -> list[Flowable]:
    """Total, present (full / probationary), each absentee by name, excused, away, visitors."""
    c = data.counts
    story = [heading("I. THÀNH PHẦN DỰ HỌP"),
             *lines(f"Tổng số đảng viên của chi bộ: {c.total} đồng chí.",
                    f"Số đảng viên phải dự sinh hoạt: {c.should_attend} đồng chí.",
                    f"Có mặt: {c.present} đồng chí (chính thức: {c.present_full}; dự bị: "
                    f"{c.present_probationary}); tỷ lệ {vn.format_percent(c.attendance_rate)}.",
                    f"Vắng: {c.absent} đồng chí (có lý do: {c.absent_with_reason}; không có lý do: "
                    f"{c.absent_without_reason}).")]
    with_reason = data.with_status("vang_co_ly_do")
    if with_reason:
        story += line(f"- Vắng có lý do: {_names(with_reason, True)}.")
    without = data.with_status("vang_khong_ly_do")
    if without:
        story += line(f"- Vắng không có lý do: {_names(without)}.")
    excused = data.with_status("mien_sinh_hoat")
    if excused:
        came = [a for a in excused if a.attended]
        text = f"- Miễn sinh hoạt: {len(excused)} đồng chí ({_names(excused)})"
        text += f"; có dự họp: {_names(tuple(came))}." if came else "."
        story += line(text)
    for status, label in (("tam_vang", "Sinh hoạt tạm thời nơi khác"), ("dinh_chi", "Đình chỉ sinh hoạt"),
                          ("khach", "Đảng viên sinh hoạt tạm thời dự họp")):
        found = data.with_status(status)
        if found:
            story += line(f"- {label}: {len(found)} đồng chí ({_names(found)}).")
    return story


def _opening(data: MinutesData) -> list[Flowable]:
    story = lines(f"Thời gian: bắt đầu lúc {time_text(data.start_time)}, ngày {data.date_text}.",
                  f"Địa điểm: {data.place or '……………………………'}.", f"Chủ trì: {comrade(data.chair_name)}.",
                  f"Thư ký (người ghi biên bản): {comrade(data.secretary_name)}.")
    if data.supervisor_name:
        story += line(f"Đồng chí cấp ủy cấp trên theo dõi chi bộ dự họp: {comrade(data.supervisor_name)}.")
    if data.guests:
        story += line(f"Khách mời: {data.guests}.")
    return story


Section = tuple[str, list[Flowable]]


def _text_section(title: str, text: str) -> list[Section]:
    return [(title, para(text))] if text else []


def _followups(data: MinutesData, width: float) -> list[Section]:
    if not data.followups and not data.last_month_results:
        return []
    body: list[Flowable] = para(data.last_month_results) if data.last_month_results else []
    if data.followups:
        rows = [["TT", "Nhiệm vụ", "Người thực hiện", "Kết quả"]]
        rows += [[str(i), task, owner, result] for i, (task, owner, result) in enumerate(data.followups, 1)]
        body.append(long_text.grid_table(rows, [10 * mm, width * 0.4, width * 0.2, width - 10 * mm - width * 0.6]))
    return [(f"Kết quả thực hiện nhiệm vụ {data.month_text}", body)]


def _speeches(data: MinutesData) -> list[Section]:
    if not data.speeches:
        return []
    body = [flowable for speaker, content in data.speeches
            for flowable in long_text.labelled(f"{comrade(speaker, capital=True)}:", content, style(14, space_after=4))]
    return [("Thảo luận, ý kiến phát biểu", body)]


def _tasks(data: MinutesData, width: float) -> list[Section]:
    if not data.tasks:
        return []
    rows = [["TT", "Nhiệm vụ", "Người thực hiện", "Thời hạn"]]
    rows += [[str(i), task, owner, deadline] for i, (task, owner, deadline) in enumerate(data.tasks, 1)]
    return [(f"Nhiệm vụ {data.next_month_text}",
             [long_text.grid_table(rows, [10 * mm, width * 0.5, width * 0.25, width - 10 * mm - width * 0.75])])]


def _votes(data: MinutesData) -> list[Section]:
    if data.votes_for is None and data.votes_against is None and data.votes_abstain is None:
        return []
    # who may vote first: a reader checks the three figures against it (probationary members have no vote)
    body = line(f"Số đảng viên có quyền biểu quyết: {data.entitled_text}.")
    body += line(f"Tán thành: {data.votes_for or 0} đồng chí; không tán thành: {data.votes_against or 0} đồng chí; "
                 f"không biểu quyết: {data.votes_abstain or 0} đồng chí.")
    if data.agreement_text:
        body += line(f"Tỷ lệ tán thành: {data.agreement_text}.")
    return [("Biểu quyết", body)]


def _quality(data: MinutesData, width: float) -> list[Section]:
    if not data.quality:
        return []
    rows = [["Tiêu chí", "Điểm tối đa", "Điểm tự chấm"]]
    rows += [[q.name, str(q.max_points), str(q.points)] for q in data.quality]
    rows.append(["Tổng cộng", str(sum(q.max_points for q in data.quality)), str(data.quality_score or 0)])
    return [("Chi bộ tự đánh giá chất lượng buổi sinh hoạt",
             [long_text.grid_table(rows, [width - 60 * mm, 30 * mm, 30 * mm], label_cols=()), Spacer(1, 2 * mm),
              *line(f"Xếp loại chất lượng buổi sinh hoạt: {data.quality_grade}.")])]


def content_block(data: MinutesData, width: float) -> list[Flowable]:
    """Part II, its sections numbered in order and only those the meeting recorded."""
    sections: list[Section] = []
    sections += _text_section("Khai mạc, thông qua chương trình", data.agenda)
    sections += _followups(data, width)
    sections += _text_section("Thông tin thời sự, chủ trương, chính sách", data.news_policy)
    sections += _text_section("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05)",
                              data.ct05_content)
    if data.theme and data.kind in ("chuyen_de", "ghep"):
        sections += _text_section("Sinh hoạt chuyên đề", data.theme)
    sections += _speeches(data)
    sections += _text_section("Kết luận của đồng chí chủ trì", data.conclusion)
    sections += _tasks(data, width)
    sections += _votes(data)
    if data.dues_collected_text:
        sections.append(("Đảng phí", line(f"Đảng phí thu trong buổi sinh hoạt: {data.dues_collected_text}.")))
    sections += _quality(data, width)
    story: list[Flowable] = [heading("II. NỘI DUNG")]
    for number, (title, body) in enumerate(sections, 1):
        story += table_heading(f"{number}. {title}") if isinstance(body[0], Table) else [heading(f"{number}. {title}")]
        story += body
    return story


def closing(data: MinutesData) -> list[Flowable]:
    ended = f"Buổi sinh hoạt kết thúc lúc {time_text(data.end_time)} cùng ngày"
    ended += f" (thời lượng {data.duration_text})." if data.duration_text else "."
    return [Spacer(1, 3 * mm), *para(ended),
            *para("Biên bản đã được đọc lại trước chi bộ, các đồng chí dự họp nhất trí thông qua.")]


def minutes_signatures(data: MinutesData, page: PageSetup) -> Flowable:
    return layout.signatures(Signature(("THƯ KÝ",), clip(data.secretary_name)),
                             Signature(("CHỦ TRÌ",), clip(data.chair_name)), page)


def render_minutes(data: MinutesData) -> bytes:
    """BIÊN BẢN sinh hoạt chi bộ, laid out per DOMAIN.md §2–3."""
    page = PageSetup()
    story: list[Flowable] = [layout.header_block(header(data, data.minutes_number), page)]
    story += layout.title_block("BIÊN BẢN", clip(data.summary), extra=title_lines(data))
    story += _opening(data)
    story += attendance_block(data)
    story += content_block(data, usable_width(page))
    # the closing lines go with the signatures, so a signature never stands alone on a last page; when they
    # are long (a long duration text) only the last piece does: kept together, a long text would move to a
    # new page and leave this one blank
    ending = closing(data)
    kept = 3 if len(ending) <= 3 else 1
    story += ending[:-kept]
    story.append(KeepTogether([*ending[-kept:], minutes_signatures(data, page)]))
    return layout.build_pdf(story, title=f"Biên bản {data.summary} – {data.org_name}", page=page)


# ---------------------------------------------------------------- paper meetings

def signin_sheet(data: MinutesData, page: PageSetup) -> list[Flowable]:
    """DANH SÁCH ĐẢNG VIÊN DỰ SINH HOẠT: every member prefilled, a column to sign, blank lines for visitors."""
    width = usable_width(page)
    story: list[Flowable] = [layout.header_block(header(data, ""), page)]
    story += layout.title_block("DANH SÁCH ĐẢNG VIÊN DỰ SINH HOẠT CHI BỘ", clip(data.summary),
                                extra=title_lines(data))
    rows: list[list[object]] = [["TT", "Họ và tên", "Chính thức/ Dự bị", "Ghi chú", "Ký tên"]]
    members = data.roll
    for i, a in enumerate(members, 1):
        note = a.status_name if a.status in ("mien_sinh_hoat", "tam_vang", "dinh_chi") else ""
        rows.append([str(i), a.name, a.standing_name, note, Spacer(1, SIGN_ROW)])
    for i in range(len(members) + 1, len(members) + 4):   # members attending temporarily from elsewhere
        rows.append([str(i), "", "", "", Spacer(1, SIGN_ROW)])
    table = long_text.grid_table(rows, [10 * mm, width * 0.36, 30 * mm, width * 0.2, width - 40 * mm - width * 0.56],
                              size=13)
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story += line(f"Tổng số đảng viên của chi bộ: {data.counts.total} đồng chí. Có mặt: …… đồng chí; "
                  "vắng: …… đồng chí (có lý do: ……; không có lý do: ……).")
    return story


def _skeleton_sections(data: MinutesData) -> list[tuple[str, int]]:
    """Part II's sections and how many ruled lines each gets (the thematic one only for such a meeting)."""
    sections = [("Khai mạc, thông qua chương trình", 3),
                (f"Kết quả thực hiện nhiệm vụ {data.month_text}", 8),
                ("Thông tin thời sự, chủ trương, chính sách", 5),
                ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (Chỉ thị 05)", 4)]
    if data.kind in ("chuyen_de", "ghep"):
        sections.append(("Sinh hoạt chuyên đề", 6))
    sections += [("Thảo luận, ý kiến phát biểu", 14), ("Kết luận của đồng chí chủ trì", 8),
                 (f"Nhiệm vụ {data.next_month_text}", 8)]
    return sections


def skeleton(data: MinutesData, page: PageSetup) -> list[Flowable]:
    """A minutes form to fill by hand: header, title, blank counts and ruled space per section."""
    long_blank = "……………………………"
    story: list[Flowable] = [layout.header_block(header(data, data.minutes_number), page)]
    story += layout.title_block("BIÊN BẢN", clip(data.summary), extra=title_lines(data))
    story += lines(f"Thời gian: bắt đầu lúc …… giờ …… phút, ngày {data.date_text}.",
                   f"Địa điểm: {data.place or '……………………………………………'}.",
                   f"Chủ trì: {comrade(data.chair_name, long_blank)}.",
                   f"Thư ký (người ghi biên bản): {comrade(data.secretary_name, long_blank)}.")
    story += [heading("I. THÀNH PHẦN DỰ HỌP"),
              *lines(f"Tổng số đảng viên của chi bộ: {data.counts.total or '……'} đồng chí.",
                     "Có mặt: …… đồng chí (chính thức: ……; dự bị: ……).",
                     "Vắng: …… đồng chí (có lý do: ……; không có lý do: ……).", "Họ tên đảng viên vắng mặt, lý do:")]
    story += layout.ruled_lines(3)
    # the minutes record these too (DOMAIN.md §3): excused members and any who came, members away or
    # attending from elsewhere for a while, and the guests, the higher committee's member among them
    story += lines("Đảng viên được miễn công tác và sinh hoạt đảng: …… đồng chí (có mặt: …… đồng chí).",
                   "Đảng viên sinh hoạt tạm thời nơi khác (tạm vắng): …… đồng chí.",
                   "Đảng viên nơi khác đến sinh hoạt tạm thời: …… đồng chí.",
                   "Khách mời, đại biểu cấp ủy cấp trên dự:")
    story += layout.ruled_lines(2)
    story.append(heading("II. NỘI DUNG"))
    sections = _skeleton_sections(data)
    for number, (title, count) in enumerate(sections, 1):
        story.append(heading(f"{number}. {title}"))
        story += layout.ruled_lines(count)
    n = len(sections)
    story += [heading(f"{n + 1}. Biểu quyết"),
              *line("Số đảng viên có quyền biểu quyết: …… đồng chí (đảng viên dự bị không biểu quyết)."),
              *line("Tán thành: …… đồng chí; không tán thành: …… đồng chí; không biểu quyết: …… đồng chí."),
              heading(f"{n + 2}. Đảng phí"), *line("Đảng phí thu trong buổi sinh hoạt: ……………… đồng."),
              heading(f"{n + 3}. Chi bộ tự đánh giá chất lượng buổi sinh hoạt"),
              *line(f"Tổng điểm: ……/{data.quality_max}. Xếp loại: ……………"),
              Spacer(1, 3 * mm),
              KeepTogether([*line("Buổi sinh hoạt kết thúc lúc …… giờ …… phút cùng ngày."),
                            *line("Biên bản đã được đọc lại trước chi bộ và được chi bộ nhất trí thông qua "
                                  "(tán thành: …… đồng chí; không tán thành: …… đồng chí)."),
                            minutes_signatures(data, page)])]
    return story


def render_signin(data: MinutesData) -> bytes:
    """The sign-in sheet, then (on a new page, numbered afresh) the minutes skeleton, for a meeting on paper."""
    page = PageSetup()
    story = signin_sheet(data, page) + [layout.NewForm()] + skeleton(data, page)  # numbered as its own paper
    return layout.build_pdf(story, title=f"Danh sách dự sinh hoạt – {data.org_name}", page=page)


__all__ = ["render_minutes", "render_signin"]
