"""Jobs run at once, in the calling process: the embedded default and the test default."""

import importlib
import uuid
from typing import Any

from ownverso.services.ports import JobQueue


def resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


class InlineJobQueue(JobQueue):
    """Calls the job function immediately and remembers what ran (``queue.ran``)."""

    def __init__(self) -> None:
        self.ran: list[tuple[str, dict]] = []

    def enqueue(self, func: str, /, **kwargs: Any) -> str:
        resolve(func)(**kwargs)
        self.ran.append((func, kwargs))
        return f"inline-{uuid.uuid4().hex}"

    def stats(self) -> dict:
        return {"backend": "inline", "pending": 0}
