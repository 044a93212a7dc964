"""/sites/{siteId}/subscribers over HTTP: the list's filters, search, sorts and pages, one
subscriber with its invoices, the stats (MRR by currency and tier, new, churned, revenue), the
churn analysis, the CSV export and its formula guard, the policy (strangers 404, editors 403,
analysts see only the aggregates, managers everything), a Postgres scenario and the list's
flat statement count."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.memberships.invoice import InvoiceKind, InvoiceStatus
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.values import BillingCycle
from tests.support.site_kit import api_author, api_join, api_site
from tests.support.sql_counter import count_statements
from tests.support.subscribers import SubscriberKit

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
ANNUAL = BillingCycle.ANNUAL
EVIL = '=HYPERLINK("http://evil.example","x")'


def day(month: int, d: int) -> datetime:
    return datetime(2026, month, d, 12, 0, tzinfo=UTC)


def url(site_id: str, tail: str = "") -> str:
    return f"/api/v1/sites/{site_id}/subscribers{tail}"


class Site:
    """Mira's site with nine subscribers in every state (see ``arrange``)."""

    def __init__(self, client, mira, site_id, kit, subs, tiers):
        self.client, self.mira, self.site_id, self.kit = client, mira, site_id, kit
        self.subs, self.tiers = subs, tiers
        self.names = {v: k for k, v in subs.items()}

    def get(self, tail: str = "", who=None, **params):
        return self.client.get(url(self.site_id, tail), query_string=params,
                               headers=(who or self.mira).headers)

    def listed(self, **params) -> list[str]:
        response = self.get(**{"page_size": 100, **params})
        assert response.status_code == 200, response.json
        return [self.names[item["id"]] for item in response.json]


@pytest.fixture
def site(client, mailer, clock):
    """At NOW (Mar 15 2026, 12:00 UTC), newest first:

    ivy  Bronze INR 50000 monthly, Mar 12     ACTIVE
    dee  Gold trial (14 days), Mar 10          ACTIVE, trialing  (display name: a formula)
    eve  Silver gift (1 month), Mar 1          ACTIVE, gift
    bob  Silver 300 monthly, Feb 20            CANCELLED Mar 1 ("price"), live to Mar 20
    hal  Gold 9000 annual, Feb 2               ACTIVE
    ann  Gold 900 monthly, Feb 1               ACTIVE
    gus  Silver 300 monthly, Jan 20            cancelled Feb 1 ("price"), EXPIRED Feb 20
    cy   Gold 9000 annual, Jan 10              PAUSED Mar 5
    fay  Silver 300 monthly, Jan 5             cancelled Jan 20 ("+too expensive"), EXPIRED Feb 5
    plus an unpaid checkout and another site's subscriber, never listed."""
    clock.set(NOW)
    mira = api_author(client, mailer, "mira")
    site_id = api_site(client, mira, "mira-site")["id"]
    kit = SubscriberKit(client.application.container, site_id=site_id,
                        author_id=mira.user["id"])
    tiers = {"gold": kit.tier("Gold", 900, annual_price=9000),
             "silver": kit.tier("Silver", 300),
             "bronze": kit.tier("Bronze", 50000, currency="INR")}
    subs = {
        "ivy": kit.subscribe("ivy", tiers["bronze"], at=day(3, 12)),
        "dee": kit.subscribe("dee", tiers["gold"], at=day(3, 10), trial_days=14,
                             display_name=EVIL),
        "eve": kit.subscribe("eve", tiers["silver"], at=day(3, 1), gift_months=1,
                             display_name="Evelyn Stone"),
        "bob": kit.subscribe("bob", tiers["silver"], at=day(2, 20), email="bob@books.test"),
        "hal": kit.subscribe("hal", tiers["gold"], at=day(2, 2), cycle=ANNUAL),
        "ann": kit.subscribe("ann", tiers["gold"], at=day(2, 1), display_name="Ann Lee"),
        "gus": kit.subscribe("gus", tiers["silver"], at=day(1, 20)),
        "cy": kit.subscribe("cy", tiers["gold"], at=day(1, 10), cycle=ANNUAL),
        "fay": kit.subscribe("fay", tiers["silver"], at=day(1, 5)),
    }
    kit.cancel(subs["bob"], at=day(3, 1), reason="price", feedback="Will be back")
    kit.cancel(subs["gus"], at=day(2, 1), reason="price")
    kit.expire(subs["gus"], at=day(2, 21))
    kit.move(subs["cy"], lambda s: s.pause(months=1, now=day(3, 5)))
    kit.cancel(subs["fay"], at=day(1, 20), reason="+too expensive",
               feedback="Great, but =pricey")
    kit.expire(subs["fay"], at=day(2, 6))
    kit.invoice(subs["hal"], 9000, at=day(2, 2), kind=InvoiceKind.INITIAL)
    kit.invoice(subs["ann"], 900, at=day(2, 28), status=InvoiceStatus.FAILED)
    kit.invoice(subs["ann"], 900, at=day(3, 1))
    kit.invoice(subs["bob"], 300, at=day(2, 20), kind=InvoiceKind.INITIAL)
    kit.invoice(subs["ivy"], 50000, at=day(3, 12), kind=InvoiceKind.INITIAL)
    with kit.container.uow() as uow:
        uow.reader_subscriptions.add(Subscription(
            id="sub_unpaid", reader_id=kit.reader("zoe"), site_id=site_id,
            tier_id=tiers["gold"], price_at_purchase=900, original_price=900,
            created_at=day(3, 2)))
        uow.commit()
    otto = api_author(client, mailer, "otto")
    other_site = api_site(client, otto, "otto-site")["id"]
    other = SubscriberKit(kit.container, site_id=other_site, author_id=otto.user["id"])
    subs["other"] = other.subscribe("ann-elsewhere", other.tier("Other", 100), at=day(3, 1))
    return Site(client, mira, site_id, kit, subs, tiers)


