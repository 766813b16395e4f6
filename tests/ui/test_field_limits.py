"""Every one-line field takes no more than its record and the printed forms hold (the models' MAX_LENGTHS).

A text stored before the limits existed is shown whole, never cut, and saving it asks in Vietnamese to shorten it.
"""

from __future__ import annotations

import datetime as dt

from models.commune import committee, organisations
from models.dues import ledger as dues
from models.meetings import meeting_store
from models.people import members
from models.study import sessions as study
from models.study.sessions import Document
from tests.conftest import add_member
from ui.common import widgets
from ui.dues.dues_profile_dialog import DuesProfileDialog
from ui.first_start import FirstStartDialog
from ui.meetings.meeting_editor import MeetingEditor
from ui.members.member_dialog import MemberDialog
from ui.organisations import org_dialogs
from ui.settings.settings_view import SettingsView
from ui.study.study_dialogs import DocumentDialog, SessionDialog


def _member(commune):
    return add_member(commune["conn"], "Lê Thị Hoa", commune["dong"].id, dt.date(2010, 1, 1), dt.date(2011, 1, 1))


def test_member_fields_take_the_register_limits(qtbot, commune):
    dialog = MemberDialog(commune["conn"], _member(commune))
    qtbot.addWidget(dialog)
    for name in ("full_name", "residence", "hometown", "card_number", "notes", "occupation_now"):
        assert dialog.fields[name].maxLength() == members.MAX_LENGTHS[name], name
    for name in ("education", "political_theory", "armed_forces"):   # combos the clerk can type into
        assert dialog.fields[name].lineEdit().maxLength() == members.MAX_LENGTHS[name], name


def test_typing_stops_at_the_limit(qtbot, commune):
    dialog = MemberDialog(commune["conn"], None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["ethnicity"], "Kinh" * 10)
    assert dialog.fields["ethnicity"].text() == ("Kinh" * 10)[:members.MAX_LENGTHS["ethnicity"]]


def test_an_older_longer_text_is_shown_whole_and_saving_asks_to_shorten(qtbot, commune):
    conn = commune["conn"]
    member = _member(commune)
    long_place = "Thôn Đông, " * 25   # stored before the limits existed
    conn.execute("UPDATE members SET residence = ? WHERE id = ?", (long_place, member.id))
    member = members.get(conn, member.id)
    dialog = MemberDialog(conn, member, save=lambda form: members.update(conn, member.id, form.details,
                                                                         expected=form.expected))
    qtbot.addWidget(dialog)
    assert dialog.fields["residence"].text() == long_place   # not silently cut to 200
    assert not dialog.has_changes()
    dialog.accept()
    assert dialog.result() == 0 and "Nơi cư trú" in dialog.error.text() and "giới hạn" in dialog.error.text()
    assert members.get(conn, member.id).details.residence == long_place


def test_organisation_fields(qtbot, commune):
    conn = commune["conn"]
    new = org_dialogs.NewOrgDialog(conn)
    rename = org_dialogs.RenameDialog(commune["dong"])
    merge = org_dialogs.MergeDialog(conn, commune["dong"])
    positions = org_dialogs.PositionsDialog(conn, commune["dong"])
    for dialog in (new, rename, merge, positions):
        qtbot.addWidget(dialog)
    limits = organisations.MAX_LENGTHS
    assert new.name.maxLength() == rename.name.maxLength() == limits["name"]
    assert new.note.maxLength() == limits["note"]
    assert merge.decision_no.maxLength() == positions.decision_no.maxLength() == limits["decision_no"]


def test_study_and_dues_fields(qtbot, commune):
    doc = Document("57-NQ/TW", "Về khoa học", "Bộ Chính trị", dt.date(2024, 12, 22), id=1)
    document = DocumentDialog(lambda d: d, doc)
    session = SessionDialog([doc], [(commune["dong"], 0)], lambda s: s)
    member = _member(commune)
    profile = DuesProfileDialog(member.id, member.full_name, dt.date(2026, 3, 1), None, lambda p: p)
    for dialog in (document, session, profile):
        qtbot.addWidget(dialog)
    for name in ("code", "title", "issuer"):
        assert getattr(document, name).maxLength() == study.MAX_LENGTHS[name], name
    assert session.place.maxLength() == study.MAX_LENGTHS["place"]
    assert profile.note.maxLength() == dues.MAX_LENGTHS["note"]


def test_committee_names_in_first_start_and_settings(qtbot, commune):
    first = FirstStartDialog()
    settings = SettingsView(commune["conn"])
    for widget in (first, settings):
        qtbot.addWidget(widget)
        for field, name in ((widget.name, "name"), (widget.superior, "superior_name"), (widget.place, "place_name"),
                            (widget.term, "term_name")):
            assert field.maxLength() == committee.MAX_LENGTHS[name], name


def test_settings_reload_shows_an_older_longer_name_whole(qtbot, commune):
    conn = commune["conn"]
    settings = SettingsView(conn)
    qtbot.addWidget(settings)
    long_name = "Đảng bộ xã Phố Mới huyện Thanh Sơn " * 4
    conn.execute("UPDATE committee SET name = ? WHERE id = 1", (long_name,))
    settings.load()
    assert settings.name.text() == long_name


def test_meeting_fields_take_the_minutes_limits(qtbot, commune):
    conn = commune["conn"]
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, commune["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    general, limits = editor.general, meeting_store.MAX_LENGTHS
    for field, name in ((general.start, "start_time"), (general.place, "place"), (general.theme, "theme"),
                        (general.supervisor, "supervisor_name"), (general.guests, "guests")):
        assert field.maxLength() == limits[name], name
    assert general.chair.lineEdit().maxLength() == limits["chair_name"]
    assert general.secretary.lineEdit().maxLength() == limits["secretary_name"]
    assert editor.attendance.visitor_name.maxLength() == limits["attendance.name"]
    assert editor.discussion.speaker.lineEdit().maxLength() == limits["speech.speaker_name"]


def test_an_over_long_section_is_refused_in_the_editor_not_a_traceback(qtbot, commune, monkeypatch):
    conn = commune["conn"]
    warned: list[str] = []
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: warned.append(text))
    editor = MeetingEditor(conn, meeting_store.new_meeting(conn, commune["dong"].id, dt.date(2026, 11, 5)))
    qtbot.addWidget(editor)
    editor.general.agenda.setPlainText("Chương trình " * 400)
    assert not editor.save()
    assert warned and "Chương trình" in warned[0] and "giới hạn" in warned[0]
    assert editor.meeting.id is None   # nothing written
