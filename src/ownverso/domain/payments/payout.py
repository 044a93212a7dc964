"""An author's payout statement: what one gateway account of theirs settled in one currency
over one closed calendar month (UTC), and what of it the author keeps.

Readers pay into the author's own gateway account (Stripe, Razorpay, Xendit, the sandbox),
so no money moves here: a statement is computed once the month has ended and is final.

The rule, in integers of the smallest currency unit, per (author, gateway, currency, month):
- the payments: the author's collected payments (SUCCEEDED, PARTIALLY_REFUNDED, REFUNDED,
  DISPUTED, CHARGEBACK_LOST) whose money was taken in the month (``processed_at``).
- gross: what readers paid; refunded: given back; charged back: what a lost dispute took
  (what was left after refunds), each counted in the month it happened, from the payments'
  event log (``refunded``, ``partially_refunded`` and ``dispute_lost`` events): a refund or
  a chargeback in a later month of a payment taken earlier is that later month's
  adjustment (``breakdown["adjustments"]``), so each statement stays as it was made, and over
  the months the statements take away exactly what the payments gave back. An open dispute
  is still kept, and counted apart.
- gateway fees: the sum of the fees the gateway reported; a payment whose fee is not known
  yet counts 0 and is counted in ``unknown_fee_count``, so no fee is invented.
- platform fees: the month's FREE-tier usage fee and its GST (``platform_invoice``): the
  invoice's own amounts when it was already issued, otherwise the same rule on the same
  revenue; 0 for authors on a paid platform tier. The fee is per (author, currency); it is
  shared between the author's gateways in proportion to each one's invoice revenue, largest
  remainder first, so the statements add up to the invoice to the unit.
- net payout = gross - refunded - charged back - gateway fees - platform fees (may be
  negative: a month of refunds whose gateway fees were not returned).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.payments.payment import COLLECTED, Payment, PaymentEvent, PaymentStatus

ID_PREFIX = "apo"


class PayoutStatus(StrEnum):
    """COMPLETED is the only state set: the money already settled in the author's gateway
    account, so a statement is final when it is made."""

    COMPLETED = "COMPLETED"


@dataclass(frozen=True)
class PlatformCharge:
    """The platform's fee on one author's month in one currency."""

    fee: int = 0
    gst: int = 0
    invoice_number: str | None = None

    @property
    def total(self) -> int:
        return self.fee + self.gst


@dataclass
class _Line:
    count: int = 0
    gross: int = 0
    refunded: int = 0
    charged_back: int = 0
    gateway_fees: int = 0
    unknown_fees: int = 0

    def add(self, p: Payment, given_back: "_GivenBack") -> None:
        self.count += 1
        self.gross += p.gross_amount
        self.adjust(given_back)
        if p.gateway_fee is None:
            self.unknown_fees += 1
        else:
            self.gateway_fees += p.gateway_fee

    def adjust(self, given_back: "_GivenBack") -> None:
        self.refunded += given_back.refunded
        self.charged_back += given_back.charged_back

    @property
    def net(self) -> int:
        return self.gross - self.refunded - self.charged_back - self.gateway_fees

    def as_dict(self) -> dict:
        return {"count": self.count, "gross": self.gross, "refunded": self.refunded,
                "charged_back": self.charged_back, "gateway_fees": self.gateway_fees,
                "unknown_fees": self.unknown_fees, "net": self.net}


@dataclass
class _GivenBack:
    """What a payment gave back within some time: refunds and a chargeback."""

    refunded: int = 0
    charged_back: int = 0

    def __bool__(self) -> bool:
        return bool(self.refunded or self.charged_back)


GIVING_BACK = {"refunded": "refunded", "partially_refunded": "refunded",
               "dispute_lost": "charged_back"}  # payment event types -> what they gave back


def _given_back(events: Iterable[PaymentEvent], *, since: datetime | None,
                until: datetime) -> dict[str, _GivenBack]:
    """Per payment, what its refund and chargeback events gave back in ``[since, until)``."""
    found: dict[str, _GivenBack] = defaultdict(_GivenBack)
    for event in events:
        what = GIVING_BACK.get(event.event_type)
        if what and event.amount and (since is None or since <= event.created_at) \
                and event.created_at < until:
            moved = found[event.payment_id]
            setattr(moved, what, getattr(moved, what) + event.amount)
    return found


@dataclass
class _Group:
    total: _Line = field(default_factory=_Line)
    types: dict[str, _Line] = field(default_factory=lambda: defaultdict(_Line))
    disputed_count: int = 0
    disputed_amount: int = 0
    adjusted: _Line = field(default_factory=_Line)  # earlier months' payments


@dataclass(frozen=True)
class PayoutFigures:
    """One statement's numbers before it is stored."""

    author_id: str
    gateway: str
    currency: str
    gross_revenue: int
    refunded_amount: int
    charged_back_amount: int
    gateway_fees: int
    platform_fees: int
    net_payout: int
    transaction_count: int
    invoice_number: str | None
    breakdown: dict