# -- the list ------------------------------------------------------------------------------
def test_the_list_filters_searches_sorts_and_pages(site):
    everyone = ["ivy", "dee", "eve", "bob", "hal", "ann", "gus", "cy", "fay"]
    assert site.listed() == everyone
    assert site.listed(sort="oldest") == everyone[::-1]
    assert site.listed(sort="price_high")[:3] == ["ivy", "hal", "cy"]  # raw amounts
    assert site.listed(sort="price_low")[:4] == ["eve", "bob", "gus", "fay"]  # gift: 0
    assert site.listed(status="ACTIVE") == ["ivy", "dee", "eve", "hal", "ann"]
    assert site.listed(status=["CANCELLED", "EXPIRED"]) == ["bob", "gus", "fay"]
    assert site.listed(status="PAUSED") == ["cy"]
    assert site.listed(tier_id=site.tiers["silver"]) == ["eve", "bob", "gus", "fay"]
    assert site.listed(billing_cycle="ANNUAL") == ["hal", "cy"]
    assert site.listed(live_only="true") == ["ivy", "dee", "eve", "bob", "hal", "ann"]
    assert site.listed(trialing="true") == ["dee"]
    assert site.listed(gift="true") == ["eve"]
    assert site.listed(gift="false", trialing="false", live_only="true") == [
        "ivy", "bob", "hal", "ann"]
    assert site.listed(search="ANN") == ["ann"]
    assert site.listed(search="books.test") == ["bob"]
    assert site.listed(search="stone") == ["eve"]
    assert site.listed(search="zoe") == []  # an unpaid checkout is nobody's subscription
    assert site.listed(created_from="2026-02-01T00:00:00",
                       created_to="2026-03-01T00:00:00Z") == ["bob", "hal", "ann"]

    page = site.get(page=2, page_size=2)
    assert json.loads(page.headers["X-Pagination"])["total"] == 9
    assert [site.names[i["id"]] for i in page.json] == ["eve", "bob"]

    bob = site.get(search="bob").json[0]
    assert bob["reader"] == {"id": bob["reader_id"], "username": "bob",
                             "display_name": "Bob", "email": "bob@books.test"}
    assert bob["tier"] == {"id": site.tiers["silver"], "name": "Silver"}
    assert (bob["status"], bob["is_live"], bob["price"], bob["currency"]) == (
        "CANCELLED", True, 300, "USD")
    assert (bob["cancel_reason"], bob["billing_cycle"], bob["is_gift"]) == (
        "price", "MONTHLY", False)
    assert bob["created_at"].startswith("2026-02-20T12:00:00")
    gus = site.get(search="gus").json[0]
    assert (gus["status"], gus["is_live"], gus["expires_at"][:10]) == (
        "EXPIRED", False, "2026-02-20")


