"""Discount codes an author offers on a site, and the pure quote of what one does to a price.

Rules worth knowing:

* Codes are stored normalised (``normalize_code``: trimmed, upper-case); uniqueness per site,
  case-insensitively, is the repository's job (it compares normalised codes).
* The validity window is half-open: ``valid_from`` is inclusive, ``valid_until`` exclusive.
* Percent discounts round the discount DOWN to the smallest unit (33% of 999 takes 329);
  only integer arithmetic is used. A fixed amount larger than the price makes it 0.
* ``minimum_amount`` (and a fixed ``value``) are in ``currency`` when one is set; a quote in
  another currency is refused with ``currency_mismatch``.
* Free months and trial days grant time and lower no price; they apply to tiers only and
  last ONCE. Products and chapters are one-off purchases: their codes last ONCE.
* ``redeem`` checks the cap on this object only. Under concurrent redemptions the service
  must hold a row lock (SELECT ... FOR UPDATE) or rely on the optimistic ``version`` of the
  entity and retry, so the cap is never passed; per-reader counts come from the recorded
  ``DiscountRedemption``s (``redemption.py``). ``release`` gives a use back (a reserved
  redemption whose checkout was not paid).
"""

import re
from dataclasses import dataclass, field, fields, replace
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import RuleViolation
from ownverso.domain.memberships.discount_values import (
    GRANT_KINDS,
    TARGET_OF,
    AppliesTo,
    DiscountDuration,
    DiscountKind,
    Quote,
    TargetKind,
)
from ownverso.domain.memberships.values import BillingCycle

CODE = re.compile(r"[A-Z0-9_-]{3,32}")
CURRENCY = re.compile(r"^[A-Z]{3}$")
VALUE_RANGES = {DiscountKind.PERCENT: (1, 100), DiscountKind.FREE_MONTHS: (1, 12),
                DiscountKind.TRIAL_DAYS: (1, 90)}
DURATION_MONTHS_MAX = 36
FIXED = frozenset({"id", "site_id", "redemption_count", "created_at", "version"})


def _fail(message: str, code: str, field_name: str) -> RuleViolation:
    return RuleViolation(message, code=code, fields={field_name: [message]})


def _refuse(message: str, code: str) -> RuleViolation:
    return RuleViolation(message, code=code, fields={"code": [message]})


def _whole(value: object, low: int | None = None) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and \
        (low is None or value >= low)


def normalize_code(code: str) -> str:
    """The stored form of a code: trimmed, upper-case (so lookups are case-insensitive)."""
    return (code or "").strip().upper()


