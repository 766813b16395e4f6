"""Work that must not freeze the window: run a function on Qt's thread pool, hear its result on the GUI thread.

The function gets nothing from the window; anything that touches the database opens its own connection
there, since a SQLite connection belongs to one thread at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker arrive there queued."""

    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread, which decides what to say
            self.relay.failed.emit(error)
        else:
            self.relay.done.emit(result)


_running: set[_Relay] = set()   # relays stay alive until their task reports, whatever happens to the window


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_failed: Callable[[BaseException], None]) -> None:
    """Start ``work`` on a worker thread; ``on_done(result)`` or ``on_failed(error)`` runs later on the GUI thread.

    Pass bound methods of a widget as the callbacks: Qt then drops the call if the widget is gone by then.
    """
    relay = _Relay()
    _running.add(relay)
    relay.done.connect(on_done)
    relay.failed.connect(on_failed)
    for signal in (relay.done, relay.failed):
        signal.connect(lambda *_: _running.discard(relay))
    QThreadPool.globalInstance().start(_Task(work, relay))


def wait_for_background(milliseconds: int = 60000) -> None:
    """Let running work finish (a backup being written) before the window or the program goes away."""
    QThreadPool.globalInstance().waitForDone(milliseconds)
