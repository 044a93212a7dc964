"""The invitee's side of an invitation: my pending invites, one invite's details, accept and
decline.

An invitation is addressed to an email: only the signed-in user whose (verified) email is the
invited one may see, accept or decline it; anyone else gets 403 ``invite_email_mismatch``.
An unknown, expired or used token is 404 ``invite_not_found``. The path segment is the token
from the email, or the invitation's id as listed by ``mine`` (the email check is the same).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.identity.user import User, normalize_email
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.permissions import permissions_of
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, PermissionDenied
from ownverso.services.identity.secrets import hash_token
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.sites.collaborators import (
    LIVE,
    Person,
    already_collaborator,
    person,
    users_by_id,
)

ID_PREFIX = "col_"


@dataclass(frozen=True)
class SiteBrief:
    id: str
    name: str
    slug: str


@dataclass(frozen=True)
class InviteView:
    id: str
    site: SiteBrief
    role: CollaboratorRole
    status: CollaboratorStatus
    email: str
    invited_by: Person | None
    invited_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    permissions: list[str]


def invite_not_found() -> NotFound:
    return NotFound("This invitation does not exist, has expired or was already answered.",
                    code="invite_not_found")


class InvitationService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock):
        self.uow, self.clock = uow, clock

    def mine(self, *, actor: Actor, offset: int = 0,
             limit: int = 20) -> tuple[list[InviteView], int]:
        """The signed-in user's pending invitations (to their email or their account),
        newest first."""
        with self.uow() as uow:
            user, now = uow.users.get(actor.user_id), self.clock.now()
            pending = {"status": CollaboratorStatus.PENDING, "expires_at__gt": now}
            rows = {r.id: r for r in uow.collaborators.list(invite_email=user.email, **pending)
                    + uow.collaborators.list(user_id=user.id, **pending)}
            sites = {s.id: s for s in uow.sites.list(id__in=sorted({r.site_id for r in
                                                                    rows.values()}))}
            live = sorted((r for r in rows.values()
                           if r.site_id in sites and not sites[r.site_id].is_deleted),
                          key=lambda r: (r.invited_at, r.id), reverse=True)
            page = live[offset:offset + limit]
            return self._views(uow, page, sites), len(live)

    def details(self, *, actor: Actor, token: str) -> InviteView:
        with self.uow() as uow:
            row, site, _ = self._open(uow, actor, token)
            return self._views(uow, [row], {site.id: site})[0]

    def accept(self, *, actor: Actor, token: str) -> InviteView:
        with self.uow() as uow:
            row, site, user = self._open(uow, actor, token, lock=True)
            if not user.email_verified:
                raise PermissionDenied("Verify your email address before accepting.",
                                       code="email_not_verified")
            if site.author_id == user.id or uow.collaborators.get_by(
                    site_id=site.id, user_id=user.id, status=CollaboratorStatus.ACTIVE):
                raise already_collaborator()
            row.accept(user.id, now=self.clock.now())
            user.join_as_collaborator(now=self.clock.now())
            view = self._views(uow, [row], {site.id: site})[0]
            uow.commit()
            return view

    def decline(self, *, actor: Actor, token: str) -> None:
        with self.uow() as uow:
            row, _, _ = self._open(uow, actor, token, lock=True)
            row.decline(now=self.clock.now())
            uow.commit()

    # -- helpers ------------------------------------------------------------------------------
    def _open(self, uow: UnitOfWork, actor: Actor, token: str, *,
              lock: bool = False) -> tuple[Collaborator, Site, User]:
        token = (token or "").strip()
        row = uow.collaborators.get_by(invite_token_hash=hash_token(token), for_update=lock)
        if row is None and token.startswith(ID_PREFIX):
            row = uow.collaborators.get_by(id=token, status__in=list(LIVE), for_update=lock)
        if row is None or not row.is_pending(self.clock.now()):
            raise invite_not_found()
        site = uow.sites.get(row.site_id)
        if site is None or site.is_deleted:
            raise invite_not_found()
        user = uow.users.get(actor.user_id)
        if user is None or normalize_email(user.email) != row.invite_email:
            raise PermissionDenied("This invitation was sent to another email address; sign "
                                   "in with that address to answer it.",
                                   code="invite_email_mismatch")
        return row, site, user

    @staticmethod
    def _views(uow: UnitOfWork, rows: list[Collaborator],
               sites: dict[str, Site]) -> list[InviteView]:
        inviters = users_by_id(uow, {r.invited_by_id for r in rows})
        return [InviteView(
            id=r.id, role=r.role, status=r.status, email=r.invite_email,
            site=SiteBrief(id=sites[r.site_id].id, name=sites[r.site_id].name,
                           slug=sites[r.site_id].slug),
            invited_by=person(inviters.get(r.invited_by_id)), invited_at=r.invited_at,
            expires_at=r.expires_at, accepted_at=r.accepted_at,
            permissions=permissions_of(r.role)) for r in rows]

