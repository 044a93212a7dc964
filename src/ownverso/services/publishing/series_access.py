"""What the series use cases share: loading a series through the site policy, and who may
see a series publicly."""


from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import SeriesStatus
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound
from ownverso.services.ports import UnitOfWork
from ownverso.services.sites.access import SiteGrant, require, role_on


def series_not_found() -> NotFound:
    return NotFound("No such series.", code="series_not_found")


def slug_taken() -> Conflict:
    return Conflict("Another series of this site already has this slug.", code="slug_taken",
                    fields={"slug": ["Taken."]})




def load_series(uow: UnitOfWork, actor: Actor, series_id: str, permission: Permission, *,
                deleted: bool = False) -> tuple[Series, SiteGrant]:
    """The series and the caller's grant on its site. No role on the site (or a series in the
    other bin than asked for) is 404; a role without ``permission`` is 403."""
    series = uow.series.get(series_id)
    if series is None:
        raise series_not_found()
    try:
        grant = require(uow, actor, series.site_id, permission)
    except NotFound:
        raise series_not_found() from None
    if series.is_deleted != deleted:
        raise series_not_found()
    return series, grant


def is_public(series: Series, site: Site | None) -> bool:
    return (site is not None and site.is_visible_to_public and not series.is_deleted
            and series.status != SeriesStatus.DRAFT)


def visible_series(uow: UnitOfWork, viewer: Actor | None, series: Series | None) -> Series:
    """A series the viewer may read: public ones for anyone, drafts for its site's team."""
    if series is None or series.is_deleted:
        raise series_not_found()
    site = uow.sites.get(series.site_id)
    if is_public(series, site):
        return series
    role = role_on(uow, viewer, site) if site is not None and not site.is_deleted else None
    if role and SiteGrant(site=site, role=role).can(Permission.CONTENT_READ):
        return series
    raise series_not_found()
