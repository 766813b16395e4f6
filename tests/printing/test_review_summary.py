"""The committee's review summary: its figures against the records, read back from the PDF."""

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from models import rules
from models.commune import committee, organisations
from models.commune.organisations import NewOrganisation
from models.errors import UserError
from models.reviews import records as reviews
from models.reviews import review_summary
from printing import reports
from tests.conftest import add_member
from tests.pdf_checks import assert_fonts_embedded, page_numbers
from tests.printing.test_layout import reference_number

D = dt.date
YEAR = 2026
LEVELS = rules.for_review_year(YEAR).level_codes
CELL_LEVELS = ["HTXSNV"] * 2 + ["HTTNV"] * 9 + ["HTNV"] * 2   # the seed example: breaks the 20% quota


def pdf_text(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def thirteen(conn):
    committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", superior_name="Đảng bộ tỉnh Phú Thọ",
                                             place_name="Phố Mới", term_name="2025 - 2030"))
    cells = [organisations.create(conn, NewOrganisation(f"Chi bộ thôn {i:02d}", "chi_bo_co_so", "thon"))
             for i in range(1, 14)]
    for i, cell in enumerate(cells):
        for k in range(3):
            add_member(conn, f"Nguyễn Văn Thôn{i:02d}x{k}", cell.id, D(2000, 1, 1), D(2001, 1, 1))
    add_member(conn, "Trần Thị Mới", cells[0].id, D(2026, 8, 1))
    reviews.open_review(conn, YEAR)
    rows = {o.org_id: o for o in reviews.org_reviews(conn, YEAR)}
    reviews.save_org_reviews(conn, YEAR, [dataclasses.replace(rows[c.id], proposed_level=level)
                                          for c, level in zip(cells, CELL_LEVELS, strict=True)])
    member_rows = [m for m in reviews.member_reviews(conn, YEAR) if m.reviewed]
    levels = ["HTXSNV"] * 3 + ["HTTNV"] * 30 + ["HTNV"] * 5 + ["KHTNV"]
    reviews.save_member_reviews(conn, YEAR, [dataclasses.replace(m, cell_level=level)
                                             for m, level in zip(member_rows, levels, strict=True)])
    return conn


def test_the_report_states_the_figures_the_way_the_office_writes_them(thirteen):
    data = review_summary.summary_data(thirteen, YEAR, on=D(2026, 12, 28))
    text = " ".join(data.report)
    assert ("13 chi bộ: 2 chi bộ hoàn thành xuất sắc nhiệm vụ (15,4%), 9 chi bộ hoàn thành tốt nhiệm vụ (69,2%), "
            "2 chi bộ hoàn thành nhiệm vụ (15,4%), 0 chi bộ không hoàn thành nhiệm vụ (0,0%).") in text
    assert ("39 đồng chí: 3 đồng chí hoàn thành xuất sắc nhiệm vụ (7,7%), 30 đồng chí hoàn thành tốt nhiệm vụ "
            "(76,9%), 5 đồng chí hoàn thành nhiệm vụ (12,8%), 1 đồng chí không hoàn thành nhiệm vụ (2,6%).") in text
    assert "Tổ chức đảng – Đảng bộ xã (2 so với tối đa 1)" in text


def test_summary_figures_match_the_records(thirteen):
    data = review_summary.summary_data(thirteen, YEAR, on=D(2026, 12, 28))
    counts = reviews.level_counts(thirteen, YEAR)
    total = data.member_rows[-1]
    assert total.kind == "total" and total.counts == tuple(counts["members"][k] for k in LEVELS)
    assert total.not_reviewed == counts["members"]["not_reviewed"] == 1
    assert data.org_rows[0].counts == tuple(counts["organisations"][k] for k in LEVELS)
    broken = [q for q in data.quota if not q.ok]
    assert [(q.where, q.excellent, q.good, q.limit) for q in broken] == [
        ("Đảng viên – Chi bộ thôn 01", 3, 0, 0), ("Tổ chức đảng – Đảng bộ xã", 2, 9, 1)]


