"""The sections' base: the file, the scope that reloads, the dialog seam and the narrow margins."""

from __future__ import annotations

import sqlite3

from ui.common.section import SectionView
from ui.common.widgets import exec_modal


class Counting(SectionView):
    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn)
        self.reads: list[int | None] = []

    def refresh(self) -> None:
        self.reads.append(self.scope)


def test_a_section_keeps_the_file_and_reloads_when_the_scope_changes(qtbot):
    conn = sqlite3.connect(":memory:")
    view = Counting(conn)
    qtbot.addWidget(view)
    assert view.conn is conn and view.scope is None and view.reads == []
    view.set_scope(7)
    view.set_scope(None)
    assert view.reads == [7, None]


def test_a_section_has_a_replaceable_dialog_seam_and_narrow_margins(qtbot):
    view = Counting(sqlite3.connect(":memory:"))
    qtbot.addWidget(view)
    assert view.exec_dialog is exec_modal
    assert view.layout() is view.body
    margins = view.body.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (4, 4, 4, 4)
