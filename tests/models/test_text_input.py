"""Text at the door: invisible and control characters, full-width identifiers, length limits."""

import datetime as dt
from dataclasses import replace

import pytest

from models import vn
from models.commune import committee, organisations
from models.dues import ledger as dues
from models.dues.ledger import DuesProfile
from models.errors import UserError
from models.meetings import meeting_store
from models.meetings.records import Speech, Task
from models.people import member_events, member_list, members
from models.people.member_events import Event
from models.people.members import MemberDetails
from models.study import sessions as study
from tests.conftest import add_member

D = dt.date
ZWSP, RLO = "\u200b", "\u202e"


def test_clean_text_drops_invisible_and_bidi_characters():
    dirty = "Ngu\u200byễn\u00ad V\u200dăn\ufeff \u202eAn\u202c\u2066\u2069\u061c\u200e\u200f\u2060"
    assert vn.clean_text(dirty) == "Nguyễn Văn An"


def test_clean_text_is_nfc_single_spaced_and_trimmed():
    decomposed = "  Nguye\u0302\u0303n \t  Va\u0306n\u00a0\u00a0An \n"
    assert vn.clean_text(decomposed) == "Nguyễn Văn An"


def test_clean_text_drops_control_characters_and_lone_surrogates():
    assert vn.clean_text("thôn\x00 Đông\x07\x1b\x85\x9f\ud800") == "thôn Đông"


def test_multiline_text_keeps_line_breaks_only_where_asked():
    typed = "Dòng một  \r\nDòng\u2028hai\rba\x0b\n\n"
    assert vn.clean_text(typed, multiline=True) == "Dòng một\nDòng\nhai\nba"
    assert vn.clean_text(typed) == "Dòng một Dòng hai ba"


def test_fold_drops_invisible_characters():
    assert vn.fold("Ngu\u200byễn V\u00adăn \u202eÂn") == "nguyen van an"


def test_clean_identifier_folds_full_width_digits_and_spaces():
    assert vn.clean_identifier(" １２３４ ５６７８\u200b ") == "12345678"
    assert vn.clean_identifier("ＰＴ25.11846") == "PT25.11846"


def test_length_message_names_field_limit_and_length():
    with pytest.raises(UserError) as caught:
        vn.check_length("x" * 1000, "Nơi cư trú", 200, "sổ danh sách")
    assert caught.value.message == ("Nơi cư trú dài 1.000 ký tự, quá giới hạn 200 ký tự của sổ danh sách. "
                                    "Hãy viết gọn lại.")
    assert vn.check_length("x" * 200, "Nơi cư trú", 200, "sổ danh sách") == "x" * 200


# ---------------------------------------------------------------- members at the door

def test_zero_width_space_in_a_name_does_not_hide_the_member(commune):
    conn = commune["conn"]
    m = add_member(conn, f"Nguy{ZWSP}ễn Văn Ân", commune["dong"].id, D(2020, 1, 1))
    assert m.full_name == "Nguyễn Văn Ân"
    assert member_list.find_ids(conn, member_list.MemberFilter(text="nguyen an")) == [m.id]


def test_old_names_with_invisible_characters_are_still_found(commune):
    conn = commune["conn"]
    m = add_member(conn, "Nguyễn Văn Ân", commune["dong"].id, D(2020, 1, 1))
    # as an older version stored it, before text was cleaned at the door
    conn.execute("UPDATE members SET full_name = ?, search_key = ? WHERE id = ?",
                 (f"Nguy{ZWSP}ễn V\u00adăn \u202eÂn", f" nguy{ZWSP}en v\u00adan \u202ean", m.id))
    assert member_list.find_ids(conn, member_list.MemberFilter(text="nguyen van an")) == [m.id]
    assert member_list.find_ids(conn, member_list.MemberFilter(text=f"v{ZWSP}an")) == [m.id]


def test_right_to_left_override_is_not_stored_in_a_name(commune):
    m = add_member(commune["conn"], f"Trần {RLO}Văn Bình", commune["dong"].id, D(2020, 1, 1),
                   residence=f"thôn {RLO}Đông")
    assert m.full_name == "Trần Văn Bình" and m.details.residence == "thôn Đông"


def test_full_width_card_number_is_the_same_card(commune):
    conn, dong = commune["conn"], commune["dong"]
    first = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1), card_number="１２３４５６７８")
    assert first.details.card_number == "12345678"
    with pytest.raises(UserError, match="Số thẻ 12345678 đã là của đảng viên Nguyễn Văn An"):
        add_member(conn, "Trần Văn Bình", dong.id, D(2020, 1, 1), card_number="1234 5678")
    assert member_list.count(conn, member_list.MemberFilter()) == 1


def test_old_full_width_card_still_blocks_its_ascii_twin(commune):
    conn, dong = commune["conn"], commune["dong"]
    old = add_member(conn, "Nguyễn Văn An", dong.id, D(2020, 1, 1), card_number="12345678")
    conn.execute("UPDATE members SET card_number = '１２３４５６７８' WHERE id = ?", (old.id,))
    with pytest.raises(UserError, match="đã là của đảng viên Nguyễn Văn An"):
        add_member(conn, "Trần Văn Bình", dong.id, D(2020, 1, 1), card_number="12345678")
    assert members.card_owner(conn, "１２３４５６７８", old.id) is None
    assert "Nguyễn Văn An" in (members.card_owner(conn, "12345678") or "")


def test_other_identifiers_are_folded_too(commune):
    m = add_member(commune["conn"], "Lê Thị Cúc", commune["dong"].id, D(2020, 1, 1),
                   biography_number="１２ ３", badge_number=" ４５\u200b")
    assert (m.details.biography_number, m.details.badge_number) == ("123", "45")


