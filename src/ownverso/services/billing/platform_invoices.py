"""The platform's usage-fee invoices to FREE-tier authors (the rule is in
``ownverso.domain.billing.platform_invoice``): generation for a month, the author's views
and PDF, and the administrators' side (mark paid, every invoice, authors with their MRR and
what they owe); reminders before and after the due date.

Generation is idempotent and safe to run concurrently: it first locks the counter row of the
year of issue, so two runs take turns; the second finds the invoices of the first (unique per
author, period and currency) and makes nothing, so no number is taken twice or skipped. The
author's platform tier is read when the invoices are made. Paying an invoice online needs the
platform's own gateway account and is not offered here: administrators mark invoices paid.
"""

import contextlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.billing.platform_invoice import (
    DUE_SOON,
    REVENUE_STATUSES,
    InvoiceCounter,
    PlatformInvoice,
    PlatformInvoiceStatus,
    ReminderStage,
    month_period,
    previous_month,
    revenue_of,
)
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.identity.user import User
from ownverso.domain.memberships.subscriber_stats import recurring_revenue
from ownverso.domain.money import money_text
from ownverso.services.batches import each_locked
from ownverso.services.context import Actor
from ownverso.services.emails import EmailSender
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.ports.invoices import InvoiceDocument, InvoiceLine, InvoiceRenderer

SELLER = "Ownverso"
NEWEST = ("-period_start", "-number")
REMINDER_TEMPLATES = {ReminderStage.DUE_SOON: "platform_invoice_due_soon",
                      ReminderStage.OVERDUE: "platform_invoice_overdue"}


@dataclass(frozen=True)
class FeeSettings:
    fee_bps: int  # the usage fee, in basis points of revenue (1000 = 10%)
    gst_bps: int  # GST on the fee (1800 = 18%)
    due_days: int  # days from the end of the period to the due date


@dataclass(frozen=True)
class Generation:
    period_start: datetime
    period_end: datetime
    created: int  # invoices made by this run
    existing: int  # invoices of the period already there
    invoices: list[PlatformInvoice]  # those made by this run


@dataclass(frozen=True)
class AuthorRef:
    id: str
    username: str
    display_name: str
    email: str


@dataclass(frozen=True)
class InvoiceView:
    invoice: PlatformInvoice
    author: AuthorRef | None
    overdue: bool


@dataclass(frozen=True)
class Amount:
    currency: str
    amount: int


@dataclass(frozen=True)
class AuthorBilling:
    author: AuthorRef
    platform_tier: str
    mrr: list[Amount]  # reader subscriptions, normalized to a month, per currency
    outstanding: list[Amount]  # pending platform invoices, per currency
    pending_invoices: int
    overdue_invoices: int


@dataclass(frozen=True)
class InvoiceFile:
    filename: str
    data: bytes
    content_type: str


def invoice_not_found() -> NotFound:
    return NotFound("No such invoice.", code="invoice_not_found")


def ensure_year_counter(uow_factory: Callable[[], UnitOfWork], counters: str,
                        counter: Entity) -> None:
    """The year's numbering row in the ``counters`` repository, made once (a concurrent
    maker wins harmlessly)."""
    with uow_factory() as uow:
        repository = getattr(uow, counters)
        if repository.get_by(year=counter.year) is not None:
            return
        repository.add(counter)
        with contextlib.suppress(IntegrityConflict):
            uow.commit()


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only administrators may do this.", code="admin_required")


def _ref(user: User) -> AuthorRef:
    return AuthorRef(id=user.id, username=user.username, display_name=user.display_name,
                     email=user.email)


def _amounts(sums: dict[str, int]) -> list[Amount]:
    return [Amount(currency=c, amount=a) for c, a in sorted(sums.items())]


def _percent(bps: int) -> str:
    whole, rest = divmod(bps, 100)
    return f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"


