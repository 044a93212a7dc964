"""Using a discount code at checkout: quote it, reserve a use, then confirm or release it.

These functions run INSIDE the caller's unit of work and never commit: the checkout commits
the reservation together with its session, and the confirmation or release together with
the session's outcome.

Concurrency: ``reserve_code`` and ``release_redemption`` hold a row lock on the code
(``SELECT ... FOR UPDATE`` on Postgres) from the read of its count to the commit, and count the
reader's uses under that lock, so neither the cap nor the per-reader limit is ever passed by
concurrent checkouts. (SQLite serializes writers; the in-memory suite refuses the second of two
concurrent writers with a version conflict.) Load the code through these functions first in a
unit of work: a code already loaded without the lock is not re-read by the locking query.

Errors: an unknown code (or another site's) is 422 ``code_not_found``; a refusal of the domain
is 422 with its code (``code_inactive``, ``code_expired``, ``reader_limit_reached``,
``first_time_only``, ``not_applicable``, ``currency_mismatch``, ``below_minimum_amount`` ...),
except ``code_exhausted``, which is always 409 (with the lock or without): the code was fine,
the uses ran out. Each names the field ``discount_code``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from ownverso.domain.errors import RuleViolation
from ownverso.domain.memberships.discount_values import Quote, TargetKind
from ownverso.domain.memberships.discounts import DiscountCode, normalize_code, quote
from ownverso.domain.memberships.redemption import (
    COUNTED,
    DiscountRedemption,
    RedemptionStatus,
)
from ownverso.domain.memberships.values import BillingCycle
from ownverso.services.errors import Conflict, ValidationFailed, domain_rules
from ownverso.services.ports import UnitOfWork

FIELD = "discount_code"


def code_not_found() -> ValidationFailed:
    message = "No such discount code."
    return ValidationFailed(message, code="code_not_found", fields={FIELD: [message]})


@contextmanager
def code_refusals() -> Iterator[None]:
    """A domain refusal as the checkout answers it: 409 ``code_exhausted``, else 422 with the
    refusal's code; refusals of the code itself name the field ``discount_code``."""
    try:
        yield
    except RuleViolation as error:
        fields = {FIELD: [error.message]} if set(error.fields) <= {"code"} else error.fields
        kind = Conflict if error.code == "code_exhausted" else ValidationFailed
        raise kind(error.message, code=error.code, fields=fields) from None


def find_code(uow: UnitOfWork, site_id: str, code: str, *, lock: bool = False
              ) -> DiscountCode:
    found = uow.discount_codes.get_by(site_id=site_id, code=normalize_code(code),
                                      for_update=lock) if code and site_id else None
    if found is None:
        raise code_not_found()
    return found


def reader_uses(uow: UnitOfWork, code_id: str, reader_id: str) -> int:
    """The reader's reserved and confirmed uses of a code."""
    return uow.discount_redemptions.count(code_id=code_id, reader_id=reader_id,
                                          status__in=COUNTED)


def is_first_time(uow: UnitOfWork, reader_id: str, site_id: str) -> bool:
    """Never had a subscription to the site (whatever became of it)."""
    return uow.reader_subscriptions.count(reader_id=reader_id, site_id=site_id) == 0


def _quote(uow: UnitOfWork, discount: DiscountCode, *, reader_id: str,
           target_kind: TargetKind | str, target_id: str,
           billing_cycle: BillingCycle | str | None, amount: int, currency: str,
           now: datetime) -> Quote:
    uses = reader_uses(uow, discount.id, reader_id)
    first = is_first_time(uow, reader_id, discount.site_id) if discount.first_time_only \
        else True
    with code_refusals():
        return quote(discount, target_kind=target_kind, target_id=target_id,
                     billing_cycle=billing_cycle, amount=amount, currency=currency, now=now,
                     reader_redemptions=uses, is_first_time=first)


def quote_code(uow: UnitOfWork, *, site_id: str, code: str, reader_id: str,
               target_kind: TargetKind | str, target_id: str,
               billing_cycle: BillingCycle | str | None, amount: int, currency: str,
               now: datetime) -> tuple[DiscountCode, Quote]:
    """What the site's ``code`` (any case) does to ``amount`` for this reader, without
    reserving anything (no lock)."""
    discount = find_code(uow, site_id, code)
    return discount, _quote(uow, discount, reader_id=reader_id, target_kind=target_kind,
                            target_id=target_id, billing_cycle=billing_cycle, amount=amount,
                            currency=currency, now=now)


def reserve_code(uow: UnitOfWork, *, site_id: str, code: str, reader_id: str,
                 target_kind: TargetKind | str, target_id: str,
                 billing_cycle: BillingCycle | str | None, amount: int, currency: str,
                 now: datetime, checkout_id: str
                 ) -> tuple[DiscountCode, Quote, DiscountRedemption]:
    """Quote under the code's row lock, count the use and record it RESERVED for
    ``checkout_id`` (one per checkout; the redemption's id is ``dr_<checkout_id>``)."""
    discount = find_code(uow, site_id, code, lock=True)
    priced = _quote(uow, discount, reader_id=reader_id, target_kind=target_kind,
                    target_id=target_id, billing_cycle=billing_cycle, amount=amount,
                    currency=currency, now=now)
    with code_refusals():
        discount.redeem(now)
    redemption = DiscountRedemption.reserve(
        id=f"dr_{checkout_id}", code_id=discount.id, site_id=discount.site_id,
        reader_id=reader_id, quote=priced, currency=currency, target_kind=target_kind,
        target_id=target_id, checkout_id=checkout_id, now=now)
    uow.discount_redemptions.add(redemption)
    return discount, priced, redemption


def confirm_redemption(uow: UnitOfWork, *, checkout_id: str, now: datetime,
                       subscription_id: str | None = None, purchase_id: str | None = None,
                       gift_id: str | None = None) -> DiscountRedemption | None:
    """The checkout was paid: its reserved use becomes CONFIRMED. Nothing happens when the
    checkout reserved no code or it is already confirmed; a released one is 409
    ``redemption_released`` (its use was given back)."""
    redemption = uow.discount_redemptions.get_by(checkout_id=checkout_id, for_update=True)
    if redemption is None or redemption.status is RedemptionStatus.CONFIRMED:
        return redemption
    with domain_rules():
        redemption.confirm(now=now, subscription_id=subscription_id,
                           purchase_id=purchase_id, gift_id=gift_id)
    return redemption


def release_redemption(uow: UnitOfWork, *, checkout_id: str, now: datetime
                       ) -> DiscountRedemption | None:
    """The checkout was not paid: its reserved use is RELEASED and given back to the code
    (rows locked: the use, then the code). Nothing happens when it reserved no code or the use
    is no longer reserved."""
    redemption = uow.discount_redemptions.get_by(checkout_id=checkout_id, for_update=True)
    if redemption is None or redemption.status is not RedemptionStatus.RESERVED:
        return redemption
    discount = uow.discount_codes.get_by(id=redemption.code_id, for_update=True)
    redemption.release(now=now)
    if discount is not None:
        discount.release(now)
    return redemption
