"""Self-review forms, the ballot and the review-meeting minutes, read back from the PDF."""

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from models.commune import organisations
from models.errors import UserError
from models.reviews import records as reviews
from models.reviews import review_documents
from printing import review_forms
from tests.conftest import add_member
from tests.pdf_checks import assert_fonts_embedded, page_numbers
from tests.printing.test_layout import reference_number

D = dt.date
YEAR = 2026
LEVEL_NAMES = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
               "Không hoàn thành nhiệm vụ")


def pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def cell(commune):
    conn, dong = commune["conn"], commune["dong"]
    secretary = add_member(conn, "Nguyễn Văn An", dong.id, D(2000, 5, 19), D(2001, 5, 19),
                           birth_date=D(1965, 3, 4), occupation_now="Nông dân", residence="Thôn Đông")
    organisations.set_position(conn, dong.id, secretary.id, "bi_thu", D(2025, 9, 1))
    add_member(conn, "Trần Thị Bình", dong.id, D(2010, 1, 2), D(2011, 1, 2), works_in_political_system=True,
               occupation_now="Công chức xã")
    add_member(conn, "Lê <Văn> & Cường", dong.id, D(2012, 1, 2), D(2013, 1, 2))
    add_member(conn, "Ngô Thị Mai", dong.id, D(2026, 8, 1))
    reviews.open_review(conn, YEAR)
    return {**commune, "secretary": secretary}


def test_forms_prefilled_one_per_member_with_page_numbers_restarting(cell):
    conn = cell["conn"]
    data = review_documents.review_forms_data(conn, YEAR, cell["dong"].id)
    assert [f.person.full_name for f in data.forms] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê <Văn> & Cường"]
    pdf = review_forms.render_review_forms(data)
    text = pages(pdf)
    assert len(text) == 6  # two pages each, so a double-sided print keeps every form on one sheet
    first = text[0]
    for expected in ("Mẫu 2A-HD KĐ.ĐG 2025", "ĐẢNG BỘ XÃ PHỐ MỚI", "CHI BỘ THÔN ĐÔNG", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "BẢN KIỂM ĐIỂM CÁ NHÂN", "(Dùng cho cá nhân là cán bộ lãnh đạo, quản lý)", "Năm 2026",
                     "Họ và tên: Nguyễn Văn An", "Ngày sinh: 04/03/1965",
                     "Ngày vào Đảng: 19/05/2000", "Ngày chính thức: 19/05/2001", "Chức vụ đảng: Bí thư",
                     "Chi bộ: Chi bộ thôn Đông", "Nghề nghiệp: Nông dân", "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC"):
        assert expected in first, expected
    second = text[1]
    assert "Tự chấm điểm: ............ / 100 điểm" in second and "NGƯỜI TỰ KIỂM ĐIỂM" in second
    assert all(name in second for name in LEVEL_NAMES)
    assert "Trách nhiệm của người đứng đầu; kết quả lãnh đạo, chỉ đạo" in " ".join(text[:2])  # the bí thư leads
    assert "Mẫu 2B-HD KĐ.ĐG 2025" in text[2] and "BẢN KIỂM ĐIỂM CÁ NHÂN" in text[2]  # works in the political system
    assert "không giữ chức vụ lãnh đạo, quản lý" in text[2] and "người đứng đầu" not in " ".join(text[2:4])
    assert "Mẫu 2C-HD KĐ.ĐG 2025" in text[4] and "BẢN KIỂM ĐIỂM ĐẢNG VIÊN" in text[4]  # an ordinary rural member
    assert "Xếp loại cán bộ, công chức, viên chức" in text[3]
    assert "Họ và tên: Lê <Văn> & Cường" in text[4]  # user text printed literally
    assert [mark and mark.text for mark in page_numbers(pdf)] == [None, "2"] * 3  # restarts with each form
    assert_fonts_embedded(pdf)


def test_a_year_under_124_uses_its_own_form_without_a_score(cell):
    conn = cell["conn"]
    reviews.open_review(conn, 2023)
    data = review_documents.review_forms_data(conn, 2023, cell["dong"].id)
    text = " ".join(pages(review_forms.render_review_forms(data)))
    assert "Mẫu 2C-HD KĐ.ĐG 2023" in text and "Năm 2023" in text and "Tự chấm điểm" not in text
    assert "Trần Thị Bình" in text and "Ngô Thị Mai" not in text


def test_one_member_form(cell):
    data = review_documents.review_forms_data(cell["conn"], YEAR, member_ids=[cell["secretary"].id])
    assert [f.person.full_name for f in data.forms] == ["Nguyễn Văn An"]


def test_ballot_lists_the_members_to_review_with_four_levels(cell):
    conn = cell["conn"]
    pdf = review_forms.render_ballot(review_documents.ballot_data(conn, YEAR, cell["dong"].id))
    (text,) = pages(pdf)
    for expected in ("PHIẾU BIỂU QUYẾT", "Đề xuất mức xếp loại chất lượng đảng viên năm 2026", "CHI BỘ THÔN ĐÔNG",
                     "1 Nguyễn Văn An", "2 Trần Thị Bình", "3 Lê <Văn> & Cường", "Tổng số: 3 đảng viên", *LEVEL_NAMES):
        assert expected in text, expected
    assert "Ngô Thị Mai" not in text  # admitted less than 6 months before the review
    assert_fonts_embedded(pdf)


