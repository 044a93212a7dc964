"""Idempotency keys on our own money-moving requests: one effect per key, the first answer
replayed to every retry (the rules are in ``ownverso.domain.idempotency``).

``begin`` claims the key by committing an IN_PROGRESS record, unique per (user, key): of two
requests racing with one key, one inserts and the other hits the unique constraint, reads the
winner's record and is told 409 ``idempotency_request_in_progress`` (or gets its answer once
it is COMPLETED). The handler then runs with no transaction of ours held; ``finish`` keeps its
answer, or ``abandon`` deletes the claim when it failed on our side (a 5xx), so a retry runs
again. A request whose process died between ``begin`` and ``finish`` leaves its key IN_PROGRESS
until it expires: a retry with that key is refused rather than risk a second charge; a new key
runs a new request.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from ownverso.domain.idempotency import IdempotencyRecord, IdempotencyStatus
from ownverso.services.errors import Conflict, ServiceError, domain_rules
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork

BATCH = 500


def in_progress() -> Conflict:
    return Conflict("A request with this Idempotency-Key is still being processed; retry "
                    "later.", code="idempotency_request_in_progress",
                    headers={"Retry-After": "1"})


@contextmanager
def header_rules() -> Iterator[None]:
    """The domain's refusals, their fields named as sent: in the request's headers."""
    try:
        with domain_rules():
            yield
    except ServiceError as error:
        error.location = "headers"
        raise


class IdempotencyService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 ttl: int = 86400):
        """``ttl``: seconds a key and its answer are kept."""
        self.uow, self.clock, self.ids = uow, clock, ids
        self.ttl = timedelta(seconds=ttl)

    def begin(self, *, user_id: str, key: str, method: str, path: str,
              fingerprint: str) -> IdempotencyRecord:
        """Claim the key for this request. An IN_PROGRESS record back: run the request, then
        ``finish`` or ``abandon`` it. A COMPLETED one: replay its answer, run nothing.
        (409 idempotency_request_in_progress; 422 invalid_idempotency_key,
        idempotency_key_reused)"""
        now = self.clock.now()
        with header_rules():
            record = IdempotencyRecord.begin(
                id=self.ids.new_id("idk"), user_id=user_id, key=key, method=method,
                path=path, fingerprint=fingerprint, now=now, ttl=self.ttl)
        for _ in range(2):  # a lost race for the key reads the winner's record once more
            try:
                with self.uow() as uow:
                    found = uow.idempotency_records.get_by(user_id=user_id, key=key,
                                                           for_update=True)
                    if found is None:
                        uow.idempotency_records.add(record)
                        uow.commit()
                        return record
                    if found.is_expired(now):
                        found.restart(method=method, path=path, fingerprint=fingerprint,
                                      now=now, ttl=self.ttl)
                        uow.commit()
                        return found
                    with header_rules():
                        found.check_same_request(fingerprint)
                    if found.status == IdempotencyStatus.IN_PROGRESS:
                        raise in_progress()
                    return found
            except IntegrityConflict:
                continue
        raise in_progress()

    def finish(self, *, record_id: str, status: int, body: str,
               headers: dict[str, str]) -> None:
        """Keep the answer of a claimed request (never a 5xx) for replay."""
        with self.uow() as uow:
            record = uow.idempotency_records.get_by(id=record_id, for_update=True)
            if record is None:  # purged meanwhile (it expired): nothing to keep
                return
            with domain_rules():
                record.complete(status=status, body=body, headers=headers)
            uow.commit()

    def abandon(self, *, record_id: str) -> None:
        """Forget a claimed request that failed on our side: a retry with the key runs."""
        with self.uow() as uow:
            record = uow.idempotency_records.get_by(id=record_id, for_update=True)
            if record is not None and record.status == IdempotencyStatus.IN_PROGRESS:
                uow.idempotency_records.remove(record)
                uow.commit()

    def purge_expired(self) -> int:
        """Delete the records past their ``expires_at``, in batches; the count deleted."""
        now, removed = self.clock.now(), 0
        while True:
            with self.uow() as uow:
                batch = uow.idempotency_records.list(expires_at__lte=now, limit=BATCH)
                for record in batch:
                    uow.idempotency_records.remove(record)
                uow.commit()
            removed += len(batch)
            if len(batch) < BATCH:
                return removed