@pytest.mark.parametrize("params, field", [
    ({"status": "NOPE"}, "status"), ({"billing_cycle": "WEEKLY"}, "billing_cycle"),
    ({"sort": "cheapest"}, "sort"), ({"live_only": "maybe"}, "live_only"),
    ({"created_from": "yesterday"}, "created_from"), ({"search": "x" * 101}, "search"),
])
def test_bad_list_arguments_are_422(site, params, field):
    response = site.get(**params)
    assert response.status_code == 422
    assert field in response.json["errors"]["query"]


def test_a_period_must_run_forwards(site):
    response = site.get(created_from="2026-03-01T00:00:00Z", created_to="2026-02-01T00:00:00Z")
    assert response.status_code == 422 and response.json["error"] == "invalid_period"
    assert "created_from" in response.json["errors"]["query"]
    stats = site.get("/stats", **{"from": "2026-03-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"})
    assert stats.status_code == 422 and stats.json["error"] == "invalid_period"


# -- one subscriber ------------------------------------------------------------------------
def test_one_subscriber_with_its_invoices(site):
    response = site.get(f"/{site.subs['ann']}")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["subscriber"]["reader"]["username"] == "ann"
    assert body["subscriber"]["tier"]["name"] == "Gold"
    assert body["subscriber"]["is_live"] is True
    assert [(i["status"], i["kind"], i["amount"], i["created_at"][:10])
            for i in body["invoices"]] == [("PAID", "RENEWAL", 900, "2026-03-01"),
                                           ("FAILED", "RENEWAL", 900, "2026-02-28")]
    for missing in (site.subs["other"], "sub_unpaid", "sub_nope"):
        refused = site.get(f"/{missing}")
        assert refused.status_code == 404 and refused.json["error"] == "subscriber_not_found"


# -- aggregates ----------------------------------------------------------------------------
def test_stats_of_the_last_30_days(site):
    response = site.get("/stats")
    assert response.status_code == 200, response.json
    stats = response.json
    assert stats["from"].startswith("2026-02-13T12:00:00")
    assert stats["to"].startswith("2026-03-15T12:00:00")
    assert {k: stats[k] for k in ("active", "trialing", "gifted", "past_due", "cancelling",
                                  "paused", "new", "churned", "subscribed_at_start",
                                  "churn_rate_bp")} == {
        "active": 6, "trialing": 1, "gifted": 1, "past_due": 0, "cancelling": 1,
        "paused": 1, "new": 4, "churned": 1, "subscribed_at_start": 4, "churn_rate_bp": 2500}
    # ann 900 + bob 300 (cancelled, live to Mar 20) + hal 9000 // 12; trials and gifts 0
    assert stats["mrr"] == [{"currency": "INR", "amount": 50000},
                            {"currency": "USD", "amount": 1950}]
    assert [(t["tier_name"], t["currency"], t["amount"], t["subscribers"])
            for t in stats["mrr_by_tier"]] == [("Bronze", "INR", 50000, 1),
                                                ("Gold", "USD", 1650, 2),
                                                ("Silver", "USD", 300, 1)]
    assert stats["revenue"] == [{"currency": "INR", "amount": 50000, "invoices": 1},
                                {"currency": "USD", "amount": 1200, "invoices": 2}]


def test_stats_over_a_chosen_period(site):
    january = site.get("/stats", **{"from": "2026-01-01T00:00:00", "to": "2026-02-01T00:00:00"})
    assert january.status_code == 200, january.json
    body = january.json
    assert (body["new"], body["churned"], body["subscribed_at_start"], body["churn_rate_bp"],
            body["revenue"]) == (3, 0, 0, None, [])
    assert body["active"] == 6  # the counts are always now's
    february = site.get("/stats", **{"from": "2026-02-01T00:00:00Z"}).json
    assert february["to"].startswith("2026-03-03T00:00:00")  # 30 days
    assert (february["new"], february["churned"], february["subscribed_at_start"]) == (4, 2, 3)
    assert february["churn_rate_bp"] == 6667


