"""The FREE-tier usage fee: once a month the platform invoices each FREE-tier author who had
reader revenue a share of it, plus GST on that share.

The rule, in integers of the smallest currency unit:
- revenue: over the calendar month ``[period_start, period_end)`` UTC, by the moment the
  money was collected (``processed_at``), the author's payments that are SUCCEEDED,
  PARTIALLY_REFUNDED or REFUNDED, each counting ``gross - refunded`` as known when the invoice
  is made (a disputed payment is left out until the dispute is won; later refunds do not change
  an issued invoice).
- one invoice per currency: there is no conversion, so an author paid in INR and USD gets two.
- fee = revenue x fee_bps / 10,000 and GST = fee x gst_bps / 10,000, each rounded ONCE,
  half up, to the smallest unit (GST is computed on the rounded fee, as it is printed);
  total = fee + GST. A month whose revenue is zero makes no invoice.

Invoice numbers are ``OV-<year>-<six digits>``, gap-free within the year of issue: they come
from one counter row per year (the service locks it). States:

    PENDING --mark paid--> PAID

VOID is the seed's third state: a void invoice cannot be paid, and nothing voids one yet.
The due date is ``period_end`` (the next month's first moment) plus the configured days.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.payments.payment import Payment, PaymentStatus

BPS = 10_000
REVENUE_STATUSES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED,
                              PaymentStatus.REFUNDED})
NUMBER_PREFIX = "OV"
PAYMENT_METHOD_MAX = 50
PAYMENT_REFERENCE_MAX = 255
DUE_SOON = timedelta(days=3)


class PlatformInvoiceStatus(StrEnum):
    PENDING = "PENDING"
    PAID = "PAID"
    VOID = "VOID"


class ReminderStage(StrEnum):
    """Reminders an invoice can get, in order; each is sent at most once."""

    DUE_SOON = "DUE_SOON"  # 3 days before the due date
    OVERDUE = "OVERDUE"  # once the due date has passed

    @property
    def rank(self) -> int:
        return 1 if self is ReminderStage.DUE_SOON else 2


def half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up (both non-negative): 12345 / 10 -> 1235."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class UsageFee:
    gross_revenue: int
    fee_amount: int
    gst_amount: int

    @property
    def total_amount(self) -> int:
        return self.fee_amount + self.gst_amount


def usage_fee(revenue: int, *, fee_bps: int, gst_bps: int) -> UsageFee:
    """The fee on ``revenue`` and the GST on the (rounded) fee, each rounded half up once."""
    if revenue < 0 or fee_bps < 0 or gst_bps < 0:
        raise RuleViolation("Revenue and rates are never negative.", code="invalid_fee_input")
    fee = half_up(revenue * fee_bps, BPS)
    return UsageFee(gross_revenue=revenue, fee_amount=fee, gst_amount=half_up(fee * gst_bps, BPS))


@dataclass(frozen=True)
class Revenue:
    """One author's revenue in one currency over a period."""

    author_id: str
    currency: str
    amount: int
    transaction_count: int
    breakdown: dict[str, int]  # payment type -> amount


def revenue_of(payments: Iterable[Payment], *, start: datetime,
               end: datetime) -> list[Revenue]:
    """Revenue per (author, currency) of the payments collected in ``[start, end)``; zero
    sums are left out. Sorted by author, then currency."""
    sums: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, defaultdict(int)])
    for p in payments:
        if (p.author_id is None or p.status not in REVENUE_STATUSES
                or p.processed_at is None or not start <= p.processed_at < end):
            continue
        kept = p.gross_amount - p.refunded_amount
        row = sums[(p.author_id, p.currency)]
        row[0] += kept
        row[1] += 1
        row[2][p.type.value] += kept
    return [Revenue(author_id=a, currency=c, amount=amount, transaction_count=count,
                    breakdown=dict(sorted(types.items())))
            for (a, c), (amount, count, types) in sorted(sums.items()) if amount > 0]


def month_period(year: int, month: int) -> tuple[datetime, datetime]:
    """The calendar month ``[first day, first day of the next)`` in UTC."""
    if not 1 <= month <= 12 or not 2000 <= year <= 9999:
        raise RuleViolation("No such month.", code="invalid_period",
                            fields={"month": ["A month is 1-12 of a year from 2000."]})
    start = datetime(year, month, 1, tzinfo=UTC)
    return start, start.replace(year=year + month // 12, month=month % 12 + 1)


def previous_month(now: datetime) -> tuple[int, int]:
    first = now.astimezone(UTC).replace(day=1)
    return (first.year, first.month - 1) if first.month > 1 else (first.year - 1, 12)


def invoice_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:06d}"


@dataclass(eq=False, kw_only=True)
class InvoiceCounter(Entity):
    """The last invoice number given out in a year (one row per year)."""

    year: int
    last_number: int = 0

    def take(self) -> str:
        self.last_number += 1
        return invoice_number(self.year, self.last_number)


