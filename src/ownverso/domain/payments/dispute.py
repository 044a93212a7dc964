"""A dispute (chargeback) the payer opened with their bank, as the gateway reported it.

    (opened by webhook) NEEDS_RESPONSE --evidence--> UNDER_REVIEW
    NEEDS_RESPONSE | UNDER_REVIEW --mark--> WON | LOST

One per payment (unique in storage). Evidence files are storage keys under a private prefix,
never public; a note may go with them. A lost dispute is a chargeback.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

REASON_MAX = 200
NOTE_MAX = 5000
MAX_EVIDENCE_FILES = 20


class DisputeStatus(StrEnum):
    NEEDS_RESPONSE = "NEEDS_RESPONSE"
    UNDER_REVIEW = "UNDER_REVIEW"
    WON = "WON"
    LOST = "LOST"


class DisputeOutcome(StrEnum):
    WON = "WON"
    LOST = "LOST"


D = DisputeStatus
OPEN = frozenset({D.NEEDS_RESPONSE, D.UNDER_REVIEW})


@dataclass(eq=False, kw_only=True)
class Dispute(Entity):
    payment_id: str
    reason: str
    amount: int  # smallest currency unit
    currency: str
    status: DisputeStatus = DisputeStatus.NEEDS_RESPONSE
    # each: {"key", "filename", "content_type", "size", "uploaded_by", "uploaded_at"}
    evidence: list[dict] = field(default_factory=list)
    evidence_note: str | None = None
    evidence_due_by: datetime | None = None
    opened_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @classmethod
    def open(cls, *, id: str, payment_id: str, reason: str | None, amount: int, currency: str,
             evidence_due_by: datetime | None, now: datetime) -> "Dispute":
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise RuleViolation("A dispute is over a positive amount.", code="invalid_amount",
                                fields={"amount": ["A positive integer."]})
        return cls(id=id, payment_id=payment_id,
                   reason=((reason or "").strip() or "unspecified")[:REASON_MAX],
                   amount=amount, currency=currency, evidence_due_by=evidence_due_by,
                   opened_at=now)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def add_evidence(self, *, key: str, filename: str, content_type: str, size: int,
                     uploaded_by: str, now: datetime, note: str | None = None) -> None:
        """One more file (and the note, when given): the dispute is UNDER_REVIEW."""
        self._require_open()
        if len(self.evidence) >= MAX_EVIDENCE_FILES:
            raise RuleViolation(f"At most {MAX_EVIDENCE_FILES} evidence files.",
                                code="too_many_evidence_files",
                                fields={"file": [f"At most {MAX_EVIDENCE_FILES}."]})
        note = (note or "").strip()
        if len(note) > NOTE_MAX:
            raise RuleViolation(f"A note has at most {NOTE_MAX} characters.",
                                code="note_too_long", fields={"note": [f"At most {NOTE_MAX}."]})
        self.evidence = [*self.evidence, {
            "key": key, "filename": filename, "content_type": content_type, "size": size,
            "uploaded_by": uploaded_by, "uploaded_at": now.isoformat()}]
        if note:
            self.evidence_note = note
        self.status = D.UNDER_REVIEW

    def resolve(self, *, outcome: DisputeOutcome | str, by: str | None, now: datetime) -> None:
        outcome = DisputeOutcome(outcome)
        self._require_open()
        self.status = D.WON if outcome == DisputeOutcome.WON else D.LOST
        self.resolved_at, self.resolved_by = now, by

    def _require_open(self) -> None:
        if not self.is_open:
            raise InvalidTransition(f"This dispute is already {self.status}.",
                                    code=f"dispute_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
