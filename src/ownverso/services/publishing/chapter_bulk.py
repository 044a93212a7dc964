"""Bulk changes to chapters of one series (update, delete, publish, access, schedule): all or
nothing, with a result per chapter. If any chapter fails, nothing changes and the 422 lists
every chapter's result."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import ServiceError, ValidationFailed
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.publishing.chapter_access import change_access
from ownverso.services.publishing.chapter_schedule import publish_chapter, schedule_chapter
from ownverso.services.publishing.chapter_support import (
    Scope,
    chapter_not_found,
    series_scope,
)
from ownverso.services.publishing.chapters import delete_chapter, update_chapter
from ownverso.services.quotas import require_feature

Change = Callable[[UnitOfWork, Scope, datetime, int], None]  # (uow, scope, now, position)


@dataclass(frozen=True)
class ItemResult:
    chapter_id: str
    ok: bool
    error: str | None = None
    message: str | None = None
    status: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _failure(chapter_id: str, error: ServiceError) -> ItemResult:
    return ItemResult(chapter_id=chapter_id, ok=False, error=error.code, message=error.message,
                      status=error.status)


def check_all_ok(results: list[ItemResult]) -> None:
    """422 ``bulk_failed`` listing every chapter's result when any failed."""
    failed = [r for r in results if not r.ok]
    if failed:
        raise ValidationFailed(
            f"Nothing was changed: {len(failed)} of {len(results)} chapters could not be "
            "changed.", code="bulk_failed", fields={"results": [r.as_dict() for r in results]})


class ChapterBulkService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock):
        self.uow, self.clock = uow, clock

    def update(self, *, actor: Actor, series_id: str, chapter_ids: list[str],
               changes: dict) -> list[ItemResult]:
        return self._run(actor, series_id, chapter_ids, Permission.CONTENT_WRITE,
                         lambda uow, s, now, i: update_chapter(uow, s, changes, now=now))

    def delete(self, *, actor: Actor, series_id: str,
               chapter_ids: list[str]) -> list[ItemResult]:
        return self._run(actor, series_id, chapter_ids, Permission.CONTENT_DELETE,
                         lambda uow, s, now, i: delete_chapter(uow, s, now=now))

    def publish(self, *, actor: Actor, series_id: str,
                chapter_ids: list[str]) -> list[ItemResult]:
        return self._run(actor, series_id, chapter_ids, Permission.CONTENT_PUBLISH,
                         lambda uow, s, now, i: publish_chapter(
                             uow, s.chapter, s.series, s.grant.site, now=now))

    def access(self, *, actor: Actor, series_id: str, chapter_ids: list[str],
               changes: dict) -> list[ItemResult]:
        return self._run(actor, series_id, chapter_ids, Permission.CONTENT_WRITE,
                         lambda uow, s, now, i: change_access(uow, s, changes, now=now))

    def schedule(self, *, actor: Actor, series_id: str, chapter_ids: list[str],
                 publish_at: datetime, timezone: str | None = None,
                 interval_hours: int = 0) -> list[ItemResult]:
        """The first chapter at ``publish_at``, each next one ``interval_hours`` later (in the
        order given); the plan must include scheduled publishing (403 for the whole request)."""
        def plan_allows(uow: UnitOfWork, scope_series) -> None:
            require_feature(uow, scope_series.author_id, "has_scheduled_publishing")

        return self._run(actor, series_id, chapter_ids, Permission.CONTENT_PUBLISH,
                         lambda uow, s, now, i: schedule_chapter(
                             uow, s, publish_at + timedelta(hours=interval_hours * i),
                             timezone, now=now), first=plan_allows)

    def _run(self, actor: Actor, series_id: str, chapter_ids: list[str],
             permission: Permission, change: Change, *, first=None) -> list[ItemResult]:
        if len(set(chapter_ids)) != len(chapter_ids):
            raise ValidationFailed("A chapter is named twice.", code="duplicate_chapter_ids",
                                   fields={"chapter_ids": ["Each chapter once."]})
        now = self.clock.now()
        with self.uow() as uow:
            series, grant = series_scope(uow, actor, series_id, permission, lock=True)
            if first is not None:
                first(uow, series)
            found = {c.id: c for c in uow.chapters.list(series_id=series.id,
                                                         id__in=list(chapter_ids),
                                                         deleted_at__isnull=True)}
            results = []
            for position, chapter_id in enumerate(chapter_ids):
                chapter = found.get(chapter_id)
                try:
                    if chapter is None:
                        raise chapter_not_found()
                    change(uow, Scope(chapter=chapter, series=series, grant=grant), now,
                           position)
                    results.append(ItemResult(chapter_id=chapter_id, ok=True))
                except ServiceError as error:
                    results.append(_failure(chapter_id, error))
            check_all_ok(results)
            uow.commit()
            return results
