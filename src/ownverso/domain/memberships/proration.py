"""Calendar and money arithmetic of a subscription period: cycles and upgrade proration.

All money is an ``int`` in the currency's smallest unit; all arithmetic is integer.
"""

import calendar
from datetime import datetime, timedelta

from ownverso.domain.memberships.values import BillingCycle

_TICK = timedelta(microseconds=1)


def add_months(moment: datetime, months: int, *, anchor_day: int | None = None) -> datetime:
    """``months`` calendar months later, on ``anchor_day`` (default: the moment's day), or
    on the month's last day when it is shorter: Jan 31 -> Feb 28 (29 in a leap year) ->
    Mar 31 with an anchor of 31. Time of day and timezone are kept."""
    day = anchor_day or moment.day
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(day, last))


def add_cycle(moment: datetime, cycle: BillingCycle, *, anchor_day: int | None = None
              ) -> datetime:
    """One billing cycle later: a calendar month, or a year (Feb 29 -> Feb 28)."""
    months = 12 if cycle == BillingCycle.ANNUAL else 1
    return add_months(moment, months, anchor_day=anchor_day)


def remaining_fraction(start: datetime, end: datetime, now: datetime) -> tuple[int, int]:
    """The part of [start, end) still ahead at ``now`` as (numerator, denominator) in
    microseconds, clamped to [0, 1]."""
    total = (end - start) // _TICK
    if total <= 0:
        return 0, 1
    left = min(max((end - now) // _TICK, 0), total)
    return left, total


def prorate(old_price: int, new_price: int, start: datetime, end: datetime,
            now: datetime) -> int:
    """What an immediate upgrade costs now: (new - old) x the remaining fraction of the
    period, rounded half up to the smallest unit (integer math, no floats). Never negative:
    a cheaper move is a downgrade and is not refunded."""
    difference = new_price - old_price
    if difference <= 0:
        return 0
    left, total = remaining_fraction(start, end, now)
    return (2 * difference * left + total) // (2 * total)
