"""Who may read a chapter, as its author sets it (access level, tier, price, preview, paywall
message) and the scheduled free date; stored and validated here, enforced by the paywall."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import domain_rules
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.publishing.chapter_support import Scope, chapter_scope, to_utc
from ownverso.services.publishing.chapter_unlocks import sync_unlock
from ownverso.services.publishing.chapters import check_access

ACCESS_FIELDS = ("access_level", "minimum_tier_id", "price", "currency", "preview_paragraphs",
                 "paywall_message", "coin_price")


def change_access(uow: UnitOfWork, scope: Scope, changes: dict, *, now: datetime) -> None:
    """Apply some of the access fields; the result is validated as a whole."""
    settings = replace(scope.chapter.access,
                       **{k: v for k, v in changes.items() if k in ACCESS_FIELDS})
    check_access(uow, scope.series, settings, chapter=scope.chapter, grant=scope.grant,
                 now=now)


class ChapterAccessService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock):
        self.uow, self.clock = uow, clock

    def access(self, *, actor: Actor, chapter_id: str) -> Chapter:
        with self.uow() as uow:
            return chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ).chapter

    def update_access(self, *, actor: Actor, chapter_id: str, changes: dict) -> Chapter:
        return self._change(actor, chapter_id, lambda uow, scope, now: change_access(
            uow, scope, changes, now=now))

    def schedule_free(self, *, actor: Actor, chapter_id: str, free_at: datetime,
                      timezone: str | None = None, replacing: bool = False) -> Chapter:
        """When the chapter becomes free for everyone (stored; the paywall enforces it).
        ``replacing``: change the date set before (PATCH) rather than set one (POST)."""
        def change(uow: UnitOfWork, scope: Scope, now: datetime) -> None:
            at, zone = to_utc(free_at, timezone, field="free_at")
            with domain_rules():
                scope.chapter.schedule_free(at, timezone=zone, now=now, replacing=replacing)
            sync_unlock(uow, scope.chapter, now=now)
        return self._change(actor, chapter_id, change)

    def cancel_free(self, *, actor: Actor, chapter_id: str) -> Chapter:
        def change(uow: UnitOfWork, scope: Scope, now: datetime) -> None:
            with domain_rules():
                scope.chapter.cancel_free(now=now)
            sync_unlock(uow, scope.chapter, now=now)
        return self._change(actor, chapter_id, change)

    def _change(self, actor: Actor, chapter_id: str,
                change: Callable[[UnitOfWork, Scope, datetime], None]) -> Chapter:
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE)
            change(uow, scope, now)
            uow.commit()
            return scope.chapter
