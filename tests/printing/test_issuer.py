"""Who issues each document, read back from the printed header (DOMAIN.md §2), and long names that fit."""

from __future__ import annotations

import datetime as dt

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.commune import issuers, organisations
from models.commune.organisations import NewOrganisation
from models.demo import generate
from models.meetings import meeting_docs
from models.reporting import registers
from models.reviews import records as reviews
from models.reviews import review_documents, review_summary
from printing import layout, register, reports
from printing.minutes import render_minutes
from printing.review_forms import render_ballot
from tests.conftest import add_member
from tests.printing.header_lines import left_column
from tests.printing.test_minutes import build_meeting


def texts(pdf: bytes, setup: layout.PageSetup | None = None) -> list[str]:
    return [line.text for line in left_column(pdf, setup)]


def test_each_kind_of_organisation_has_its_issuer(commune):
    conn = commune["conn"]
    police = organisations.create(conn, NewOrganisation("Đảng bộ Công an xã", "dang_bo_co_so", "cong_an"))
    assert issuers.document_issuer(conn, None) == issuers.Issuer("Đảng bộ tỉnh Phú Thọ", "Đảng ủy xã Phố Mới", True)
    assert issuers.document_issuer(conn, police.id) == issuers.Issuer("Đảng bộ xã Phố Mới", "Đảng ủy Công an xã",
                                                                      True)
    assert issuers.document_issuer(conn, commune["dong"].id) == issuers.Issuer("Đảng bộ xã Phố Mới",
                                                                               "Chi bộ thôn Đông", False)
    assert issuers.document_issuer(conn, commune["teachers"].id) == issuers.Issuer(
        "Đảng bộ Trường THCS Phố Mới", "Chi bộ Giáo viên", False)
    assert issuers.committee_name("ĐẢNG BỘ CÔNG AN XÃ") == "Đảng ủy CÔNG AN XÃ"
    assert issuers.committee_name("Công an xã") == "Đảng ủy Công an xã"


def test_a_cell_issues_its_own_minutes(commune):
    conn = commune["conn"]
    for cell, expected in ((commune["dong"], ["ĐẢNG BỘ XÃ PHỐ MỚI", "CHI BỘ THÔN ĐÔNG"]),
                           (commune["teachers"], ["ĐẢNG BỘ TRƯỜNG THCS PHỐ MỚI", "CHI BỘ GIÁO VIÊN"])):
        meeting = build_meeting(conn, cell.id)
        lines = left_column(render_minutes(meeting_docs.minutes_data(conn, meeting.id)))
        assert [line.text for line in lines] == expected
        assert [line.bold for line in lines] == [False, True]


def test_the_committee_issues_the_register_of_the_commune_and_of_a_grassroots_party(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn An", commune["teachers"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    commune_register = register.render_register(registers.register_data(conn, None, dt.date(2026, 11, 5)))
    assert texts(commune_register, register.PAGE) == ["ĐẢNG BỘ TỈNH PHÚ THỌ", "ĐẢNG ỦY XÃ PHỐ MỚI"]
    school = registers.register_data(conn, commune["school"].id, dt.date(2026, 11, 5))
    assert texts(register.render_register(school), register.PAGE) == ["ĐẢNG BỘ XÃ PHỐ MỚI",
                                                                      "ĐẢNG ỦY TRƯỜNG THCS PHỐ MỚI"]
    assert school.signature_roles[0] == "T/M ĐẢNG ỦY"


def test_the_committee_issues_the_review_summary(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    reviews.open_review(conn, 2026)
    data = review_summary.summary_data(conn, 2026, dt.date(2026, 12, 20))
    assert texts(reports.render_review_summary(data), reports.PORTRAIT) == ["ĐẢNG BỘ TỈNH PHÚ THỌ",
                                                                            "ĐẢNG ỦY XÃ PHỐ MỚI"]
    assert data.signer_roles[0] == "T/M ĐẢNG ỦY"


def test_a_cells_ballot_keeps_the_cell_as_issuer(commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn An", commune["teachers"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    reviews.open_review(conn, 2026)
    pdf = render_ballot(review_documents.ballot_data(conn, 2026, commune["teachers"].id))
    assert texts(pdf) == ["ĐẢNG BỘ TRƯỜNG THCS PHỐ MỚI", "CHI BỘ GIÁO VIÊN"]


# ---------------------------------------------------------------- long names in the header column

def demo_names() -> list[str]:
    names = [name for committee, _, cells in generate.COMMITTEES for name in (committee, *cells)]
    names += [name for name, _ in generate.AGENCY_CELLS]
    names = [name.format(place=generate.PLACE) for name in names]
    return names + [issuers.committee_name(name) for name in names if name.startswith("Đảng bộ")]


def header_pdf(issuer: str, superior: str = "Đảng bộ xã Phố Mới") -> bytes:
    header = layout.Header(superior, issuer, "Số 01-BB/CB", "Phố Mới, ngày 05 tháng 11 năm 2026")
    return layout.build_pdf([layout.header_block(header, layout.PageSetup())], title="Thử")


@pytest.mark.parametrize("name", demo_names())
def test_a_long_name_breaks_between_word_groups_within_the_column(name):
    lines = left_column(header_pdf(name))[1:]
    assert " ".join(line.text for line in lines) == name.upper()
    width = layout.header_column_width(layout.PageSetup())
    for line in lines:
        assert len(line.text.split()) >= 2, lines                      # never one word alone
        assert stringWidth(line.text, layout.FONT + "-Bold", line.size) <= width + 0.01
        assert line.size in (12, 13, 14)
    for line in lines[:-1]:                                            # "SỐ 1", "UBND XÃ …" stay together
        assert not line.text.endswith((" SỐ", " VÀ", " UBND", " HĐND", " -")), lines


def test_a_name_a_little_too_long_shrinks_a_step_before_it_wraps():
    name = "Chi bộ Công an khu vực số 1"     # 222 pt at 14 pt bold, the column is 210 pt
    lines = left_column(header_pdf(name))
    assert [(line.text, line.size) for line in lines[1:]] == [("CHI BỘ CÔNG AN KHU VỰC SỐ 1", 13)]
    assert (lines[0].text, lines[0].size) == ("ĐẢNG BỘ XÃ PHỐ MỚI", 14)


def test_word_groups_stay_together():
    lines = [line.text for line in left_column(header_pdf("Chi bộ Văn phòng HĐND và UBND"))[1:]]
    assert lines == ["CHI BỘ VĂN PHÒNG", "HĐND VÀ UBND"]
    lines = [line.text for line in left_column(header_pdf("Đảng bộ Cơ quan Ủy ban nhân dân xã"))[1:]]
    assert lines == ["ĐẢNG BỘ CƠ QUAN", "ỦY BAN NHÂN DÂN XÃ"]
    lines = [line.text for line in left_column(header_pdf("Chi bộ Đội sản xuất số 1 Công ty Cổ phần Chè Phố Mới"))]
    assert all(not line.endswith(" SỐ") for line in lines) and any("SỐ 1" in line for line in lines)


def test_a_name_of_one_endless_word_still_prints_inside_the_column():
    lines = left_column(header_pdf("X" * 100))[1:]
    assert "".join(line.text for line in lines) == "X" * 100