def test_a_thousand_character_address_is_refused_with_the_limit(commune):
    with pytest.raises(UserError) as caught:
        add_member(commune["conn"], "Lê Thị Cúc", commune["dong"].id, D(2020, 1, 1), residence="x" * 1000)
    assert caught.value.message == ("Nơi cư trú dài 1.000 ký tự, quá giới hạn 200 ký tự của sổ danh sách. "
                                    "Hãy viết gọn lại.")
    assert member_list.count(commune["conn"], member_list.MemberFilter()) == 0


def test_every_member_text_field_has_a_limit():
    texts = [f for f in members.DETAIL_FIELDS if isinstance(getattr(MemberDetails("A B"), f), str)]
    assert sorted(members.MAX_LENGTHS) == sorted(texts)
    assert members.MAX_LENGTHS["card_number"] == members.CARD_MAX_LENGTH


def test_update_cleans_too(commune):
    conn = commune["conn"]
    m = add_member(conn, "Lê Thị Cúc", commune["dong"].id, D(2020, 1, 1))
    edited = members.update(conn, m.id, MemberDetails(full_name=f"Lê {ZWSP}Thị  Cúc", card_number="０９"))
    assert (edited.full_name, edited.details.card_number) == ("Lê Thị Cúc", "09")


# ---------------------------------------------------------------- meetings at the door

def test_meeting_texts_are_cleaned_and_keep_their_line_breaks(commune):
    conn = commune["conn"]
    add_member(conn, "Lê Văn Cường", commune["dong"].id, D(2020, 1, 1))
    draft = meeting_store.new_meeting(conn, commune["dong"].id, D(2026, 11, 5))
    saved = meeting_store.save(conn, replace(
        draft, place=f"Nhà  văn{ZWSP} hóa\n", conclusion=f"Một.{RLO}\r\nHai.\x07",
        speeches=(Speech(f"Lê Văn {RLO}Cường", "Ý kiến\ndòng hai"),), tasks=(Task(f"Làm{ZWSP} đường", "Cường"),)))
    again = meeting_store.get(conn, saved.id or 0)
    assert (again.place, again.conclusion) == ("Nhà văn hóa", "Một.\nHai.")
    assert (again.speeches[0].speaker_name, again.speeches[0].content) == ("Lê Văn Cường", "Ý kiến\ndòng hai")
    assert again.tasks[0].content == "Làm đường"


def test_every_meeting_text_has_a_limit_and_a_label():
    assert set(meeting_store.MAX_LENGTHS) == set(meeting_store.LABELS)
    assert meeting_store.MULTILINE <= set(meeting_store.MAX_LENGTHS)


# ---------------------------------------------------------------- the other write paths

def test_organisation_and_committee_names_are_cleaned(commune):
    conn = commune["conn"]
    renamed = organisations.rename(conn, commune["dong"].id, f"Chi bộ {RLO}thôn{ZWSP}  Đông\n")
    assert renamed.name == "Chi bộ thôn Đông"
    saved = committee.save(conn, replace(committee.get(conn), name=f"Đảng bộ xã {ZWSP}Phố Mới", place_name="Phố\tMới"))
    assert (saved.name, saved.place_name) == ("Đảng bộ xã Phố Mới", "Phố Mới")
    assert committee.get(conn).name == "Đảng bộ xã Phố Mới"
    with pytest.raises(UserError, match="Địa danh dài 51 ký tự, quá giới hạn 50 ký tự"):
        committee.save(conn, replace(committee.get(conn), place_name="x" * 51))


def test_study_documents_and_sessions_are_cleaned_and_limited(commune):
    conn = commune["conn"]
    doc = study.create_document(conn, study.Document("５７ - NQ/TW\u200b", f"Về đột phá{RLO}  khoa học"))
    assert (doc.code, doc.title) == ("57-NQ/TW", "Về đột phá khoa học")
    with pytest.raises(UserError, match="Trích yếu văn bản dài 301 ký tự, quá giới hạn 300 ký tự"):
        study.create_document(conn, study.Document("1-NQ/TW", "x" * 301))


def test_dues_note_is_cleaned_and_limited(commune):
    conn = commune["conn"]
    an = add_member(conn, "Nguyễn Văn An", commune["dong"].id, D(2020, 1, 1), D(2021, 1, 1))
    profile = dues.set_profile(conn, DuesProfile(an.id, D(2026, 3, 1), "luong", 6_000_000, note=f"Lương{ZWSP} mới\x00"))
    assert profile.note == "Lương mới"
    with pytest.raises(UserError, match="Ghi chú đảng phí dài 301 ký tự"):
        dues.set_profile(conn, DuesProfile(an.id, D(2026, 4, 1), "luong", 6_000_000, note="x" * 301))


def test_event_texts_are_cleaned_and_limited(commune):
    conn = commune["conn"]
    member = add_member(conn, "Lê Thị Hoa", commune["dong"].id, dt.date(2000, 1, 1), dt.date(2001, 1, 1))
    too_long = "x" * (member_events.EVENT_MAX_LENGTHS["other_place"] + 1)
    with pytest.raises(UserError, match="Nơi dài"):
        members.add_event(conn, member.id, Event("chuyen_di", dt.date(2020, 1, 1), other_place=too_long))
    assert len(members.events(conn, member.id)) == 2          # nothing half-written
    members.add_event(conn, member.id, Event("chuyen_di", dt.date(2021, 3, 1), decision_no="１２-QĐ\u200b/ĐU",
                                             other_place="Đảng bộ phường X\u202e"))
    moved = members.events(conn, member.id)[-1]
    assert moved.other_place == "Đảng bộ phường X" and "\u200b" not in moved.decision_no
