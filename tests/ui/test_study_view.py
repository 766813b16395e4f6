"""The Học tập nghị quyết screen, driven through its real widgets."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QDialog, QLabel

from models.demo.generate import generate
from models.errors import UserError
from models.people import member_list
from models.people.member_list import MemberFilter
from models.storage import db
from models.study import sessions as study
from models.study.sessions import Document, Session
from tests.conftest import add_member
from tests.ui.keys import pick, type_text
from ui.common import widgets
from ui.study import study_view
from ui.study.study_dialogs import PEOPLE_LOADING, Ct05Dialog, DocumentDialog, SessionDialog
from ui.study.study_models import ParticipantTableModel
from ui.study.study_view import StudyView

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def setup(commune):
    conn = commune["conn"]
    people = [add_member(conn, name, org.id, dt.date(2010, 1, 1), dt.date(2011, 1, 1)) for name, org in (
        ("Nguyễn Văn An", commune["dong"]), ("Trần Thị Bình", commune["dong"]), ("Lê Văn Cường", commune["dong"]),
        ("Phạm Thị Dung", commune["teachers"]))]
    doc = study.create_document(conn, Document("57-NQ/TW", "Về đột phá phát triển khoa học, công nghệ", "Bộ Chính trị",
                                               dt.date(2024, 12, 22)))
    return {**commune, "people": people, "doc": doc}


@pytest.fixture
def view(qtbot, setup):
    widget = StudyView(setup["conn"])
    qtbot.addWidget(widget)
    widget.year_box.setValue(2026)
    widget.resize(1100, 640)
    widget.show()
    return widget


def _fill_session(orgs: list[str], day: str = "10/03/2026", mode: str = "ket_hop", points: int = 3):
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, SessionDialog)
        dialog.held_on.setText(day)
        dialog.mode.setCurrentIndex(dialog.mode.findData(mode))
        dialog.points.setValue(points)
        for row in range(dialog.orgs.count()):
            item = dialog.orgs.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.text().strip() in orgs else Qt.CheckState.Unchecked)
        dialog.accept()
        return dialog.result()
    return fill


def test_add_a_session_and_see_the_participation_rate(view, setup):
    assert "chưa có buổi học tập" in view.summary.text()
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông", "Đảng bộ Trường THCS Phố Mới"])
    view.add_session_button.click()
    assert view.sessions.rowCount() == 1
    assert view.sessions.data(view.sessions.index(0, 4)) == "4/4, đạt 100,0%"
    assert view.sessions.data(view.sessions.index(0, 2)) == "Trực tiếp kết hợp trực tuyến"
    assert view.participants.rowCount() == 4            # the new session is selected and its roll shown
    assert "4/4, đạt 100,0%" in view.summary.text()


def test_marking_an_absence_updates_every_rate(qtbot, view, setup, confirm_yes):
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông"])
    view.add_session_button.click()
    row = next(i for i, p in enumerate(view.participants.rows) if p.full_name == "Trần Thị Bình")
    index = view.proxy.mapFromSource(view.participants.index(row, ParticipantTableModel.PRESENT))
    view.participant_table.setFocus()
    view.participant_table.setCurrentIndex(index)
    qtbot.keyClick(view.participant_table, Qt.Key.Key_Space)
    assert view.participants.rows[row].attended is False
    assert view.sessions.data(view.sessions.index(0, 4)) == "2/3, đạt 66,7%"
    assert "2/3, đạt 66,7%" in view.summary.text()
    assert "Có mặt 2/3, đạt 66,7%" in view.participant_count.text()
    assert study.year_stats(setup["conn"], 2026).participants == 2
    view.all_present_button.click()
    assert view.sessions.data(view.sessions.index(0, 4)) == "3/3, đạt 100,0%"


def test_grade_through_the_drop_down(view, setup):
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông"])
    view.add_session_button.click()
    index = view.proxy.mapFromSource(view.participants.index(0, ParticipantTableModel.GRADE))
    view.participant_table.setCurrentIndex(index)
    view.participant_table.edit(index)
    combo = view.participant_table.viewport().findChild(QComboBox)
    assert combo is not None and combo.findText("Khá") > 0
    combo.setCurrentIndex(combo.findText("Khá"))
    combo.activated.emit(combo.currentIndex())
    name = view.participants.rows[0].full_name
    member = next(p for p in setup["people"] if p.full_name == name)
    assert study.member_evidence(setup["conn"], member.id, 2026).reflection_grades == ("Khá",)
    assert "đã xếp loại bài thu hoạch 1 người" in view.participant_count.text()


def test_search_ignores_diacritics(view, setup):
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông"])
    view.add_session_button.click()
    view.search.setText("tran thi")
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, ParticipantTableModel.NAME).data() == "Trần Thị Bình"


def test_session_dialog_errors_stay_in_the_dialog(view, setup):
    def fill(dialog: QDialog) -> int:
        dialog.held_on.setText("31/02/2026")
        dialog.accept()
        assert "không có trên lịch" in dialog.error.text()
        dialog.held_on.setText("10/03/2026")
        dialog.accept()                                   # no organisation chosen
        assert "ít nhất một tổ chức" in dialog.error.text()
        return dialog.result()

    view.exec_dialog = fill
    view.add_session_button.click()
    assert view.sessions.rowCount() == 0


def test_scope_limits_the_roll_and_preselects_the_cell(view, setup):
    study.create_session(setup["conn"], Session(setup["doc"].id, DAY, (setup["dong"].id, setup["school"].id)))
    view.set_scope(setup["teachers"].id)
    assert [p.full_name for p in view.participants.rows] == ["Phạm Thị Dung"]
    assert view.participant_table.isColumnHidden(ParticipantTableModel.ORG)
    assert view.sessions.data(view.sessions.index(0, 4)) == "1/1, đạt 100,0%"
    seen = {}

    def peek(dialog: QDialog) -> int:
        seen["checked"] = dialog.checked_orgs()
        return QDialog.DialogCode.Rejected

    view.exec_dialog = peek
    view.add_session_button.click()
    assert seen["checked"] == (setup["teachers"].id,)


def test_add_document_through_the_dialog(view, setup):
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, DocumentDialog)
        dialog.code.setText("05-CT/TW")
        dialog.kind.setCurrentIndex(dialog.kind.findData("chi_thi"))
        dialog.title.setText("Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
        dialog.issued_on.setText("15/5/2016")
        dialog.accept()
        return dialog.result()

    view.exec_dialog = fill
    view.add_document_button.click()
    codes = [view.documents.data(view.documents.index(r, 0)) for r in range(view.documents.rowCount())]
    assert codes == ["57-NQ/TW", "05-CT/TW"]
    assert view.documents.data(view.documents.index(1, 3)) == "15/05/2016"


def test_register_ct05_and_record_the_result(view, setup):
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, Ct05Dialog)
        dialog.member.setCurrentIndex(dialog.member.findText("Trần Thị Bình – Chi bộ thôn Đông"))
        dialog.commitment.setPlainText("Vận động gia đình hiến đất làm đường")
        dialog.accept()
        return dialog.result()

    view.exec_dialog = fill
    view.register_button.click()
    assert view.ct05.rowCount() == 1 and view.ct05.rows[0].name == "Trần Thị Bình"
    assert "cá nhân 1/4, đạt 25,0%" in view.ct05_stats.text()
    assert "tập thể 0/3, đạt 0,0%" in view.ct05_stats.text()
    index = view.ct05.index(0, view.ct05.RESULT)
    assert view.ct05.setData(index, "Tốt")
    assert study.member_evidence(setup["conn"], setup["people"][1].id, 2026).ct05_result == "Tốt"


def test_a_bad_grade_is_refused(monkeypatch, view, setup):
    warnings = []
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: warnings.append(text))
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông"])
    view.add_session_button.click()
    assert not view.participants.setData(view.participants.index(0, ParticipantTableModel.GRADE), "Xuất sắc")
    assert "không hợp lệ" in warnings[0]


def test_models_pass_the_model_tester(qtmodeltester, view, setup):
    study.register_ct05(setup["conn"], 2026, org_id=setup["dong"].id, commitment="Mỗi tháng một việc tốt")
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông"])
    view.add_session_button.click()
    for model in (view.sessions, view.participants, view.documents, view.ct05, view.proxy):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_fits_a_small_screen(view, setup):
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông", "Đảng bộ Trường THCS Phố Mới"])
    view.add_session_button.click()
    QApplication.processEvents()
    assert view.minimumSizeHint().width() <= 1100
    for table in (view.session_table, view.participant_table):
        assert table.horizontalScrollBar().maximum() == 0


def _ct05_fill(label: str, text: str, typed: bool = False):
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, Ct05Dialog)
        if typed:
            dialog.member.setEditText(label)
        else:
            dialog.member.setCurrentIndex(dialog.member.findText(label))
        dialog.commitment.setPlainText(text)
        dialog.accept()
        fill.error = dialog.error.text()  # type: ignore[attr-defined]
        return dialog.result()
    return fill


def test_ct05_refuses_an_empty_commitment_and_saves_nothing(view, setup):
    fill = _ct05_fill("Trần Thị Bình – Chi bộ thôn Đông", "   ")
    view.exec_dialog = fill
    view.register_button.click()
    assert "Hãy nhập nội dung đăng ký" in fill.error
    assert study.ct05_registrations(setup["conn"], 2026) == []
    assert view.ct05.rowCount() == 0


def test_ct05_nobody_is_chosen_in_advance(view, setup):
    fill = _ct05_fill("", "Việc tốt", typed=True)
    view.exec_dialog = fill
    view.register_button.click()
    assert "Hãy chọn một đảng viên có trong danh sách" in fill.error
    assert study.ct05_registrations(setup["conn"], 2026) == []


def test_ct05_refuses_a_name_not_in_the_list(view, setup):
    fill = _ct05_fill("Người Không Có", "Việc tốt", typed=True)
    view.exec_dialog = fill
    view.register_button.click()
    assert "Hãy chọn một đảng viên có trong danh sách" in fill.error
    assert study.ct05_registrations(setup["conn"], 2026) == []


def test_ct05_member_found_by_any_part_of_the_name(qtbot, view, setup):
    dialog = Ct05Dialog(2026, study_view._people(view.conn, view.scope), [], lambda values: values)
    qtbot.addWidget(dialog)
    dialog.member.finder.follow("Bình")
    rows = dialog.member.finder.rows
    assert [rows.index(r, 0).data() for r in range(rows.rowCount())] == ["Trần Thị Bình – Chi bộ thôn Đông"]


def test_ct05_person_picker_folds_diacritics_like_the_member_search(qtbot, view, setup):
    """Issue 12: "bich" found 0 people in the Chỉ thị 05 picker and "Bích" 4, while every other search folds."""
    conn = setup["conn"]
    bich = {name: add_member(conn, name, setup["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
            for name in ("Nguyễn Thị Bích", "Trần Ngọc Bích", "Lê Bích Hằng", "Phạm Thị Bích")}
    dialog = Ct05Dialog(2026, study_view._people(view.conn, view.scope), [], lambda values: values)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = dialog.member.finder.rows
    for typed in ("bich", "Bích"):
        dialog.member.lineEdit().clear()
        type_text(dialog.member.lineEdit(), typed)
        assert rows.rowCount() == 4, typed
    pick(dialog.member, "tran ngoc bich")
    dialog.commitment.setPlainText("Việc tốt")
    dialog.accept()
    assert dialog.result() == 1 and dialog.result_value.member_id == bich["Trần Ngọc Bích"].id


def test_ct05_second_registration_asks_and_keeps_the_result(monkeypatch, view, setup, unanswered_boxes):
    conn = setup["conn"]
    first = study.register_ct05(conn, 2026, member_id=setup["people"][1].id, commitment="Việc cũ")
    study.set_ct05_result(conn, first.id, "Tốt")
    view.refresh()
    fill = _ct05_fill("Trần Thị Bình – Chi bộ thôn Đông", "Việc mới")
    view.exec_dialog = fill
    view.register_button.click()          # the user answers "Không": nothing changes, the dialog says why
    assert unanswered_boxes[-1][0] == "Đã đăng ký" and "Việc cũ" in unanswered_boxes[-1][1]
    assert "chưa lưu" in fill.error
    assert [(r.commitment, r.result) for r in study.ct05_registrations(conn, 2026)] == [("Việc cũ", "Tốt")]
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: True)
    view.register_button.click()
    assert [(r.commitment, r.result) for r in study.ct05_registrations(conn, 2026)] == [("Việc mới", "Tốt")]
    assert view.ct05.rows[0].commitment == "Việc mới"


def test_summary_reads_as_a_sentence(view, setup):
    view.exec_dialog = _fill_session(["Chi bộ thôn Đông"])
    view.add_session_button.click()
    assert view.summary.text() == ("Toàn Đảng bộ – năm 2026: 1 buổi học tập; "
                                   "lượt đảng viên tham gia 3/3, đạt 100,0%.")


def test_editing_a_session_asks_before_dropping_graded_people(monkeypatch, view, setup, unanswered_boxes):
    conn = setup["conn"]
    session = study.create_session(conn, Session(setup["doc"].id, DAY, (setup["dong"].id, setup["school"].id)))
    study.record_grades(conn, session.id, {setup["people"][3].id: study.reflection_grades(DAY)[0]})
    view.refresh()
    fill = _fill_session(["Chi bộ thôn Đông"])       # the school unticked: Phạm Thị Dung would leave the roll
    view.exec_dialog = fill
    view.edit_session_button.click()
    assert unanswered_boxes[-1][0] == "Bớt người khỏi danh sách"
    assert "1 đảng viên" in unanswered_boxes[-1][1] and "Phạm Thị Dung" in unanswered_boxes[-1][1]
    assert "xếp loại ấy sẽ bị xóa" in unanswered_boxes[-1][1]
    assert len(study.participants(conn, session.id)) == 4       # "Không": nothing changed
    assert study.get_session(conn, session.id).org_ids == (setup["dong"].id, setup["school"].id)
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: True)
    view.edit_session_button.click()
    assert [p.full_name for p in study.participants(conn, session.id)] == [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert view.participants.rowCount() == 3


@pytest.mark.parametrize(("field", "text", "message"), [
    ("code", "", "Hãy nhập số, ký hiệu"),
    ("title", "", "Hãy nhập trích yếu"),
    ("issued_on", "32/01/2024", "32/01/2024"),
    ("issued_on", "01/01/2099", "không thể ở tương lai"),
])
def test_document_dialog_refuses_bad_input_and_saves_nothing(view, setup, field, text, message):
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, DocumentDialog)
        dialog.code.setText("05-CT/TW")
        dialog.title.setText("Về đẩy mạnh học tập và làm theo Bác")
        dialog.issued_on.setText("15/05/2016")
        getattr(dialog, field).setText(text)
        dialog.accept()
        fill.error = dialog.error.text()  # type: ignore[attr-defined]
        return dialog.result()

    view.exec_dialog = fill
    view.add_document_button.click()
    assert message in fill.error
    assert [d.code for d in study.documents(setup["conn"])] == ["57-NQ/TW"]
    assert view.documents.rowCount() == 1


def test_all_present_asks_before_wiping_absences(monkeypatch, view, setup, unanswered_boxes):
    conn = setup["conn"]
    session = study.create_session(conn, Session(setup["doc"].id, DAY, (setup["dong"].id,)))
    study.set_attendance(conn, session.id, {setup["people"][0].id: False})
    view.refresh()
    view.all_present_button.click()                       # "Không": the absence stays
    assert "1 người được ghi vắng" in unanswered_boxes[-1][1]
    assert view.participants.attended() == 2
    assert not next(p for p in study.participants(conn, session.id) if p.member_id == setup["people"][0].id).attended
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: True)
    view.all_present_button.click()
    assert view.participants.attended() == 3
    assert all(p.attended for p in study.participants(conn, session.id))


def test_ct05_result_editor_offers_the_years_results(qtbot, view, setup):
    study.register_ct05(setup["conn"], 2026, org_id=setup["dong"].id, commitment="Mỗi tháng một việc tốt")
    view.refresh()
    view.tabs.setCurrentIndex(2)
    index = view.ct05.index(0, view.ct05.RESULT)
    view.ct05_table.setCurrentIndex(index)
    view.ct05_table.edit(index)
    editor = view.ct05_table.indexWidget(index) or view.ct05_table.focusWidget()
    assert isinstance(editor, QComboBox)
    labels = [editor.itemText(i) for i in range(editor.count())]
    assert labels == ["(chưa đánh giá)", *study.ct05_results(2026)]
    editor.setCurrentIndex(2)
    editor.activated.emit(2)
    assert study.ct05_registrations(setup["conn"], 2026)[0].result == study.ct05_results(2026)[1]


def alt_letters(dialog: QDialog) -> list[str]:
    """The Alt+letter of every label and button a dialog shows (an ambiguous one only moves focus)."""
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    return [m.group(1).lower() for t in texts for m in re.finditer(r"(?<!&)&([^&\s])", t)]


def test_dialogs_alt_letters_are_unique(qtbot, view, setup):
    people = study_view._people(view.conn, view.scope)
    dialogs = [DocumentDialog(lambda d: d), Ct05Dialog(2026, people, [setup["dong"]], lambda v: v),
               SessionDialog(study.documents(setup["conn"]), view._org_choices(), lambda s: s)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        letters = alt_letters(dialog)
        assert len(letters) >= 4 and len(letters) == len(set(letters)), (dialog.windowTitle(), letters)


def _window_alt_letters(window) -> list[str]:
    """Alt+letters live in the window right now: the menu bar's and those of the visible labels and buttons."""
    menus = [a.text() for a in window.menuBar().actions()]
    widgets_ = [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)
                if w.isVisibleTo(window)]
    return [m.group(1).lower() for t in menus + widgets_ for m in re.finditer(r"(?<!&)&([^&\s])", t)]


