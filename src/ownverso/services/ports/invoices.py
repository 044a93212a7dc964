"""Rendering the platform's invoice to an author (a PDF in production)."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    amount: int  # smallest currency unit


@dataclass(frozen=True)
class InvoiceDocument:
    """What an invoice states; amounts in the smallest currency unit."""

    number: str
    seller: str
    buyer: str  # the author's name
    buyer_email: str
    issued_at: datetime
    period_start: datetime
    period_end: datetime  # exclusive
    due_date: datetime
    currency: str
    gross_revenue: int
    lines: tuple[InvoiceLine, ...]
    total_amount: int
    status: str
    paid_at: datetime | None = None


class InvoiceRenderer(abc.ABC):
    content_type: str
    extension: str

    @abc.abstractmethod
    def render(self, invoice: InvoiceDocument) -> bytes: ...
