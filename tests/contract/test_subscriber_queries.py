"""The subscriber list's read side gives the same answers in memory, on SQLite and on
Postgres: above all its ``live_at`` clause is the access rule's ``is_live`` at every instant,
then the filters, the search (case-insensitive, wildcards taken literally), the sorts and the
pages."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.adapters.memory.persistence import InMemoryDatabase, InMemoryUnitOfWork
from ownverso.adapters.memory.subscriber_queries import InMemorySubscriberQueries
from ownverso.adapters.sql.database import create_engine, session_factory
from ownverso.adapters.sql.mapping import start_mappers
from ownverso.adapters.sql.subscriber_queries import SqlSubscriberQueries
from ownverso.adapters.sql.tables import metadata
from ownverso.adapters.sql.uow import SqlUnitOfWork
from ownverso.domain.access.inputs import SubscriptionStatus
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.memberships.values import BillingCycle
from ownverso.domain.sites.site import Site
from ownverso.services.memberships.subscriber_queries import SubscriberFilter
from tests.factories.identity import UserFactory

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
S = SubscriptionStatus


def _empty(engine) -> None:
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request, tmp_path):
    """``(new_uow, queries)`` on one store."""
    if request.param == "memory":
        db = InMemoryDatabase()
        yield (lambda: InMemoryUnitOfWork(db)), InMemorySubscriberQueries(db)
        return
    start_mappers()
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'subscribers.db'}")
    else:
        engine = create_engine(request.getfixturevalue("schema_postgres_url"))
    metadata.create_all(engine)
    _empty(engine)
    factory = session_factory(engine)
    yield (lambda: SqlUnitOfWork(factory)), SqlSubscriberQueries(engine)
    _empty(engine)
    engine.dispose()


def _sub(n: int, reader: str, tier: str, at: datetime, *, site: str = "site_1",
         cycle: BillingCycle = BillingCycle.MONTHLY, price: int = 500, **start) -> Subscription:
    sub = Subscription(id=f"sub_{n:03d}", reader_id=reader, site_id=site, tier_id=tier,
                       billing_cycle=cycle, price_at_purchase=price, original_price=price,
                       currency="USD")
    if "gift_months" in start:
        sub.start_gift(now=at, months=start["gift_months"])
    elif start.get("started", True):
        sub.start(now=at, trial_days=start.get("trial_days", 0))
    return sub


def arrange(new_uow) -> list[Subscription]:
    """Subscriptions in every state the access rule tells apart (the expiry job never ran)."""
    people = [("author", "author@example.com", "The Author"),
              ("ann", "ann@example.com", "Ann Lee"), ("bob", "bob@books.test", "Bob"),
              ("eve", "eve@example.com", "Evelyn Stone"), ("under_score", "u@example.com",
                                                          "U 100%"),
              ("zed", "zed@example.com", "Zed"), ("anna", "anna@example.com", "Anna Bell"),
              ("rob", "rob@books.test", "Rob"), ("steve", "steve@example.com", "Steve Stone"),
              ("bobby", "bobby@books.test", "Bobby")]
    users = [UserFactory.build(id=f"usr_{name}", username=name, email=email,
                               display_name=shown) for name, email, shown in people]
    subs = [  # one live subscription per reader per site (live_slot)
        _sub(1, "usr_ann", "tier_gold", T0),                                  # active
        _sub(2, "usr_bob", "tier_gold", T0 + timedelta(days=1), cycle=BillingCycle.ANNUAL,
             price=5000),                                                     # annual
        _sub(3, "usr_eve", "tier_silver", T0 + timedelta(days=2), trial_days=7),  # trial
        _sub(4, "usr_under_score", "tier_silver", T0 + timedelta(days=3),
             gift_months=1),                                                  # gift
        _sub(5, "usr_zed", "tier_gold", T0 + timedelta(days=4), price=300),   # cancelled
        _sub(6, "usr_anna", "tier_silver", T0 - timedelta(days=40)),          # past due
        _sub(7, "usr_rob", "tier_silver", T0 - timedelta(days=50)),           # past due, no end
        _sub(8, "usr_steve", "tier_gold", T0 - timedelta(days=60)),           # paused
        _sub(9, "usr_under_score", "tier_gold", T0 - timedelta(days=70)),     # expired
        _sub(10, "usr_zed", "tier_gold", T0, started=False),                  # unpaid checkout
        _sub(11, "usr_ann", "tier_other", T0, site="site_2"),                 # another site
        _sub(12, "usr_bobby", "tier_gold", T0 + timedelta(days=5), trial_days=3),  # cancelled
    ]
    subs[4].cancel(now=T0 + timedelta(days=10), reason="price")
    subs[5].payment_failed(now=T0 + timedelta(days=4))
    subs[6].payment_failed(now=T0 - timedelta(days=1))
    subs[6].grace_ends_at = None  # an old row: the rule falls back to period end + 3 days
    subs[6].current_period_end = T0 + timedelta(days=2)
    subs[7].pause(months=1, now=T0 - timedelta(days=5))
    subs[8].cancel(now=T0 - timedelta(days=65))
    assert subs[8].expire_if_due(T0 - timedelta(days=1))
    subs[11].cancel(now=T0 + timedelta(days=6))
    with new_uow() as uow:
        for user in users:
            uow.users.add(user)
        for n in (1, 2):
            uow.sites.add(Site(id=f"site_{n}", author_id=users[0].id, slug=f"site-{n}",
                               name="Site", created_at=T0, updated_at=T0))
        for tier_id, site_id, name in (("tier_gold", "site_1", "Gold"),
                                       ("tier_silver", "site_1", "Silver"),
                                       ("tier_other", "site_2", "Other")):
            uow.tiers.add(Tier(id=tier_id, site_id=site_id, author_id=users[0].id, name=name,
                               slug=name.lower(), monthly_price=500, currency="USD",
                               created_at=T0, updated_at=T0))
        uow.commit()
    with new_uow() as uow:  # subscriptions after the rows they point at
        for sub in subs:
            sub.events.clear()
            uow.reader_subscriptions.add(sub)
        uow.commit()
    return subs


def ids(queries, **where) -> list[str]:
    sort = where.pop("sort", "newest")
    rows, total = queries.subscribers(SubscriberFilter(site_id="site_1", **where), sort=sort)
    assert total == len(rows)
    return [row.id for row in rows]


def test_live_is_the_access_rule_at_every_instant(store):
    new_uow, queries = store
    subs = [s for s in arrange(new_uow) if s.site_id == "site_1" and s.status is not None]
    instants = [T0 + timedelta(days=d, hours=h) for d in (-3, 0, 1, 3, 4, 5, 8, 9, 20, 31, 36,
                                                          45, 60, 400) for h in (0, 13)]
    for moment in instants:
        expected = {s.id for s in subs if s.is_live(moment)}
        assert set(ids(queries, live_at=moment)) == expected, moment
    live_now = set(ids(queries, live_at=T0 + timedelta(days=5, hours=1)))
    assert {"sub_001", "sub_004", "sub_005", "sub_006"} <= live_now
    assert not {"sub_008", "sub_009", "sub_010", "sub_011"} & live_now


def test_filters_search_sorts_and_pages(store):
    new_uow, queries = store
    arrange(new_uow)
    assert ids(queries) == ["sub_012", "sub_005", "sub_004", "sub_003", "sub_002", "sub_001",
                            "sub_006", "sub_007", "sub_008", "sub_009"]
    assert ids(queries, sort="oldest")[:2] == ["sub_009", "sub_008"]
    assert ids(queries, sort="price_high")[:2] == ["sub_002", "sub_012"]
    assert ids(queries, sort="price_low")[:2] == ["sub_004", "sub_005"]  # the gift costs 0
    assert ids(queries, statuses=(S.CANCELLED, S.EXPIRED)) == ["sub_012", "sub_005",
                                                               "sub_009"]
    assert ids(queries, tier_id="tier_silver") == ["sub_004", "sub_003", "sub_006", "sub_007"]
    assert ids(queries, billing_cycle=BillingCycle.ANNUAL) == ["sub_002"]
    assert ids(queries, is_trialing=True) == ["sub_012", "sub_003"]
    assert ids(queries, is_gift=True) == ["sub_004"]
    assert ids(queries, is_gift=False, is_trialing=False, statuses=(S.ACTIVE,)) == [
        "sub_002", "sub_001"]
    assert ids(queries, created_from=T0, created_to=T0 + timedelta(days=2)) == [
        "sub_002", "sub_001"]
    assert ids(queries, search="ANN") == ["sub_001", "sub_006"]
    assert ids(queries, search="books.test") == ["sub_012", "sub_002", "sub_007"]
    assert ids(queries, search="stone") == ["sub_003", "sub_008"]
    assert ids(queries, search="r_s") == ["sub_004", "sub_009"]  # "_" is no wildcard
    assert ids(queries, search="100%") == ["sub_004", "sub_009"]
    assert ids(queries, search="%") == ["sub_004", "sub_009"]
    assert ids(queries, search="r_b") == []  # would match "rob" as a wildcard
    assert ids(queries, search="nobody") == []

    rows, total = queries.subscribers(SubscriberFilter(site_id="site_1"), offset=2, limit=3)
    assert total == 10 and [r.id for r in rows] == ["sub_004", "sub_003", "sub_002"]
    found, total = queries.subscribers(SubscriberFilter(site_id="site_1", search="evelyn"),
                                       limit=1)
    first = found[0]
    assert total == 1 and first.id == "sub_003"
    assert (first.reader.username, first.reader.email, first.reader.display_name) == (
        "eve", "eve@example.com", "Evelyn Stone")
    assert (first.tier.id, first.tier.name, first.status, first.is_trialing) == (
        "tier_silver", "Silver", S.ACTIVE, True)
    assert first.created_at == T0 + timedelta(days=2)