def allocate(total: int, weights: list[int]) -> list[int]:
    """``total`` shared in proportion to ``weights`` (non-negative), in integers that add up
    to ``total``: floors first, then one unit each to the largest remainders (earliest first
    on a tie). All weights zero: the first takes everything."""
    if not weights:
        return []
    whole = sum(weights)
    if whole == 0:
        return [total] + [0] * (len(weights) - 1)
    shares = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:total - sum(shares)]:
        shares[i] += 1
    return shares


def payout_figures(payments: Iterable[Payment], events: Iterable[PaymentEvent], *,
                   start: datetime, end: datetime,
                   charges: dict[tuple[str, str], PlatformCharge],
                   revenues: dict[tuple[str, str, str], int]) -> list[PayoutFigures]:
    """Statements per (author, gateway, currency) of ``[start, end)``: the author payments
    collected in it, and the refunds and chargebacks in it of those collected before.
    ``events`` are the payments' log lines (those that give money back are used; none after
    ``end`` count). ``charges`` holds the platform fee per (author, currency) (none: 0);
    ``revenues`` the invoice revenue per (author, gateway, currency) the fee is shared by
    (none: 0). Sorted by author, gateway, currency."""
    events = list(events)
    by_end, in_month = (_given_back(events, since=None, until=end),
                        _given_back(events, since=start, until=end))
    groups: dict[tuple[str, str, str], _Group] = defaultdict(_Group)
    for p in payments:
        if p.author_id is None or p.status not in COLLECTED or p.processed_at is None \
                or p.processed_at >= end:
            continue
        if p.processed_at < start:
            if in_month.get(p.id):
                group = groups[(p.author_id, p.gateway, p.currency)]
                for line in (group.total, group.types[p.type.value]):
                    line.adjust(in_month[p.id])
                group.adjusted.count += 1
                group.adjusted.adjust(in_month[p.id])
            continue
        group = groups[(p.author_id, p.gateway, p.currency)]
        given_back = by_end.get(p.id, _GivenBack())
        group.total.add(p, given_back)
        group.types[p.type.value].add(p, given_back)
        if p.status == PaymentStatus.DISPUTED:
            group.disputed_count += 1
            group.disputed_amount += p.kept_amount
    by_money: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in sorted(groups):
        by_money[(key[0], key[2])].append(key)
    shares: dict[tuple[str, str, str], tuple[int, int]] = {}
    for money, keys in by_money.items():
        charge = charges.get(money, PlatformCharge())
        weights = [revenues.get(k, 0) for k in keys]
        for key, fee, gst in zip(keys, allocate(charge.fee, weights),
                                 allocate(charge.gst, weights), strict=True):
            shares[key] = (fee, gst)
    figures = []
    for key in sorted(groups):
        author_id, gateway, currency = key
        group, (fee, gst) = groups[key], shares[key]
        charge = charges.get((author_id, currency), PlatformCharge())
        line = group.total
        figures.append(PayoutFigures(
            author_id=author_id, gateway=gateway, currency=currency, gross_revenue=line.gross,
            refunded_amount=line.refunded, charged_back_amount=line.charged_back,
            gateway_fees=line.gateway_fees, platform_fees=fee + gst,
            net_payout=line.net - fee - gst, transaction_count=line.count,
            invoice_number=charge.invoice_number, breakdown={
                "by_type": {t: group.types[t].as_dict() for t in sorted(group.types)},
                "unknown_fee_count": line.unknown_fees,
                "open_disputes": {"count": group.disputed_count,
                                  "amount": group.disputed_amount},
                "adjustments": {"count": group.adjusted.count,
                                "refunded": group.adjusted.refunded,
                                "charged_back": group.adjusted.charged_back},
                "platform_fee": {"revenue": revenues.get(key, 0), "fee": fee, "gst": gst,
                                 "invoice_number": charge.invoice_number}}))
    return figures


@dataclass(eq=False, kw_only=True)
class AuthorPayout(Entity):
    author_id: str
    period_start: datetime
    period_end: datetime  # exclusive: the first moment of the next month
    gateway: str
    currency: str
    gross_revenue: int
    refunded_amount: int
    charged_back_amount: int
    gateway_fees: int
    platform_fees: int  # the usage fee and its GST
    net_payout: int
    transaction_count: int
    breakdown: dict = field(default_factory=dict)
    invoice_number: str | None = None  # the platform invoice the fee is on, if issued
    status: PayoutStatus = PayoutStatus.COMPLETED
    completed_at: datetime
    created_at: datetime
    updated_at: datetime

    @classmethod
    def settle(cls, *, id: str, figures: PayoutFigures, period_start: datetime,
               period_end: datetime, now: datetime) -> "AuthorPayout":
        return cls(id=id, author_id=figures.author_id, period_start=period_start,
                   period_end=period_end, gateway=figures.gateway, currency=figures.currency,
                   gross_revenue=figures.gross_revenue,
                   refunded_amount=figures.refunded_amount,
                   charged_back_amount=figures.charged_back_amount,
                   gateway_fees=figures.gateway_fees, platform_fees=figures.platform_fees,
                   net_payout=figures.net_payout, transaction_count=figures.transaction_count,
                   breakdown=figures.breakdown, invoice_number=figures.invoice_number,
                   completed_at=now, created_at=now, updated_at=now)
