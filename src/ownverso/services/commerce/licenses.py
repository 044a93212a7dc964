"""License keys of licensed products: issued with the purchase, shown to their owner, checked
and activated by the author's software, listed and revoked by the site's team and by
administrators.

A SUCCEEDED purchase of a licensed product gets exactly one license, in the fulfilment's
unit of work (``issue_for_purchase``; the purchase id is unique). The key is shown in full
only to its owner; the team and administrators see its last characters.

Checking a key is public and rate-limited by address. An unknown key (or one of another
product when the caller names its product) answers ``valid: false`` with ``unknown_key`` and
nothing else. Naming an instance activates it: the seats are counted under the license's row
lock (``SELECT ... FOR UPDATE``), so concurrent activations queue on the license and never
take more seats than it has.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.commerce.license import (
    License,
    LicenseActivation,
    LicenseCheck,
    LicenseStatus,
)
from ownverso.domain.commerce.product import Product
from ownverso.domain.commerce.purchase import Purchase
from ownverso.domain.sites.permissions import Permission
from ownverso.services.commerce.license_keys import LicenseKeys, lookup_hash
from ownverso.services.commerce.product_access import require_admin
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import NotFound, RateLimited, domain_rules
from ownverso.services.ports import Clock, IdGenerator, RateLimiter, UnitOfWork
from ownverso.services.sites.access import require

NEWEST = ("-issued_at", "-id")
VERIFY_PER_IP = (60, 60)  # checks (and deactivations) per address per minute


def license_not_found() -> NotFound:
    return NotFound("No such license.", code="license_not_found")


@dataclass(frozen=True)
class LicenseView:
    """A license with its product; ``key`` in full for its owner only, ``instances`` on the
    detail pages."""

    license: License
    product: Product | None
    now: datetime
    key: str | None = None
    instances: list[LicenseActivation] = field(default_factory=list)

    @property
    def status(self) -> LicenseStatus:
        return self.license.status_at(self.now)


@dataclass(frozen=True)
class Verification:
    """What checking a key answers (``license`` and ``product`` are None for unknown_key)."""

    outcome: LicenseCheck
    now: datetime
    license: License | None = None
    product: Product | None = None
    deactivated: bool | None = None

    @property
    def valid(self) -> bool:
        return self.outcome == LicenseCheck.VALID

    @property
    def status(self) -> LicenseStatus | None:
        return self.license.status_at(self.now) if self.license else None


def _filters(*, status: LicenseStatus | None, **values: str | None) -> dict:
    """The list filters that were given (the stored status)."""
    found: dict = {name: value for name, value in values.items() if value}
    if status:
        found["status"] = LicenseStatus(status)
    return found


def issue_for_purchase(uow: UnitOfWork, purchase: Purchase, product: Product, *,
                       keys: LicenseKeys, ids: IdGenerator, now: datetime) -> License | None:
    """The purchase's license when its product is licensed (None otherwise); a purchase that
    already has one keeps it (no second key)."""
    if not product.is_licensed or product.license_type is None:
        return None
    if uow.licenses.count(purchase_id=purchase.id) > 0:
        return None
    issued = keys.issue()
    license = License.issue(
        now=now, seats=product.license_seats, id=ids.new_id("lic"), purchase_id=purchase.id,
        product_id=product.id, site_id=purchase.site_id, author_id=purchase.author_id,
        owner_id=purchase.buyer_id, license_type=product.license_type,
        key_hash=issued.key_hash, key_hint=issued.key_hint,
        key_ciphertext=issued.key_ciphertext)
    uow.licenses.add(license)
    return license


def revoke_for_purchase(uow: UnitOfWork, purchase_id: str, *, reason: str,
                        actor_id: str | None, now: datetime) -> License | None:
    """Revoke the purchase's license (a refund); none, or one already revoked, is left as
    it is. Answers the license, if any."""
    license = uow.licenses.get_by(purchase_id=purchase_id, for_update=True)
    if license is not None and not license.is_revoked:
        with domain_rules():
            license.revoke(reason=reason, actor_id=actor_id, now=now)
    return license


class RefundedLicenses:
    """Revokes a refunded purchase's license: a revoker of the refund path
    (``services.commerce.refunds.PurchaseRevoker``)."""

    def revoke_for_purchase(self, uow: UnitOfWork, purchase_id: str, *, reason: str,
                            actor_id: str | None, now: datetime) -> None:
        revoke_for_purchase(uow, purchase_id, reason=reason, actor_id=actor_id, now=now)


def owned_licenses(uow: UnitOfWork, purchases: list[Purchase], products: dict[str, Product],
                   *, keys: LicenseKeys, now: datetime) -> dict[str, LicenseView]:
    """The licenses of the purchases by purchase id, keys shown (for their buyer; one
    query)."""
    ids = [p.id for p in purchases if p.product_id]
    found = uow.licenses.list(purchase_id__in=ids) if ids else []
    return {lic.purchase_id: LicenseView(license=lic, product=products.get(lic.product_id),
                                         now=now, key=keys.reveal(lic.key_ciphertext))
            for lic in found}


class LicenseService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 keys: LicenseKeys, limiter: RateLimiter,
                 verify_limit: tuple[int, int] = VERIFY_PER_IP):
        self.uow, self.clock, self.ids, self.keys = uow, clock, ids, keys
        self.limiter, self.verify_limit = limiter, verify_limit

    def _views(self, uow: UnitOfWork, licenses: list[License], *,
               reveal: bool = False) -> list[LicenseView]:
        """Two queries for any number of licenses (the products in one)."""
        ids = sorted({lic.product_id for lic in licenses})
        products = {p.id: p for p in uow.products.list(id__in=ids)} if ids else {}
        now = self.clock.now()
        return [LicenseView(license=lic, product=products.get(lic.product_id), now=now,
                            key=self.keys.reveal(lic.key_ciphertext) if reveal else None)
                for lic in licenses]

    def _detail(self, uow: UnitOfWork, license: License) -> LicenseView:
        instances = uow.license_activations.list(license_id=license.id,
                                                 order_by=("first_activated_at", "id"))
        return LicenseView(license=license, product=uow.products.get(license.product_id),
                           now=self.clock.now(), instances=instances)

    # -- the owner ----------------------------------------------------------------------------
    def mine(self, *, actor: Actor, status: LicenseStatus | None = None,
             product_id: str | None = None, offset: int = 0,
             limit: int | None = None) -> tuple[list[LicenseView], int]:
        """My licenses with their keys, newest first."""
        filters = _filters(owner_id=actor.user_id, status=status, product_id=product_id)
        with self.uow() as uow:
            items = uow.licenses.list(order_by=NEWEST, offset=offset, limit=limit, **filters)
            return self._views(uow, items, reveal=True), uow.licenses.count(**filters)

    # -- the author's software ----------------------------------------------------------------
    def _throttle(self, request: RequestInfo) -> None:
        limit, window = self.verify_limit
        retry_after = self.limiter.hit(f"license-verify:{request.ip or 'unknown'}",
                                       limit=limit, window=window)
        if retry_after:
            raise RateLimited("Too many license checks; try again later.",
                              retry_after=retry_after)

    @staticmethod
    def _find(uow: UnitOfWork, key: str, product_id: str | None,
              *, lock: bool) -> License | None:
        hashed = lookup_hash(key)
        license = uow.licenses.get_by(key_hash=hashed, for_update=lock) if hashed else None
        if license is None or (product_id and license.product_id != product_id):
            return None
        return license

    def verify(self, *, key: str, request: RequestInfo, instance_id: str | None = None,
               instance_label: str | None = None,
               product_id: str | None = None) -> Verification:
        """Check a key (of ``product_id`` when named); with ``instance_id``, activate that
        instance (a seat the first time, none again; seats_exhausted when none is left)."""
        self._throttle(request)
        now = self.clock.now()
        with self.uow() as uow:
            license = self._find(uow, key, product_id, lock=bool(instance_id))
            if license is None:
                return Verification(outcome=LicenseCheck.UNKNOWN_KEY, now=now)
            outcome = license.check(now)
            if instance_id:
                current = uow.license_activations.get_by(license_id=license.id,
                                                         instance_id=instance_id)
                outcome, activation = license.activate(
                    current, activation_id=self.ids.new_id("lac"), instance_id=instance_id,
                    label=instance_label, now=now)
                if current is None and activation is not None:
                    uow.license_activations.add(activation)
                uow.commit()
            return Verification(outcome=outcome, now=now, license=license,
                                product=uow.products.get(license.product_id))

    def deactivate(self, *, key: str, instance_id: str, request: RequestInfo) -> Verification:
        """Free the instance's seat; an instance not active is left as it is
        (``deactivated: false``)."""
        self._throttle(request)
        now = self.clock.now()
        with self.uow() as uow:
            license = self._find(uow, key, None, lock=True)
            if license is None:
                return Verification(outcome=LicenseCheck.UNKNOWN_KEY, now=now)
            current = uow.license_activations.get_by(license_id=license.id,
                                                     instance_id=instance_id)
            freed = current is not None and license.deactivate(current, now=now)
            uow.commit()
            return Verification(outcome=license.check(now), now=now, license=license,
                                product=uow.products.get(license.product_id),
                                deactivated=freed)

    # -- the site's team ----------------------------------------------------------------------
    def for_site(self, *, actor: Actor, site_id: str, status: LicenseStatus | None = None,
                 product_id: str | None = None, offset: int = 0,
                 limit: int | None = None) -> tuple[list[LicenseView], int]:
        """The site's licenses, newest first (keys hidden)."""
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.SITE_READ)
            filters = _filters(site_id=grant.site.id, status=status, product_id=product_id)
            items = uow.licenses.list(order_by=NEWEST, offset=offset, limit=limit, **filters)
            return self._views(uow, items), uow.licenses.count(**filters)

    def _site_license(self, uow: UnitOfWork, actor: Actor, site_id: str, license_id: str,
                      permission: Permission, *, lock: bool = False) -> License:
        grant = require(uow, actor, site_id, permission)
        license = uow.licenses.get_by(id=license_id, for_update=lock) if license_id else None
        if license is None or license.site_id != grant.site.id:
            raise license_not_found()
        return license

    def site_license(self, *, actor: Actor, site_id: str, license_id: str) -> LicenseView:
        """One license of the site with its instances."""
        with self.uow() as uow:
            license = self._site_license(uow, actor, site_id, license_id, Permission.SITE_READ)
            return self._detail(uow, license)

    def site_revoke(self, *, actor: Actor, site_id: str, license_id: str,
                    reason: str) -> LicenseView:
        """Revoke for good, with a reason (409 license_revoked the second time)."""
        with self.uow() as uow:
            license = self._site_license(uow, actor, site_id, license_id,
                                         Permission.MONETIZATION_MANAGE, lock=True)
            return self._revoke(uow, actor, license, reason)

    def _revoke(self, uow: UnitOfWork, actor: Actor, license: License,
                reason: str) -> LicenseView:
        with domain_rules():
            license.revoke(reason=reason, actor_id=actor.user_id, now=self.clock.now())
        uow.commit()
        return self._detail(uow, license)

    # -- administrators -----------------------------------------------------------------------
    def admin_list(self, *, actor: Actor, status: LicenseStatus | None = None,
                   site_id: str | None = None, product_id: str | None = None,
                   owner_id: str | None = None, offset: int = 0,
                   limit: int | None = None) -> tuple[list[LicenseView], int]:
        """Every license of the platform, newest first (keys hidden)."""
        require_admin(actor)
        filters = _filters(site_id=site_id, product_id=product_id, owner_id=owner_id,
                           status=status)
        with self.uow() as uow:
            items = uow.licenses.list(order_by=NEWEST, offset=offset, limit=limit, **filters)
            return self._views(uow, items), uow.licenses.count(**filters)

    def admin_revoke(self, *, actor: Actor, license_id: str, reason: str) -> LicenseView:
        require_admin(actor)
        with self.uow() as uow:
            license = uow.licenses.get_by(id=license_id, for_update=True) \
                if license_id else None
            if license is None:
                raise license_not_found()
            return self._revoke(uow, actor, license, reason)
