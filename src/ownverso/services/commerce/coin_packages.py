"""Coin packages for administrators: list every package, create, change, remove.

Removing a package does not touch what was bought with it: a checkout carries its own copy of
the coins it pays for."""

from collections.abc import Callable

from ownverso.domain.commerce.coin_packages import CoinPackage
from ownverso.services.commerce.coins import SHOP_ORDER, package_not_found
from ownverso.services.context import Actor
from ownverso.services.errors import PermissionDenied, domain_rules
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only administrators may do this.", code="admin_required")


class CoinPackageAdmin:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    def list(self, *, actor: Actor) -> list[CoinPackage]:
        """Every package, active or not, in display order."""
        require_admin(actor)
        with self.uow() as uow:
            return uow.coin_packages.list(order_by=SHOP_ORDER)

    def create(self, *, actor: Actor, **values) -> CoinPackage:
        require_admin(actor)
        with self.uow() as uow:
            with domain_rules():
                package = CoinPackage.create(id=self.ids.new_id("cpkg"),
                                             now=self.clock.now(), **values)
            uow.coin_packages.add(package)
            uow.commit()
            return package

    def update(self, *, actor: Actor, package_id: str, changes: dict) -> CoinPackage:
        require_admin(actor)
        with self.uow() as uow:
            package = self._load(uow, package_id)
            with domain_rules():
                package.change(changes, now=self.clock.now())
            uow.commit()
            return package

    def delete(self, *, actor: Actor, package_id: str) -> None:
        require_admin(actor)
        with self.uow() as uow:
            uow.coin_packages.remove(self._load(uow, package_id))
            uow.commit()

    @staticmethod
    def _load(uow: UnitOfWork, package_id: str) -> CoinPackage:
        package = uow.coin_packages.get_by(id=package_id, for_update=True)
        if package is None:
            raise package_not_found()
        return package