@dataclass(eq=False, kw_only=True)
class DiscountCode(Entity):
    site_id: str
    code: str
    kind: DiscountKind
    value: int
    currency: str | None = None
    applies_to: AppliesTo = AppliesTo.ALL
    target_ids: list = field(default_factory=list)
    billing_cycles: list = field(default_factory=list)  # empty = every cycle
    duration: DiscountDuration = DiscountDuration.ONCE
    duration_months: int | None = None
    max_redemptions: int | None = None  # None = no cap
    per_reader_limit: int | None = 1    # None = no limit
    redemption_count: int = 0
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    first_time_only: bool = False
    minimum_amount: int | None = None
    is_active: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None

    # -- life cycle ---------------------------------------------------------------------
    @classmethod
    def create(cls, *, now: datetime, **values) -> "DiscountCode":
        """A validated, normalised new code."""
        code = cls(**values, created_at=now, updated_at=now)
        code.validate()
        return code

    def update(self, *, now: datetime, **changes) -> None:
        """Change the definition; nothing changes when the result breaks a rule."""
        known = {f.name for f in fields(self)}
        for name in changes:
            if name not in known or name in FIXED:
                raise _fail("This field cannot be changed.", "invalid_field", name)
        candidate = replace(self, **changes)
        candidate.validate()
        for f in fields(self):
            setattr(self, f.name, getattr(candidate, f.name))
        self.updated_at = now

    def redeem(self, now: datetime) -> None:
        """Count one use; refused at the cap. Concurrency safety is the service's job (a row
        lock or the optimistic ``version``), see the module docstring."""
        if self.max_redemptions is not None and self.redemption_count >= self.max_redemptions:
            raise _refuse("This code has been used up.", "code_exhausted")
        self.redemption_count += 1
        self.updated_at = now

    def release(self, now: datetime) -> None:
        """Give one use back (its checkout was not paid); the count never goes below 0."""
        self.redemption_count = max(self.redemption_count - 1, 0)
        self.updated_at = now

    @property
    def remaining_redemptions(self) -> int | None:
        """Uses left under the cap (None: no cap)."""
        if self.max_redemptions is None:
            return None
        return max(self.max_redemptions - self.redemption_count, 0)

    # -- definition rules ---------------------------------------------------------------
    def validate(self) -> None:
        """Every definition rule (the first broken one is raised), normalising as it goes."""
        self.code = normalize_code(self.code)
        if not CODE.fullmatch(self.code):
            raise _fail("3 to 32 letters, digits, _ or -.", "invalid_code", "code")
        self._validate_kind()
        self._validate_targets()
        self._validate_duration()
        self._validate_limits()

    def _validate_kind(self) -> None:
        try:
            self.kind = DiscountKind(self.kind)
        except ValueError:
            raise _fail("An unknown kind.", "invalid_kind", "kind") from None
        if self.currency is not None:
            self.currency = str(self.currency).upper()
            if not CURRENCY.match(self.currency):
                raise _fail("A three-letter currency code.", "invalid_currency", "currency")
        if self.kind is DiscountKind.FIXED_AMOUNT:
            if not _whole(self.value, 1):
                raise _fail("A whole amount above 0.", "invalid_value", "value")
            if self.currency is None:
                raise _fail("A fixed amount needs a currency.", "invalid_currency", "currency")
            return
        low, high = VALUE_RANGES[self.kind]
        if not _whole(self.value) or not low <= self.value <= high:
            raise _fail(f"{low} to {high} for {self.kind}.", "invalid_value", "value")

    def _validate_targets(self) -> None:
        try:
            self.applies_to = AppliesTo(self.applies_to)
            self.billing_cycles = [BillingCycle(c) for c in self.billing_cycles]
        except ValueError:
            raise _fail("An unknown target or cycle.", "invalid_applies_to",
                        "applies_to") from None
        ids = list(self.target_ids or [])
        if any(not isinstance(i, str) or not i.strip() for i in ids):
            raise _fail("Target ids are non-empty texts.", "invalid_target_ids", "target_ids")
        if (self.applies_to is AppliesTo.ALL) == bool(ids):
            raise _fail("Target ids exactly when the code applies to chosen items.",
                        "invalid_target_ids", "target_ids")
        self.target_ids = list(dict.fromkeys(i.strip() for i in ids))
        if self.billing_cycles and self.applies_to in (AppliesTo.PRODUCTS, AppliesTo.CHAPTERS):
            raise _fail("Billing cycles only limit subscriptions.", "invalid_billing_cycles",
                        "billing_cycles")
        self.billing_cycles = list(dict.fromkeys(self.billing_cycles))
        if self.kind in GRANT_KINDS and self.applies_to not in (AppliesTo.ALL, AppliesTo.TIERS):
            raise _fail("Free months and trial days are for tiers.", "invalid_applies_to",
                        "applies_to")

    def _validate_duration(self) -> None:
        try:
            self.duration = DiscountDuration(self.duration)
        except ValueError:
            raise _fail("An unknown duration.", "invalid_duration", "duration") from None
        once = self.duration is DiscountDuration.ONCE
        one_off = self.applies_to in (AppliesTo.PRODUCTS, AppliesTo.CHAPTERS)
        if not once and (self.kind in GRANT_KINDS or one_off):
            raise _fail("This code can only last once.", "invalid_duration", "duration")
        if self.duration is DiscountDuration.REPEATING:
            if not _whole(self.duration_months) or \
                    not 1 <= self.duration_months <= DURATION_MONTHS_MAX:
                raise _fail(f"1 to {DURATION_MONTHS_MAX} months.", "invalid_duration_months",
                            "duration_months")
        elif self.duration_months is not None:
            raise _fail("Months only for a repeating duration.", "invalid_duration_months",
                        "duration_months")

    def _validate_limits(self) -> None:
        for name in ("max_redemptions", "per_reader_limit"):
            value = getattr(self, name)
            if value is not None and not _whole(value, 1):
                raise _fail("At least 1 (or none for unlimited).", f"invalid_{name}", name)
        if not _whole(self.redemption_count, 0):
            raise _fail("0 or more.", "invalid_redemption_count", "redemption_count")
        if self.minimum_amount is not None and not _whole(self.minimum_amount, 0):
            raise _fail("A whole amount, 0 or more.", "invalid_minimum_amount",
                        "minimum_amount")
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise _fail("The end comes after the start.", "invalid_validity_window",
                        "valid_until")
        for name in ("first_time_only", "is_active"):
            if not isinstance(getattr(self, name), bool):
                raise _fail("True or false.", f"invalid_{name}", name)


