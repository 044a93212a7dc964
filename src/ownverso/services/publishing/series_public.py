"""What readers see of series: a site's public series, a series by id or slug, and an author's
public series and counts. Drafts, deleted series and hidden sites answer 404."""

from collections.abc import Callable
from dataclasses import asdict

from ownverso.domain.accounts.visibility import profile_visible_to
from ownverso.domain.identity.user import User
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ContentType
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound
from ownverso.services.ports import UnitOfWork
from ownverso.services.publishing.series_access import series_not_found, visible_series
from ownverso.services.publishing.series_queries import SeriesCard, SeriesFilter, SeriesQueries
from ownverso.services.publishing.taxonomy_views import taxonomy_of
from ownverso.services.sites.access import site_not_found


class SeriesPublicService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], queries: SeriesQueries):
        self.uow, self.queries = uow, queries

    def _view(self, uow: UnitOfWork, series: Series) -> dict:
        site = uow.sites.get(series.site_id)
        return {"series": series, "site": {"id": site.id, "slug": site.slug, "name": site.name},
                **taxonomy_of(uow, series.id)}

    def site_series(self, *, site_id: str, content_type: ContentType | None = None,
                    sort: str = "updated", offset: int = 0,
                    limit: int | None = None) -> tuple[list[SeriesCard], int]:
        with self.uow() as uow:
            site = uow.sites.get(site_id)
            if site is None or not site.is_visible_to_public:
                raise site_not_found()
        return self.queries.cards(SeriesFilter(site_id=site_id, content_type=content_type,
                                               public=True),
                                  sort=sort, offset=offset, limit=limit)

    def by_id(self, *, series_id: str, viewer: Actor | None = None) -> dict:
        with self.uow() as uow:
            return self._view(uow, visible_series(uow, viewer, uow.series.get(series_id)))

    def by_slug(self, *, site_id: str, slug: str, viewer: Actor | None = None) -> dict:
        with self.uow() as uow:
            series = uow.series.get_by(site_id=site_id, slug=slug.lower(), deleted_at=None)
            if series is None:
                raise series_not_found()
            return self._view(uow, visible_series(uow, viewer, series))

    # -- an author's public page --------------------------------------------------------------
    def _author(self, uow: UnitOfWork, username: str, viewer: Actor | None) -> User:
        user = uow.users.get_by(username=username.lower())
        if user is None or not profile_visible_to(
                user, viewer_id=viewer.user_id if viewer else None,
                viewer_is_admin=bool(viewer and viewer.is_admin)):
            raise NotFound("No such user.", code="user_not_found")
        return user

    def user_series(self, *, username: str, viewer: Actor | None = None,
                    content_type: ContentType | None = None, sort: str = "recent",
                    offset: int = 0, limit: int | None = None) -> tuple[list[SeriesCard], int]:
        with self.uow() as uow:
            user = self._author(uow, username, viewer)
        where = SeriesFilter(author_id=user.id, content_type=content_type, public=True)
        return self.queries.cards(where, sort=sort, offset=offset, limit=limit)

    def user_stats(self, *, username: str, viewer: Actor | None = None) -> dict:
        """Counts over the user's public series only (one aggregate query)."""
        with self.uow() as uow:
            user = self._author(uow, username, viewer)
        totals = self.queries.totals(SeriesFilter(author_id=user.id, public=True))
        return {"username": user.username, **asdict(totals)}