def test_churn_month_by_month(site):
    response = site.get("/churn", months=3)
    assert response.status_code == 200, response.json
    churn = response.json
    assert churn["window_start"].startswith("2026-01-01T00:00:00")
    assert churn["window_end"].startswith("2026-04-01T00:00:00")
    assert [(m["month"], m["subscribed_at_start"], m["new"], m["churned"], m["churn_rate_bp"])
            for m in churn["months"]] == [("2026-01", 0, 3, 0, None),
                                          ("2026-02", 3, 3, 2, 6667),
                                          ("2026-03", 4, 3, 0, 0)]
    assert churn["by_tier"] == [{"tier_id": site.tiers["silver"], "tier_name": "Silver",
                                 "subscribed_at_start": 0, "churned": 2,
                                 "churn_rate_bp": None}]
    assert churn["cancel_reasons"] == [{"reason": "price", "count": 2},
                                       {"reason": "+too expensive", "count": 1}]
    assert [(f["feedback"], f["tier_name"], f["reason"]) for f in churn["recent_feedback"]] == [
        ("Will be back", "Silver", "price"), ("Great, but =pricey", "Silver", "+too expensive")]
    assert all("reader" not in f and "reader_id" not in f for f in churn["recent_feedback"])
    assert len(site.get("/churn").json["months"]) == 6
    for months in (0, 25, "x"):
        assert site.get("/churn", months=months).status_code == 422


# -- export --------------------------------------------------------------------------------
def test_the_csv_export(site):
    response = site.get("/export")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="subscribers-mira-site-2026-03-15.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["subscription_id", "reader_username", "reader_email",
                       "reader_display_name", "tier", "status", "billing_cycle", "price",
                       "currency", "started", "current_period_end", "cancelled_at",
                       "cancel_reason", "trialing", "gift"]
    by_name = {row[1]: row for row in rows[1:]}
    assert list(by_name) == ["ivy", "dee", "eve", "bob", "hal", "ann", "gus", "cy", "fay"]
    assert by_name["bob"] == [
        site.subs["bob"], "bob", "bob@books.test", "Bob", "Silver", "CANCELLED", "MONTHLY",
        "300", "USD", "2026-02-20T12:00:00+00:00", "2026-03-20T12:00:00+00:00",
        "2026-03-01T12:00:00+00:00", "price", "false", "false"]
    assert by_name["dee"][3] == "'" + EVIL  # a formula is defused
    assert by_name["dee"][13] == "true"
    assert by_name["fay"][12] == "'+too expensive"
    assert by_name["eve"][14] == "true"

    active = site.get("/export", status="ACTIVE", sort="oldest")
    names = [row[1] for row in csv.reader(io.StringIO(active.get_data(as_text=True)))][1:]
    assert names == ["ann", "hal", "eve", "dee", "ivy"]
    refused = site.get("/export", page=2)  # the export has no pages: unknown arguments fail
    assert refused.status_code == 422


# -- policy --------------------------------------------------------------------------------
def test_the_site_policy_applies(site, client, mailer):
    sub_id = site.subs["ann"]
    personal = ["", f"/{sub_id}", "/export"]
    aggregates = ["/stats", "/churn"]
    stranger = api_author(client, mailer, "stan")
    for tail in personal + aggregates:
        response = site.get(tail, who=stranger)
        assert response.status_code == 404, (tail, response.status_code)
        assert response.json["error"] == "site_not_found"

    editor = api_author(client, mailer, "eddie")
    api_join(client, site.site_id, editor, "EDITOR")
    for tail in personal + aggregates:
        response = site.get(tail, who=editor)
        assert response.status_code == 403, (tail, response.status_code)
        assert response.json["error"] == "missing_permission"

    analyst = api_author(client, mailer, "anya")
    api_join(client, site.site_id, analyst, "ANALYST")
    for tail in aggregates:
        assert site.get(tail, who=analyst).status_code == 200, tail
    for tail in personal:  # readers' names and emails are not analytics
        response = site.get(tail, who=analyst)
        assert response.status_code == 403, (tail, response.status_code)
        assert response.json["errors"]["json"]["permission"] == ["monetization.manage"]

    manager = api_author(client, mailer, "mona")
    api_join(client, site.site_id, manager, "MANAGER")
    for tail in personal + aggregates:
        assert site.get(tail, who=manager).status_code == 200, tail
    assert client.get(url(site.site_id)).status_code == 401


