"""Sealing every stored secret again with the current key (``ownverso secrets rotate``): after
``SECRET_KEY`` changes, with the old one in ``ENCRYPTION_KEYS``, each ``SecretBox`` still opens
what the old key sealed; a rotation seals it again with the new key, so the old one can go.

Rows are walked in batches, each locked while it changes; a secret already sealed with the
current key is left alone, so a second run changes nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ownverso.services.identity.secrets import SecretBox
from ownverso.services.ports import UnitOfWork

BATCH = 200


@dataclass(frozen=True)
class RotationReport:
    """Sealed secrets seen by one rotation: sealed again with the current key, already sealed
    with it, and opened by no key at all (left as they are)."""

    rotated: int = 0
    current: int = 0
    unreadable: int = 0

    @property
    def total(self) -> int:
        return self.rotated + self.current + self.unreadable


@dataclass(frozen=True)
class Sealed:
    """Where one box's secrets are kept: a repository and its encrypted fields."""

    label: str
    repository: str
    fields: tuple[str, ...]
    box: SecretBox


def rotate_sealed(uow_factory: Callable[[], UnitOfWork], sealed: Sealed) -> RotationReport:
    rotated = current = unreadable = 0
    after = ""
    while True:
        with uow_factory() as uow:
            batch = getattr(uow, sealed.repository).list(order_by=["id"], id__gt=after,
                                                          limit=BATCH, for_update=True)
            for row in batch:
                for name in sealed.fields:
                    token = getattr(row, name)
                    if token is None:
                        continue
                    if sealed.box.is_current(token):
                        current += 1
                        continue
                    try:
                        setattr(row, name, sealed.box.rotate(token))
                        rotated += 1
                    except ValueError:
                        unreadable += 1
            uow.commit()
        if len(batch) < BATCH:
            return RotationReport(rotated=rotated, current=current, unreadable=unreadable)
        after = batch[-1].id


class SecretRotation:
    """Every kind of sealed secret: gateway credentials, two-factor secrets, OAuth tokens,
    license keys."""

    def __init__(self, *, uow: Callable[[], UnitOfWork], sealed: Sequence[Sealed]):
        self.uow, self.sealed = uow, list(sealed)

    def rotate(self) -> list[tuple[str, RotationReport]]:
        return [(s.label, rotate_sealed(self.uow, s)) for s in self.sealed]
