"""The payment gateway."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


# -- payments -----------------------------------------------------------------------------
@dataclass
class Checkout:
    id: str
    amount: int  # smallest currency unit
    currency: str
    status: str  # open, complete, expired
    url: str
    metadata: dict = field(default_factory=dict)
    payment_ref: str | None = None  # the gateway's payment behind a paid checkout (a Stripe
    # PaymentIntent, a Razorpay payment, a Xendit payment): refunds and disputes name it

    def outcome(self, amount: int, currency: str) -> str:
        """What the checkout means for an order of ``amount`` in ``currency``: ``open`` (wait),
        ``expired`` (never paid), ``amount_mismatch`` (paid, but not what was asked: never
        fulfilled) or ``paid``."""
        if self.status == "open":
            return "open"
        if self.status != "complete":
            return "expired"
        if (self.amount, self.currency.upper()) != (amount, currency.upper()):
            return "amount_mismatch"
        return "paid"


@dataclass
class Charge:
    id: str
    amount: int  # smallest currency unit
    currency: str
    status: str  # succeeded or failed
    failure_code: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


@dataclass(frozen=True)
class Refund:
    id: str
    amount: int  # smallest currency unit
    status: str  # succeeded, pending or failed

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(frozen=True)
class GatewaySubscription:
    """A subscription the gateway bills itself (its renewals handed over by Ownverso)."""

    id: str
    plan_id: str  # a ``sync_plan`` answer
    status: str  # active | past_due | paused | canceled  (each provider's mapped to these)
    current_period_end: datetime | None  # aware UTC; when the gateway charges next (None
    # once canceled/ended)
    cancel_at_period_end: bool = False


class GatewayEventKind(StrEnum):
    CHECKOUT_COMPLETED = "checkout.completed"  # paid (a poll of get_checkout confirms it)
    CHECKOUT_EXPIRED = "checkout.expired"
    REFUND_UPDATED = "refund.updated"  # status: succeeded, pending or failed
    DISPUTE_OPENED = "dispute.opened"
    DISPUTE_CLOSED = "dispute.closed"  # status: won or lost
    SUBSCRIPTION_UPDATED = "subscription.updated"  # created, changed, paused or deleted
    INVOICE_PAID = "invoice.paid"  # a gateway-billed subscription's period was paid
    INVOICE_FAILED = "invoice.failed"  # ... or its charge failed (past due)


@dataclass(frozen=True)
class GatewayEvent:
    """A verified webhook payload in the port's words, for the handlers. Only what the payload
    itself says: handlers re-read state or compare ``occurred_at`` before acting, because
    events come late, twice and out of order."""

    kind: GatewayEventKind
    object_id: str  # the gateway's id of the object: checkout, refund, dispute, subscription
    checkout_id: str | None = None  # the checkout it concerns, when the payload names it
    payment_ref: str | None = None  # the gateway payment it concerns (see Checkout)
    subscription_ref: str | None = None  # invoices: the gateway subscription billed
    status: str | None = None  # refund: succeeded|pending|failed; dispute closed: won|lost;
    # subscription: active|trialing|past_due|paused|canceled
    amount: int | None = None  # smallest currency unit
    currency: str | None = None
    reason: str | None = None  # a dispute's reason, a failure's code
    occurred_at: datetime | None = None  # when the object changed, per the gateway
    period_end: datetime | None = None  # subscriptions and invoices: the paid period's end


class GatewayUnavailable(Exception):
    """The gateway did not answer (network error, timeout, rate limit or its own 5xx): the
    call may be retried with the same idempotency key."""


class PaymentGateway(abc.ABC):
    """Money-moving calls take an idempotency key derived from our operation: repeating a
    call with the same key and the same arguments answers the first result and moves money
    once (a gateway may refuse a key reused with other arguments, with a ``ValueError``)."""

    name: str
    # whether a subscription started here charges the card saved at checkout with no action
    # of the customer's (Razorpay asks them to authorise each subscription first)
    renews_saved_cards: bool = True

    @abc.abstractmethod
    def create_checkout(self, *, amount: int, currency: str, description: str,
                        metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout:
        """A hosted checkout for ``amount``; paying it saves the card for off-session
        ``charge``. ``metadata["customer_ref"]``, when given, names the customer (our id)
        that card is saved for."""

    @abc.abstractmethod
    def get_checkout(self, checkout_id: str) -> Checkout:
        """The checkout as the gateway has it now; ``LookupError`` when it knows none."""

    @abc.abstractmethod
    def expire_checkout(self, checkout_id: str) -> Checkout:
        """Close an unpaid checkout so it can no longer be paid; a paid one stays paid (the
        answer says which)."""

    @abc.abstractmethod
    def sync_plan(self, *, plan_key: str, name: str, amount: int, currency: str,
                  interval: str) -> str:
        """Create or update the gateway's recurring plan for ``plan_key`` and return its id
        (the same key always answers the same id)."""

    @abc.abstractmethod
    def charge(self, *, customer_ref: str, amount: int, currency: str, description: str,
               metadata: dict, idempotency_key: str) -> Charge:
        """Charge the customer's saved payment method off-session: a renewal or an upgrade's
        prorated difference. A decline (or no saved card) is a ``failed`` charge, not an
        exception; the same idempotency key and arguments always answer the first charge."""

    @abc.abstractmethod
    def reschedule(self, *, subscription_ref: str, next_charge_at: datetime) -> None:
        """Move a gateway-billed subscription's next charge (gifted months added to it):
        ``get_subscription(ref).current_period_end`` is ``next_charge_at`` afterwards."""

    @abc.abstractmethod
    def refund(self, *, checkout_id: str, amount: int, idempotency_key: str) -> Refund:
        """Give back ``amount`` of a paid checkout. The same idempotency key always answers
        the first refund (money goes back once); more than is left to give back or an unpaid
        checkout is a ``ValueError``, a checkout the gateway does not know a ``LookupError``."""

    @abc.abstractmethod
    def refund_charge(self, *, charge_id: str, amount: int, idempotency_key: str) -> Refund:
        """Give back ``amount`` of a succeeded off-session ``charge`` (a renewal, an upgrade's
        difference), with the same rules as ``refund``: once per idempotency key, never more
        than it took and never a charge that did not succeed (``ValueError``); a charge the
        gateway does not know is a ``LookupError``."""

    @abc.abstractmethod
    def get_refund(self, refund_id: str) -> Refund:
        """The refund as the gateway has it now (reconciliation); ``LookupError`` when it
        knows none."""

    # -- gateway-billed subscriptions -----------------------------------------------------
    @abc.abstractmethod
    def start_subscription(self, *, customer_ref: str, plan_id: str, first_charge_at: datetime,
                           metadata: dict, idempotency_key: str) -> GatewaySubscription:
        """Hand a paid subscription's renewals to the gateway: it bills ``plan_id`` on the card
        the customer saved at checkout, first at ``first_charge_at`` (the period already paid
        runs to then; nothing is charged now), then every plan interval. The same idempotency
        key answers the same subscription. No saved card, an unknown plan or a naive/past
        datetime: ``ValueError``."""

    @abc.abstractmethod
    def get_subscription(self, subscription_ref: str) -> GatewaySubscription:
        """The subscription as the gateway has it now; ``LookupError`` when it knows none."""

    @abc.abstractmethod
    def change_subscription_plan(self, *, subscription_ref: str,
                                 plan_id: str) -> GatewaySubscription:
        """Bill ``plan_id`` from the next charge on, without proration at the gateway
        (Ownverso charges an upgrade's prorated difference itself); the next charge date does
        not move. An unknown plan is a ``ValueError``, a canceled subscription too."""

    @abc.abstractmethod
    def cancel_subscription(self, *, subscription_ref: str,
                            at_period_end: bool) -> GatewaySubscription:
        """``at_period_end=True``: no further charges, status stays ``active`` with
        ``cancel_at_period_end=True`` until the period ends; ``False``: ``canceled`` now, with
        ``current_period_end`` None (nothing more will be charged). Cancelling a canceled
        subscription answers it as it is."""

    @abc.abstractmethod
    def pause_subscription(self, *, subscription_ref: str,
                           resume_at: datetime) -> GatewaySubscription:
        """No charges until ``resume_at`` (aware, future), when billing resumes: status
        ``paused``, ``current_period_end`` = ``resume_at``. A canceled subscription cannot be
        paused (``ValueError``)."""

    @abc.abstractmethod
    def resume_subscription(self, *, subscription_ref: str) -> GatewaySubscription:
        """Undo a cancel at period end or a pause (status ``active``, ``cancel_at_period_end``
        False); the next charge date is read back from the answer (resuming a pause early
        does not bring it forward on every gateway). Resuming an ended (canceled) subscription
        is a ``ValueError``."""