def test_the_printed_summary(thirteen):
    pdf = reports.render_review_summary(review_summary.summary_data(thirteen, YEAR, on=D(2026, 12, 28)))
    pages = pdf_text(pdf)
    first, rest = pages[0], " ".join(pages[1:])
    for line in ("ĐẢNG BỘ TỈNH PHÚ THỌ", "ĐẢNG ỦY XÃ PHỐ MỚI", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 01-BC/ĐU",
                 "Phố Mới, ngày 28 tháng 12 năm 2026", "BÁO CÁO", "T/M ĐẢNG ỦY", "BÍ THƯ", "Nơi nhận:",
                 "2 chi bộ hoàn thành xuất sắc nhiệm vụ (15,4%)"):
        assert line in first, line
    assert "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM 2026" in rest
    assert "Chi bộ thôn 01 4 3" in rest                     # total, reviewed for the cell with a newcomer
    assert "Toàn Đảng bộ 40 39 3 7,7% 30 76,9% 5 12,8% 1 2,6% 1 0" in rest
    assert "Tổ chức cơ sở đảng 13 13 2 15,4% 9 69,2% 2 15,4% 0 0,0% 0 0" in rest
    assert "VƯỢT TỶ LỆ" in rest and "Trần Thị Mới" in rest and "chưa đủ 6 tháng" in rest
    assert [mark and mark.text for mark in page_numbers(pdf)[:2]] == [None, "2"]  # numbers from page 2
    assert_fonts_embedded(pdf)
    landscape_page = PdfReader(io.BytesIO(pdf)).pages[1]
    assert float(landscape_page.mediabox.width) > float(landscape_page.mediabox.height)


def test_a_year_not_opened_is_refused_in_vietnamese(conn):
    with pytest.raises(UserError, match="Chưa mở đợt đánh giá, xếp loại năm 2026"):
        review_summary.summary_data(conn, 2026)


def test_the_report_counts_cells_of_a_grassroots_committee_and_reasons_not_reviewed(commune):
    conn, school, teachers, dong = commune["conn"], commune["school"], commune["teachers"], commune["dong"]
    extra = organisations.create(conn, NewOrganisation("Chi bộ Hành chính", "chi_bo_truc_thuoc", parent_id=school.id))
    for k in range(4):
        add_member(conn, f"Lê Văn Giáo{k}", teachers.id, D(2000, 1, 1), D(2001, 1, 1))
    add_member(conn, "Trần Thị Mới", dong.id, D(2026, 9, 1))
    add_member(conn, "Vũ Văn Mới", dong.id, D(2026, 10, 1))
    reviews.open_review(conn, YEAR)
    rows = {o.org_id: o for o in reviews.org_reviews(conn, YEAR)}
    reviews.save_org_reviews(conn, YEAR, [dataclasses.replace(rows[teachers.id], proposed_level="HTTNV"),
                                          dataclasses.replace(rows[extra.id], proposed_level="HTNV"),
                                          dataclasses.replace(rows[school.id], proposed_level="HTTNV")])
    data = review_summary.summary_data(conn, YEAR, on=D(2026, 12, 28))
    text = " ".join(data.report)
    assert ("Chi bộ trực thuộc các đảng bộ cơ sở, kết quả xếp loại 2 chi bộ: 0 chi bộ hoàn thành xuất sắc nhiệm vụ "
            "(0,0%), 1 chi bộ hoàn thành tốt nhiệm vụ (50,0%), 1 chi bộ hoàn thành nhiệm vụ (50,0%)") in text
    assert "1. Về tổ chức cơ sở đảng, kết quả xếp loại 2 tổ chức cơ sở đảng: 0 tổ chức" in text
    assert "Không đánh giá, xếp loại 2 đồng chí (mới kết nạp chưa đủ 6 tháng: 2)" in text
    total = data.org_rows[-1]
    counts = reviews.level_counts(conn, YEAR)["organisations"]
    assert total.label == "Cộng chung" and total.counts == tuple(counts[k] for k in LEVELS)
    assert [r.label for r in data.org_rows] == ["Tổ chức cơ sở đảng", "Chi bộ trực thuộc Đảng bộ Trường THCS Phố Mới",
                                                "Cộng chung"]
    pages = pdf_text(reports.render_review_summary(data))
    assert "1 Tổ chức cơ sở đảng 2 2 0 0,0% 1 50,0% 0 0,0% 0 0,0% 0 1" in " ".join(pages[1:])


def test_summary_numbers_sit_where_every_document_puts_them(thirteen):
    """Portrait report and landscape tables alike: the number at the height and in the font of every document."""
    pdf = reports.render_review_summary(review_summary.summary_data(thirteen, YEAR, on=D(2026, 12, 28)))
    marks = page_numbers(pdf)
    reference = reference_number()
    assert marks[0] is None and [mark and mark.text for mark in marks[1:]] == [str(n) for n in range(2, len(marks) + 1)]
    assert {(m.from_top, m.font, m.size) for m in marks if m} == {(reference.from_top, reference.font,
                                                                   reference.size)}
