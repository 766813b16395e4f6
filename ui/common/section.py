"""The base the main window's sections stand on: the open file, the organisation shown, the dialog seam."""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from ui.common.widgets import exec_modal


class SectionView(QWidget):
    """One section over the open file, showing ``scope`` (an organisation with its sub-units; None: the commune).

    ``body`` is the section's top-to-bottom layout, with the narrow margins every section keeps so tables get
    the room on a 1366×768 screen. ``exec_dialog`` runs a modal dialog and returns its result code: the seam
    tests replace on the instance, so no test ever blocks on a real modal loop.
    """

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.scope: int | None = None
        self.exec_dialog: Callable[[QDialog], int] = exec_modal
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(4, 4, 4, 4)

    def set_scope(self, org_id: int | None) -> None:
        """Follow the organisation chosen in the main window's tree and read its data afresh."""
        self.scope = org_id
        self.refresh()

    def refresh(self) -> None:
        """Read the shown data again; each section says what that is."""
        raise NotImplementedError

    def close_down(self) -> None:
        """The section is about to be replaced (another file opened, a backup restored): what it reads in the
        background stops, and an answer still coming is not shown on widgets about to be deleted."""
        from ui.common.loader import Loader  # here: most sections have none, and the window starts without it

        for loader in self.findChildren(Loader):
            loader.cancel()


# A section named by "module:Class", so the main window imports a section's module only when its tab is shown.
SectionClass = Callable[[sqlite3.Connection, QWidget], QWidget]


def section_class(spec: str) -> SectionClass:
    """The class ``spec`` ("module:Class") names, its module imported now if it was not yet."""
    module, _, name = spec.partition(":")
    made_by: SectionClass = getattr(importlib.import_module(module), name)
    return made_by


def is_section(widget: QWidget | None, spec: str) -> bool:
    """``widget`` is (a subclass of) the section ``spec`` names. Never imports: a module not imported yet made no
    widget."""
    module, _, name = spec.partition(":")
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(widget, getattr(loaded, name))
