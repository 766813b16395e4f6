"""The self-review form's "Chức vụ đảng" line: a party office the member holds, empty for an ordinary member
(a clerk should not have to scratch out a word the form never asked for)."""

from __future__ import annotations

from models.reviews import review_documents
from printing import review_forms
from tests.printing.test_review_forms import YEAR, cell, pages  # noqa: F401  (cell is a fixture)


def test_an_ordinary_member_has_an_empty_party_position_and_a_secretary_has_hers(cell):  # noqa: F811
    data = review_documents.review_forms_data(cell["conn"], YEAR, cell["dong"].id)
    positions = {form.person.full_name: form.person.position for form in data.forms}
    assert positions["Nguyễn Văn An"] == "Bí thư"
    assert positions["Lê <Văn> & Cường"] == ""
    text = pages(review_forms.render_review_forms(data))
    ordinary = text[4]
    assert "Chức vụ đảng: Chi bộ:" in ordinary and "Đảng viên Chi bộ" not in ordinary
