"""Sites: create, list, read, update, status, soft delete and restore; the public views."""

from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.sites.page import Page
from ownverso.domain.sites.permissions import OWNER, Permission, permissions_of
from ownverso.domain.sites.settings import check_content_rating, check_language
from ownverso.domain.sites.site import Site, check_slug
from ownverso.domain.sites.values import CollaboratorStatus, SiteStatus
from ownverso.services.context import Actor
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    domain_rules,
)
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.sites.access import ADMIN, SiteGrant, require, site_not_found

VISIBLE = [SiteStatus.ACTIVE, SiteStatus.MAINTENANCE]
DETAILS = ("name", "tagline", "description", "is_public", "meta_title", "meta_description",
           "canonical_url")


@dataclass(frozen=True)
class SiteView:
    """A site as one caller sees it: with their role and what it allows."""

    site: Site
    role: str

    @property
    def permissions(self) -> list[str]:
        return permissions_of(OWNER if self.role == ADMIN else self.role)

    def __getattr__(self, name: str):  # the site's fields, for serializers
        if name.startswith("__") or name == "site":
            raise AttributeError(name)
        return getattr(self.site, name)


@dataclass(frozen=True)
class PublicSite:
    site: Site
    navigation: list[Page]

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "site":
            raise AttributeError(name)
        return getattr(self.site, name)


def slug_taken() -> Conflict:
    return Conflict("This slug is taken.", code="slug_taken", fields={"slug": ["Taken."]})


