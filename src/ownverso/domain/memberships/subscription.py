"""A reader's subscription to a site: the state machine, all of its transitions here.

    (new) --start--> ACTIVE (maybe trialing)
    ACTIVE --renew--> ACTIVE            (period + one cycle, scheduled downgrade applied)
    ACTIVE --upgrade / downgrade--> ACTIVE (upgrade now, prorated; downgrade at period end)
    ACTIVE | PAST_DUE --cancel--> CANCELLED (access to period end, auto_renew off)
    CANCELLED --resume (before period end)--> ACTIVE
    ACTIVE --pause (1-3 months, twice per 365 days)--> PAUSED --unpause--> ACTIVE
    ACTIVE --payment_failed--> PAST_DUE --payment_recovered / renew (within grace)--> ACTIVE
    CANCELLED past period end | PAST_DUE past grace | trial ended unpaid --expire--> EXPIRED
    (new) --start_gift--> ACTIVE (gifted months, no renewal) --expire at period end--> EXPIRED
    ACTIVE | CANCELLED --extend (a claimed gift)--> period end + months
A started, not yet expired subscription holds ``live_slot`` ("reader:site"), unique in
storage: one live subscription per reader per site, even under concurrent checkouts.
Money is an ``int`` in the smallest currency unit; times are timezone-aware.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ownverso.domain.access.inputs import SubscriptionFacts, SubscriptionStatus
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.memberships import events as ev
from ownverso.domain.memberships.proration import add_cycle, add_months, prorate
from ownverso.domain.memberships.values import BillingCycle

S = SubscriptionStatus
PAUSES_PER_YEAR = 2
PAUSE_WINDOW = timedelta(days=365)
MAX_PAUSE_MONTHS = 3


def _refuse(action: str, status: SubscriptionStatus | None, why: str = "") -> InvalidTransition:
    state = status.value if status else "NEW"
    return InvalidTransition(f"Cannot {action} a {state} subscription{why}.",
                             code=f"cannot_{action}", fields={"status": state})


@dataclass(eq=False, kw_only=True)
class Subscription(Entity):
    reader_id: str
    site_id: str
    tier_id: str
    status: SubscriptionStatus | None = None  # None until start(): a checkout not yet paid
    billing_cycle: BillingCycle = BillingCycle.MONTHLY
    current_period_start: datetime | None = None
    current_period_end: datetime | None = None
    anchor_day: int | None = None  # the day of month renewals keep (31 -> Feb 28 -> Mar 31)
    price_at_purchase: int = 0  # what one cycle costs this reader now (after discount)
    original_price: int = 0  # the tier's price for the cycle before any discount
    currency: str = "INR"
    gateway: str | None = None
    gateway_subscription_id: str | None = None
    gateway_synced_at: datetime | None = None  # when the last gateway status we applied
    # happened, per the gateway (``gateway_sync.follow_gateway``)
    gateway_ended_at: datetime | None = None  # when the gateway was told to stop billing it
    discount_code_id: str | None = None
    discount_months_remaining: int | None = None  # None: no discount or forever
    is_trialing: bool = False
    is_gift: bool = False  # gifted months: no charge, no renewal
    live_slot: str | None = None
    trial_ends_at: datetime | None = None
    auto_renew: bool = True
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    cancel_feedback: str | None = None
    expires_at: datetime | None = None
    grace_ends_at: datetime | None = None
    paused_at: datetime | None = None
    pause_ends_at: datetime | None = None
    pause_history: list[str] = field(default_factory=list)  # ISO dates of each pause
    pending_tier_id: str | None = None
    pending_price: int | None = None
    pending_change_at: datetime | None = None
    renewal_reminder_sent_at: datetime | None = None
    expiry_reminder_sent_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    events: list[ev.SubscriptionEvent] = field(default_factory=list)

    def _require(self, action: str, *allowed: SubscriptionStatus | None) -> None:
        if self.status not in allowed:
            raise _refuse(action, self.status)

    def _require_paid(self, action: str) -> None:
        """Gifted months are not billed: nothing to change, cancel or pause."""
        if self.is_gift:
            raise _refuse(action, self.status, " given as a gift")

    def _record(self, event: ev.SubscriptionEvent, now: datetime) -> None:
        self.updated_at = now
        self.events.append(event)

    def _end(self) -> datetime:
        assert self.current_period_end is not None, "not started"
        return self.current_period_end

    def start(self, *, now: datetime, trial_days: int = 0, free_months: int = 0) -> None:
        """The first payment succeeded (or a trial began): ACTIVE from ``now``. A trial's
        period (free months, then trial days) ends with the trial; its first renewal is the
        first payment."""
        self._require("start", None)
        if trial_days < 0 or free_months < 0:
            raise RuleViolation("Trial days are 0 or more.", code="invalid_trial_days",
                                fields={"trial_days": "negative"})
        self.status, self.current_period_start = S.ACTIVE, now
        self.anchor_day = self.anchor_day or now.day
        self.created_at = self.created_at or now
        self.live_slot = f"{self.reader_id}:{self.site_id}"
        if trial_days or free_months:
            self.is_trialing = True
            trial_end = add_months(now, free_months) + timedelta(days=trial_days)
            self.trial_ends_at = self.current_period_end = trial_end
        else:
            self.current_period_end = add_cycle(now, self.billing_cycle,
                                                anchor_day=self.anchor_day)
        self._record(ev.SubscriptionStarted(subscription_id=self.id, at=now,
                                            tier_id=self.tier_id, is_trialing=self.is_trialing,
                                            period_end=self._end()), now)

    def start_gift(self, *, now: datetime, months: int) -> None:
        """A claimed gift with no subscription to extend: ``months`` of access, no renewal."""
        self._require("start", None)
        if not isinstance(months, int) or not 1 <= months <= 12:
            raise RuleViolation("A gift lasts 1 to 12 months.", code="invalid_gift_months",
                                fields={"months": "1-12"})
        self.status, self.current_period_start = S.ACTIVE, now
        self.is_gift, self.auto_renew, self.price_at_purchase = True, False, 0
        self.anchor_day, self.created_at = now.day, self.created_at or now
        self.live_slot = f"{self.reader_id}:{self.site_id}"
        self.current_period_end = add_months(now, months)
        self._record(ev.SubscriptionStarted(subscription_id=self.id, at=now,
                                            tier_id=self.tier_id, is_trialing=False,
                                            period_end=self._end()), now)

    def extend(self, *, months: int, now: datetime) -> datetime:
        """Add gifted months after the paid period: the period end (and so the next
        charge) moves by ``months``; returns the new end. Not while paused or past due."""
        self._require("extend", S.ACTIVE, S.CANCELLED)
        if not isinstance(months, int) or not 1 <= months <= 12:
            raise RuleViolation("A gift lasts 1 to 12 months.", code="invalid_gift_months",
                                fields={"months": "1-12"})
        if self.status == S.CANCELLED and now >= self._end():
            raise _refuse("extend", self.status, " after its period ended")
        self.current_period_end = add_months(self._end(), months)
        self.anchor_day = self.current_period_end.day
        if self.pending_change_at:
            self.pending_change_at = self.current_period_end
        self._record(ev.Extended(subscription_id=self.id, at=now, months=months,
                                 period_end=self.current_period_end), now)
        return self.current_period_end

    def renew(self, *, now: datetime, paid_amount: int) -> None:
        """A cycle was paid: the next period follows the current one (a calendar month on
        the anchor day, or a year); a scheduled downgrade takes effect and one discounted
        month is used. From ACTIVE, or PAST_DUE within its grace."""
        self._require("renew", S.ACTIVE, S.PAST_DUE)
        if self.status == S.PAST_DUE and self.grace_ends_at and now >= self.grace_ends_at:
            raise _refuse("renew", self.status, " after its grace period")
        start = self._end()
        if self.is_trialing:  # billing begins when the trial ends: anchor there
            self.anchor_day = start.day
        self.current_period_start = start
        self.current_period_end = add_cycle(start, self.billing_cycle,
                                            anchor_day=self.anchor_day)
        self.status, self.grace_ends_at, self.is_trialing = S.ACTIVE, None, False
        if self.pending_tier_id:
            self._apply_downgrade(now)
        if self.discount_months_remaining:
            self.discount_months_remaining -= 1
            if self.discount_months_remaining == 0:
                self.price_at_purchase = self.original_price
        self._record(ev.Renewed(subscription_id=self.id, at=now, paid_amount=paid_amount,
                                period_end=self._end()), now)

    def renewals_fit_a_plan(self, plan_price: int) -> bool:
        """Whether a gateway plan at ``plan_price`` (the tier's price for the cycle) can bill
        this subscription's renewals as they are: an active, renewing, paid subscription not
        billed by a gateway yet, with no discount still running, no trial, no scheduled
        change and no price kept from before the tier's price changed. Ownverso keeps billing
        anything else itself."""
        return (self.status == S.ACTIVE and self.auto_renew and not self.is_gift
                and self.gateway_subscription_id is None and not self.is_trialing
                and not self.discount_months_remaining and self.pending_tier_id is None
                and self.price_at_purchase == plan_price > 0)

    def apply_due_downgrade(self, now: datetime) -> bool:
        """A scheduled downgrade whose time came, applied (a gateway-billed subscription's
        next period was paid: the gateway billed it at the lower plan already)."""
        if self.pending_tier_id is None or self.pending_change_at is None \
                or now < self.pending_change_at:
            return False
        self._apply_downgrade(now)
        return True

    def _apply_downgrade(self, now: datetime) -> None:
        old, new = self.tier_id, self.pending_tier_id
        assert new is not None and self.pending_price is not None
        self.tier_id = new
        self.price_at_purchase = self.original_price = self.pending_price
        self.pending_tier_id = self.pending_price = self.pending_change_at = None
        self._record(ev.DowngradeApplied(subscription_id=self.id, at=now, from_tier_id=old,
                                         to_tier_id=new), now)

    def upgrade(self, *, tier_id: str, price: int, now: datetime) -> int:
        """Move to a dearer tier at once; returns what to charge now: (new price - price
        paid) x the remaining fraction of the period, rounded half up to the smallest unit.
        Nothing is charged during a trial. A scheduled downgrade is dropped."""
        self._require("upgrade", S.ACTIVE)
        self._require_paid("upgrade")
        if price <= self.price_at_purchase or tier_id == self.tier_id:
            raise RuleViolation("An upgrade goes to a dearer tier.", code="not_an_upgrade",
                                fields={"tier_id": "not dearer"})
        assert self.current_period_start is not None
        charge = 0 if self.is_trialing else prorate(
            self.price_at_purchase, price, self.current_period_start, self._end(), now)
        old = self.tier_id
        self.tier_id, self.price_at_purchase, self.original_price = tier_id, price, price
        self.pending_tier_id = self.pending_price = self.pending_change_at = None
        self._record(ev.Upgraded(subscription_id=self.id, at=now, from_tier_id=old,
                                 to_tier_id=tier_id, charged=charge), now)
        return charge

    def downgrade(self, *, tier_id: str, price: int, now: datetime) -> None:
        """Schedule a cheaper tier for the end of the period (applied by ``renew``)."""
        self._require("downgrade", S.ACTIVE)
        self._require_paid("downgrade")
        if price >= self.original_price or tier_id == self.tier_id:
            raise RuleViolation("A downgrade goes to a cheaper tier.", code="not_a_downgrade",
                                fields={"tier_id": "not cheaper"})
        self.pending_tier_id, self.pending_price = tier_id, price
        self.pending_change_at = self._end()
        self._record(ev.DowngradeScheduled(subscription_id=self.id, at=now,
                                           to_tier_id=tier_id, effective_at=self._end()), now)

    def cancel(self, *, now: datetime, reason: str | None = None,
               feedback: str | None = None) -> None:
        """Stop renewing; access lasts to the end of the paid (or trial) period."""
        self._require("cancel", S.ACTIVE, S.PAST_DUE)
        self._require_paid("cancel")
        self.status, self.auto_renew = S.CANCELLED, False
        self.cancelled_at, self.cancel_reason, self.cancel_feedback = now, reason, feedback
        self.pending_tier_id = self.pending_price = self.pending_change_at = None
        self.grace_ends_at = None
        self._record(ev.Cancelled(subscription_id=self.id, at=now, reason=reason,
                                  access_until=self._end()), now)

    def resume(self, *, now: datetime) -> None:
        """Undo a cancel while the period still runs."""
        self._require("resume", S.CANCELLED)
        if now >= self._end():
            raise _refuse("resume", self.status, " after its period ended")
        self.status, self.auto_renew = S.ACTIVE, True
        self.cancelled_at = self.cancel_reason = self.cancel_feedback = None
        self.expiry_reminder_sent_at = None
        self._record(ev.Resumed(subscription_id=self.id, at=now), now)

    def pauses_in_window(self, now: datetime) -> int:
        """Pauses begun in the 365 days up to ``now``."""
        since = (now - PAUSE_WINDOW).date()
        return sum(1 for day in self.pause_history
                   if since < datetime.fromisoformat(day).date() <= now.date())

    def pause(self, *, months: int, now: datetime) -> None:
        """Stop access and billing for 1-3 months; at most twice in any 365 days. Not
        during a trial."""
        self._require("pause", S.ACTIVE)
        self._require_paid("pause")
        if self.is_trialing:
            raise _refuse("pause", self.status, " during its trial")
        if not isinstance(months, int) or not 1 <= months <= MAX_PAUSE_MONTHS:
            raise RuleViolation("A pause lasts 1 to 3 months.", code="invalid_pause_months",
                                fields={"months": "1-3"})
        if self.pauses_in_window(now) >= PAUSES_PER_YEAR:
            raise InvalidTransition("At most two pauses in any 365 days.",
                                    code="pause_limit_reached", fields={"months": "limit"})
        self.status, self.paused_at, self.pause_ends_at = S.PAUSED, now, add_months(now, months)
        self.pause_history.append(now.date().isoformat())
        self._record(ev.Paused(subscription_id=self.id, at=now, until=self.pause_ends_at), now)

    def unpause(self, *, now: datetime) -> None:
        """Restart: the period end (and a scheduled downgrade) move by the paused time."""
        self._require("unpause", S.PAUSED)
        assert self.paused_at is not None
        self.current_period_end = self._end() + max(now - self.paused_at, timedelta(0))
        self.anchor_day = self.current_period_end.day  # later renewals follow the new end
        if self.pending_change_at:
            self.pending_change_at = self.current_period_end
        self.status, self.paused_at, self.pause_ends_at = S.ACTIVE, None, None
        self._record(ev.Unpaused(subscription_id=self.id, at=now,
                                 period_end=self.current_period_end), now)

    def end_pause_if_due(self, now: datetime) -> bool:
        """The pause-end job: unpause as of ``pause_ends_at`` once it has passed."""
        if self.status != S.PAUSED or self.pause_ends_at is None or now < self.pause_ends_at:
            return False
        self.unpause(now=self.pause_ends_at)
        self.updated_at = now
        return True

    def payment_failed(self, *, now: datetime, grace_days: int = 3) -> None:
        """A renewal charge failed: PAST_DUE, access kept until the grace ends."""
        self._require("fail_payment", S.ACTIVE)
        self.status, self.is_trialing = S.PAST_DUE, False
        self.grace_ends_at = now + timedelta(days=grace_days)
        self._record(ev.PaymentFailed(subscription_id=self.id, at=now,
                                      grace_ends_at=self.grace_ends_at), now)

    def payment_recovered(self, *, now: datetime, paid_amount: int) -> None:
        """The failed charge went through within grace: ACTIVE and renewed."""
        self._require("recover_payment", S.PAST_DUE)
        self.renew(now=now, paid_amount=paid_amount)

    def expire_if_due(self, now: datetime) -> bool:
        """The expiry job: CANCELLED past period end, PAST_DUE past grace, or a trial ended
        unpaid become EXPIRED (``expires_at`` is when access ended)."""
        due = self._expiry(now)
        if due is None:
            return False
        self.expires_at, reason = due
        self.status, self.is_trialing, self.live_slot = S.EXPIRED, False, None
        self._record(ev.Expired(subscription_id=self.id, at=now, reason=reason), now)
        return True

    def _expiry(self, now: datetime) -> tuple[datetime, str] | None:
        if self.status == S.CANCELLED and now >= self._end():
            return self._end(), "CANCELLED"
        if self.status == S.ACTIVE and self.is_gift and now >= self._end():
            return self._end(), "GIFT_ENDED"
        if self.status == S.PAST_DUE and self.grace_ends_at and now >= self.grace_ends_at:
            return self.grace_ends_at, "GRACE_ENDED"
        if (self.status == S.ACTIVE and self.is_trialing and self.trial_ends_at
                and now >= self.trial_ends_at):
            return self.trial_ends_at, "TRIAL_ENDED"
        return None

    def facts(self) -> SubscriptionFacts:
        """The access rule's view of this subscription."""
        if self.status is None:
            raise RuleViolation("The subscription has not started.", code="not_started")
        return SubscriptionFacts(tier_id=self.tier_id, status=self.status,
                                 is_trialing=self.is_trialing,
                                 current_period_end=self.current_period_end,
                                 grace_ends_at=self.grace_ends_at,
                                 trial_ends_at=self.trial_ends_at, is_gift=self.is_gift)

    def is_live(self, now: datetime) -> bool:
        """Exactly the access rule's answer (``facts().is_live``), which follows the clock."""
        return self.status is not None and self.facts().is_live(now)

    def needs_renewal_reminder(self, now: datetime, days_before: int = 7) -> bool:
        """Annual, renewing, within ``days_before`` of renewal, not yet told this period."""
        if (self.billing_cycle != BillingCycle.ANNUAL or not self.auto_renew
                or self.status != S.ACTIVE or self.is_trialing):
            return False
        return self._due_for(now, days_before, self.renewal_reminder_sent_at)

    def needs_expiry_reminder(self, now: datetime, days_before: int = 3) -> bool:
        """Cancelled, within ``days_before`` of losing access, not yet told."""
        if self.status != S.CANCELLED:
            return False
        return self._due_for(now, days_before, self.expiry_reminder_sent_at)

    def _due_for(self, now: datetime, days_before: int, sent: datetime | None) -> bool:
        end, start = self._end(), self.current_period_start
        if sent is not None and (start is None or sent >= start):
            return False
        return end - timedelta(days=days_before) <= now < end

    def mark_renewal_reminder_sent(self, now: datetime) -> None:
        self.renewal_reminder_sent_at = self.updated_at = now

    def mark_expiry_reminder_sent(self, now: datetime) -> None:
        self.expiry_reminder_sent_at = self.updated_at = now