# -- Postgres ------------------------------------------------------------------------------
def pg_site(client):
    mailer = client.application.container.mailer()
    mira = api_author(client, mailer, "mira")
    site_id = api_site(client, mira, "mira-site")["id"]
    kit = SubscriberKit(client.application.container, site_id=site_id,
                        author_id=mira.user["id"])
    return mira, site_id, kit


def test_subscribers_on_postgres(pg_client):
    client = pg_client
    now = client.application.container.clock().now()
    mira, site_id, kit = pg_site(client)
    gold, silver = kit.tier("Gold", 900, annual_price=9000), kit.tier("Silver", 300)
    ann = kit.subscribe("ann", gold, at=now - timedelta(days=40), display_name="Ann Lee")
    bob = kit.subscribe("bob", silver, at=now - timedelta(days=10), email="bob@books.test")
    hal = kit.subscribe("hal", gold, at=now - timedelta(days=5), cycle=ANNUAL)
    dee = kit.subscribe("dee", gold, at=now - timedelta(days=2), trial_days=7)
    fay = kit.subscribe("fay", silver, at=now - timedelta(days=45))
    kit.cancel(bob, at=now - timedelta(days=1), reason="price", feedback="=cmd")
    kit.cancel(fay, at=now - timedelta(days=40), reason="price")
    kit.expire(fay, at=now - timedelta(days=10))
    kit.invoice(ann, 900, at=now - timedelta(days=10))
    headers = mira.headers

    def listed(**params) -> list[str]:
        response = client.get(url(site_id), query_string=params, headers=headers)
        assert response.status_code == 200, response.json
        return [item["id"] for item in response.json]

    assert listed() == [dee, hal, bob, ann, fay]
    assert listed(live_only="true") == [dee, hal, bob, ann]
    assert listed(status=["CANCELLED", "EXPIRED"], sort="oldest") == [fay, bob]
    assert listed(search="LEE") == [ann] and listed(search="books") == [bob]
    assert listed(tier_id=silver, trialing="false") == [bob, fay]
    assert listed(sort="price_high")[0] == hal
    detail = client.get(url(site_id, f"/{ann}"), headers=headers).json
    assert [i["amount"] for i in detail["invoices"]] == [900]
    stats = client.get(url(site_id, "/stats"), headers=headers).json
    assert (stats["active"], stats["new"], stats["churned"], stats["trialing"]) == (4, 3, 1, 1)
    assert stats["mrr"] == [{"currency": "USD", "amount": 900 + 300 + 750}]
    assert stats["revenue"] == [{"currency": "USD", "amount": 900, "invoices": 1}]
    churn = client.get(url(site_id, "/churn"), headers=headers).json
    assert sum(m["churned"] for m in churn["months"]) == 1
    assert churn["cancel_reasons"] == [{"reason": "price", "count": 2}]
    exported = client.get(url(site_id, "/export"), headers=headers).get_data(as_text=True)
    assert exported.count("\r\n") == 6 and "bob@books.test" in exported


def test_the_subscriber_list_costs_the_same_whatever_its_length(pg_client):
    client = pg_client
    now = client.application.container.clock().now()
    mira, site_id, kit = pg_site(client)
    gold, silver = kit.tier("Gold", 900), kit.tier("Silver", 300)
    engine = client.application.container.engine()

    def statements_for_list(**params) -> int:
        with count_statements(engine) as statements:
            response = client.get(url(site_id), query_string={"page_size": 50, **params},
                                  headers=mira.headers)
            assert response.status_code == 200, response.json
        return len(statements)

    for n in range(2):
        kit.subscribe(f"reader{n}", gold, at=now - timedelta(days=n + 1))
    two = statements_for_list(), statements_for_list(search="reader", live_only="true")
    for n in range(2, 12):
        kit.subscribe(f"reader{n}", silver if n % 2 else gold, at=now - timedelta(days=n + 1))
    twelve = statements_for_list(), statements_for_list(search="reader", live_only="true")
    assert twelve == two
