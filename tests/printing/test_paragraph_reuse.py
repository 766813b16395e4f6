"""printing.layout.Para does reportlab's paragraph work once (issue 13) and prints what Paragraph prints:
plain text made without the XML parser, lines kept per width, the lines of identical plain paragraphs shared,
styles shared per set of options."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT
from reportlab.platypus.paragraph import Paragraph

from printing import layout
from printing.layout import Para

SAMPLES = ["Nguyễn Văn An", "  hai   khoảng\xa0trắng  ", "Chi bộ thôn Đông, xã Phố Mới", "x" * 300,
           "Đồng chí " * 40, "a&amp;b", "<b>Đậm</b> và thường", "dòng một<br/>dòng hai", "1", "–"]


def _frag_dicts(p: Paragraph) -> list[dict[str, object]]:
    return [dict(vars(f)) for f in p.frags]


def test_plain_text_makes_the_fragments_the_parser_makes():
    st = layout.style(12, align=TA_LEFT)
    for text in SAMPLES:
        ours, theirs = Para(text, st), Paragraph(text, st)
        assert _frag_dicts(ours) == _frag_dicts(theirs), text
        assert ours.text == theirs.text


def test_lines_are_broken_as_reportlab_breaks_them():
    st = layout.style(14)
    for text in SAMPLES:
        ours, theirs = Para(text, st), Paragraph(text, st)
        assert ours.wrap(120, 800) == theirs.wrap(120, 800), text
        assert _line_texts(ours) == _line_texts(theirs), text


def _line_texts(p: Paragraph) -> list[str]:
    """Each broken line's text (kind 0 lines are (space, words); kind 1 lines hold fragments)."""
    if p.blPara.kind == 0:
        return [" ".join(words) for _, words in p.blPara.lines]
    return ["".join(getattr(word, "text", "") for word in line.words) for line in p.blPara.lines]


def test_a_second_wrap_at_the_same_width_breaks_no_line(monkeypatch):
    p = Para("một câu khá dài để phải xuống dòng " * 5, layout.style(12))
    first = p.wrap(200, 500)
    calls = []
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, widths: calls.append(widths))
    assert p.wrap(200, 500) == first and calls == []
    monkeypatch.undo()
    narrower = p.wrap(100, 500)       # another width: broken again
    assert narrower[1] > first[1]


def test_a_split_that_moves_the_paragraph_on_forgets_its_lines():
    p = Para("ba dòng chữ " * 30, layout.style(12))
    p.wrap(150, 800)
    assert p.split(150, 5) == []      # no room for two lines: reportlab drops blPara
    assert "blPara" not in vars(p)
    assert p.wrap(150, 800)[1] > 0 and "blPara" in vars(p)


def test_identical_plain_paragraphs_share_their_lines_but_not_split_pieces():
    st = layout.style(13)
    a, b = Para("Nhận xét của chi ủy " * 8, st), Para("Nhận xét của chi ủy " * 8, st)
    a.wrap(300, 800)
    b.wrap(300, 800)
    assert a.blPara is b.blPara
    other = Para("Nhận xét của chi ủy " * 8, layout.style(13, bold=True))
    other.wrap(300, 800)
    assert other.blPara is not a.blPara
    top, rest = a.split(300, st.leading * 2 + 1)
    assert top.text is None and rest.text is None    # pieces of a split never take another's lines
    rest.wrap(300, 800)
    assert rest.blPara is not a.blPara


def test_styles_are_shared_per_options_and_keep_with_next_is_an_option():
    assert layout.style(14, bold=True) is layout.style(14, bold=True)
    kept = layout.style(14, bold=True, keep_with_next=True)
    assert kept.keepWithNext == 1 and layout.style(14, bold=True).keepWithNext == 0
