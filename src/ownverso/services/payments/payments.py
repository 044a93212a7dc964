"""The payment views: an author's payments received (list, one with its log, stats, a
timeline for charts, a CSV export) and a reader's own payments (list, one, a receipt).

Who sees what: an author sees the payments made to them (``author_id``: every site of theirs
and tips to them); a reader sees the payments they made. Anyone else's payment is 404. An
anonymous tip never names its payer to the author (``payer_hidden``).

Lists are one statement per page, one for the total and one batch per related kind (payers,
sites); the stats and the timeline load the author's collected payments once and add up in
Python, like the subscriber stats. Every amount is in the smallest currency unit and never
summed across currencies.

Definitions of the stats (``[from, to)`` by the payment's ``created_at``, default the 30 days
up to the end of today, UTC; only collected payments count: SUCCEEDED, PARTIALLY_REFUNDED,
REFUNDED, DISPUTED, CHARGEBACK_LOST):
- gross: what readers paid; refunded: what was given back of those payments; net: gross less
  refunds and lost chargebacks; count: how many; payers: distinct readers.
- ARPU: gross // payers over the period; LTV: gross // payers over all time (rounded down).
- MRR: the live, paid reader subscriptions of the author's sites normalized to a month (the
  subscriber stats' ``recurring_revenue``: annual // 12, gifts and trials 0).
"""

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ownverso.domain.memberships.subscriber_stats import recurring_revenue
from ownverso.domain.payments.payment import (
    COLLECTED,
    Payment,
    PaymentEvent,
    PaymentStatus,
    PaymentType,
)
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from ownverso.services.memberships.subscribers import safe_cell
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.ports.receipts import Receipt, ReceiptRenderer

NEWEST = ("-created_at", "-id")
DEFAULT_PERIOD = timedelta(days=30)
MAX_BUCKETS = {"day": 366, "month": 120}
EXPORT_PAGE = 500
PLATFORM = "Ownverso"
CSV_COLUMNS = ("payment_id", "created_at", "type", "status", "site_id", "site_name",
               "payer_username", "description", "gross_amount", "refunded_amount",
               "gateway_fee", "net_amount", "currency", "gateway", "gateway_payment_id")


@dataclass(frozen=True)
class PersonRef:
    id: str
    username: str | None
    display_name: str | None


@dataclass(frozen=True)
class SiteRef:
    id: str
    name: str
    slug: str


@dataclass(frozen=True)
class PaymentView:
    payment: Payment
    payer: PersonRef | None  # None to the author for an anonymous tip
    site: SiteRef | None
    author: PersonRef | None  # the payee (None: the platform)
    events: list[PaymentEvent] | None = None  # oldest first, on the detail only


@dataclass(frozen=True)
class CurrencyStats:
    currency: str
    gross: int
    refunded: int
    net: int
    count: int
    payers: int
    arpu: int | None
    lifetime_gross: int
    lifetime_payers: int
    ltv: int | None
    mrr: int


@dataclass(frozen=True)
class PaymentStats:
    period_start: datetime
    period_end: datetime
    currencies: list[CurrencyStats]


@dataclass(frozen=True)
class Total:
    currency: str
    gross: int
    count: int


@dataclass(frozen=True)
class Bucket:
    start: datetime
    totals: list[Total]


@dataclass(frozen=True)
class Timeline:
    interval: str
    buckets: list[Bucket]


@dataclass(frozen=True)
class PaymentFilter:
    site_id: str | None = None
    type: PaymentType | None = None
    status: PaymentStatus | None = None
    start: datetime | None = None
    end: datetime | None = None

    def filters(self) -> dict:
        found = {"site_id": self.site_id, "type": self.type, "status": self.status,
                 "created_at__gte": self.start, "created_at__lt": self.end}
        return {k: v for k, v in found.items() if v is not None}


@dataclass(frozen=True)
class CsvStream:
    filename: str
    chunks: Iterator[bytes]
    content_type: str = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class ReceiptFile:
    filename: str
    data: bytes
    content_type: str


