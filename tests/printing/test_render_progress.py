"""The long documents tell a worker how far their layout is, page by page, and stop when it says stop
(issue 13: helper workers show a progress bar with a cancel button; a cancelled print writes nothing)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.reporting import registers
from printing import registry
from tests.conftest import add_member


class Stop(Exception):
    pass


@pytest.fixture
def register(commune):
    conn, dong = commune["conn"], commune["dong"]
    for n in range(60):   # three landscape pages or so
        add_member(conn, f"Nguyễn Văn Số{n:02d}", dong.id, dt.date(2015, 1, 1), dt.date(2016, 1, 1))
    return registers.register_data(conn, None)


def test_register_tells_each_page_and_ends_at_the_whole(register):
    heard: list[tuple[str, int, int]] = []
    pdf = registry.REGISTER.render(register, lambda text, done, total: heard.append((text, done, total)))
    assert pdf.count(b"/Type /Page\n") == len(heard) >= 2
    done = [d for _, d, _ in heard]
    assert done == sorted(done) and heard[-1][1] == heard[-1][2] > 0
    assert all(text.startswith("Đang dàn trang") for text, _, _ in heard)
    assert pdf == registry.REGISTER.render(register)    # telling changes nothing on paper


def test_a_progress_that_raises_stops_the_layout(register):
    def stop(text: str, done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        registry.REGISTER.render(register, stop)


def test_a_story_in_parts_prints_as_the_whole_story_and_counts_its_parts():
    from reportlab.platypus import Spacer

    from printing import layout

    def part(n: int) -> list:
        heading = layout.para(f"Phần {n}", layout.style(14, bold=True, keep_with_next=True))
        return [heading, *[layout.para(f"Dòng {n}.{i} " * 12) for i in range(40)], Spacer(1, 20)]

    whole = layout.build_pdf([f for n in range(30) for f in part(n)], title="t")
    heard: list[tuple[int, int]] = []
    fed = layout.build_pdf(layout.Parts((part(n) for n in range(30)), 30), title="t",
                           progress=lambda text, done, total: heard.append((done, total)))
    assert fed == whole and whole.count(b"/Type /Page\n") > 10
    assert heard[-1] == (30, 30) and [d for d, _ in heard] == sorted(d for d, _ in heard)
    assert heard[0][0] < 30      # the parts were taken in as the layout went, not all at once
