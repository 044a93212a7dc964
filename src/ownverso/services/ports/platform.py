"""Time, ids, background jobs and email."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


# -- time and ids -----------------------------------------------------------------------
class Clock(abc.ABC):
    @abc.abstractmethod
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""


class IdGenerator(abc.ABC):
    @abc.abstractmethod
    def new_id(self, prefix: str) -> str:
        """A new unique id such as ``usr_01J…``; the prefix names the kind of object."""


# -- jobs -------------------------------------------------------------------------------
class JobQueue(abc.ABC):
    @abc.abstractmethod
    def enqueue(self, func: str, /, **kwargs: Any) -> str:
        """Run the job function at dotted path ``func`` with ``kwargs``; returns a job id."""

    @abc.abstractmethod
    def stats(self) -> dict:
        """Queue health for the status page: backend name and pending job count."""


# -- email ------------------------------------------------------------------------------
@dataclass(frozen=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict = field(default_factory=dict)


class Mailer(abc.ABC):
    @abc.abstractmethod
    def send(self, message: EmailMessage) -> None: ...