def test_ballot_needs_a_cell(cell):
    with pytest.raises(UserError, match="không phải là chi bộ"):
        review_documents.ballot_data(cell["conn"], YEAR, cell["school"].id)
    with pytest.raises(UserError, match="Chưa mở đợt đánh giá, xếp loại năm 2025"):
        review_documents.ballot_data(cell["conn"], 2025, cell["dong"].id)


def test_minutes_with_the_vote_per_member(cell):
    conn = cell["conn"]
    rows = [r for r in reviews.member_reviews(conn, YEAR) if r.reviewed]
    votes = [("HTTNV", 9), ("HTXSNV", 7), ("HTNV", 8)]
    reviews.save_member_reviews(conn, YEAR, [
        dataclasses.replace(r, self_level=level, cell_level=level, votes_for=n, votes_total=10)
        for r, (level, n) in zip(rows, votes, strict=True)])
    data = review_documents.minutes_data(conn, YEAR, cell["dong"].id)
    assert data.total == 4 and data.reviewed == 3 and data.chair_name == "Nguyễn Văn An"
    text = " ".join(pages(review_forms.render_review_minutes(data)))
    for expected in ("BIÊN BẢN", "Hội nghị kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2026",
                     "Số ......-BB/CB", "Tổng số đảng viên của chi bộ: 4", "Ngô Thị Mai: Kết nạp ngày 01/08/2026",
                     "Nguyễn Văn An Hoàn thành tốt nhiệm vụ 9/10 90,0%", "7/10 70,0%",
                     "hoàn thành xuất sắc nhiệm vụ: 1 đồng chí (33,3%)", "THƯ KÝ", "CHỦ TRÌ"):
        assert expected in text, expected


def test_minutes_leave_a_proposal_without_votes_blank(cell):
    """A level typed for a member with empty vote columns is no proposal of the cell: blank, and not tallied."""
    conn = cell["conn"]
    rows = [r for r in reviews.member_reviews(conn, YEAR) if r.reviewed]
    entries = [("HTTNV", 9), ("HTTNV", 8), ("HTNV", None)]
    reviews.save_member_reviews(conn, YEAR, [
        dataclasses.replace(r, self_level=level, cell_level=level, votes_for=n, votes_total=10 if n else None)
        for r, (level, n) in zip(rows, entries, strict=True)])
    data = review_documents.minutes_data(conn, YEAR, cell["dong"].id)
    unvoted = data.votes[2]
    assert (unvoted.votes, unvoted.rate, unvoted.cell_level) == ("", "", "")
    assert unvoted.self_level == "Hoàn thành nhiệm vụ"
    assert data.unrated == 1
    text = " ".join(pages(review_forms.render_review_minutes(data)))
    assert "hoàn thành nhiệm vụ: 0 đồng chí" in text and "hoàn thành tốt nhiệm vụ: 2 đồng chí (66,7%)" in text
    assert "Còn 1 đồng chí chưa biểu quyết đề xuất mức xếp loại" in text


def test_forms_for_a_year_not_opened(conn):
    with pytest.raises(UserError, match="Hãy mở đợt đánh giá năm 2026"):
        review_documents.review_forms_data(conn, 2026, None)


def test_form_numbers_sit_where_every_document_puts_them(cell):
    """The forms restart their count per member but draw it like every other document (same height, font)."""
    pdf = review_forms.render_review_forms(review_documents.review_forms_data(cell["conn"], YEAR, cell["dong"].id))
    marks = page_numbers(pdf)
    reference = reference_number()
    assert {(m.from_top, m.font, m.size) for m in marks if m} == {(reference.from_top, reference.font,
                                                                   reference.size)}


def test_particulars_stored_before_the_limits_still_print_whole(cell):
    """A 10,000-character address kept from before the limits at the door made the whole batch fail."""
    data = review_documents.review_forms_data(cell["conn"], YEAR, member_ids=[cell["secretary"].id])
    form = data.forms[0]
    address = "Thôn Đông, xã Phố Mới " * 450
    long_form = dataclasses.replace(form, person=dataclasses.replace(form.person, residence=address))
    pdf = review_forms.render_review_forms(dataclasses.replace(data, forms=(long_form,)))
    text = re.sub(r"\s+", " ", " ".join(pages(pdf)))
    assert text.count("Thôn Đông, xã Phố Mới") >= 440 and "Chức vụ đảng:" in text and "Nghề nghiệp:" in text


def test_review_papers_print_names_stored_before_the_limits(cell):
    """Old data may hold names far longer than a table row or a header can take: the papers still print."""
    from models.reviews import review_summary
    from printing import reports

    conn = cell["conn"]
    conn.execute("UPDATE members SET full_name = ? WHERE id = ?", ("Nguyễn Văn Rất Dài " * 300, cell["secretary"].id))
    conn.execute("UPDATE organisations SET name = ? WHERE id = ?", ("Chi bộ tên rất dài " * 200, cell["dong"].id))
    org_id = cell["dong"].id
    papers = [review_forms.render_review_forms(review_documents.review_forms_data(conn, YEAR, org_id)),
              review_forms.render_ballot(review_documents.ballot_data(conn, YEAR, org_id)),
              review_forms.render_review_minutes(review_documents.minutes_data(conn, YEAR, org_id)),
              reports.render_review_summary(review_summary.summary_data(conn, YEAR))]
    for pdf in papers:
        text = " ".join(pages(pdf))
        assert "Nguyễn Văn Rất Dài" in text or "Chi bộ tên rất dài" in text
        assert "…" in text
