"""GUI tests never open a real modal box: a box nobody clicks would hang a headless run for ever.

Until a test sets its own answers, ``ask`` records what it would have shown and answers "Không", and "Hủy"
to Lưu / Không lưu / Hủy (so nothing typed is lost by a question the test did not expect). At teardown the
answer becomes "Không lưu": the widgets pytest-qt closes then really close, and no editor left open keeps a
timer that would touch the next test's (or a closed) database.
"""

from __future__ import annotations

import pytest

from ui.common import widgets


@pytest.fixture(autouse=True)
def unanswered_boxes(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(widgets.ask, "info", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: shown.append((title, text)) or False)
    monkeypatch.setattr(widgets.ask, "save_discard_cancel",
                        lambda parent, title, text: shown.append((title, text)) or "cancel")
    return shown


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """pytest-qt closes the test's widgets here, before any fixture is torn down: answer "Không lưu" by then."""
    widgets.ask.save_discard_cancel = lambda parent, title, text: "discard"   # monkeypatch's undo restores it
    yield


@pytest.fixture
def confirm_yes(monkeypatch):
    """The user answers "Có" to every question."""
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: True)


@pytest.fixture(autouse=True)
def nobody_logged_in_after():
    """A test that logs an account in (ui.access.login_dialog.start_session) leaves no one logged in behind it."""
    yield
    from models.access.session import FULL
    from models.storage import audit
    from ui.access import login_dialog

    login_dialog._current = FULL
    audit.set_actor(None)
