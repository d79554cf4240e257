"""Stop cleanly on Ctrl-C or SIGTERM: long loops ask `stop.is_set()` between units of work."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

log = logging.getLogger("testigo")


class StopSignal:
    """Set by SIGINT/SIGTERM; a second signal while stopping is left to Python's default."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def install(self) -> StopSignal:
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, self._handle)
        return self

    def _handle(self, number: int, _frame: FrameType | None) -> None:
        if self.event.is_set():
            signal.signal(number, signal.SIG_DFL)
            signal.raise_signal(number)
            return
        log.info("stopping: %s received, finishing the current batch", signal.Signals(number).name)
        self.event.set()

    def is_set(self) -> bool:
        return self.event.is_set()

    def wait(self, seconds: float) -> bool:
        return self.event.wait(seconds)