class PlatformInvoiceService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 renderer: InvoiceRenderer, emails: EmailSender, fees: FeeSettings,
                 settle: Callable[[str], None] | None = None):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.renderer, self.emails, self.fees = renderer, emails, fees
        self.settle = settle  # an online payment's checkout, settled before a read

    # -- generation ---------------------------------------------------------------------------
    def generate(self, *, actor: Actor, year: int | None = None,
                 month: int | None = None) -> Generation:
        """Invoices for a calendar month (default: last month); admin only."""
        require_admin(actor)
        if (year is None) != (month is None):
            field = "month" if month is None else "year"
            raise ValidationFailed("Give both year and month, or neither.",
                                   code="invalid_period", fields={field: ["Required."]})
        if year is None or month is None:
            year, month = previous_month(self.clock.now())
        return self._generate(year, month)

    def generate_last_month(self) -> Generation:
        """The periodic job: last month's invoices (idempotent, so it may run often)."""
        return self._generate(*previous_month(self.clock.now()))

    def _generate(self, year: int, month: int) -> Generation:
        try:
            start, end = month_period(year, month)
        except RuleViolation as error:
            raise ValidationFailed(error.message, code=error.code, fields=error.fields) \
                from error
        now = self.clock.now()
        if end > now:
            raise ValidationFailed("That month has not ended yet.", code="period_not_ended",
                                   fields={"month": ["Only a month that has ended."]})
        ensure_year_counter(self.uow, "platform_invoice_counters",
                            InvoiceCounter(id=self.ids.new_id("pic"), year=now.year))
        with self.uow() as uow:
            counter = uow.platform_invoice_counters.get_by(year=now.year, for_update=True)
            assert counter is not None  # made above; counters are never removed
            taken = {(i.author_id, i.currency)
                     for i in uow.platform_invoices.list(period_start=start)}
            payments = uow.payments.list(status__in=sorted(REVENUE_STATUSES),
                                         author_id__isnull=False, processed_at__gte=start,
                                         processed_at__lt=end)
            revenues = [r for r in revenue_of(payments, start=start, end=end)
                        if (r.author_id, r.currency) not in taken]
            author_ids = sorted({r.author_id for r in revenues})
            free = {u.id: u for u in uow.users.list(
                id__in=author_ids, platform_tier=PlatformTier.FREE.value)} if author_ids else {}
            made = []
            for revenue in revenues:
                author = free.get(revenue.author_id)
                if author is None:
                    continue
                invoice = PlatformInvoice.issue(
                    id=self.ids.new_id("pin"), number=counter.take(), revenue=revenue,
                    period_start=start, period_end=end, fee_bps=self.fees.fee_bps,
                    gst_bps=self.fees.gst_bps, due_days=self.fees.due_days, now=now)
                uow.platform_invoices.add(invoice)
                self._notify(uow, author, invoice, "platform_invoice_issued")
                made.append(invoice)
            uow.commit()
        return Generation(period_start=start, period_end=end, created=len(made),
                          existing=len(taken), invoices=made)

    # -- the author -----------------------------------------------------------------------------
    def mine(self, *, actor: Actor, offset: int = 0, limit: int | None = None,
             status: PlatformInvoiceStatus | None = None) -> tuple[list[InvoiceView], int]:
        """My invoices, newest period first."""
        where = {"author_id": actor.user_id, **({"status": status} if status else {})}
        with self.uow() as uow:
            page = uow.platform_invoices.list(order_by=NEWEST, offset=offset, limit=limit,
                                              **where)
            return self._views(uow, page), uow.platform_invoices.count(**where)

    def one(self, *, actor: Actor, invoice_id: str) -> InvoiceView:
        """One of my invoices with its breakdown (administrators see any); a checkout paying
        it is settled first."""
        if self.settle is not None:
            self.settle(invoice_id)
        with self.uow() as uow:
            return self._views(uow, [self._visible(uow, actor, invoice_id)])[0]

    def pdf(self, *, actor: Actor, invoice_id: str) -> InvoiceFile:
        with self.uow() as uow:
            view = self._views(uow, [self._visible(uow, actor, invoice_id)])[0]
        invoice, author = view.invoice, view.author
        data = self.renderer.render(InvoiceDocument(
            number=invoice.number, seller=SELLER,
            buyer=author.display_name or author.username if author else invoice.author_id,
            buyer_email=author.email if author else "", issued_at=invoice.issued_at,
            period_start=invoice.period_start, period_end=invoice.period_end,
            due_date=invoice.due_date, currency=invoice.currency,
            gross_revenue=invoice.gross_revenue, lines=(
                InvoiceLine(f"Usage fee: {_percent(invoice.fee_bps)} of reader revenue",
                            invoice.fee_amount),
                InvoiceLine(f"GST {_percent(invoice.gst_bps)} on the fee", invoice.gst_amount)),
            total_amount=invoice.total_amount, status=invoice.status.value,
            paid_at=invoice.paid_at))
        return InvoiceFile(filename=f"{invoice.number}.{self.renderer.extension}", data=data,
                           content_type=self.renderer.content_type)

    # -- administrators -------------------------------------------------------------------------
    def mark_paid(self, *, actor: Actor, invoice_id: str, payment_method: str,
                  payment_reference: str | None = None) -> InvoiceView:
        """Record that a PENDING invoice was paid (409 invoice_already_paid, invoice_void)."""
        require_admin(actor)
        with self.uow() as uow:
            invoice = uow.platform_invoices.get_by(id=invoice_id, for_update=True) \
                if invoice_id else None
            if invoice is None:
                raise invoice_not_found()
            try:
                invoice.mark_paid(now=self.clock.now(), payment_method=payment_method,
                                  payment_reference=payment_reference)
            except InvalidTransition as error:
                raise Conflict(error.message, code=error.code) from error
            except RuleViolation as error:
                raise ValidationFailed(error.message, code=error.code,
                                       fields=error.fields) from error
            view = self._views(uow, [invoice])[0]
            uow.commit()
        return view

    def all(self, *, actor: Actor, offset: int = 0, limit: int | None = None,
            status: PlatformInvoiceStatus | None = None, author_id: str | None = None,
            overdue: bool = False) -> tuple[list[InvoiceView], int]:
        """Every invoice, newest period first; ``overdue`` keeps PENDING ones past due."""
        require_admin(actor)
        where: dict = {"status": status, "author_id": author_id}
        if overdue:
            if status not in (None, PlatformInvoiceStatus.PENDING):
                return [], 0
            where.update(status=PlatformInvoiceStatus.PENDING, due_date__lte=self.clock.now())
        where = {k: v for k, v in where.items() if v is not None}
        with self.uow() as uow:
            page = uow.platform_invoices.list(order_by=NEWEST, offset=offset, limit=limit,
                                              **where)
            return self._views(uow, page), uow.platform_invoices.count(**where)

    def authors(self, *, actor: Actor, offset: int = 0,
                limit: int | None = None) -> tuple[list[AuthorBilling], int]:
        """Authors (users with an author profile), newest first, with their platform tier,
        their reader-subscription MRR (as the payment stats count it) and what they owe."""
        require_admin(actor)
        now = self.clock.now()
        with self.uow() as uow:
            profiles = uow.author_profiles.list(order_by=("-created_at", "-id"),
                                                offset=offset, limit=limit)
            total = uow.author_profiles.count()
            ids = [p.user_id for p in profiles]
            if not ids:
                return [], total
            users = {u.id: u for u in uow.users.list(id__in=ids)}
            sites = {s.id: s.author_id for s in uow.sites.list(author_id__in=ids)}
            subs = uow.reader_subscriptions.list(site_id__in=sorted(sites), status__ne=None) \
                if sites else []
            pending = uow.platform_invoices.list(author_id__in=ids,
                                                 status=PlatformInvoiceStatus.PENDING)
        by_author: dict[str, list] = defaultdict(list)
        for sub in subs:
            by_author[sites[sub.site_id]].append(sub)
        mrr = {author_id: recurring_revenue(owned, now) for author_id, owned in by_author.items()}
        owed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for invoice in pending:
            owed[invoice.author_id][invoice.currency] += invoice.total_amount
            counts[invoice.author_id][0] += 1
            counts[invoice.author_id][1] += invoice.is_overdue(now)
        rows = []
        for author_id in ids:
            user = users.get(author_id)
            if user is None:
                continue
            rows.append(AuthorBilling(
                author=_ref(user), platform_tier=user.platform_tier,
                mrr=_amounts(mrr.get(author_id, {})), outstanding=_amounts(owed[author_id]),
                pending_invoices=counts[author_id][0], overdue_invoices=counts[author_id][1]))
        return rows, total

    # -- reminders ------------------------------------------------------------------------------
    def send_reminders(self) -> list[str]:
        """Email the authors of PENDING invoices 3 days before the due date and once overdue,
        each stage at most once per invoice. Returns the ids of the invoices reminded."""
        now = self.clock.now()

        def handle(uow: UnitOfWork, invoice: PlatformInvoice) -> bool:
            stage = invoice.reminder_due(now)
            author = uow.users.get(invoice.author_id) if stage else None
            if stage is None or author is None:
                return False
            invoice.remind(stage, now)
            self._notify(uow, author, invoice, REMINDER_TEMPLATES[stage])
            return True

        return each_locked(self.uow, "platform_invoices",
                           filters={"status": PlatformInvoiceStatus.PENDING,
                                    "due_date__lte": now + DUE_SOON,
                                    "reminders_sent__lt": ReminderStage.OVERDUE.rank},
                           order_by=("due_date", "id"), handle=handle)

    # -- helpers --------------------------------------------------------------------------------
    def _notify(self, uow: UnitOfWork, author: User, invoice: PlatformInvoice,
                template: str) -> None:
        self.emails.send_after_commit(
            uow, to=author.email, template=template, name=author.display_name,
            number=invoice.number, period=f"{invoice.period_start:%B %Y}",
            amount=money_text(invoice.total_amount, invoice.currency),
            due=f"{invoice.due_date:%Y-%m-%d}")

    def _visible(self, uow: UnitOfWork, actor: Actor, invoice_id: str) -> PlatformInvoice:
        invoice = uow.platform_invoices.get(invoice_id) if invoice_id else None
        if invoice is None or (invoice.author_id != actor.user_id and not actor.is_admin):
            raise invoice_not_found()
        return invoice

    def _views(self, uow: UnitOfWork, invoices: list[PlatformInvoice]) -> list[InvoiceView]:
        """Views with their author: one batch whatever the length."""
        ids = sorted({i.author_id for i in invoices})
        users = {u.id: u for u in uow.users.list(id__in=ids)} if ids else {}
        now = self.clock.now()
        return [InvoiceView(invoice=i, author=_ref(users[i.author_id])
                            if i.author_id in users else None, overdue=i.is_overdue(now))
                for i in invoices]
