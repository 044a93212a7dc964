"""Periodic platform billing: last month's usage-fee invoices and their reminders."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.billing.platform_invoices import PlatformInvoiceService


@inject
def generate_platform_invoices(
        *, invoices: PlatformInvoiceService = Provide["platform_invoices"]) -> int:
    """Make last month's invoices; idempotent, so running it hourly makes each once."""
    return invoices.generate_last_month().created


@inject
def remind_platform_invoices(
        *, invoices: PlatformInvoiceService = Provide["platform_invoices"]) -> int:
    """Email the authors of invoices due within 3 days or overdue (once per stage)."""
    return len(invoices.send_reminders())