@pytest.mark.parametrize("section_class", ["StudyView", "DuesView"])
def test_section_alt_letters_do_not_clash_with_the_menus(qtbot, setup, tmp_path, section_class):
    from PySide6.QtCore import QSettings

    from ui import main_window
    from ui.main_window import MainWindow
    section = next(i for i, (_t, cls) in enumerate(main_window.SECTIONS) if cls.endswith(f":{section_class}"))
    window = MainWindow(setup["conn"], tmp_path / "xa.sqlite",
                        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), check_setup=False)
    qtbot.addWidget(window)
    window.show()
    window.set_scope(setup["dong"].id)
    window.tabs.setCurrentIndex(section)
    view = window.sections[section]
    for page in range(view.tabs.count()) if hasattr(view, "tabs") else [0]:
        if hasattr(view, "tabs"):
            view.tabs.setCurrentIndex(page)
        QApplication.processEvents()
        letters = _window_alt_letters(window)
        assert len(letters) >= 6 and len(letters) == len(set(letters)), (section, page, sorted(letters))


def test_register_ct05_of_an_organisation_then_again_replaces_it_once_confirmed(view, setup, monkeypatch):
    """A collective registration goes by the organisation; a second one of the same unit is asked about."""
    monkeypatch.setattr(widgets.ask, "confirm", lambda *a: True)

    def fill(text: str):
        def run(dialog: QDialog) -> int:
            assert isinstance(dialog, Ct05Dialog)
            dialog.collective.setChecked(True)
            dialog.org.setCurrentIndex(dialog.org.findData(setup["dong"].id))
            dialog.commitment.setPlainText(text)
            dialog.accept()
            return dialog.result()
        return run

    view.exec_dialog = fill("Mỗi tháng một việc tốt")
    view.register_button.click()
    view.exec_dialog = fill("Mỗi tuần một việc tốt")
    view.register_button.click()
    found = study.ct05_registrations(setup["conn"], 2026)
    assert [(r.org_id, r.member_id, r.commitment) for r in found] == [(setup["dong"].id, None, "Mỗi tuần một việc tốt")]


