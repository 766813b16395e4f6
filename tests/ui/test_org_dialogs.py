"""The organisation tree and its dialogs: create, rename, move, merge, dissolve, leadership."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from models.commune import organisations
from models.people import members, transfers
from tests.conftest import add_member
from ui.common.widgets import ask
from ui.organisations import org_dialogs
from ui.organisations.org_panel import OrgPanel


def labels(panel: OrgPanel) -> list[str]:
    return [item.text(0) for item in panel._all_items()]


def test_tree_shows_structure_and_counts(qtbot, commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn An", commune["teachers"].id, dt.date(2000, 1, 1))
    panel = OrgPanel(conn)
    qtbot.addWidget(panel)
    root = panel.tree.topLevelItem(0)
    assert root.text(0) == "Đảng bộ xã Phố Mới"
    school = root.child(0)
    assert school.text(0) == "Đảng bộ Trường THCS Phố Mới (1)"      # đảng bộ first, counts its cells
    assert school.child(0).text(0) == "Chi bộ Giáo viên (1)"
    assert root.child(1).text(0) == "Chi bộ thôn Đông (0)"


def test_choosing_a_unit_emits_scope(qtbot, commune):
    panel = OrgPanel(commune["conn"])
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.scope_changed) as blocker:
        panel.select_org(commune["dong"].id)
    assert blocker.args == [commune["dong"].id]
    with qtbot.waitSignal(panel.scope_changed) as blocker:
        panel.select_org(None)
    assert blocker.args == [None]


def test_new_org_dialog_creates_under_the_chosen_parent(qtbot, commune):
    conn = commune["conn"]
    dialog = org_dialogs.NewOrgDialog(conn, save=lambda new: organisations.create(conn, new),
                                      parent_id=commune["school"].id)
    qtbot.addWidget(dialog)
    assert dialog.unit_type.currentData() == "chi_bo_truc_thuoc"
    dialog.accept()
    assert dialog.result() == 0 and "Hãy nhập tên" in dialog.error.text()
    dialog.name.setText("Chi bộ Học sinh")
    dialog.founded_on.setText("01/09/2025")
    dialog.accept()
    created = organisations.find(conn, "Chi bộ Học sinh")
    assert created.parent_id == commune["school"].id and created.founded_on == dt.date(2025, 9, 1)


def test_wrong_place_in_tree_is_refused(qtbot, commune):
    conn = commune["conn"]
    dialog = org_dialogs.NewOrgDialog(conn, save=lambda new: organisations.create(conn, new))
    qtbot.addWidget(dialog)
    dialog.name.setText("Chi bộ lạc chỗ")
    dialog.unit_type.setCurrentIndex(dialog.unit_type.findData("chi_bo_truc_thuoc"))
    dialog.accept()
    assert dialog.result() == 0 and "phải ở trong một đảng bộ cơ sở" in dialog.error.text()


def test_rename_move_and_dissolve_through_the_panel(qtbot, commune, monkeypatch):
    conn = commune["conn"]
    panel = OrgPanel(conn)
    qtbot.addWidget(panel)
    panel.select_org(commune["teachers"].id)

    def run(dialog_class, fill):
        def exec_(self):
            fill(self)
            self.accept()
            return self.result()
        monkeypatch.setattr(dialog_class, "exec", exec_)

    run(org_dialogs.RenameDialog, lambda d: d.name.setText("Chi bộ Giáo viên THCS"))
    panel.rename_org()
    assert organisations.get(conn, commune["teachers"].id).name == "Chi bộ Giáo viên THCS"
    run(org_dialogs.MoveDialog, lambda d: d.parent_org.setCurrentIndex(0))   # directly under the commune
    panel.move_org()
    moved = organisations.get(conn, commune["teachers"].id)
    assert moved.parent_id is None and moved.unit_type == "chi_bo_co_so"
    run(org_dialogs.DissolveDialog, lambda d: d.on.setText("01/10/2026"))
    panel.dissolve_org()
    assert organisations.get(conn, commune["teachers"].id).dissolved_on == dt.date(2026, 10, 1)
    assert not any("Giáo viên" in text for text in labels(panel))         # hidden by default
    panel.show_dissolved.setChecked(True)
    assert "Chi bộ Giáo viên THCS (giải thể 01/10/2026)" in labels(panel)


def test_dissolving_a_unit_with_members_is_refused(qtbot, commune):
    conn = commune["conn"]
    add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1))
    dialog = org_dialogs.DissolveDialog(commune["dong"], save=lambda d: organisations.dissolve(
        conn, commune["dong"].id, d.on))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == 0 and "còn đảng viên" in dialog.error.text()


def test_merge_moves_members_and_keeps_history(qtbot, commune):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    other = organisations.create(conn, organisations.NewOrganisation("Chi bộ thôn Tây", "chi_bo_co_so", "thon"))
    dialog = org_dialogs.MergeDialog(conn, commune["dong"], save=lambda m: transfers.merge_organisations(
        conn, commune["dong"].id, m.target_id, m.on, m.decision_no))
    qtbot.addWidget(dialog)
    targets = [dialog.target.itemData(i) for i in range(dialog.target.count())]
    assert other.id in targets and commune["dong"].id not in targets and commune["school"].id not in targets
    assert dialog.target.currentData() is None      # merging into the wrong unit moves everyone: choose it
    dialog.accept()
    assert dialog.result() == 0 and "Hãy chọn tổ chức nhận" in dialog.error.text()
    assert members.get(conn, an.id).org_id == commune["dong"].id
    dialog.target.setCurrentIndex(dialog.target.findData(other.id))
    dialog.on.setText("01/07/2025")
    dialog.decision_no.setText("45-QĐ/ĐU")
    dialog.accept()
    assert members.get(conn, an.id).org_id == other.id
    assert [e.kind for e in members.events(conn, an.id)][-1] == "chuyen_di"
    assert organisations.get(conn, commune["dong"].id).merged_into_id == other.id


def test_positions_dialog_appoints_and_ends(qtbot, qtmodeltester, commune, monkeypatch):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn An", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    binh = add_member(conn, "Trần Văn Bình", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    dialog = org_dialogs.PositionsDialog(conn, commune["dong"])
    qtbot.addWidget(dialog)
    dialog.add()                                  # nobody chosen yet: nothing is appointed
    assert "Hãy chọn một đảng viên" in dialog.error.text() and dialog.model.rowCount() == 0
    dialog.member.setCurrentIndex(dialog.member.findData(an.id))
    dialog.start_on.setText("01/01/2021")
    dialog.add()
    dialog.member.setCurrentIndex(dialog.member.findData(binh.id))
    dialog.start_on.setText("01/01/2026")
    dialog.add()
    assert dialog.model.rowCount() == 2
    assert dialog.model.data(dialog.model.index(0, 3)) == "31/12/2025"     # the earlier term ended the day before
    assert organisations.secretary_name(conn, commune["dong"].id, dt.date(2026, 2, 1)) == "Trần Văn Bình"
    qtmodeltester.check(dialog.model)
    monkeypatch.setattr(ask, "confirm", lambda *a: True)
    dialog.table.selectRow(1)
    dialog.start_on.setText("01/06/2026")
    dialog.end_selected()
    assert organisations.positions(conn, commune["dong"].id)[1].end_on == dt.date(2026, 6, 1)
    dialog.member.setEditText("Không Có Ai")
    dialog.add()
    assert "Hãy chọn một đảng viên" in dialog.error.text()


def test_empty_database_shows_a_hint_and_an_add_button(qtbot, conn, monkeypatch):
    panel = OrgPanel(conn)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.empty_hint.isVisible() and "Chưa có tổ chức đảng" in panel.empty_hint.text()

    def exec_(self):
        self.name.setText("Chi bộ thôn Bắc")
        self.accept()
        return self.result()

    monkeypatch.setattr(org_dialogs.NewOrgDialog, "exec", exec_)
    panel.add_button.click()
    assert "Chi bộ thôn Bắc (0)" in labels(panel)
    assert not panel.empty_hint.isVisible()
    assert panel.current_org_id() == organisations.find(conn, "Chi bộ thôn Bắc").id


# ---------------------------------------------------------------- the search box over the tree (issue 12)

def _search_commune(conn):
    from models.commune.organisations import NewOrganisation
    made = {}
    for name in ("Chi bộ thôn Đông Hòa", "Chi bộ thôn Đồng Tâm", "Chi bộ tổ dân phố số 10", "Chi bộ tổ dân phố số 1"):
        made[name] = organisations.create(conn, NewOrganisation(name, "chi_bo_co_so", "thon"))
    return made


def shown(panel: OrgPanel) -> list[str]:
    return [item.text(0) for item in panel._all_items() if not item.isHidden()]


def test_search_box_folds_diacritics_and_keeps_the_parents(qtbot, commune):
    conn = commune["conn"]
    _search_commune(conn)
    panel = OrgPanel(conn)
    qtbot.addWidget(panel)
    assert panel.search.placeholderText() == "Tìm chi bộ (gõ không dấu cũng được)"
    panel.search.setText("giao vien")
    assert shown(panel) == ["Đảng bộ xã Phố Mới", "Đảng bộ Trường THCS Phố Mới (0)", "Chi bộ Giáo viên (0)"]
    assert panel.tree.isExpanded(panel.tree.indexFromItem(panel._all_items()[1]))
    panel.search.setText("dong")
    assert shown(panel) == ["Đảng bộ xã Phố Mới", "Chi bộ thôn Đông (0)", "Chi bộ thôn Đông Hòa (0)",
                            "Chi bộ thôn Đồng Tâm (0)"]
    panel.search.setText("")
    assert len(shown(panel)) == 8


def test_search_then_enter_selects_the_unit_the_text_names(qtbot, commune):
    conn = commune["conn"]
    _search_commune(conn)
    panel = OrgPanel(conn)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.scope_changed) as blocker:
        panel.search.setText("thon dong")
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert blocker.args == [commune["dong"].id]                 # not Đông Hòa, listed after it
    panel.search.setText("so 1")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.tree.currentItem().text(0) == "Chi bộ tổ dân phố số 1 (0)"


def test_search_down_goes_to_the_first_match_and_esc_clears(qtbot, commune):
    conn = commune["conn"]
    _search_commune(conn)
    panel = OrgPanel(conn)
    qtbot.addWidget(panel)
    panel.search.setText("so")
    assert shown(panel)[1:] == ["Chi bộ tổ dân phố số 1 (0)", "Chi bộ tổ dân phố số 10 (0)"]   # 1 before 10
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.current_org_id() is not None and panel.tree.currentItem().text(0) == "Chi bộ tổ dân phố số 1 (0)"
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and len(shown(panel)) == 8


def test_search_with_no_match_says_so(qtbot, commune):
    panel = OrgPanel(commune["conn"])
    qtbot.addWidget(panel)
    panel.show()
    panel.search.setText("thôn Bắc")
    assert shown(panel) == ["Đảng bộ xã Phố Mới"]
    assert panel.no_match.isVisible() and "Không có tổ chức đảng nào khớp với “thôn Bắc”" in panel.no_match.text()
