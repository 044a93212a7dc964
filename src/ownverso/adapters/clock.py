"""Clocks: the real one and one that tests move by hand."""

import threading
from datetime import UTC, datetime, timedelta

from ownverso.services.ports import Clock


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock(Clock):
    """Stands still until told to move: ``clock.advance(minutes=16)``."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when

    def advance(self, delta: timedelta | None = None, **units: float) -> datetime:
        with self._lock:
            self._now += delta or timedelta(**units)
            return self._now