# -- quoting ------------------------------------------------------------------------------
def _check_usable(code: DiscountCode, now: datetime, reader_redemptions: int,
                  is_first_time: bool) -> None:
    if not code.is_active:
        raise _refuse("This code is not active.", "code_inactive")
    if code.valid_from is not None and now < code.valid_from:
        raise _refuse("This code is not valid yet.", "code_not_started")
    if code.valid_until is not None and now >= code.valid_until:
        raise _refuse("This code has expired.", "code_expired")
    if code.max_redemptions is not None and code.redemption_count >= code.max_redemptions:
        raise _refuse("This code has been used up.", "code_exhausted")
    if code.per_reader_limit is not None and reader_redemptions >= code.per_reader_limit:
        raise _refuse("You have already used this code.", "reader_limit_reached")
    if code.first_time_only and not is_first_time:
        raise _refuse("This code is for first-time subscribers.", "first_time_only")


def _check_applies(code: DiscountCode, target_kind: TargetKind, target_id: str,
                   billing_cycle: BillingCycle | None) -> None:
    wanted = TARGET_OF.get(code.applies_to)
    if wanted is not None and (target_kind is not wanted or target_id not in code.target_ids):
        raise _refuse("This code does not apply here.", "not_applicable")
    if target_kind is TargetKind.TIER:
        if code.billing_cycles and billing_cycle not in code.billing_cycles:
            raise _refuse("This code does not apply to this billing cycle.", "not_applicable")
    elif code.kind in GRANT_KINDS:
        raise _refuse("This code only applies to subscriptions.", "not_applicable")


def _months(code: DiscountCode, target_kind: TargetKind) -> int | None:
    if target_kind is not TargetKind.TIER:
        return 1
    return {DiscountDuration.ONCE: 1, DiscountDuration.REPEATING: code.duration_months,
            DiscountDuration.FOREVER: None}[code.duration]


def quote(code: DiscountCode, *, target_kind: TargetKind | str, target_id: str,
          billing_cycle: BillingCycle | str | None, amount: int, currency: str,
          now: datetime, reader_redemptions: int, is_first_time: bool) -> Quote:
    """What ``code`` does to ``amount`` (smallest unit), or a RuleViolation saying why not.

    Refusal codes, checked in this order: code_inactive, code_not_started, code_expired,
    code_exhausted, reader_limit_reached, first_time_only, not_applicable, currency_mismatch,
    below_minimum_amount."""
    if not _whole(amount, 0):
        raise _fail("A whole amount, 0 or more.", "invalid_amount", "amount")
    try:
        target_kind = TargetKind(target_kind)
        billing_cycle = BillingCycle(billing_cycle) if billing_cycle is not None else None
    except ValueError:
        raise _fail("An unknown target kind or billing cycle.", "invalid_target",
                    "target_kind") from None
    currency = (currency or "").upper()
    _check_usable(code, now, reader_redemptions, is_first_time)
    _check_applies(code, target_kind, target_id, billing_cycle)
    if code.currency is not None and code.currency != currency:
        raise _refuse(f"This code is for prices in {code.currency}.", "currency_mismatch")
    if code.minimum_amount is not None and amount < code.minimum_amount:
        raise _refuse("The price is below this code's minimum.", "below_minimum_amount")
    return _price(code, target_kind, amount)


def _price(code: DiscountCode, target_kind: TargetKind, amount: int) -> Quote:
    free_months = extra_days = discount = 0
    if code.kind is DiscountKind.PERCENT:
        discount = amount * code.value // 100  # rounded down to the smallest unit
        reason = f"{code.value}% off"
    elif code.kind is DiscountKind.FIXED_AMOUNT:
        discount = min(code.value, amount)
        reason = f"{code.value} {code.currency} off"
    elif code.kind is DiscountKind.FREE_MONTHS:
        free_months, reason = code.value, f"{code.value} free month(s)"
    else:
        extra_days, reason = code.value, f"{code.value} extra trial day(s)"
    months = 0 if code.kind in GRANT_KINDS else _months(code, target_kind)
    return Quote(original_amount=amount, discount_amount=discount,
                 final_amount=amount - discount, free_months=free_months,
                 extra_trial_days=extra_days, discount_months=months, reason=reason)
