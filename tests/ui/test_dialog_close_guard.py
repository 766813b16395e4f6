"""Esc or the window's X never drops what was typed in a small editing dialog: it asks Lưu / Không lưu / Hủy.

Each case builds the real dialog, types into one field and presses Esc; the answer decides what happens.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models.commune import organisations
from models.dues import ledger as dues
from models.people import members
from models.study import sessions as study
from models.study.sessions import Document
from tests.conftest import add_member
from ui.common.pickers import Choice
from ui.common.widgets import ask
from ui.dues.dues_profile_dialog import DuesProfileDialog
from ui.members.event_dialog import EventDialog
from ui.organisations import org_dialogs
from ui.study.study_dialogs import Ct05Dialog, DocumentDialog, SessionDialog

MARCH = dt.date(2026, 3, 1)


def _member(commune):
    return add_member(commune["conn"], "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))


def _event(commune):
    conn, member = commune["conn"], _member(commune)
    dialog = EventDialog(conn, member.id, save=lambda e: members.add_event(conn, member.id, e))

    def type_(d):
        d.kind.setCurrentIndex(d.kind.findData("chuyen_di"))
        d.org.setCurrentIndex(d.org.findData(commune["teachers"].id))
        d.decision_no.setText("15-QĐ/ĐU")

    def stored():
        return [e.decision_no for e in members.events(conn, member.id)]
    return dialog, type_, lambda: "15-QĐ/ĐU" in stored()


def _new_org(commune):
    conn = commune["conn"]
    dialog = org_dialogs.NewOrgDialog(conn, save=lambda new: organisations.create(conn, new))

    def stored():
        return any(o.name == "Chi bộ thôn Tây" for o in organisations.all_organisations(conn))
    return dialog, lambda d: d.name.setText("Chi bộ thôn Tây"), stored


def _rename(commune):
    conn, org = commune["conn"], commune["dong"]
    dialog = org_dialogs.RenameDialog(org, save=lambda r: organisations.rename(conn, org.id, r.name))
    return (dialog, lambda d: d.name.setText("Chi bộ thôn Đông Mới"),
            lambda: organisations.get(conn, org.id).name == "Chi bộ thôn Đông Mới")


def _merge(commune):
    conn = commune["conn"]
    merged: list = []
    dialog = org_dialogs.MergeDialog(conn, commune["dong"], save=merged.append)

    def type_(d):
        d.target.setCurrentIndex(d.target.findData(commune["teachers"].id))
        d.decision_no.setText("45-QĐ/ĐU")
    return dialog, type_, lambda: bool(merged)


def _document(commune):
    conn = commune["conn"]
    dialog = DocumentDialog(lambda doc: study.create_document(conn, doc))

    def type_(d):
        d.code.setText("57-NQ/TW")
        d.title.setText("Về đột phá phát triển khoa học, công nghệ")
    return dialog, type_, lambda: bool(study.documents(conn))


def _session(commune):
    conn = commune["conn"]
    doc = study.create_document(conn, Document("57-NQ/TW", "Về khoa học", "Bộ Chính trị", dt.date(2024, 12, 22)))
    dialog = SessionDialog([doc], [(commune["dong"], 0)], lambda s: study.create_session(conn, s))
    def type_(d):
        d.orgs.item(0).setCheckState(Qt.CheckState.Checked)
        d.place.setText("Hội trường xã")
    return dialog, type_, lambda: bool(study.sessions(conn))


def _ct05(commune):
    member = _member(commune)
    saved: list = []
    dialog = Ct05Dialog(2026, [Choice(member.full_name, member.id)], [commune["dong"]], saved.append)

    def type_(d):
        d.member.setCurrentIndex(0)
        d.commitment.setPlainText("Gương mẫu vận động gia đình hiến đất làm đường thôn")
    return dialog, type_, lambda: bool(saved)


def _dues(commune):
    conn, member = commune["conn"], _member(commune)
    dialog = DuesProfileDialog(member.id, member.full_name, MARCH, None, lambda p: dues.set_profile(conn, p))

    def type_(d):
        d.group.setCurrentIndex(d.group.findData("luong"))
        d.basis.setText("5.000.000")
    return dialog, type_, lambda: dues.profile_on(conn, member.id, MARCH) is not None


DIALOGS = [_event, _new_org, _rename, _merge, _document, _session, _ct05, _dues]


def _answer(monkeypatch, answer: str) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(ask, "save_discard_cancel", lambda parent, title, text: asked.append(text) or answer)
    return asked


@pytest.mark.parametrize("make", DIALOGS)
def test_esc_with_typed_text_asks_and_cancel_stays(qtbot, commune, monkeypatch, make):
    dialog, type_, stored = make(commune)
    qtbot.addWidget(dialog)
    dialog.show()
    type_(dialog)
    asked = _answer(monkeypatch, "cancel")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and "chưa được lưu" in asked[0]
    assert dialog.isVisible() and not stored()
    dialog.close()   # the window's X asks the same question
    assert len(asked) == 2 and dialog.isVisible()


@pytest.mark.parametrize("make", DIALOGS)
def test_save_answer_stores_like_the_save_button(qtbot, commune, monkeypatch, make):
    dialog, type_, stored = make(commune)
    qtbot.addWidget(dialog)
    dialog.show()
    type_(dialog)
    _answer(monkeypatch, "save")
    dialog.reject()
    assert stored() and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("make", DIALOGS)
def test_discard_answer_closes_without_storing(qtbot, commune, monkeypatch, make):
    dialog, type_, stored = make(commune)
    qtbot.addWidget(dialog)
    dialog.show()
    type_(dialog)
    _answer(monkeypatch, "discard")
    dialog.reject()
    assert not dialog.isVisible() and not stored()
    assert dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.parametrize("make", DIALOGS)
def test_untouched_dialog_closes_without_a_question(qtbot, commune, monkeypatch, make):
    dialog, _type, _stored = make(commune)
    qtbot.addWidget(dialog)
    dialog.show()
    asked = _answer(monkeypatch, "cancel")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()


def test_a_refused_save_keeps_the_dialog_open_with_the_reason(qtbot, commune, monkeypatch):
    conn = commune["conn"]
    dialog = org_dialogs.RenameDialog(commune["dong"], save=lambda r: organisations.rename(conn, commune["dong"].id,
                                                                                           r.name))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("   ")
    _answer(monkeypatch, "save")
    dialog.reject()
    assert dialog.isVisible() and "không được để trống" in dialog.error.text()
    assert organisations.get(conn, commune["dong"].id).name == "Chi bộ thôn Đông"


def test_dues_refusal_reaches_the_clerk(qtbot, commune, monkeypatch):
    dialog, _type, stored = _dues(commune)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.group.setCurrentIndex(dialog.group.findData("luong"))
    dialog.basis.setText("năm triệu")                              # not a number of đồng
    asked = _answer(monkeypatch, "save")
    dialog.reject()
    assert asked and dialog.isVisible() and not stored()
    assert "Tiền lương / lương hưu" in dialog.error.text()


def test_positions_asks_about_an_appointment_not_yet_recorded(qtbot, commune, monkeypatch):
    conn = commune["conn"]
    member = _member(commune)
    dialog = org_dialogs.PositionsDialog(conn, commune["dong"])
    qtbot.addWidget(dialog)
    dialog.show()
    asked = _answer(monkeypatch, "cancel")
    dialog.member.setCurrentIndex(dialog.member.findData(member.id))
    dialog.decision_no.setText("12-QĐ/ĐU")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    _answer(monkeypatch, "save")                 # Lưu = “Ghi bổ nhiệm”, then close
    dialog.reject()
    assert not dialog.isVisible()
    assert [p.decision_no for p in organisations.positions(conn, commune["dong"].id)] == ["12-QĐ/ĐU"]


def test_positions_closes_quietly_once_the_appointment_is_recorded(qtbot, commune, monkeypatch):
    conn = commune["conn"]
    member = _member(commune)
    dialog = org_dialogs.PositionsDialog(conn, commune["dong"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.member.setCurrentIndex(dialog.member.findData(member.id))
    dialog.add()
    asked = _answer(monkeypatch, "cancel")
    dialog.reject()
    assert asked == [] and not dialog.isVisible()

