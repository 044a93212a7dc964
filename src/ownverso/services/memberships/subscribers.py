"""An author's subscribers on a site: the list with its filters, one subscriber with its
invoices, the stats, the churn analysis and the CSV export.

Who may see what: the list, one subscriber and the export name readers (username, email,
display name: personal data) and need ``monetization.manage`` (the owner and MANAGERs); the
stats and the churn analysis are aggregates with no reader identity (the cancellation feedback
is shown without its author) and need ``analytics.read``, so an ANALYST sees them too. No role
on the site: 404; a role without the permission: 403.

The list and the export go through the ``SubscriberQueries`` port (a page and its total, joined
to readers and tiers, in one statement each). The stats and the churn analysis load the site's
subscriptions once and aggregate in ``domain/memberships/subscriber_stats.py`` (see there for
every definition)."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from ownverso.domain.access.inputs import SubscriptionStatus
from ownverso.domain.memberships.invoice import InvoiceStatus, SubscriptionInvoice
from ownverso.domain.memberships.subscriber_stats import (
    ChurnAnalysis,
    SubscriberStats,
    churn_analysis,
    subscriber_stats,
)
from ownverso.domain.memberships.values import BillingCycle
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ValidationFailed
from ownverso.services.memberships.subscriber_queries import (
    SORTS,
    Subscriber,
    SubscriberFilter,
    SubscriberQueries,
)
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.sites.access import require

PERSONAL = Permission.MONETIZATION_MANAGE  # readers' identities
AGGREGATES = Permission.ANALYTICS_READ  # numbers only
DEFAULT_PERIOD = timedelta(days=30)
MAX_CHURN_MONTHS = 24
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("subscription_id", "reader_username", "reader_email", "reader_display_name",
               "tier", "status", "billing_cycle", "price", "currency", "started",
               "current_period_end", "cancelled_at", "cancel_reason", "trialing", "gift")


@dataclass(frozen=True)
class SubscriberDetail:
    subscriber: Subscriber
    invoices: list[SubscriptionInvoice]  # newest first


@dataclass(frozen=True)
class CsvFile:
    filename: str
    data: bytes
    content_type: str = "text/csv; charset=utf-8"


def subscriber_not_found() -> NotFound:
    return NotFound("No such subscriber on this site.", code="subscriber_not_found")


def _aware(moment: datetime | None) -> datetime | None:
    """A time without a zone is taken as UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _bad_query(message: str, code: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]}, location="query")


