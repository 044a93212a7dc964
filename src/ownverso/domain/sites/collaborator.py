"""A collaborator on a site: invited by email, then accepted or declined."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus

INVITE_LIFETIME = timedelta(days=7)


@dataclass(eq=False, kw_only=True)
class Collaborator(Entity):
    site_id: str
    role: CollaboratorRole
    invite_email: str
    invited_by_id: str
    invited_at: datetime
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
    user_id: str | None = None  # known once accepted (or when the invitee has an account)
    invite_token_hash: str | None = None
    status: CollaboratorStatus = CollaboratorStatus.PENDING
    accepted_at: datetime | None = None
    deactivated_at: datetime | None = None
    deactivated_reason: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status == CollaboratorStatus.ACTIVE

    def is_pending(self, now: datetime) -> bool:
        return self.status == CollaboratorStatus.PENDING and self.expires_at > now

    def reissue(self, token_hash: str, *, now: datetime) -> None:
        if self.status != CollaboratorStatus.PENDING:
            raise InvalidTransition("Only pending invitations can be sent again.",
                                    code="invite_not_pending")
        self.invite_token_hash = token_hash
        self.expires_at = now + INVITE_LIFETIME
        self.updated_at = now

    def accept(self, user_id: str, *, now: datetime) -> None:
        if not self.is_pending(now):
            raise InvalidTransition("This invitation is no longer valid.",
                                    code="invite_not_pending")
        self.user_id, self.status, self.accepted_at = user_id, CollaboratorStatus.ACTIVE, now
        self.invite_token_hash = None
        self.updated_at = now

    def decline(self, *, now: datetime) -> None:
        if not self.is_pending(now):
            raise InvalidTransition("This invitation is no longer valid.",
                                    code="invite_not_pending")
        self.status, self.invite_token_hash, self.updated_at = (CollaboratorStatus.DECLINED,
                                                                None, now)

    def remove(self, *, now: datetime, reason: str = "removed") -> None:
        self.status = CollaboratorStatus.REMOVED
        self.invite_token_hash = None
        self.deactivated_at, self.deactivated_reason, self.updated_at = now, reason, now