def payment_not_found() -> NotFound:
    return NotFound("No such payment.", code="payment_not_found")


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _bad_query(message: str, code: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]}, location="query")


def _period(start: datetime | None, end: datetime | None) -> tuple[datetime | None,
                                                                 datetime | None]:
    start, end = _aware(start), _aware(end)
    if start and end and start >= end:
        raise _bad_query("from comes before to.", "invalid_period", "from")
    return start, end


def _person(user) -> PersonRef | None:
    return PersonRef(id=user.id, username=user.username, display_name=user.display_name) \
        if user else None


def payment_views(uow: UnitOfWork, payments: list[Payment], *, as_author: bool,
                  events: list[PaymentEvent] | None = None) -> list[PaymentView]:
    """Views with their payer, site and payee: one batch per kind, whatever the length."""
    people = {p.reader_id for p in payments} | {p.author_id for p in payments if p.author_id}
    users = {u.id: u for u in uow.users.list(id__in=sorted(people))} if people else {}
    site_ids = sorted({p.site_id for p in payments if p.site_id})
    sites = {s.id: s for s in uow.sites.list(id__in=site_ids)} if site_ids else {}
    views = []
    for p in payments:
        site = sites.get(p.site_id) if p.site_id else None
        hidden = as_author and p.payer_hidden
        views.append(PaymentView(
            payment=p, payer=None if hidden else _person(users.get(p.reader_id)),
            site=SiteRef(id=site.id, name=site.name, slug=site.slug) if site else None,
            author=_person(users.get(p.author_id)) if p.author_id else None, events=events))
    return views


def _floor(moment: datetime, interval: str) -> datetime:
    day = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day.replace(day=1) if interval == "month" else day


def _next(moment: datetime, interval: str) -> datetime:
    if interval == "day":
        return moment + timedelta(days=1)
    return moment.replace(year=moment.year + moment.month // 12, month=moment.month % 12 + 1)


def payment_stats(collected: Iterable[Payment], mrr: dict[str, int], *, start: datetime,
                  end: datetime) -> PaymentStats:
    period: dict[str, list] = defaultdict(lambda: [0, 0, 0, 0, set()])
    lifetime: dict[str, list] = defaultdict(lambda: [0, set()])
    for p in collected:
        lifetime[p.currency][0] += p.gross_amount
        lifetime[p.currency][1].add(p.reader_id)
        if start <= p.created_at < end:
            row = period[p.currency]
            row[0] += p.gross_amount
            row[1] += p.refunded_amount
            row[2] += p.kept_amount
            row[3] += 1
            row[4].add(p.reader_id)
    currencies = []
    for currency in sorted(set(period) | set(lifetime) | set(mrr)):
        gross, refunded, net, count, payers = period.get(currency, [0, 0, 0, 0, set()])
        ever, ever_payers = lifetime.get(currency, [0, set()])
        currencies.append(CurrencyStats(
            currency=currency, gross=gross, refunded=refunded, net=net, count=count,
            payers=len(payers), arpu=gross // len(payers) if payers else None,
            lifetime_gross=ever, lifetime_payers=len(ever_payers),
            ltv=ever // len(ever_payers) if ever_payers else None,
            mrr=mrr.get(currency, 0)))
    return PaymentStats(period_start=start, period_end=end, currencies=currencies)


def _csv_line(cells: Iterable[object]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_cell(c) for c in cells])
    return out.getvalue().encode("utf-8")


def _csv_row(view: PaymentView) -> list:
    p = view.payment
    return [p.id, p.created_at.isoformat(), p.type.value, p.status.value, p.site_id or "",
            view.site.name if view.site else "", view.payer.username if view.payer else "",
            p.description or "", p.gross_amount, p.refunded_amount,
            "" if p.gateway_fee is None else p.gateway_fee,
            "" if p.net_amount is None else p.net_amount, p.currency, p.gateway,
            p.gateway_payment_id]


