"""A site's subscribers on SQL: one statement per page (joined to the reader and the tier),
one per total."""

from datetime import datetime

import sqlalchemy as sa

from ownverso.adapters.filters import parse_order
from ownverso.adapters.sql.tables.identity import users
from ownverso.adapters.sql.tables.memberships import author_subscription_tiers as tiers
from ownverso.adapters.sql.tables.memberships import reader_subscriptions
from ownverso.domain.access.inputs import DEFAULT_GRACE, SubscriptionStatus
from ownverso.services.memberships.subscriber_queries import (
    ROW_FIELDS,
    SORTS,
    ReaderCard,
    Subscriber,
    SubscriberFilter,
    SubscriberQueries,
    TierRef,
)

r, u = reader_subscriptions.c, users.c
S = SubscriptionStatus


def live_at(now: datetime):
    """``SubscriptionFacts.is_live(now)`` as a clause (the contract tests hold them equal):
    never PAUSED or EXPIRED; a gift until its period ends; CANCELLED until its period ends;
    PAST_DUE (not in a trial) until its grace ends (period end + 3 days when none is
    recorded); a trial until it ends; ACTIVE otherwise."""
    end, grace, trial_end = r.current_period_end, r.grace_ends_at, r.trial_ends_at
    gift = sa.and_(r.is_gift.is_(True), sa.or_(end.is_(None), end > now))
    cancelled = sa.and_(r.status == S.CANCELLED, end > now)
    past_due = sa.and_(r.status == S.PAST_DUE, r.is_trialing.is_(False),
                       sa.or_(grace > now, sa.and_(grace.is_(None), end > now - DEFAULT_GRACE)))
    trial = sa.and_(r.status.in_((S.ACTIVE, S.PAST_DUE)), r.is_trialing.is_(True),
                    sa.or_(trial_end.is_(None), trial_end > now))
    active = sa.and_(r.status == S.ACTIVE, r.is_trialing.is_(False))
    return sa.and_(r.status.in_((S.ACTIVE, S.PAST_DUE, S.CANCELLED)),
                   sa.or_(gift, sa.and_(r.is_gift.is_(False),
                                        sa.or_(cancelled, past_due, trial, active))))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(where: SubscriberFilter) -> list:
    clauses = [r.site_id == where.site_id, r.status.is_not(None)]
    if where.statuses:
        clauses.append(r.status.in_(where.statuses))
    for name, value in (("tier_id", where.tier_id), ("billing_cycle", where.billing_cycle),
                        ("is_trialing", where.is_trialing), ("is_gift", where.is_gift)):
        if value is not None:
            clauses.append(r[name] == value)
    if where.live_at is not None:
        clauses.append(live_at(where.live_at))
    if where.created_from is not None:
        clauses.append(r.created_at >= where.created_from)
    if where.created_to is not None:
        clauses.append(r.created_at < where.created_to)
    if where.search:
        pattern = _like(where.search.lower())
        clauses.append(sa.or_(*(sa.func.lower(column).like(pattern, escape="\\")
                                for column in (u.username, u.email, u.display_name))))
    return clauses


class SqlSubscriberQueries(SubscriberQueries):
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def subscribers(self, where: SubscriberFilter, *, sort: str = "newest", offset: int = 0,
                    limit: int | None = None) -> tuple[list[Subscriber], int]:
        clauses = _where(where)
        joined = reader_subscriptions.outerjoin(users, u.id == r.reader_id)
        query = (sa.select(*[r[f] for f in ROW_FIELDS], u.username, u.display_name, u.email,
                           tiers.c.name.label("tier_name"))
                 .select_from(joined.outerjoin(tiers, tiers.c.id == r.tier_id))
                 .where(*clauses))
        for name in (*SORTS[sort], "id"):
            field, desc = parse_order(name)
            query = query.order_by((r[field].desc() if desc else r[field].asc()).nulls_last())
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        total = sa.select(sa.func.count()).select_from(joined).where(*clauses)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            count = connection.scalar(total) if limit is not None or offset else len(rows)
        return [Subscriber(**{f: row[f] for f in ROW_FIELDS},
                           reader=ReaderCard(id=row["reader_id"], username=row["username"],
                                             display_name=row["display_name"],
                                             email=row["email"]),
                           tier=TierRef(id=row["tier_id"], name=row["tier_name"]))
                for row in rows], count or 0
