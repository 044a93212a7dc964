"""Periodic jobs walk rows in batches, each row in its own unit of work under a row lock."""

from collections.abc import Callable, Sequence
from typing import Any

from ownverso.services.ports import UnitOfWork

BATCH = 100


def each_locked(uow: Callable[[], UnitOfWork], repository: str, *, filters: dict,
                order_by: Sequence[str], handle: Callable[[UnitOfWork, Any], bool],
                batch: int = BATCH) -> list[str]:
    """Every row of ``repository`` matching ``filters``: each is re-read with a row lock in
    its own unit of work, where ``handle`` decides again and returns True to commit. A row
    left as it was is not retried in this run, so a run always ends. Returns the ids done.
    One unit per row keeps a failure or a concurrent writer to that row alone."""
    done: list[str] = []
    skipped: set[str] = set()
    while True:
        with uow() as reading:
            ids = [row.id for row in getattr(reading, repository).list(
                order_by=order_by, limit=batch + len(skipped), **filters)
                if row.id not in skipped]
        if not ids:
            return done
        for row_id in ids:
            with uow() as work:
                row = getattr(work, repository).get_by(id=row_id, for_update=True)
                if row is not None and handle(work, row):
                    work.commit()
                    done.append(row_id)
                else:
                    skipped.add(row_id)
