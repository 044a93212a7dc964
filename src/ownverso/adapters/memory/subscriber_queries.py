"""A site's subscribers in memory: the same answers as the SQL adapter, over committed state."""

from ownverso.adapters.filters import parse_order
from ownverso.adapters.memory.persistence import InMemoryDatabase
from ownverso.domain.identity.user import User
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.services.memberships.subscriber_queries import (
    SORTS,
    Subscriber,
    SubscriberFilter,
    SubscriberQueries,
)


def _matches(sub: Subscription, reader: User | None, q: SubscriberFilter) -> bool:
    if sub.site_id != q.site_id or sub.status is None:
        return False
    text = (q.search or "").lower()
    checks = [
        not q.statuses or sub.status in q.statuses,
        q.tier_id is None or sub.tier_id == q.tier_id,
        q.billing_cycle is None or sub.billing_cycle == q.billing_cycle,
        q.is_trialing is None or sub.is_trialing == q.is_trialing,
        q.is_gift is None or sub.is_gift == q.is_gift,
        q.live_at is None or sub.is_live(q.live_at),
        q.created_from is None or (sub.created_at is not None
                                   and sub.created_at >= q.created_from),
        q.created_to is None or (sub.created_at is not None and sub.created_at < q.created_to),
        not text or (reader is not None and any(
            text in (value or "").lower()
            for value in (reader.username, reader.email, reader.display_name))),
    ]
    return all(checks)


class InMemorySubscriberQueries(SubscriberQueries):
    def __init__(self, db: InMemoryDatabase):
        self.db = db

    def subscribers(self, where: SubscriberFilter, *, sort: str = "newest", offset: int = 0,
                    limit: int | None = None) -> tuple[list[Subscriber], int]:
        with self.db.lock:
            subs = list(self.db.tables[Subscription].values())
            users = dict(self.db.tables[User])
            tiers = dict(self.db.tables[Tier])
        found = sorted((s for s in subs if _matches(s, users.get(s.reader_id), where)),
                       key=lambda s: s.id)
        for name in reversed(SORTS[sort]):
            field, desc = parse_order(name)
            present = [s for s in found if getattr(s, field) is not None]
            missing = [s for s in found if getattr(s, field) is None]
            present.sort(key=lambda s, f=field: getattr(s, f), reverse=desc)
            found = present + missing
        end = None if limit is None else offset + limit
        return ([Subscriber.of(s, users.get(s.reader_id), tiers.get(s.tier_id))
                 for s in found[offset:end]], len(found))
