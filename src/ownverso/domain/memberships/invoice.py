"""What a reader was charged for a subscription: one invoice per charge (or failed try)."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity


class InvoiceKind(StrEnum):
    INITIAL = "INITIAL"      # the first payment, at checkout
    RENEWAL = "RENEWAL"      # a new period
    PRORATION = "PRORATION"  # an immediate upgrade's difference


class InvoiceStatus(StrEnum):
    PAID = "PAID"
    FAILED = "FAILED"


@dataclass(eq=False, kw_only=True)
class SubscriptionInvoice(Entity):
    subscription_id: str
    reader_id: str
    site_id: str
    tier_id: str
    kind: InvoiceKind
    status: InvoiceStatus
    amount: int  # charged, smallest currency unit
    original_amount: int
    discount_amount: int = 0
    currency: str = "INR"
    period_start: datetime | None = None
    period_end: datetime | None = None
    gateway: str | None = None
    gateway_reference: str | None = None  # the gateway's checkout, charge or invoice id
    failure_code: str | None = None
    created_at: datetime | None = None
