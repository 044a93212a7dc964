"""Authors' monthly payout statements (the rule is in ``ownverso.domain.payments.payout``):
generating a closed month's statements, and the author's views (list, one, stats, CSV).

Generation is idempotent and safe to run concurrently: a statement is unique per (author,
gateway, currency, month) in storage, a run skips the ones already there, and a run that
loses a race to a concurrent one (an integrity conflict at commit) starts again and finds the
winner's statements. The platform fee comes from the month's platform invoice when it was
issued (a void invoice charges nothing), otherwise from the same rule with the same
settings, for the authors on the FREE platform tier at the time of generation (the invoices
read the tier the same way).

Who sees what: an author sees their own statements; an administrator may name any author
(``author_id``) and read any statement. Anyone else's statement is 404. Lists are one
statement per page and one for the total; the stats load the author's statements once and
this month's payments once, and add up in Python. Amounts are never summed across
currencies.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.billing.platform_invoice import (
    PlatformInvoiceStatus,
    month_period,
    previous_month,
    revenue_of,
    usage_fee,
)
from ownverso.domain.errors import RuleViolation
from ownverso.domain.payments.payment import COLLECTED, Payment
from ownverso.domain.payments.payout import (
    GIVING_BACK,
    ID_PREFIX,
    AuthorPayout,
    PayoutFigures,
    PayoutStatus,
    PlatformCharge,
    payout_figures,
)
from ownverso.services.billing.platform_invoices import FeeSettings
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, PermissionDenied, ValidationFailed
from ownverso.services.memberships.subscribers import safe_cell
from ownverso.services.payments.payments import CsvStream
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork

NEWEST = ("-period_start", "gateway", "currency", "id")
ATTEMPTS = 3  # a run that lost a race once finds the winner's statements the second time
EXPORT_PAGE = 500
CSV_COLUMNS = ("payout_id", "period_start", "period_end", "gateway", "currency", "status",
               "gross_revenue", "refunded_amount", "charged_back_amount", "gateway_fees",
               "platform_fees", "net_payout", "transaction_count", "unknown_fee_count",
               "invoice_number", "completed_at")


@dataclass(frozen=True)
class PayoutRun:
    period_start: datetime
    period_end: datetime
    created: int  # statements made by this run
    existing: int  # statements of the period already there


@dataclass(frozen=True)
class PayoutFilter:
    status: PayoutStatus | None = None
    gateway: str | None = None
    start: datetime | None = None  # statements whose month starts at or after
    end: datetime | None = None  # ... and before

    def filters(self) -> dict:
        found = {"status": self.status, "gateway": self.gateway,
                 "period_start__gte": self.start, "period_start__lt": self.end}
        return {k: v for k, v in found.items() if v is not None}


@dataclass(frozen=True)
class PayoutTotals:
    currency: str
    gateway: str | None  # None: every gateway
    gross_revenue: int
    refunded_amount: int
    charged_back_amount: int
    gateway_fees: int
    platform_fees: int
    net_payout: int
    transaction_count: int
    payouts: int  # statements added up


@dataclass(frozen=True)
class MonthTotals:
    period_start: datetime
    period_end: datetime
    totals: list[PayoutTotals]  # per currency


@dataclass(frozen=True)
class PayoutStats:
    totals: list[PayoutTotals]  # every statement, per currency
    by_gateway: list[PayoutTotals]  # every statement, per gateway and currency
    last_month: MonthTotals  # the last closed month's statements
    this_month: MonthTotals  # provisional: the current month so far, by the same rule


def payout_not_found() -> NotFound:
    return NotFound("No such payout.", code="payout_not_found")


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _totals(rows: Iterable[AuthorPayout | PayoutFigures], *,
            by_gateway: bool = False) -> list[PayoutTotals]:
    sums: dict[tuple[str, str | None], list[int]] = defaultdict(lambda: [0] * 8)
    for r in rows:
        cell = sums[(r.currency, r.gateway if by_gateway else None)]
        for i, value in enumerate((r.gross_revenue, r.refunded_amount, r.charged_back_amount,
                                   r.gateway_fees, r.platform_fees, r.net_payout,
                                   r.transaction_count, 1)):
            cell[i] += value
    return [PayoutTotals(currency=c, gateway=g, gross_revenue=s[0], refunded_amount=s[1],
                         charged_back_amount=s[2], gateway_fees=s[3], platform_fees=s[4],
                         net_payout=s[5], transaction_count=s[6], payouts=s[7])
            for (c, g), s in sorted(sums.items(), key=lambda item: (item[0][1] or "",
                                                                    item[0][0]))]


def _csv_line(cells: Iterable[object]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_cell(c) for c in cells])
    return out.getvalue().encode("utf-8")


def _csv_row(p: AuthorPayout) -> list:
    return [p.id, p.period_start.isoformat(), p.period_end.isoformat(), p.gateway, p.currency,
            p.status.value, p.gross_revenue, p.refunded_amount, p.charged_back_amount,
            p.gateway_fees, p.platform_fees, p.net_payout, p.transaction_count,
            p.breakdown.get("unknown_fee_count", 0), p.invoice_number or "",
            p.completed_at.isoformat()]


class PayoutService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 fees: FeeSettings):
        self.uow, self.clock, self.ids, self.fees = uow, clock, ids, fees

    # -- generation ---------------------------------------------------------------------------
    def generate(self, *, year: int, month: int) -> PayoutRun:
        """The statements of a calendar month that has ended (422 period_not_ended)."""
        try:
            start, end = month_period(year, month)
        except RuleViolation as error:
            raise ValidationFailed(error.message, code=error.code, fields=error.fields) \
                from error
        if end > self.clock.now():
            raise ValidationFailed("That month has not ended yet.", code="period_not_ended",
                                   fields={"month": ["Only a month that has ended."]})
        attempt = 1
        while True:
            try:
                return self._generate(start, end)
            except IntegrityConflict:
                if attempt == ATTEMPTS:
                    raise
                attempt += 1

    def generate_last_month(self) -> PayoutRun:
        """The periodic job: last month's statements (idempotent, so it may run often)."""
        year, month = previous_month(self.clock.now())
        return self.generate(year=year, month=month)

    def _generate(self, start: datetime, end: datetime) -> PayoutRun:
        now = self.clock.now()
        with self.uow() as uow:
            taken = {(p.author_id, p.gateway, p.currency)
                     for p in uow.author_payouts.list(period_start=start)}
            figures = self._figures(uow, start, end)
            made = 0
            for f in figures:
                if (f.author_id, f.gateway, f.currency) in taken:
                    continue
                uow.author_payouts.add(AuthorPayout.settle(
                    id=self.ids.new_id(ID_PREFIX), figures=f, period_start=start,
                    period_end=end, now=now))
                made += 1
            uow.commit()
        return PayoutRun(period_start=start, period_end=end, created=made,
                         existing=len(taken))

    def _figures(self, uow: UnitOfWork, start: datetime, end: datetime, *,
                 author_id: str | None = None) -> list[PayoutFigures]:
        """The statements of ``[start, end)`` (one author's, or everyone's)."""
        where = {"author_id": author_id} if author_id else {"author_id__isnull": False}
        payments = uow.payments.list(status__in=sorted(COLLECTED), processed_at__gte=start,
                                     processed_at__lt=end, **where)
        given_back = sorted(GIVING_BACK)
        events = uow.payment_events.list(
            event_type__in=given_back, created_at__lt=end,
            payment_id__in=[p.id for p in payments]) if payments else []
        # earlier months' payments that changed since the month began (a superset of those
        # that gave money back in it), and what they gave back in it
        earlier = uow.payments.list(status__in=sorted(COLLECTED), processed_at__lt=start,
                                    updated_at__gte=start, **where)
        later = uow.payment_events.list(
            event_type__in=given_back, created_at__gte=start, created_at__lt=end,
            payment_id__in=[p.id for p in earlier]) if earlier else []
        author_ids = sorted({p.author_id for p in payments + earlier if p.author_id})
        if not author_ids:
            return []
        charges: dict[tuple[str, str], PlatformCharge] = {}
        for invoice in uow.platform_invoices.list(period_start=start, **where):
            charges[(invoice.author_id, invoice.currency)] = PlatformCharge() \
                if invoice.status == PlatformInvoiceStatus.VOID else PlatformCharge(
                    fee=invoice.fee_amount, gst=invoice.gst_amount,
                    invoice_number=invoice.number)
        free = {u.id for u in uow.users.list(id__in=author_ids,
                                             platform_tier=PlatformTier.FREE.value)}
        for revenue in revenue_of(payments, start=start, end=end):
            key = (revenue.author_id, revenue.currency)
            if key not in charges and revenue.author_id in free:
                fee = usage_fee(revenue.amount, fee_bps=self.fees.fee_bps,
                                gst_bps=self.fees.gst_bps)
                charges[key] = PlatformCharge(fee=fee.fee_amount, gst=fee.gst_amount)
        by_gateway: dict[str, list[Payment]] = defaultdict(list)
        for p in payments:
            by_gateway[p.gateway].append(p)
        revenues = {(r.author_id, gateway, r.currency): r.amount
                    for gateway, paid in by_gateway.items()
                    for r in revenue_of(paid, start=start, end=end)}
        return payout_figures(payments + earlier, events + later, start=start, end=end,
                              charges=charges, revenues=revenues)

    # -- the author -----------------------------------------------------------------------------
    def list(self, *, actor: Actor, offset: int = 0, limit: int | None = None,
             author_id: str | None = None, status: PayoutStatus | None = None,
             gateway: str | None = None, start: datetime | None = None,
             end: datetime | None = None) -> tuple[list[AuthorPayout], int]:
        """My statements, newest month first; filters: status, gateway, months in
        ``[from, to)``."""
        where = self._where(actor, author_id, PayoutFilter(
            status=status, gateway=gateway, start=start, end=end))
        with self.uow() as uow:
            page = uow.author_payouts.list(order_by=NEWEST, offset=offset, limit=limit,
                                           **where)
            return page, uow.author_payouts.count(**where)

    def one(self, *, actor: Actor, payout_id: str) -> AuthorPayout:
        """One of my statements with its breakdown (administrators see any)."""
        with self.uow() as uow:
            payout = uow.author_payouts.get(payout_id) if payout_id else None
        if payout is None or (payout.author_id != actor.user_id and not actor.is_admin):
            raise payout_not_found()
        return payout

    def stats(self, *, actor: Actor, author_id: str | None = None) -> PayoutStats:
        who = self._author(actor, author_id)
        now = self.clock.now()
        this_start, this_end = month_period(now.year, now.month)
        last_start, last_end = month_period(*previous_month(now))
        with self.uow() as uow:
            payouts = uow.author_payouts.list(author_id=who)
            current = self._figures(uow, this_start, this_end, author_id=who)
        return PayoutStats(
            totals=_totals(payouts), by_gateway=_totals(payouts, by_gateway=True),
            last_month=MonthTotals(period_start=last_start, period_end=last_end, totals=_totals(
                p for p in payouts if p.period_start == last_start)),
            this_month=MonthTotals(period_start=this_start, period_end=this_end,
                                   totals=_totals(current)))

    def export(self, *, actor: Actor, author_id: str | None = None,
               status: PayoutStatus | None = None, gateway: str | None = None,
               start: datetime | None = None, end: datetime | None = None) -> CsvStream:
        """The list's statements as CSV (the columns of ``CSV_COLUMNS``), newest month
        first, streamed a page at a time; statements made after the export began are left
        out."""
        now = self.clock.now()
        where = {**self._where(actor, author_id, PayoutFilter(
            status=status, gateway=gateway, start=start, end=end)), "created_at__lte": now}

        def chunks() -> Iterator[bytes]:
            yield _csv_line(CSV_COLUMNS)
            offset = 0
            while True:
                with self.uow() as uow:
                    page = uow.author_payouts.list(order_by=NEWEST, offset=offset,
                                                   limit=EXPORT_PAGE, **where)
                for payout in page:
                    yield _csv_line(_csv_row(payout))
                if len(page) < EXPORT_PAGE:
                    return
                offset += EXPORT_PAGE

        return CsvStream(filename=f"payouts-{now.date().isoformat()}.csv", chunks=chunks())

    # -- helpers --------------------------------------------------------------------------------
    @staticmethod
    def _author(actor: Actor, author_id: str | None) -> str:
        """Whose statements: mine, or the named author's for an administrator."""
        if author_id is None or author_id == actor.user_id:
            return actor.user_id
        if not actor.is_admin:
            raise PermissionDenied("Only administrators may name another author.",
                                   code="admin_required")
        return author_id

    def _where(self, actor: Actor, author_id: str | None, found: PayoutFilter) -> dict:
        start, end = _aware(found.start), _aware(found.end)
        if start and end and start >= end:
            raise ValidationFailed("from comes before to.", code="invalid_period",
                                   fields={"from": ["from comes before to."]},
                                   location="query")
        return {"author_id": self._author(actor, author_id), **PayoutFilter(
            status=found.status, gateway=found.gateway, start=start, end=end).filters()}
