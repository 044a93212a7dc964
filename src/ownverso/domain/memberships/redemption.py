"""One use of a discount code by one reader, and what it took.

A checkout reserves its code's use when it opens; the use is confirmed once the checkout is
paid (with the subscription, purchase or gift it produced) or released when it is not:

    RESERVED --confirm--> CONFIRMED
    RESERVED --release--> RELEASED

Reserved and confirmed uses count toward the code's cap and the reader's limit; released ones
do not (``DiscountCode.release`` gives the use back). Amounts are in the smallest unit of
``currency``; a free-months or trial-days code takes nothing (``discount_amount`` 0).
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.memberships.discount_values import Quote, TargetKind


class RedemptionStatus(StrEnum):
    RESERVED = "RESERVED"    # a checkout holds it
    CONFIRMED = "CONFIRMED"  # paid: the subscription, purchase or gift exists
    RELEASED = "RELEASED"    # the checkout expired or failed: it no longer counts


# the statuses that count toward a code's cap and a reader's limit
COUNTED = (RedemptionStatus.RESERVED, RedemptionStatus.CONFIRMED)


@dataclass(eq=False, kw_only=True)
class DiscountRedemption(Entity):
    code_id: str
    site_id: str
    reader_id: str
    checkout_id: str | None = None
    status: RedemptionStatus = RedemptionStatus.RESERVED
    amount_before: int
    discount_amount: int
    currency: str
    target_kind: TargetKind
    target_id: str
    subscription_id: str | None = None
    purchase_id: str | None = None
    gift_id: str | None = None
    created_at: datetime
    confirmed_at: datetime | None = None
    released_at: datetime | None = None

    @classmethod
    def reserve(cls, *, id: str, code_id: str, site_id: str, reader_id: str, quote: Quote,
                currency: str, target_kind: TargetKind | str, target_id: str,
                checkout_id: str | None, now: datetime) -> "DiscountRedemption":
        """A RESERVED use recording what ``quote`` took off its price."""
        return cls(id=id, code_id=code_id, site_id=site_id, reader_id=reader_id,
                   checkout_id=checkout_id, amount_before=quote.original_amount,
                   discount_amount=quote.discount_amount, currency=(currency or "").upper(),
                   target_kind=TargetKind(target_kind), target_id=target_id, created_at=now)

    @property
    def counts(self) -> bool:
        """Whether it counts toward the cap and the reader's limit."""
        return self.status in COUNTED

    def confirm(self, *, now: datetime, subscription_id: str | None = None,
                purchase_id: str | None = None, gift_id: str | None = None) -> None:
        """Paid: RESERVED -> CONFIRMED, naming what the checkout produced."""
        if self.status is not RedemptionStatus.RESERVED:
            raise InvalidTransition(f"A {self.status.lower()} use cannot be confirmed.",
                                    code=f"redemption_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
        self.status, self.confirmed_at = RedemptionStatus.CONFIRMED, now
        self.subscription_id = subscription_id or self.subscription_id
        self.purchase_id = purchase_id or self.purchase_id
        self.gift_id = gift_id or self.gift_id

    def release(self, *, now: datetime) -> None:
        """Not paid: RESERVED -> RELEASED (the caller gives the use back to the code)."""
        if self.status is not RedemptionStatus.RESERVED:
            raise InvalidTransition(f"A {self.status.lower()} use cannot be released.",
                                    code=f"redemption_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
        self.status, self.released_at = RedemptionStatus.RELEASED, now
