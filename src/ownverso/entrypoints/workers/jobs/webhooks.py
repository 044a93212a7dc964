"""Incoming payment webhooks: processing a stored event, retrying the ones due, and the
reconciliation that repairs what lost webhooks left undone."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.payments.reconciliation import Reconciliation
from ownverso.services.payments.webhook_processing import WebhookProcessor


@inject
def process_webhook_event(
        *, event_id: str, processor: WebhookProcessor = Provide["webhook_processor"]
) -> str | None:
    """One attempt at the stored event ``event_id`` (our id, not the gateway's); its status."""
    status = processor.process(event_id)
    return status.value if status else None


@inject
def retry_webhook_events(
        *, processor: WebhookProcessor = Provide["webhook_processor"]) -> int:
    """Enqueue the events due again (failed, lost or abandoned); how many."""
    return processor.retry_due()


@inject
def reconcile_payments(
        *, reconciliation: Reconciliation = Provide["reconciliation"]) -> dict[str, int]:
    """Repair what lost webhooks left undone: open checkouts, pending refunds; the counts."""
    return reconciliation.run().counts()
