"""The base every entity shares: a string id and an optimistic-lock version."""

from dataclasses import dataclass


@dataclass(eq=False, kw_only=True)
class Entity:
    """Entities compare by identity (their id), never by field values.

    ``version`` is bumped by the persistence adapters on every update; two writers that read
    the same version cannot both commit (the second gets a concurrency conflict).
    """

    id: str
    version: int = 1

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.id == self.id  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))