@dataclass(eq=False, kw_only=True)
class PlatformInvoice(Entity):
    number: str
    author_id: str
    period_start: datetime
    period_end: datetime  # exclusive: the first moment of the next month
    currency: str
    gross_revenue: int
    fee_bps: int
    fee_amount: int
    gst_bps: int
    gst_amount: int
    total_amount: int
    transaction_count: int
    breakdown: dict = field(default_factory=dict)  # payment type -> revenue
    status: PlatformInvoiceStatus = PlatformInvoiceStatus.PENDING
    issued_at: datetime
    due_date: datetime
    paid_at: datetime | None = None
    payment_method: str | None = None
    payment_reference: str | None = None
    reminders_sent: int = 0  # the rank of the last reminder stage sent (0: none)
    last_reminder_at: datetime | None = None
    gateway_checkout_id: str | None = None  # the open checkout paying it online, if any
    checkout_url: str | None = None
    checkout_attempts: int = 0  # checkouts opened so far (each its own idempotency key)
    created_at: datetime
    updated_at: datetime

    @classmethod
    def issue(cls, *, id: str, number: str, revenue: Revenue, period_start: datetime,
              period_end: datetime, fee_bps: int, gst_bps: int, due_days: int,
              now: datetime) -> "PlatformInvoice":
        fee = usage_fee(revenue.amount, fee_bps=fee_bps, gst_bps=gst_bps)
        return cls(id=id, number=number, author_id=revenue.author_id,
                   period_start=period_start, period_end=period_end,
                   currency=revenue.currency, gross_revenue=fee.gross_revenue,
                   fee_bps=fee_bps, fee_amount=fee.fee_amount, gst_bps=gst_bps,
                   gst_amount=fee.gst_amount, total_amount=fee.total_amount,
                   transaction_count=revenue.transaction_count,
                   breakdown=dict(revenue.breakdown), issued_at=now,
                   due_date=period_end + timedelta(days=due_days), created_at=now,
                   updated_at=now)

    def is_overdue(self, now: datetime) -> bool:
        return self.status == PlatformInvoiceStatus.PENDING and now >= self.due_date

    def mark_paid(self, *, now: datetime, payment_method: str,
                  payment_reference: str | None = None) -> None:
        self.require_payable()
        method = payment_method.strip()
        if not method or len(method) > PAYMENT_METHOD_MAX:
            raise RuleViolation("Say how it was paid.", code="invalid_payment_method",
                                fields={"payment_method": [f"1-{PAYMENT_METHOD_MAX} "
                                                           "characters."]})
        reference = (payment_reference or "").strip() or None
        if reference and len(reference) > PAYMENT_REFERENCE_MAX:
            raise RuleViolation("The reference is too long.", code="invalid_payment_reference",
                                fields={"payment_reference": [
                                    f"At most {PAYMENT_REFERENCE_MAX} characters."]})
        self.status, self.paid_at, self.updated_at = PlatformInvoiceStatus.PAID, now, now
        self.payment_method, self.payment_reference = method, reference
        self.checkout_url = None

    def open_checkout(self, *, checkout_id: str, url: str, now: datetime) -> None:
        """Paying online: the author is sent to ``url``."""
        self.require_payable()
        self.gateway_checkout_id, self.checkout_url = checkout_id, url
        self.checkout_attempts += 1
        self.updated_at = now

    def checkout_closed(self, now: datetime) -> None:
        """The checkout expired unpaid: the next payment opens another."""
        self.gateway_checkout_id = self.checkout_url = None
        self.updated_at = now

    def require_payable(self) -> None:
        """409 invoice_already_paid or invoice_void: only a PENDING invoice is paid."""
        if self.status == PlatformInvoiceStatus.PAID:
            raise InvalidTransition("This invoice is already paid.",
                                    code="invoice_already_paid")
        if self.status != PlatformInvoiceStatus.PENDING:
            raise InvalidTransition("A void invoice cannot be paid.", code="invoice_void")

    def reminder_due(self, now: datetime) -> ReminderStage | None:
        """The reminder to send now, if any: OVERDUE once past due, DUE_SOON in the last 3
        days before it; never a stage already sent (nor an earlier one after a later)."""
        if self.status != PlatformInvoiceStatus.PENDING:
            return None
        if now >= self.due_date:
            stage = ReminderStage.OVERDUE
        elif now >= self.due_date - DUE_SOON:
            stage = ReminderStage.DUE_SOON
        else:
            return None
        return stage if stage.rank > self.reminders_sent else None

    def remind(self, stage: ReminderStage, now: datetime) -> None:
        self.reminders_sent, self.last_reminder_at, self.updated_at = stage.rank, now, now
