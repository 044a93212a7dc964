"""A gateway-billed subscription following the gateway's lifecycle events, in any order.

The gateway bills the subscription and says what happened (created, updated, paused,
deleted; an invoice paid or failed); webhooks arrive late, twice and out of order. Every
rule here is a function of the state and the fact, so any order of the same facts ends in
the same state:

- ``canceled`` ends the subscription (EXPIRED: the gateway deleted it, access ends, the live
  slot is freed) whatever its ``occurred_at``: deletion is final. An EXPIRED subscription is
  never brought back by a later-applied fact.
- ``current_period_end`` never moves back: it becomes the latest period end any fact named,
  even an old fact's (a paid period stays paid).
- Any other status (a ``subscription`` fact's, ``past_due`` for a failed invoice, ``active``
  for a paid one) applies only when it happened at or after ``gateway_synced_at``, the time
  of the last status applied, which it then becomes (two of the same instant: see
  ``RANK``).
- A subscription the reader cancelled here (CANCELLED: access to its period end, then our
  expiry job) stays so until the gateway deletes it: a gateway status does not undo the
  reader's choice.
- A subscription not started yet is left to the checkout that starts it.

The entity's transition methods model our own billing job (``payment_failed`` only from
ACTIVE, ``expire_if_due`` only past the period end, ``pause`` with a length and a yearly
limit); the gateway's statuses need none of those conditions, so the fields are set here
directly and no entity event is recorded: the stored webhook events are the record of what
the gateway did.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ownverso.domain.access.inputs import SubscriptionStatus
from ownverso.domain.memberships.subscription import Subscription

S = SubscriptionStatus
FactKind = Literal["subscription", "invoice_paid", "invoice_failed"]
STATUSES = frozenset({"active", "trialing", "past_due", "paused", "canceled"})
INVOICE_STATUSES = {"invoice_paid": "active", "invoice_failed": "past_due"}
RANK = {"past_due": 0, "paused": 1, "active": 2, "trialing": 3}  # ties of one instant


@dataclass(frozen=True, kw_only=True)
class GatewaySubscriptionFact:
    """What one gateway event says about a subscription, in the gateway's time."""

    kind: FactKind
    status: str | None = None  # kind "subscription": active|trialing|past_due|paused|canceled
    period_end: datetime | None = None
    occurred_at: datetime

    def __post_init__(self) -> None:
        if self.kind not in ("subscription", *INVOICE_STATUSES):
            raise ValueError(f"unknown gateway subscription fact {self.kind}")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"unknown gateway subscription status {self.status}")
        if self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at must be timezone-aware")

    @property
    def new_status(self) -> str | None:
        """The status this fact says the subscription is in (None: only a period end)."""
        return INVOICE_STATUSES.get(self.kind, self.status)


def _snapshot(sub: Subscription) -> tuple[object, ...]:
    return (sub.status, sub.current_period_end, sub.gateway_synced_at, sub.grace_ends_at,
            sub.is_trialing, sub.trial_ends_at, sub.paused_at, sub.pause_ends_at,
            sub.expires_at, sub.live_slot, sub.auto_renew)


def follow_gateway(sub: Subscription, event: GatewaySubscriptionFact, *, now: datetime,
                   grace_days: int = 3) -> bool:
    """Apply one gateway fact; whether anything changed. A failed payment keeps access for
    ``grace_days`` after the gateway's latest failed attempt (as ``payment_failed`` does
    after our own)."""
    if sub.status is None:
        return False
    before = _snapshot(sub)
    if event.period_end is not None and (sub.current_period_end is None
                                         or event.period_end > sub.current_period_end):
        sub.current_period_end = event.period_end
    status = event.new_status
    if status == "canceled":
        _end(sub, event.occurred_at)
    elif status is not None and sub.status not in (S.EXPIRED, S.CANCELLED) \
            and _newer(sub, status, event.occurred_at):
        _apply(sub, status, event.occurred_at, grace_days)
    if status is not None and (sub.gateway_synced_at is None
                               or event.occurred_at > sub.gateway_synced_at):
        sub.gateway_synced_at = event.occurred_at
    changed = _snapshot(sub) != before
    if changed:
        sub.updated_at = now
    return changed


def _newer(sub: Subscription, status: str, at: datetime) -> bool:
    """Whether ``status`` at ``at`` is the latest the gateway said. Two statuses of one
    instant (a trial's subscription.created and its zero invoice.paid share a second) are
    settled by a fixed rank, not by which arrives last: the trial over the payment, any
    live status over past_due."""
    synced = sub.gateway_synced_at
    if synced is None or at > synced:
        return True
    return at == synced and RANK[status] >= RANK[_gateway_status(sub)]


def _gateway_status(sub: Subscription) -> str:
    if sub.status == S.ACTIVE:
        return "trialing" if sub.is_trialing else "active"
    return "paused" if sub.status == S.PAUSED else "past_due"


def _end(sub: Subscription, at: datetime) -> None:
    """EXPIRED as of the earliest time the gateway said canceled (the same whichever of two
    such facts comes first)."""
    if sub.status != S.EXPIRED or sub.expires_at is None or at < sub.expires_at:
        sub.expires_at = at
    sub.status, sub.auto_renew, sub.live_slot = S.EXPIRED, False, None
    sub.is_trialing, sub.grace_ends_at = False, None
    sub.paused_at = sub.pause_ends_at = None


def _apply(sub: Subscription, status: str, at: datetime, grace_days: int) -> None:
    """A live status from the gateway. Pauses and trials end when the gateway says so (its
    next event), so neither keeps an end of its own for our jobs to act on."""
    if status == "paused":
        sub.status, sub.grace_ends_at = S.PAUSED, None
        sub.paused_at, sub.pause_ends_at = at, None
        return
    sub.paused_at = sub.pause_ends_at = None
    if status == "past_due":
        sub.status, sub.is_trialing = S.PAST_DUE, False
        sub.grace_ends_at = at + timedelta(days=grace_days)
        return
    sub.status, sub.grace_ends_at = S.ACTIVE, None
    sub.is_trialing = status == "trialing"
    if sub.is_trialing:
        sub.trial_ends_at = None