def test_the_invited_organisations_can_be_filtered_without_diacritics(qtbot, view, setup):
    dialog = SessionDialog([setup["doc"]], view._org_choices(), lambda s: s)
    qtbot.addWidget(dialog)
    dialog.org_filter.setText("thon dong")
    shown = [dialog.orgs.item(r).text().strip() for r in range(dialog.orgs.count()) if not dialog.orgs.isRowHidden(r)]
    assert shown == ["Chi bộ thôn Đông"]
    for button in dialog.findChildren(QAbstractButton):
        if button.text() == "Chọn &tất cả":
            button.click()
    dialog.org_filter.clear()
    assert dialog.checked_orgs() == (setup["dong"].id,)         # only what the filter showed was ticked


def test_the_ct05_dialog_opens_at_once_and_reads_the_members_in_a_worker(qtbot, tmp_path):
    """Issue 13: at 10,000 members reading them for the picker froze the window 0.5–0.9 s before the dialog
    showed. On a file the dialog shows first, says the list is loading, and the worker fills it."""
    path = tmp_path / "xa.sqlite"
    conn = db.open_db(path, create=True)
    generate(conn, members=40, seed=5, today=dt.date(2026, 11, 20))
    widget = StudyView(conn)
    qtbot.addWidget(widget)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, Ct05Dialog)
        seen["at_open"] = (dialog.people_loaded, dialog.member.count(), dialog.member.isEnabled(),
                           dialog.member.lineEdit().placeholderText())
        dialog.commitment.setPlainText("Vận động gia đình hiến đất làm đường")
        with pytest.raises(UserError, match="đang được tải"):
            dialog.collect()
        qtbot.waitUntil(lambda: dialog.people_loaded, timeout=20000)
        seen["loaded"] = (dialog.member.count(), dialog.member.isEnabled())
        return QDialog.DialogCode.Rejected

    widget.exec_dialog = fill
    widget.register_button.click()
    assert seen["at_open"] == (False, 0, False, PEOPLE_LOADING)
    on_roll = len(member_list.find_ids(conn, MemberFilter()))
    assert seen["loaded"] == (on_roll, True) and on_roll > 30
    assert not widget.people_loader.loading()
    # the screen's own lists and figures come back before the file is closed under them
    qtbot.waitUntil(lambda: not widget.loader.loading() and not widget.stats_loader.loading(), timeout=20000)
    db.close(conn)
