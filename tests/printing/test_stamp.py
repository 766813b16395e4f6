"""printing.stamp (issue 13: review forms for 5,000 members ≤ 20 s): what every form shares is measured and
drawn once per PDF, and the PDF is byte for byte what drawing each copy would give."""

from __future__ import annotations

import collections

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table
from reportlab.platypus.paragraph import Paragraph

from models.reviews import review_documents
from printing import layout, review_forms, stamp
from printing.layout import para, style
from tests.printing.test_review_forms import YEAR, cell  # noqa: F401 - the fixture


def _body(n: int) -> list:
    """A part of a form: heading, dotted lines (some runs long enough to cross a page), a table, a block kept
    together; each call makes new flowables."""
    parts: list = [para(f"Mục {n % 3}: một tiêu đề khá dài để xuống dòng khi khổ giấy hẹp " * 2,
                        style(14, bold=True, align=TA_LEFT, space_before=4, leading=17))]
    parts += layout.ruled_lines(3 + n % 7 * 4, 7.5 * mm)
    parts.append(Table([[para("Trái", style(14)), para("Phải", style(14, align=TA_CENTER))]]))
    parts.append(Spacer(1, 3 * mm))
    parts.append(KeepTogether([para("Khối giữ liền", style(14)), *layout.ruled_lines(2)]))
    return parts


def _stamped(n: int, plates: stamp.Plates) -> list:
    return stamp.runs(plates.stamps(("body", n % 5), lambda: _body(n % 5)), _is_dotted)


def _is_dotted(flowable: object) -> bool:
    return type(flowable) is layout.DottedLine


def _pdf(story: list) -> bytes:
    return layout.build_pdf(story, title="Thử")


def test_stamps_and_runs_print_byte_for_byte_what_the_flowables_print():
    """Forty parts, the same five over and over: page breaks fall inside runs of dotted lines, before a
    heading, inside a heading; each stamp is placed many times, each plate drawn once."""
    plain = [flowable for n in range(40) for flowable in [para(f"Người số {n}"), *_body(n % 5)]]
    plates = stamp.Plates()
    stamped = [flowable for n in range(40) for flowable in [para(f"Người số {n}"), *_stamped(n, plates)]]
    assert any(isinstance(flowable, stamp.Run) for flowable in stamped)
    assert _pdf(stamped) == _pdf(plain)


def test_a_shared_paragraph_is_drawn_once_per_document(monkeypatch):
    drawn: list[str] = []
    real = Paragraph.drawPara

    def counting(self, *args, **kwargs):
        drawn.append(self.text)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "drawPara", counting)
    plates = stamp.Plates()
    _pdf([flowable for n in range(30) for flowable in _stamped(0, plates)])
    assert drawn.count(_body(0)[0].text) == 1
    drawn.clear()
    plates = stamp.Plates()   # a new document (its fonts are its own) draws anew, once
    _pdf([flowable for n in range(30) for flowable in _stamped(0, plates)])
    assert drawn.count(_body(0)[0].text) == 1


def test_forms_draw_only_the_members_own_paragraphs_again(cell, monkeypatch):  # noqa: F811 - the fixture
    """Before the stamps every form drew its thirty-odd headings and lines; now a second form of the same
    template draws only the member's name (twice: particulars and signature) and own dates."""
    drawn: list[str] = []
    real = Paragraph.drawPara

    def counting(self, *args, **kwargs):
        drawn.append(self.text)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "drawPara", counting)
    data = review_documents.review_forms_data(cell["conn"], YEAR, cell["dong"].id)
    one = review_forms.render_review_forms(type(data)(data.title, data.forms[1:2]))
    first = len(drawn)
    drawn.clear()
    review_forms.render_review_forms(type(data)(data.title, (data.forms[1],) * 10))
    assert first > 30 and one
    person = data.forms[1].person
    again = {text for text, count in collections.Counter(drawn).items() if count > 1}
    # None: the two halves of the heading split over the page break, drawn as reportlab splits it
    assert again == {None, f"<b>Họ và tên:</b> {person.full_name}", person.full_name,
                     f"<b>Ngày vào Đảng:</b> {person.joined_on}", f"<b>Ngày chính thức:</b> {person.official_on}"}
    assert len(drawn) == first + 9 * 6


def test_labelled_makes_the_fragments_the_parser_makes():
    st = style(14, align=TA_LEFT, leading=18)
    for label, value in [("Họ và tên:", "Lê  Thanh\xa0An "), ("Chi bộ:", "Chi bộ thôn Đông"), ("Nơi cư trú:", ""),
                         ("Tên:", "Lê <Văn> & Cường"), ("Nơi:", "dòng một\ndòng hai"), (" Nhãn ", "giá trị"),
                         ("Ngày sinh:", ".........."), ("Nghề:", "   ")]:
        ours = layout.labelled(label, value, st)
        theirs = Paragraph(f"<b>{layout.printable(label)}</b> {layout.printable(value)}", st)
        assert [vars(f) for f in ours.frags] == [vars(f) for f in theirs.frags], (label, value)
        assert ours.text == theirs.text