class SiteService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    # -- the author's side ------------------------------------------------------------------
    def create(self, *, actor: Actor, fields: dict) -> SiteView:
        now = self.clock.now()
        with self.uow() as uow:
            if uow.author_profiles.get_by(user_id=actor.user_id) is None:
                raise PermissionDenied(
                    "Only authors create sites: become one first with POST "
                    "/api/v1/author-profile.", code="author_profile_required")
            with domain_rules():
                slug = check_slug(fields["slug"])
                language = check_language(fields.get("default_language", "en"))
                rating = check_content_rating(fields.get("default_content_rating", "EVERYONE"))
            if uow.sites.get_by(slug=slug) is not None:
                raise slug_taken()
            site = Site(id=self.ids.new_id("site"), author_id=actor.user_id, slug=slug,
                        name=fields["name"], tagline=fields.get("tagline"),
                        description=fields.get("description"),
                        is_public=fields.get("is_public", True), default_language=language,
                        default_content_rating=rating, created_at=now, updated_at=now)
            uow.sites.add(site)
            try:
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return SiteView(site=site, role=OWNER)

    def list_mine(self, *, actor: Actor, include_deleted: bool = False,
                  status: SiteStatus | None = None, offset: int = 0,
                  limit: int | None = None) -> tuple[list[SiteView], int]:
        """The caller's own sites and those they are an active collaborator of (with their
        role), newest first. Three statements, whatever the number of sites."""
        status = SiteStatus(status) if status else None
        own_filter: dict = {"status": status} if status else (
            {} if include_deleted else {"status__ne": SiteStatus.DELETED})
        with self.uow() as uow:
            memberships = uow.collaborators.list(user_id=actor.user_id,
                                                 status=CollaboratorStatus.ACTIVE)
            roles = {m.site_id: m.role.value for m in memberships}
            own = uow.sites.list(author_id=actor.user_id, **own_filter)
            shared = uow.sites.list(id__in=list(roles), author_id__ne=actor.user_id,
                                    **({"status": status} if status else {"status__in": VISIBLE}))
        views = [SiteView(site=s, role=OWNER) for s in own]
        views += [SiteView(site=s, role=roles[s.id]) for s in shared]
        views.sort(key=lambda v: (v.site.created_at, v.site.id), reverse=True)
        end = None if limit is None else offset + limit
        return views[offset:end], len(views)

    def get(self, *, actor: Actor, site_id: str) -> SiteView:
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.SITE_READ, deleted_ok=True)
            return SiteView(site=grant.site, role=grant.role)

    def update(self, *, actor: Actor, site_id: str, changes: dict) -> SiteView:
        now = self.clock.now()
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.SITE_UPDATE)
            site = grant.site
            if "slug" in changes:
                with domain_rules():
                    slug = check_slug(changes["slug"])
                if slug != site.slug and uow.sites.get_by(slug=slug, id__ne=site.id):
                    raise slug_taken()
                site.slug = slug
            for name in DETAILS:
                if name in changes:
                    setattr(site, name, changes[name])
            if "status" in changes or "maintenance_message" in changes:
                self._change_status(grant, changes, now=now)
            site.updated_at = now
            try:
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return SiteView(site=site, role=grant.role)

    @staticmethod
    def _change_status(grant: SiteGrant, changes: dict, *, now) -> None:
        site = grant.site
        status = SiteStatus(changes.get("status", site.status))
        message = changes.get("maintenance_message", site.maintenance_message)
        is_admin = grant.role == ADMIN
        if status == SiteStatus.DELETED:
            raise ValidationFailed("Delete a site with DELETE /sites/{id}.",
                                   code="use_delete", fields={"status": ["Use DELETE."]})
        if not is_admin and SiteStatus.SUSPENDED in (status, site.status):
            raise PermissionDenied("Only the platform's staff suspend sites or lift a "
                                   "suspension.", code="site_suspended",
                                   fields={"status": [site.status.value]})
        if changes.get("maintenance_message") and status != SiteStatus.MAINTENANCE:
            raise ValidationFailed("A maintenance message goes with status MAINTENANCE.",
                                   code="maintenance_message_without_maintenance",
                                   fields={"maintenance_message": ["Needs status MAINTENANCE."]})
        with domain_rules():
            site.change_status(status, now=now, message=message,
                               reason=changes.get("suspension_reason"))

    def delete(self, *, actor: Actor, site_id: str) -> None:
        """Soft delete: the site disappears for everyone but its owner, who can restore it."""
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.SITE_DELETE).site
            with domain_rules():
                site.change_status(SiteStatus.DELETED, now=self.clock.now())
            uow.commit()

    def restore(self, *, actor: Actor, site_id: str) -> SiteView:
        with self.uow() as uow:
            grant = require(uow, actor, site_id, Permission.SITE_DELETE, deleted_ok=True)
            if not grant.site.is_deleted:
                raise Conflict("This site is not deleted.", code="site_not_deleted")
            with domain_rules():
                grant.site.change_status(SiteStatus.ACTIVE, now=self.clock.now())
            uow.commit()
            return SiteView(site=grant.site, role=grant.role)

    # -- the public side --------------------------------------------------------------------
    def _public(self, uow: UnitOfWork, site: Site | None) -> PublicSite:
        if site is None or not site.is_visible_to_public:
            raise site_not_found()
        navigation = uow.pages.list(site_id=site.id, is_published=True, show_in_nav=True,
                                    order_by=["nav_order", "created_at"])
        return PublicSite(site=site, navigation=navigation)

    def public_by_slug(self, *, slug: str) -> PublicSite:
        with self.uow() as uow:
            return self._public(uow, uow.sites.get_by(slug=slug.strip().lower()))

    def public_by_domain(self, *, domain: str) -> PublicSite:
        with self.uow() as uow:
            site = uow.sites.get_by(custom_domain=domain.strip().lower().rstrip("."),
                                    custom_domain_verified=True)
            return self._public(uow, site)

    def public_by_id(self, *, site_id: str) -> PublicSite:
        with self.uow() as uow:
            return self._public(uow, uow.sites.get(site_id))

    def public_sites_of(self, *, user_id: str, offset: int = 0,
                        limit: int | None = None) -> tuple[list[Site], int]:
        """An author's sites that the public can see, oldest first."""
        visible = {"author_id": user_id, "is_public": True, "status__in": VISIBLE}
        with self.uow() as uow:
            if uow.author_profiles.get_by(user_id=user_id) is None:
                raise NotFound("No such author.", code="author_not_found")
            return (uow.sites.list(**visible, order_by=["created_at", "id"], offset=offset,
                                   limit=limit), uow.sites.count(**visible))