def safe_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first)
    gets a leading apostrophe; numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _when(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def csv_row(sub: Subscriber) -> list:
    cells = [sub.id, sub.reader.username or "", sub.reader.email or "",
             sub.reader.display_name or "", sub.tier.name or sub.tier_id, sub.status.value,
             sub.billing_cycle.value, sub.price_at_purchase, sub.currency,
             _when(sub.created_at), _when(sub.current_period_end), _when(sub.cancelled_at),
             sub.cancel_reason or "", "true" if sub.is_trialing else "false",
             "true" if sub.is_gift else "false"]
    return [safe_cell(cell) for cell in cells]


def subscribers_csv(subscribers: list[Subscriber]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(sub) for sub in subscribers)
    return out.getvalue().encode("utf-8")


class SubscriberService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock,
                 queries: SubscriberQueries):
        self.uow, self.clock, self.queries = uow, clock, queries

    # -- the list and the export -------------------------------------------------------------
    def _filter(self, site_id: str, now: datetime, *,
                status: list[SubscriptionStatus] | None = None, tier_id: str | None = None,
                billing_cycle: BillingCycle | None = None, live_only: bool = False,
                trialing: bool | None = None, gift: bool | None = None,
                search: str | None = None, created_from: datetime | None = None,
                created_to: datetime | None = None) -> SubscriberFilter:
        created_from, created_to = _aware(created_from), _aware(created_to)
        if created_from and created_to and created_from >= created_to:
            raise _bad_query("created_from comes before created_to.", "invalid_period",
                             "created_from")
        return SubscriberFilter(
            site_id=site_id, statuses=tuple(SubscriptionStatus(s) for s in status or ()),
            tier_id=tier_id or None,
            billing_cycle=BillingCycle(billing_cycle) if billing_cycle else None,
            live_at=now if live_only else None, is_trialing=trialing, is_gift=gift,
            search=(search or "").strip() or None, created_from=created_from,
            created_to=created_to)

    @staticmethod
    def _sort(sort: str) -> str:
        if sort not in SORTS:
            raise _bad_query(f"One of {', '.join(SORTS)}.", "invalid_sort", "sort")
        return sort

    def list_for_site(self, *, actor: Actor, site_id: str, sort: str = "newest", offset: int = 0,
             limit: int | None = None, **filters) -> tuple[list[Subscriber], int]:
        """Filters: ``status`` (a list), ``tier_id``, ``billing_cycle``, ``live_only``,
        ``trialing``, ``gift``, ``search`` (the reader's username, email or display name),
        ``created_from`` / ``created_to``; sorts: newest, oldest, price_high, price_low."""
        now = self.clock.now()
        with self.uow() as uow:
            require(uow, actor, site_id, PERSONAL)
        items, total = self.queries.subscribers(self._filter(site_id, now, **filters),
                                                sort=self._sort(sort), offset=offset,
                                                limit=limit)
        return [replace(s, is_live=s.facts().is_live(now)) for s in items], total

    def export(self, *, actor: Actor, site_id: str, sort: str = "newest",
               **filters) -> CsvFile:
        """Every subscriber the filters keep, as CSV (one row each, the columns of
        ``CSV_COLUMNS``; prices in the smallest currency unit)."""
        now = self.clock.now()
        with self.uow() as uow:
            site = require(uow, actor, site_id, PERSONAL).site
        rows, _ = self.queries.subscribers(self._filter(site_id, now, **filters),
                                           sort=self._sort(sort))
        return CsvFile(filename=f"subscribers-{site.slug}-{now.date().isoformat()}.csv",
                       data=subscribers_csv(rows))

    # -- one subscriber ----------------------------------------------------------------------
    def get(self, *, actor: Actor, site_id: str, subscription_id: str) -> SubscriberDetail:
        now = self.clock.now()
        with self.uow() as uow:
            require(uow, actor, site_id, PERSONAL)
            sub = uow.reader_subscriptions.get(subscription_id)
            if sub is None or sub.site_id != site_id or sub.status is None:
                raise subscriber_not_found()
            subscriber = Subscriber.of(sub, uow.users.get(sub.reader_id),
                                       uow.tiers.get(sub.tier_id))
            invoices = uow.subscription_invoices.list(subscription_id=sub.id,
                                                      order_by=("-created_at", "-id"))
            return SubscriberDetail(subscriber=replace(subscriber, is_live=sub.is_live(now)),
                                    invoices=invoices)

    # -- aggregates --------------------------------------------------------------------------
    def stats(self, *, actor: Actor, site_id: str, start: datetime | None = None,
              end: datetime | None = None) -> SubscriberStats:
        """Counts now, and new, churned, churn rate and revenue over ``[start, end)`` (by
        default the last 30 days)."""
        now = self.clock.now()
        start, end = _aware(start), _aware(end)
        end = end or (start + DEFAULT_PERIOD if start else now)
        start = start or end - DEFAULT_PERIOD
        if start >= end:
            raise _bad_query("from comes before to.", "invalid_period", "from")
        with self.uow() as uow:
            require(uow, actor, site_id, AGGREGATES)
            subs = uow.reader_subscriptions.list(site_id=site_id, status__ne=None)
            invoices = uow.subscription_invoices.list(
                site_id=site_id, status=InvoiceStatus.PAID, created_at__gte=start,
                created_at__lt=end)
            names = {t.id: t.name for t in uow.tiers.list(site_id=site_id)}
        return subscriber_stats(subs, invoices, now=now, start=start, end=end,
                                tier_names=names)

    def churn(self, *, actor: Actor, site_id: str, months: int = 6) -> ChurnAnalysis:
        """The last ``months`` calendar months (1-24, the current one so far)."""
        if not isinstance(months, int) or not 1 <= months <= MAX_CHURN_MONTHS:
            raise _bad_query(f"1 to {MAX_CHURN_MONTHS} months.", "invalid_months", "months")
        now = self.clock.now()
        with self.uow() as uow:
            require(uow, actor, site_id, AGGREGATES)
            subs = uow.reader_subscriptions.list(site_id=site_id, status__ne=None)
            names = {t.id: t.name for t in uow.tiers.list(site_id=site_id)}
        return churn_analysis(subs, now=now, months=months, tier_names=names)