class PaymentService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock,
                 receipts: ReceiptRenderer):
        self.uow, self.clock, self.receipts = uow, clock, receipts

    # -- the author ---------------------------------------------------------------------------
    def received(self, *, actor: Actor, offset: int = 0, limit: int | None = None,
                 site_id: str | None = None, type: PaymentType | None = None,
                 status: PaymentStatus | None = None, start: datetime | None = None,
                 end: datetime | None = None) -> tuple[list[PaymentView], int]:
        """Payments made to me, newest first; filters: site, type, status, ``[from, to)``."""
        start, end = _period(start, end)
        where = {"author_id": actor.user_id, **PaymentFilter(
            site_id=site_id, type=type, status=status, start=start, end=end).filters()}
        with self.uow() as uow:
            page = uow.payments.list(order_by=NEWEST, offset=offset, limit=limit, **where)
            return payment_views(uow, page, as_author=True), uow.payments.count(**where)

    def received_one(self, *, actor: Actor, payment_id: str) -> PaymentView:
        with self.uow() as uow:
            payment = uow.payments.get(payment_id) if payment_id else None
            if payment is None or payment.author_id != actor.user_id:
                raise payment_not_found()
            return payment_views(uow, [payment], as_author=True,
                                 events=self._log(uow, payment))[0]

    def stats(self, *, actor: Actor, start: datetime | None = None,
              end: datetime | None = None) -> PaymentStats:
        now = self.clock.now()
        start, end = _period(start, end)
        end = end or (start + DEFAULT_PERIOD if start else _next(_floor(now, "day"), "day"))
        start = start or end - DEFAULT_PERIOD
        if start >= end:
            raise _bad_query("from comes before to.", "invalid_period", "from")
        with self.uow() as uow:
            collected = uow.payments.list(author_id=actor.user_id,
                                          status__in=sorted(COLLECTED))
            site_ids = [s.id for s in uow.sites.list(author_id=actor.user_id)]
            subs = uow.reader_subscriptions.list(site_id__in=site_ids, status__ne=None) \
                if site_ids else []
        return payment_stats(collected, recurring_revenue(subs, now), start=start, end=end)

    def timeline(self, *, actor: Actor, interval: str = "day", start: datetime | None = None,
                 end: datetime | None = None) -> Timeline:
        """Collected payments per UTC day or calendar month over ``[from, to)``, every bucket
        present (default: the last 30 days or the last 12 months, the current one included)."""
        if interval not in MAX_BUCKETS:
            raise _bad_query("day or month.", "invalid_interval", "interval")
        start, end = _period(start, end)
        now = self.clock.now()
        end = end or _next(_floor(now, interval), interval)
        if start is None:
            start = _floor(end - timedelta(days=30), interval) if interval == "day" else \
                _floor(end, "month").replace(year=end.year - 1)
        if start >= end:
            raise _bad_query("from comes before to.", "invalid_period", "from")
        first = _floor(start, interval)
        starts = [first]
        while _next(starts[-1], interval) < end:
            if len(starts) >= MAX_BUCKETS[interval]:
                raise _bad_query(f"At most {MAX_BUCKETS[interval]} {interval}s.",
                                 "period_too_long", "from")
            starts.append(_next(starts[-1], interval))
        with self.uow() as uow:
            collected = uow.payments.list(author_id=actor.user_id,
                                          status__in=sorted(COLLECTED),
                                          created_at__gte=first, created_at__lt=end)
        sums: dict[tuple[datetime, str], list[int]] = defaultdict(lambda: [0, 0])
        for p in collected:
            cell = sums[(_floor(p.created_at, interval), p.currency)]
            cell[0] += p.gross_amount
            cell[1] += 1
        return Timeline(interval=interval, buckets=[
            Bucket(start=s, totals=[Total(currency=c, gross=g, count=n)
                                    for (b, c), (g, n) in sorted(sums.items()) if b == s])
            for s in starts])

    def export(self, *, actor: Actor, site_id: str | None = None,
               type: PaymentType | None = None, status: PaymentStatus | None = None,
               start: datetime | None = None, end: datetime | None = None) -> CsvStream:
        """The list's rows as CSV (the columns of ``CSV_COLUMNS``), newest first, streamed a
        page at a time; payments made after the export began are left out."""
        start, end = _period(start, end)
        now = self.clock.now()
        where = {"author_id": actor.user_id, "created_at__lte": now, **PaymentFilter(
            site_id=site_id, type=type, status=status, start=start, end=end).filters()}

        def chunks() -> Iterator[bytes]:
            yield _csv_line(CSV_COLUMNS)
            offset = 0
            while True:
                with self.uow() as uow:
                    page = uow.payments.list(order_by=NEWEST, offset=offset,
                                             limit=EXPORT_PAGE, **where)
                    views = payment_views(uow, page, as_author=True)
                for view in views:
                    yield _csv_line(_csv_row(view))
                if len(page) < EXPORT_PAGE:
                    return
                offset += EXPORT_PAGE

        return CsvStream(filename=f"payments-{now.date().isoformat()}.csv", chunks=chunks())

    # -- the reader -----------------------------------------------------------------------------
    def mine(self, *, actor: Actor, offset: int = 0, limit: int | None = None,
             type: PaymentType | None = None, status: PaymentStatus | None = None
             ) -> tuple[list[PaymentView], int]:
        """Payments I made, newest first."""
        where = {"reader_id": actor.user_id, **PaymentFilter(type=type,
                                                             status=status).filters()}
        with self.uow() as uow:
            page = uow.payments.list(order_by=NEWEST, offset=offset, limit=limit, **where)
            return payment_views(uow, page, as_author=False), uow.payments.count(**where)

    def my_one(self, *, actor: Actor, payment_id: str) -> PaymentView:
        with self.uow() as uow:
            payment = self._my_payment(uow, actor, payment_id)
            return payment_views(uow, [payment], as_author=False,
                                 events=self._log(uow, payment))[0]

    def receipt(self, *, actor: Actor, payment_id: str) -> ReceiptFile:
        """A receipt of a payment I made (409 payment_not_collected for one that took no
        money: pending, failed, cancelled)."""
        with self.uow() as uow:
            payment = self._my_payment(uow, actor, payment_id)
            view = payment_views(uow, [payment], as_author=False)[0]
        if not payment.collected:
            raise Conflict("This payment took no money: it has no receipt.",
                           code="payment_not_collected",
                           fields={"status": [payment.status.value]})
        if view.site is not None:
            merchant = view.site.name + (f" by {view.author.display_name}"
                                         if view.author and view.author.display_name else "")
        elif view.author is not None:
            merchant = view.author.display_name or view.author.username or PLATFORM
        else:
            merchant = PLATFORM
        payer = view.payer.display_name or view.payer.username if view.payer else ""
        data = self.receipts.render(Receipt(
            payment_id=payment.id, merchant=merchant or PLATFORM,
            item=payment.description or payment.type.value, payer=payer or "",
            amount=payment.gross_amount, currency=payment.currency,
            status=payment.status.value,
            paid_at=payment.processed_at or payment.created_at, gateway=payment.gateway,
            gateway_payment_id=payment.gateway_payment_id,
            refunded_amount=payment.refunded_amount, refunded_at=payment.refunded_at))
        return ReceiptFile(filename=f"receipt-{payment.id}.{self.receipts.extension}",
                           data=data, content_type=self.receipts.content_type)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _my_payment(uow: UnitOfWork, actor: Actor, payment_id: str) -> Payment:
        payment = uow.payments.get(payment_id) if payment_id else None
        if payment is None or payment.reader_id != actor.user_id:
            raise payment_not_found()
        return payment

    @staticmethod
    def _log(uow: UnitOfWork, payment: Payment) -> list[PaymentEvent]:
        return uow.payment_events.list(payment_id=payment.id, order_by=("sequence",))
