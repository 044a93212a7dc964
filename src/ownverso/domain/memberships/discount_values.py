"""Values of discount codes: kinds, targets, durations and the quote (the record of a use
is the ``DiscountRedemption`` entity in ``redemption.py``).

All amounts are integers in the smallest currency unit (cents, paise)."""

from dataclasses import dataclass
from enum import StrEnum


class DiscountKind(StrEnum):
    PERCENT = "PERCENT"            # value 1-100, off the price
    FIXED_AMOUNT = "FIXED_AMOUNT"  # value in the smallest unit of ``currency``
    FREE_MONTHS = "FREE_MONTHS"    # value 1-12 months granted before the first charge
    TRIAL_DAYS = "TRIAL_DAYS"      # value 1-90 extra trial days


class AppliesTo(StrEnum):
    ALL = "ALL"
    TIERS = "TIERS"
    PRODUCTS = "PRODUCTS"
    CHAPTERS = "CHAPTERS"


class TargetKind(StrEnum):
    """What a quote is for: a tier subscription, a product or a chapter purchase."""

    TIER = "TIER"
    PRODUCT = "PRODUCT"
    CHAPTER = "CHAPTER"


class DiscountDuration(StrEnum):
    ONCE = "ONCE"            # the first billing period (or the one purchase)
    REPEATING = "REPEATING"  # ``duration_months`` billing periods
    FOREVER = "FOREVER"      # every period while the subscription lasts


# applies_to -> the target kind it matches (ALL matches every kind)
TARGET_OF = {AppliesTo.TIERS: TargetKind.TIER, AppliesTo.PRODUCTS: TargetKind.PRODUCT,
             AppliesTo.CHAPTERS: TargetKind.CHAPTER}

# kinds that grant time instead of lowering a price
GRANT_KINDS = frozenset({DiscountKind.FREE_MONTHS, DiscountKind.TRIAL_DAYS})


@dataclass(frozen=True)
class Quote:
    """What a code does to one price.

    ``final_amount`` is never below 0. ``discount_months`` is how many billing periods the
    price reduction lasts: ONCE -> 1, REPEATING -> n, FOREVER -> None; it is 1 for a one-off
    purchase and 0 for the grant kinds (free months, trial days), which lower no price.
    """

    original_amount: int
    discount_amount: int
    final_amount: int
    free_months: int
    extra_trial_days: int
    discount_months: int | None
    reason: str
