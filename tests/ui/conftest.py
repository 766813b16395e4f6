"""GUI tests never open a real modal box: a box nobody clicks would hang a headless run for ever.

Until a test sets its own answers, ``ask`` records what it would have shown and answers "Không" (and
"Hủy" to Lưu / Không lưu / Hủy): closing a screen with unsaved changes at teardown then keeps it open,
which is harmless there.
"""

from __future__ import annotations

import pytest

from ui import widgets


@pytest.fixture(autouse=True)
def unanswered_boxes(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(widgets.ask, "info", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(widgets.ask, "warn", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: shown.append((title, text)) or False)
    monkeypatch.setattr(widgets.ask, "save_discard_cancel",
                        lambda parent, title, text: shown.append((title, text)) or "cancel")
    return shown


@pytest.fixture
def confirm_yes(monkeypatch):
    """The user answers "Có" to every question."""
    monkeypatch.setattr(widgets.ask, "confirm", lambda parent, title, text: True)
