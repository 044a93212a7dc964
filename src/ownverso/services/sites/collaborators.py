"""A site's team: invite by email, resend, list, read, change role, remove (or leave).

Every use case goes through ``access.require``: someone with no role on the site gets 404,
a role without ``collaborators.manage`` gets 403. On top of the matrix, the MANAGER role is
the owner's to give: only the OWNER (or a platform admin) grants, changes or removes a
MANAGER, and nobody changes their own role.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.errors import InvalidTransition
from ownverso.domain.identity.user import User, normalize_email
from ownverso.domain.sites.collaborator import INVITE_LIFETIME, Collaborator
from ownverso.domain.sites.permissions import OWNER, Permission, permissions_of
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.services.context import Actor
from ownverso.services.emails import EmailSender
from ownverso.services.errors import Conflict, NotFound, PermissionDenied
from ownverso.services.identity.secrets import hash_token, new_token
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.sites.access import ADMIN, SiteGrant, require

LIVE = (CollaboratorStatus.PENDING, CollaboratorStatus.ACTIVE)
INVITE_PATH = "collaborator-invites/{token}"


@dataclass(frozen=True)
class Person:
    id: str
    username: str
    display_name: str
    avatar_url: str | None


@dataclass(frozen=True)
class CollaboratorView:
    """A collaborator as the team list shows it; ``email`` is hidden (None) from those who
    cannot manage the team, except on their own row."""

    id: str
    site_id: str
    role: CollaboratorRole
    status: CollaboratorStatus
    email: str | None
    user: Person | None
    invited_by: Person | None
    invited_at: datetime
    expires_at: datetime | None
    expired: bool
    accepted_at: datetime | None
    deactivated_at: datetime | None
    updated_at: datetime
    permissions: list[str]


def person(user: User | None) -> Person | None:
    if user is None:
        return None
    return Person(id=user.id, username=user.username, display_name=user.display_name,
                  avatar_url=user.avatar_url)


def users_by_id(uow: UnitOfWork, ids: set[str | None]) -> dict[str, User]:
    """The users of ``ids`` in one query."""
    wanted = sorted(i for i in ids if i)
    return {u.id: u for u in uow.users.list(id__in=wanted)} if wanted else {}


def collaborator_not_found() -> NotFound:
    return NotFound("No such collaborator on this site.", code="collaborator_not_found")


def already_collaborator() -> Conflict:
    return Conflict("This person is already on the team or has a pending invitation; "
                    "resend it instead.", code="already_collaborator",
                    fields={"email": ["Already a collaborator or invited."]})


class CollaboratorService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 emails: EmailSender):
        self.uow, self.clock, self.ids, self.emails = uow, clock, ids, emails

    # -- reading ------------------------------------------------------------------------------
    def list_collaborators(self, *, actor: Actor, site_id: str,
                           status: CollaboratorStatus | None = None, offset: int = 0,
                           limit: int = 20) -> tuple[list[CollaboratorView], int]:
        """The team, oldest invitation first; without ``status``, the pending and active."""
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.SITE_READ)
            filters = {"status": status} if status else {"status__in": list(LIVE)}
            rows = uow.collaborators.list(site_id=site_id, order_by=("invited_at", "id"),
                                          offset=offset, limit=limit, **filters)
            total = uow.collaborators.count(site_id=site_id, **filters)
            return self._views(uow, grant, actor, rows), total

    def get(self, *, actor: Actor, site_id: str, collaborator_id: str) -> CollaboratorView:
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.SITE_READ)
            row = self._row(uow, site_id, collaborator_id)
            return self._views(uow, grant, actor, [row])[0]

    # -- inviting -----------------------------------------------------------------------------
    def invite(self, *, actor: Actor, site_id: str, email: str,
               role: CollaboratorRole) -> CollaboratorView:
        """Invite ``email`` with ``role``; the invitation link is emailed once committed."""
        email, role = normalize_email(email), CollaboratorRole(role)
        with self.uow() as uow:  # the site row is locked: two invites of one email serialize
            grant = require(uow, actor, site_id, Permission.COLLABORATORS_MANAGE, lock=True)
            self._owner_only_for_manager(grant, role)
            invitee = uow.users.get_by(email=email)
            self._check_not_on_team(uow, grant.site, email, invitee)
            now, token = self.clock.now(), new_token()
            row = Collaborator(
                id=self.ids.new_id("col"), site_id=site_id, role=role, invite_email=email,
                invited_by_id=actor.user_id, invite_token_hash=hash_token(token),
                invited_at=now, expires_at=now + INVITE_LIFETIME, created_at=now,
                updated_at=now, user_id=invitee.id if invitee else None)
            uow.collaborators.add(row)
            self._send_invite(uow, row, grant.site, token)
            view = self._views(uow, grant, actor, [row])[0]
            uow.commit()
            return view

    def resend(self, *, actor: Actor, site_id: str, collaborator_id: str) -> CollaboratorView:
        """A new link and a fresh 7 days for a pending invitation (the old link stops)."""
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.COLLABORATORS_MANAGE)
            row = self._row(uow, site_id, collaborator_id, lock=True)
            self._owner_only_for_manager(grant, row.role)
            token = new_token()
            try:
                row.reissue(hash_token(token), now=self.clock.now())
            except InvalidTransition as error:
                raise Conflict(error.message, code=error.code) from None
            self._send_invite(uow, row, grant.site, token)
            view = self._views(uow, grant, actor, [row])[0]
            uow.commit()
            return view

    # -- changing -----------------------------------------------------------------------------
    def change_role(self, *, actor: Actor, site_id: str, collaborator_id: str,
                    role: CollaboratorRole) -> CollaboratorView:
        role = CollaboratorRole(role)
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.COLLABORATORS_MANAGE)
            row = self._row(uow, site_id, collaborator_id, lock=True)
            if row.user_id == actor.user_id:
                raise PermissionDenied("Nobody changes their own role; ask the site's owner.",
                                       code="cannot_change_own_role")
            if row.status not in LIVE:
                raise Conflict(f"This collaborator is {row.status.lower()}; invite them again.",
                               code="collaborator_inactive")
            self._owner_only_for_manager(grant, row.role, role)
            if row.role != role:
                row.role, row.updated_at = role, self.clock.now()
            view = self._views(uow, grant, actor, [row])[0]
            uow.commit()
            return view

    def remove(self, *, actor: Actor, site_id: str, collaborator_id: str) -> None:
        """Remove a collaborator or withdraw an invitation; a collaborator may remove
        themselves (leave the site). Removing a removed or declined one changes nothing."""
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.SITE_READ)
            row = self._row(uow, site_id, collaborator_id, lock=True)
            leaving = row.user_id == actor.user_id and row.status == CollaboratorStatus.ACTIVE
            if not leaving:
                require(uow, actor, site_id, Permission.COLLABORATORS_MANAGE)
                self._owner_only_for_manager(grant, row.role)
            if row.status not in LIVE:
                return
            row.remove(now=self.clock.now(), reason="left" if leaving else "removed")
            uow.commit()

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _row(uow: UnitOfWork, site_id: str, collaborator_id: str, *,
             lock: bool = False) -> Collaborator:
        row = uow.collaborators.get_by(id=collaborator_id, site_id=site_id, for_update=lock)
        if row is None:
            raise collaborator_not_found()
        return row

    @staticmethod
    def _owner_only_for_manager(grant: SiteGrant, *roles: CollaboratorRole) -> None:
        if CollaboratorRole.MANAGER in roles and grant.role not in (OWNER, ADMIN):
            raise PermissionDenied("Only the site's owner grants, changes or removes the "
                                   "MANAGER role.", code="manager_requires_owner",
                                   fields={"role": [CollaboratorRole.MANAGER.value]})

    def _check_not_on_team(self, uow: UnitOfWork, site: Site, email: str,
                           invitee: User | None) -> None:
        """409 for the owner and for anyone active or invited; an expired invitation of the
        same address is withdrawn so the new one replaces it."""
        if invitee is not None and invitee.id == site.author_id:
            raise already_collaborator()
        rows = uow.collaborators.list(site_id=site.id, status__in=list(LIVE),
                                      invite_email=email, for_update=True)
        if invitee is not None:
            rows += uow.collaborators.list(site_id=site.id, status__in=list(LIVE),
                                           user_id=invitee.id, for_update=True)
        now = self.clock.now()
        for row in {r.id: r for r in rows}.values():
            if row.status == CollaboratorStatus.PENDING and not row.is_pending(now):
                row.remove(now=now, reason="expired")
            else:
                raise already_collaborator()

    def _send_invite(self, uow: UnitOfWork, row: Collaborator, site: Site, token: str) -> None:
        inviter = uow.users.get(row.invited_by_id)
        self.emails.send_after_commit(
            uow, to=row.invite_email, template="collaborator_invite",
            inviter=inviter.display_name if inviter else "Someone", site=site.name,
            role=row.role.value, email=row.invite_email, token=token,
            link=self.emails.link(INVITE_PATH.format(token=token), token))

    def _views(self, uow: UnitOfWork, grant: SiteGrant, actor: Actor,
               rows: list[Collaborator]) -> list[CollaboratorView]:
        users = users_by_id(uow, {r.user_id for r in rows} | {r.invited_by_id for r in rows})
        sees_emails, now = grant.can(Permission.COLLABORATORS_MANAGE), self.clock.now()
        return [CollaboratorView(
            id=r.id, site_id=r.site_id, role=r.role, status=r.status,
            email=r.invite_email if sees_emails or r.user_id == actor.user_id else None,
            user=person(users.get(r.user_id)), invited_by=person(users.get(r.invited_by_id)),
            invited_at=r.invited_at, accepted_at=r.accepted_at,
            expires_at=r.expires_at if r.status == CollaboratorStatus.PENDING else None,
            expired=r.status == CollaboratorStatus.PENDING and not r.is_pending(now),
            deactivated_at=r.deactivated_at, updated_at=r.updated_at,
            permissions=permissions_of(r.role)) for r in rows]
