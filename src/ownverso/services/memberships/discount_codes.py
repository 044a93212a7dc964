"""A site's discount codes, for its team: create, list (filter by state, search by code),
read, edit, activate, deactivate, delete, stats and the list of redemptions; and the reader's
quote of a code (``validate``, in ``discount_validation.py``).

Writes need ``monetization.manage`` on the site, reads ``site.read``. Codes are unique per site
whatever their case (409 ``code_taken``). Chosen tiers, chapters and products must be the site's
own (422 ``unknown_targets``). A code that has been used (a confirmed or still reserved
redemption) cannot be deleted (409 ``code_has_redemptions``): deactivate it instead."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.memberships.discount_values import AppliesTo, TargetKind
from ownverso.domain.memberships.discounts import DiscountCode
from ownverso.domain.memberships.redemption import COUNTED, DiscountRedemption
from ownverso.domain.memberships.values import BillingCycle
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed, domain_rules
from ownverso.services.memberships.discount_queries import (
    DiscountCodeListQuery,
    DiscountQueries,
    RedemptionTotal,
)
from ownverso.services.memberships.discount_validation import CodeQuote, validate_code
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.sites.access import require

EDITABLE = ("code", "kind", "value", "currency", "applies_to", "target_ids", "billing_cycles",
            "duration", "duration_months", "max_redemptions", "per_reader_limit",
            "valid_from", "valid_until", "first_time_only", "minimum_amount", "is_active")
TARGETS = ("applies_to", "target_ids")


def discount_code_not_found() -> NotFound:
    return NotFound("No such discount code.", code="discount_code_not_found")


def code_taken() -> Conflict:
    return Conflict("Another code of this site is the same (codes ignore case).",
                    code="code_taken", fields={"code": ["Taken."]})


@dataclass(frozen=True)
class DiscountStats:
    """How a code has been used. Amounts are what confirmed redemptions took, per currency."""

    code: DiscountCode
    confirmed: int
    reserved: int
    released: int
    discount_given: list  # [{currency, amount, redemptions}]
    by_tier: list  # [{tier_id, tier_name, currency, redemptions, discount_amount}]

    @property
    def remaining(self) -> int | None:
        return self.code.remaining_redemptions


def load_code(uow: UnitOfWork, actor: Actor, code_id: str,
              permission: Permission) -> DiscountCode:
    """The code, if the caller holds ``permission`` on its site (no role: 404)."""
    code = uow.discount_codes.get(code_id)
    if code is None:
        raise discount_code_not_found()
    try:
        require(uow, actor, code.site_id, permission)
    except NotFound:
        raise discount_code_not_found() from None
    return code


def check_targets(uow: UnitOfWork, code: DiscountCode) -> None:
    ids = code.target_ids
    if code.applies_to is AppliesTo.TIERS:
        known = uow.tiers.count(id__in=ids, site_id=code.site_id)
    elif code.applies_to is AppliesTo.PRODUCTS:
        known = uow.products.count(id__in=ids, site_id=code.site_id)
    elif code.applies_to is AppliesTo.CHAPTERS:
        known = uow.chapters.count(id__in=ids, site_id=code.site_id, deleted_at=None)
    else:
        return
    if known != len(ids):
        message = f"Each one a {code.applies_to.lower()[:-1]} of this site."
        raise ValidationFailed(message, code="unknown_targets", fields={"target_ids": [message]})


def _totals(code: DiscountCode, totals: list[RedemptionTotal], tier_names: dict) -> dict:
    counts = {status: sum(t.redemptions for t in totals if t.status == status)
              for status in ("CONFIRMED", "RESERVED", "RELEASED")}
    given: dict = {}
    tiers: dict = {}
    for t in (t for t in totals if t.status == "CONFIRMED"):
        money = given.setdefault(t.currency, {"currency": t.currency, "amount": 0,
                                              "redemptions": 0})
        money["amount"] += t.discount_amount
        money["redemptions"] += t.redemptions
        if t.target_kind == TargetKind.TIER:
            row = tiers.setdefault((t.target_id, t.currency), {
                "tier_id": t.target_id, "tier_name": tier_names.get(t.target_id),
                "currency": t.currency, "redemptions": 0, "discount_amount": 0})
            row["redemptions"] += t.redemptions
            row["discount_amount"] += t.discount_amount
    return {"confirmed": counts["CONFIRMED"], "reserved": counts["RESERVED"],
            "released": counts["RELEASED"], "discount_given": list(given.values()),
            "by_tier": list(tiers.values())}


class DiscountCodeService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 queries: DiscountQueries):
        self.uow, self.clock, self.ids, self.queries = uow, clock, ids, queries

    def create(self, *, actor: Actor, site_id: str, fields: dict) -> DiscountCode:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.MONETIZATION_MANAGE).site
            values = {k: v for k, v in fields.items() if k in EDITABLE}
            with domain_rules():
                code = DiscountCode.create(now=self.clock.now(), id=self.ids.new_id("dc"),
                                           site_id=site.id, **values)
            check_targets(uow, code)
            uow.discount_codes.add(code)
            self._commit(uow, code)
            return code

    def list_for_site(self, *, actor: Actor, site_id: str, is_active: bool | None = None,
                      search: str | None = None, offset: int = 0, limit: int | None = None
                      ) -> tuple[list[dict], int]:
        """The site's codes, newest first; ``search`` matches part of the code, any case."""
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.SITE_READ)
        return self.queries.list_codes(DiscountCodeListQuery(
            site_id=site_id, is_active=is_active, search=(search or "").strip() or None,
            offset=offset, limit=limit))

    def get(self, *, actor: Actor, code_id: str) -> DiscountCode:
        with self.uow() as uow:
            return load_code(uow, actor, code_id, Permission.SITE_READ)

    def update(self, *, actor: Actor, code_id: str, changes: dict) -> DiscountCode:
        """Edit the definition; past redemptions keep what they took."""
        with self.uow() as uow:
            code = load_code(uow, actor, code_id, Permission.MONETIZATION_MANAGE)
            changes = {k: v for k, v in changes.items() if k in EDITABLE}
            with domain_rules():
                code.update(now=self.clock.now(), **changes)
            if any(name in changes for name in TARGETS):
                check_targets(uow, code)
            self._commit(uow, code)
            return code

    def activate(self, *, actor: Actor, code_id: str) -> DiscountCode:
        """Readers may use it again (idempotent)."""
        return self.update(actor=actor, code_id=code_id, changes={"is_active": True})

    def deactivate(self, *, actor: Actor, code_id: str) -> DiscountCode:
        """No new uses; the redemptions made keep their discount (idempotent)."""
        return self.update(actor=actor, code_id=code_id, changes={"is_active": False})

    def delete(self, *, actor: Actor, code_id: str) -> None:
        with self.uow() as uow:
            code = load_code(uow, actor, code_id, Permission.MONETIZATION_MANAGE)
            if uow.discount_redemptions.count(code_id=code.id, status__in=COUNTED):
                raise Conflict("This code has been used; deactivate it instead.",
                               code="code_has_redemptions")
            for released in uow.discount_redemptions.list(code_id=code.id):
                uow.discount_redemptions.remove(released)
            uow.discount_codes.remove(code)
            uow.commit()

    def stats(self, *, actor: Actor, code_id: str) -> DiscountStats:
        with self.uow() as uow:
            code = load_code(uow, actor, code_id, Permission.SITE_READ)
            totals = self.queries.redemption_totals(code.id)
            tier_ids = sorted({t.target_id for t in totals if t.target_kind == TargetKind.TIER})
            names = {t.id: t.name for t in uow.tiers.list(id__in=tier_ids)} if tier_ids else {}
        return DiscountStats(code=code, **_totals(code, totals, names))

    def redemptions(self, *, actor: Actor, code_id: str, offset: int = 0,
                    limit: int | None = None) -> tuple[list[DiscountRedemption], int]:
        """The code's redemptions, newest first, whatever their status."""
        with self.uow() as uow:
            code = load_code(uow, actor, code_id, Permission.SITE_READ)
            items = uow.discount_redemptions.list(code_id=code.id,
                                                  order_by=("-created_at", "-id"),
                                                  offset=offset, limit=limit)
            return items, uow.discount_redemptions.count(code_id=code.id)

    def validate(self, *, actor: Actor, site_id: str, code: str, tier_id: str | None = None,
                 billing_cycle: BillingCycle | str | None = None,
                 chapter_id: str | None = None, product_id: str | None = None,
                 amount: int | None = None) -> CodeQuote:
        """The final price a reader would pay with ``code`` (nothing is reserved)."""
        now: datetime = self.clock.now()
        with self.uow() as uow:
            return validate_code(uow, actor=actor, site_id=site_id, code=code,
                                 tier_id=tier_id, billing_cycle=billing_cycle,
                                 chapter_id=chapter_id, product_id=product_id, amount=amount,
                                 now=now)

    @staticmethod
    def _commit(uow: UnitOfWork, code: DiscountCode) -> None:
        try:
            if uow.discount_codes.get_by(site_id=code.site_id, code=code.code, id__ne=code.id):
                raise IntegrityConflict("code")
            uow.commit()
        except IntegrityConflict:
            raise code_taken() from None
