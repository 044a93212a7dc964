"""In-memory repositories and unit of work with the same semantics as the SQL ones.

Reads hand out copies and commits write them back, so an uncommitted change is lost exactly as
a rolled-back transaction would lose it; uniqueness and optimistic versions are checked on
commit and raise the same errors as the database adapters.
"""

import copy
import dataclasses
import threading
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from ownverso.adapters.filters import OPERATORS, parse, parse_order
from ownverso.services.ports import (
    ConcurrencyConflict,
    Database,
    IntegrityConflict,
    Repository,
    UnitOfWork,
)
from ownverso.services.registry import REPOSITORIES, UNIQUE

T = TypeVar("T")


def clone(obj: T) -> T:
    """A detached copy built through the constructor (safe for mapped dataclasses too)."""
    cls = type(obj)
    return cls(**{f.name: copy.deepcopy(getattr(obj, f.name))
                  for f in dataclasses.fields(cls) if f.init})


def state_of(obj: Any) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


class InMemoryDatabase(Database):
    """The committed state: one dict of objects per entity class."""

    def __init__(self) -> None:
        self.tables: dict[type, dict[str, Any]] = defaultdict(dict)
        self.lock = threading.RLock()

    def ping(self) -> None:
        return None

    def all(self, cls: type[T]) -> list[T]:
        """Committed objects of a class (copies), for tests that inspect state."""
        with self.lock:
            return [clone(o) for o in self.tables[cls].values()]

    def clear(self) -> None:
        with self.lock:
            self.tables.clear()


class _Tracker:
    """What one unit of work has read, added and removed."""

    def __init__(self) -> None:
        self.seen: dict[tuple[type, str], Any] = {}
        self.snapshots: dict[tuple[type, str], dict] = {}
        self.new: set[tuple[type, str]] = set()
        self.removed: set[tuple[type, str]] = set()


class InMemoryRepository(Repository[T]):
    def __init__(self, db: InMemoryDatabase, cls: type[T], tracker: _Tracker):
        self.db, self.cls, self.tracker = db, cls, tracker

    def _track(self, stored: Any) -> T:
        key = (self.cls, stored.id)
        if key not in self.tracker.seen:
            mine = clone(stored)
            self.tracker.seen[key] = mine
            self.tracker.snapshots[key] = state_of(clone(stored))
        return self.tracker.seen[key]

    def get(self, id: str) -> T | None:
        key = (self.cls, id)
        if key in self.tracker.removed:
            return None
        if key in self.tracker.seen:
            return self.tracker.seen[key]
        with self.db.lock:
            stored = self.db.tables[self.cls].get(id)
            return self._track(stored) if stored is not None else None

    def add(self, obj: T) -> None:
        key = (self.cls, obj.id)  # type: ignore[attr-defined]
        self.tracker.seen[key] = obj
        self.tracker.new.add(key)
        self.tracker.removed.discard(key)

    def remove(self, obj: T) -> None:
        key = (self.cls, obj.id)  # type: ignore[attr-defined]
        self.tracker.removed.add(key)

    def _candidates(self) -> list[Any]:
        """Committed objects overlaid with this unit's own (possibly changed) copies."""
        with self.db.lock:
            pool = dict(self.db.tables[self.cls])
        for (cls, id_), obj in self.tracker.seen.items():
            if cls is self.cls:
                pool[id_] = obj
        return [o for i, o in pool.items() if (self.cls, i) not in self.tracker.removed]

    def _matching(self, filters: dict[str, Any]) -> list[Any]:
        """Objects passing the filters, not yet tracked (only what is returned gets copied)."""
        checks = [(*parse(name), value) for name, value in filters.items()]
        return [o for o in self._candidates()
                if all(OPERATORS[op](getattr(o, f), v) for f, op, v in checks)]

    def list(self, *, order_by: Sequence[str] = (), offset: int = 0, limit: int | None = None,
             for_update: bool = False, **filters: Any) -> list[T]:
        found = self._matching(filters)
        for name in reversed(list(order_by) or ["id"]):
            field, desc = parse_order(name)
            # stable sorts, least significant key first; None last in both directions (as SQL
            # ``NULLS LAST``)
            present = [o for o in found if getattr(o, field) is not None]
            missing = [o for o in found if getattr(o, field) is None]
            present.sort(key=lambda o, f=field: getattr(o, f), reverse=desc)
            found = present + missing
        end = None if limit is None else offset + limit
        return [self._track(o) for o in found[offset:end]]

    def count(self, **filters: Any) -> int:
        return len(self._matching(filters))


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, db: InMemoryDatabase):
        super().__init__()
        self.db = db
        self._start()

    def _start(self) -> None:
        self.tracker = _Tracker()
        for name, cls in REPOSITORIES.items():
            setattr(self, name, InMemoryRepository(self.db, cls, self.tracker))

    def __enter__(self) -> "InMemoryUnitOfWork":
        super().__enter__()
        self._start()
        return self

    def _commit(self) -> None:
        tracker = self.tracker
        with self.db.lock:
            writes = self._changed_objects()
            self._check_versions(writes)
            self._check_unique(writes)
            for key in tracker.removed:
                self.db.tables[key[0]].pop(key[1], None)
            for key, obj in writes.items():
                if key not in tracker.new:
                    obj.version += 1
                self.db.tables[key[0]][key[1]] = clone(obj)
        self._start()

    def _changed_objects(self) -> dict[tuple[type, str], Any]:
        t = self.tracker
        return {key: obj for key, obj in t.seen.items()
                if key not in t.removed and (key in t.new or state_of(obj) != t.snapshots[key])}

    def _check_versions(self, writes: dict) -> None:
        for key in [*writes, *self.tracker.removed]:
            if key in self.tracker.new:
                if key[1] in self.db.tables[key[0]]:
                    raise IntegrityConflict(f"{key[0].__name__} {key[1]} already exists")
                continue
            stored = self.db.tables[key[0]].get(key[1])
            if stored is None or stored.version != self.tracker.snapshots[key]["version"]:
                raise ConcurrencyConflict(f"{key[0].__name__} {key[1]} was changed meanwhile")

    def _check_unique(self, writes: dict) -> None:
        for (cls, id_), obj in writes.items():
            for fields in UNIQUE.get(cls, []):
                value = tuple(getattr(obj, f) for f in fields)
                if None in value:
                    continue
                for other_key, other in self._final_rows(cls, writes).items():
                    if other_key != id_ and tuple(getattr(other, f) for f in fields) == value:
                        raise IntegrityConflict(f"{cls.__name__} {fields} must be unique")

    def _final_rows(self, cls: type, writes: dict) -> dict[str, Any]:
        rows = {i: o for i, o in self.db.tables[cls].items()
                if (cls, i) not in self.tracker.removed}
        rows.update({i: o for (c, i), o in writes.items() if c is cls})
        return rows

    def rollback(self) -> None:
        self._start()
