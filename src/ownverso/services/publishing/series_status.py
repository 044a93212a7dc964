"""A series' lifecycle (publish, unpublish, hiatus, resume, complete, cancel), its listing on
discovery, and its stats."""

from collections.abc import Callable

from ownverso.domain.publishing.series import Series
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import domain_rules
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.publishing.series_access import load_series
from ownverso.services.publishing.series_queries import SeriesQueries

WORDS_PER_MINUTE = 250


def stats_of(series: Series) -> dict:
    """The counters kept on the series row (the chapters module maintains the chapter ones)."""
    return {
        "series_id": series.id, "status": series.status, "is_listed": series.is_listed,
        "chapter_count": series.chapter_count,
        "published_chapter_count": series.published_chapter_count,
        "unpublished_chapter_count": max(0, series.chapter_count
                                         - series.published_chapter_count),
        "word_count": series.word_count,
        "reading_time_minutes": -(-series.word_count // WORDS_PER_MINUTE),
        "view_count": series.view_count, "subscriber_count": series.subscriber_count,
        "average_rating": series.average_rating,
        "last_published_at": series.last_published_at,
        "next_scheduled_at": series.next_scheduled_at,
    }


class SeriesStatusService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, queries: SeriesQueries):
        self.uow, self.clock, self.queries = uow, clock, queries

    def change(self, *, actor: Actor, series_id: str, action: str) -> Series:
        """One of the status endpoints; a move the state machine refuses is 409
        ``invalid_series_transition``."""
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_PUBLISH)
            with domain_rules():
                series.perform(action, now=self.clock.now())
            uow.commit()
            return series

    def list_on_discovery(self, *, actor: Actor, series_id: str) -> Series:
        """422 ``listing_requirements_unmet`` naming what is missing (cover, synopsis, a
        published chapter, a published status)."""
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_PUBLISH)
            with domain_rules():
                series.list_on_discovery(now=self.clock.now())
            uow.commit()
            return series

    def unlist(self, *, actor: Actor, series_id: str) -> Series:
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_PUBLISH)
            series.unlist(now=self.clock.now())
            uow.commit()
            return series

    def stats(self, *, actor: Actor, series_id: str) -> dict:
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_READ)
        return stats_of(series)

    def detailed_stats(self, *, actor: Actor, series_id: str) -> dict:
        """The counters plus chapters by status (one grouped query), taxonomy counts (one count
        each), the listing's missing requirements and averages."""
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_READ)
            taxonomy = {"genres": uow.series_genres.count(series_id=series.id),
                        "tags": uow.series_tags.count(series_id=series.id),
                        "content_warnings": uow.series_content_warnings.count(
                            series_id=series.id)}
        published = series.published_chapter_count
        now = self.clock.now()
        return {
            **stats_of(series),
            "chapters_by_status": self.queries.chapter_status_counts(series.id),
            "taxonomy": taxonomy,
            "average_words_per_chapter": (round(series.word_count / series.chapter_count)
                                          if series.chapter_count else 0),
            "views_per_published_chapter": (round(series.view_count / published, 1)
                                            if published else 0.0),
            "days_since_created": max(0, (now - series.created_at).days),
            "days_since_last_publish": ((now - series.last_published_at).days
                                        if series.last_published_at else None),
            "listing_problems": series.listing_problems(),
            "is_complete": series.is_complete, "completed_at": series.completed_at,
            "total_planned_chapters": series.total_planned_chapters,
        }
