"""Disputes (chargebacks): the gateway's webhook handlers open one with ``open_dispute``; the
payment's author (or an administrator) sees it and uploads evidence; an administrator marks
the outcome.

Evidence files are checked by content (PDF, PNG or JPEG, up to 10 MB) and stored under
``disputes/`` (a private prefix: ``/files`` never serves it). A won dispute puts the payment
back where it was; a lost one is a chargeback (CHARGEBACK_LOST) and takes back what the
payment bought exactly as a full refund does, chapter entitlements ending CHARGED_BACK.
Marking locks the purchase (if any), then the payment, then the dispute: the refund paths'
order.
"""

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from ownverso.domain.access.inputs import EntitlementState
from ownverso.domain.payments.dispute import Dispute, DisputeOutcome, DisputeStatus
from ownverso.services.commerce.product_access import require_admin
from ownverso.services.commerce.refunds import PurchaseRevoker
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, PayloadTooLarge, ValidationFailed, domain_rules
from ownverso.services.payments.payments import payment_not_found
from ownverso.services.payments.refunds import managed_payment
from ownverso.services.payments.revocation import revoke_payment
from ownverso.services.ports import Clock, FileStorage, IdGenerator, UnitOfWork

log = logging.getLogger("ownverso.disputes")

EVIDENCE_PREFIX = "disputes/"
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# what a file starts with -> its type and extension
SIGNATURES = ((b"%PDF-", "application/pdf", "pdf"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
              (b"\xff\xd8\xff", "image/jpeg", "jpg"))
REVOKE_REASON = "charged_back"


def dispute_not_found() -> NotFound:
    return NotFound("This payment has no dispute.", code="dispute_not_found")


def open_dispute(uow: UnitOfWork, ids: IdGenerator, *, payment_id: str, reason: str | None,
                 amount: int | None, evidence_due_by: datetime | None,
                 now: datetime) -> Dispute:
    """The gateway reported a dispute: the payment (locked) becomes DISPUTED with its event and
    the dispute is NEEDS_RESPONSE; ``amount`` defaults to what is left of the payment. A
    redelivered report returns the dispute already open. For webhook handlers, inside their
    unit of work (they commit)."""
    payment = uow.payments.get_by(id=payment_id, for_update=True) if payment_id else None
    if payment is None:
        raise payment_not_found()
    known = uow.disputes.get_by(payment_id=payment.id)
    if known is not None:
        return known
    with domain_rules():
        dispute = Dispute.open(id=ids.new_id("dsp"), payment_id=payment.id, reason=reason,
                               amount=payment.refundable_amount if amount is None else amount,
                               currency=payment.currency, evidence_due_by=evidence_due_by,
                               now=now)
        uow.payment_events.add(payment.open_dispute(event_id=ids.new_id("pev"), now=now,
                                                    reason=dispute.reason))
    uow.disputes.add(dispute)
    return dispute


def settle_dispute(uow: UnitOfWork, ids: IdGenerator, *, payment_id: str,
                   outcome: DisputeOutcome | str, by: str | None,
                   revokers: Sequence[PurchaseRevoker], now: datetime) -> Dispute:
    """The verdict (an administrator's, ``by``, or the gateway's, None): WON puts the payment
    back where it was; LOST is a chargeback taking back what it bought. Inside the caller's
    unit of work (it commits). 404; 409 dispute_<status>, payment_<status>."""
    found = uow.payments.get(payment_id) if payment_id else None
    if found is None:
        raise payment_not_found()
    if found.purchase_id:
        uow.purchases.get_by(id=found.purchase_id, for_update=True)
    payment = uow.payments.get_by(id=found.id, for_update=True)
    dispute = uow.disputes.get_by(payment_id=payment.id, for_update=True)
    if dispute is None:
        raise dispute_not_found()
    with domain_rules():
        dispute.resolve(outcome=outcome, by=by, now=now)
        if dispute.status == DisputeStatus.WON:
            event = payment.win_dispute(event_id=ids.new_id("pev"), now=now)
        else:
            event = payment.lose_dispute(event_id=ids.new_id("pev"), now=now)
            revoke_payment(uow, ids, payment, revokers=revokers,
                           state=EntitlementState.CHARGED_BACK, reason=REVOKE_REASON,
                           actor_id=by, now=now)
    uow.payment_events.add(event)
    log.info("dispute resolved", extra={"payment": payment.id, "outcome": dispute.status.value})
    return dispute


def _sniff(data: bytes) -> tuple[str, str]:
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    raise ValidationFailed("Evidence is a PDF, PNG or JPEG file.", code="invalid_file_type",
                           fields={"file": ["PDF, PNG or JPEG."]}, location="files")


class DisputeService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 storage: FileStorage, revokers: Sequence[PurchaseRevoker] = ()):
        self.uow, self.clock, self.ids, self.storage = uow, clock, ids, storage
        self.revokers = list(revokers)

    def get(self, *, actor: Actor, payment_id: str) -> Dispute:
        """The payment's dispute, for its author or an administrator."""
        with self.uow() as uow:
            payment = managed_payment(uow, actor, payment_id)
            return self._dispute(uow, payment.id)

    def add_evidence(self, *, actor: Actor, payment_id: str, filename: str, data: bytes,
                     note: str | None = None) -> Dispute:
        """Store one evidence file (and the note) privately; the dispute is UNDER_REVIEW.
        404 payment_not_found, dispute_not_found; 409 dispute_<status>; 413 file_too_large;
        422 invalid_file_type, note_too_long, too_many_evidence_files."""
        if len(data) > MAX_EVIDENCE_BYTES:
            raise PayloadTooLarge("Evidence files are up to 10 MB.", code="file_too_large",
                                  fields={"file": ["Up to 10 MB."]})
        content_type, extension = _sniff(data)
        now = self.clock.now()
        with self.uow() as uow:
            payment = managed_payment(uow, actor, payment_id)
            dispute = self._dispute(uow, payment.id, lock=True)
            key = f"{EVIDENCE_PREFIX}{payment.id}/{uuid.uuid4().hex}.{extension}"
            with domain_rules():
                dispute.add_evidence(key=key, filename=(filename or "evidence")[:255],
                                     content_type=content_type, size=len(data),
                                     uploaded_by=actor.user_id, now=now, note=note)
            self.storage.save(key, data, content_type=content_type)
            try:
                uow.commit()
            except Exception:
                self.storage.delete(key)
                raise
            return dispute

    def mark(self, *, actor: Actor, payment_id: str, outcome: DisputeOutcome) -> Dispute:
        """An administrator's verdict: WON puts the payment back where it was; LOST is a
        chargeback taking back what it bought. 403 admin_required; 404; 409 dispute_<status>,
        payment_<status>."""
        require_admin(actor)
        with self.uow() as uow:
            dispute = settle_dispute(uow, self.ids, payment_id=payment_id, outcome=outcome,
                                     by=actor.user_id, revokers=self.revokers,
                                     now=self.clock.now())
            uow.commit()
            return dispute

    @staticmethod
    def _dispute(uow: UnitOfWork, payment_id: str, *, lock: bool = False) -> Dispute:
        dispute = uow.disputes.get_by(payment_id=payment_id, for_update=lock)
        if dispute is None:
            raise dispute_not_found()
        return dispute
