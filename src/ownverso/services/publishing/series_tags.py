"""The tags (at most ten, never blocked ones, usage counts kept right) and the content warnings
of a series."""

from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.taxonomy import (
    SeriesContentWarning,
    SeriesTag,
    Tag,
    check_tag_count,
    tag_blocked,
)
from ownverso.domain.publishing.warnings import ContentWarning
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ValidationFailed
from ownverso.services.ports import UnitOfWork
from ownverso.services.publishing.series_access import load_series
from ownverso.services.publishing.series_genres import SeriesTaxonomyBase, resolve
from ownverso.services.publishing.taxonomy import find_or_create_tag
from ownverso.services.publishing.taxonomy_views import series_tags, series_warnings


class SeriesTagService(SeriesTaxonomyBase):
    def get(self, *, actor: Actor, series_id: str) -> list[Tag]:
        with self.uow() as uow:
            load_series(uow, actor, series_id, Permission.CONTENT_READ)
            return series_tags(uow, series_id)

    def _tags(self, uow: UnitOfWork, tag_ids: list[str], names: list[str]) -> list[Tag]:
        """Tags by id or slug (unknown ones 422) and by name (made when new); none blocked."""
        tags = resolve(uow.tags, tag_ids, field="tag_ids", code="unknown_tag")
        tags += [find_or_create_tag(uow, self.ids, name, now=self.clock.now())[0]
                 for name in names]
        if any(tag.is_blocked for tag in tags):
            error = tag_blocked()
            raise ValidationFailed(error.message, code=error.code, fields=error.fields)
        return list({tag.id: tag for tag in tags}.values())

    def _apply(self, uow: UnitOfWork, series: Series, wanted: list[Tag]) -> list[Tag]:
        check_tag_count(len(wanted))
        links = {link.tag_id: link for link in uow.series_tags.list(series_id=series.id)}
        wanted_ids = {tag.id for tag in wanted}
        dropped = [link for tag_id, link in links.items() if tag_id not in wanted_ids]
        for link in dropped:
            uow.series_tags.remove(link)
        for tag in uow.tags.list(id__in=[link.tag_id for link in dropped]) if dropped else []:
            tag.used(-1)
        for tag in wanted:
            if tag.id not in links:
                uow.series_tags.add(SeriesTag(id=self.ids.new_id("stg"), series_id=series.id,
                                              tag_id=tag.id, created_at=self.clock.now()))
                tag.used(+1)
        views = series_tags(uow, series.id)
        uow.commit()
        return views

    def replace(self, *, actor: Actor, series_id: str, tag_ids: list[str] = (),
                names: list[str] = ()) -> list[Tag]:
        with self._editing(actor, series_id) as (uow, series):
            return self._apply(uow, series, self._tags(uow, list(tag_ids), list(names)))

    def add(self, *, actor: Actor, series_id: str, tag_id: str | None = None,
            name: str | None = None) -> list[Tag]:
        if not (tag_id or name):
            raise ValidationFailed("Name a tag by 'tag_id' or 'name'.", code="tag_required",
                                   fields={"tag_id": ["Required without 'name'."]})
        with self._editing(actor, series_id) as (uow, series):
            current = series_tags(uow, series.id)
            new = self._tags(uow, [tag_id] if tag_id else [], [name] if name else [])
            return self._apply(uow, series, [*current, *new])

    def remove(self, *, actor: Actor, series_id: str, tag_id: str) -> None:
        with self._editing(actor, series_id) as (uow, series):
            current = series_tags(uow, series.id)
            kept = [tag for tag in current if tag_id not in (tag.id, tag.slug)]
            if len(kept) == len(current):
                raise NotFound("This tag is not on the series.", code="tag_not_on_series")
            self._apply(uow, series, kept)


class SeriesWarningService(SeriesTaxonomyBase):
    def get(self, *, actor: Actor, series_id: str) -> list[ContentWarning]:
        with self.uow() as uow:
            load_series(uow, actor, series_id, Permission.CONTENT_READ)
            return series_warnings(uow, series_id)

    def _apply(self, uow: UnitOfWork, series: Series,
               wanted: list[ContentWarning]) -> list[ContentWarning]:
        links = {link.warning_id: link
                 for link in uow.series_content_warnings.list(series_id=series.id)}
        wanted_ids = {warning.id for warning in wanted}
        for warning_id, link in links.items():
            if warning_id not in wanted_ids:
                uow.series_content_warnings.remove(link)
        for warning in wanted:
            if warning.id not in links:
                uow.series_content_warnings.add(SeriesContentWarning(
                    id=self.ids.new_id("scw"), series_id=series.id, warning_id=warning.id,
                    created_at=self.clock.now()))
        views = series_warnings(uow, series.id)
        uow.commit()
        return views

    def _warnings(self, uow: UnitOfWork, keys: list[str]) -> list[ContentWarning]:
        return resolve(uow.content_warnings, keys, field="warning_ids", code="unknown_warning")

    def replace(self, *, actor: Actor, series_id: str,
                warning_ids: list[str]) -> list[ContentWarning]:
        with self._editing(actor, series_id) as (uow, series):
            return self._apply(uow, series, self._warnings(uow, warning_ids))

    def add(self, *, actor: Actor, series_id: str, warning_id: str) -> list[ContentWarning]:
        with self._editing(actor, series_id) as (uow, series):
            current = series_warnings(uow, series.id)
            return self._apply(uow, series, [*current, *self._warnings(uow, [warning_id])])

    def remove(self, *, actor: Actor, series_id: str, warning_id: str) -> None:
        with self._editing(actor, series_id) as (uow, series):
            current = series_warnings(uow, series.id)
            kept = [w for w in current if warning_id not in (w.id, w.slug)]
            if len(kept) == len(current):
                raise NotFound("This warning is not on the series.",
                               code="warning_not_on_series")
            self._apply(uow, series, kept)
