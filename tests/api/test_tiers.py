"""Tiers over HTTP: the author's CRUD, state, copies, reorder and gateway sync, the public
pricing page, the policy (strangers 404, editors 403 on writes, managers allowed), the free
plan's tier cap, a Postgres scenario and the list's flat statement count."""

import json

from tests.support.site_kit import api_author, api_join, api_site
from tests.support.sql_counter import count_statements

GOLD = {"name": "Gold", "monthly_price": 900, "currency": "USD",
        "billing_cycles": ["MONTHLY", "ANNUAL"], "annual_price": 9000,
        "benefits": ["Early access", "Discord role"], "early_access_days": 7,
        "badge_color": "#ffaa00"}


def create(client, who, site_id, **fields):
    return client.post(f"/api/v1/sites/{site_id}/tiers", headers=who.headers,
                       json={**GOLD, **fields})


def setup(client, mailer, name="mira", tier="GROWTH"):
    who = api_author(client, mailer, name, tier=tier)
    site = api_site(client, who, f"{name}-site")
    return who, site["id"]


def test_an_author_manages_tiers(client, mailer):
    mira, site_id = setup(client, mailer)
    made = create(client, mira, site_id)
    assert made.status_code == 201, made.json
    gold = made.json
    assert (gold["slug"], gold["is_active"], gold["annual_price"]) == ("gold", True, 9000)
    assert create(client, mira, site_id).json["error"] == "slug_taken"
    assert create(client, mira, site_id, name="Bad", billing_cycles=["ANNUAL"],
                  annual_price=None).status_code == 422
    silver = create(client, mira, site_id, name="Silver", monthly_price=300,
                    billing_cycles=["MONTHLY"], annual_price=None).json
    url = f"/api/v1/tiers/{gold['id']}"
    assert client.get(url, headers=mira.headers).json["id"] == gold["id"]
    patched = client.patch(url, headers=mira.headers, json={"description": "The best"})
    assert patched.status_code == 200 and patched.json["description"] == "The best"
    assert client.post(f"{url}/deactivate", headers=mira.headers).json["is_active"] is False
    assert client.post(f"{url}/deactivate", headers=mira.headers).status_code == 409
    assert client.post(f"{url}/activate", headers=mira.headers).json["is_active"] is True
    copy = client.post(f"{url}/duplicate", headers=mira.headers)
    assert copy.status_code == 201
    assert (copy.json["name"], copy.json["is_active"]) == ("Gold (copy)", False)

    listed = client.get(f"/api/v1/sites/{site_id}/tiers", headers=mira.headers)
    assert json.loads(listed.headers["X-Pagination"])["total"] == 3
    order = [copy.json["id"], silver["id"], gold["id"]]
    reordered = client.patch(f"/api/v1/sites/{site_id}/tiers/reorder", headers=mira.headers,
                             json={"tier_ids": order})
    assert [t["id"] for t in reordered.json] == order
    assert client.patch(f"/api/v1/sites/{site_id}/tiers/reorder", headers=mira.headers,
                        json={"tier_ids": order[:2]}).status_code == 422

    synced = client.post(f"{url}/sync/stripe", headers=mira.headers)
    assert synced.status_code == 200, synced.json
    assert synced.json["gateway"] == "stripe" and synced.json["answered_by"] == "sandbox"
    assert set(synced.json["tier"]["gateway_plan_ids"]["stripe"]) == {"MONTHLY", "ANNUAL"}
    plans = client.application.container.payment_gateway().plans
    assert {p["amount"] for p in plans.values()} == {900, 9000}
    for gateway in ("razorpay", "xendit"):
        assert client.post(f"{url}/sync/{gateway}", headers=mira.headers).status_code == 200

    with client.application.container.uow() as uow:
        uow.tiers.get(gold["id"]).current_subscribers = 1
        uow.commit()
    deleted = client.delete(url, headers=mira.headers)
    assert deleted.status_code == 409 and deleted.json["error"] == "tier_has_subscribers"
    assert client.delete(f"/api/v1/tiers/{copy.json['id']}",
                         headers=mira.headers).status_code == 204


def test_the_public_page_hides_inactive_and_private_tiers(client, mailer):
    mira, site_id = setup(client, mailer)
    gold = create(client, mira, site_id, display_order=1).json
    create(client, mira, site_id, name="Secret", is_public=False)
    off = create(client, mira, site_id, name="Retired").json
    client.post(f"/api/v1/tiers/{off['id']}/deactivate", headers=mira.headers)
    free = create(client, mira, site_id, name="Free", is_free=True, monthly_price=0,
                  billing_cycles=["MONTHLY"], annual_price=None, display_order=0).json
    client.post(f"/api/v1/tiers/{gold['id']}/sync/stripe", headers=mira.headers)
    public = client.get(f"/api/v1/sites/{site_id}/tiers/public")
    assert public.status_code == 200
    assert [t["id"] for t in public.json] == [free["id"], gold["id"]]
    assert all("gateway_plan_ids" not in t and "current_subscribers" not in t
               for t in public.json)
    assert client.get("/api/v1/sites/site_nope/tiers/public").status_code == 404


def test_the_site_policy_applies(client, mailer):
    mira, site_id = setup(client, mailer)
    gold = create(client, mira, site_id).json
    url = f"/api/v1/tiers/{gold['id']}"
    other = api_author(client, mailer, "otto")
    private = [("get", url, None), ("patch", url, {"name": "X"}), ("delete", url, None),
               ("post", f"{url}/activate", None), ("post", f"{url}/deactivate", None),
               ("post", f"{url}/duplicate", None), ("post", f"{url}/sync/stripe", None),
               ("post", f"{url}/sync/razorpay", None), ("post", f"{url}/sync/xendit", None),
               ("get", f"/api/v1/sites/{site_id}/tiers", None),
               ("post", f"/api/v1/sites/{site_id}/tiers", GOLD),
               ("patch", f"/api/v1/sites/{site_id}/tiers/reorder",
                {"tier_ids": [gold["id"]]})]
    for method, path, body in private:
        response = getattr(client, method)(path, headers=other.headers, json=body)
        assert response.status_code == 404, (method, path, response.status_code)

    editor = api_author(client, mailer, "eddie")
    api_join(client, site_id, editor, "EDITOR")
    assert client.get(url, headers=editor.headers).status_code == 200
    assert client.get(f"/api/v1/sites/{site_id}/tiers", headers=editor.headers).status_code \
        == 200
    for method, path, body in private[1:9] + private[10:]:
        response = getattr(client, method)(path, headers=editor.headers, json=body)
        assert response.status_code == 403, (method, path, response.status_code)

    manager = api_author(client, mailer, "mona")
    api_join(client, site_id, manager, "MANAGER")
    assert client.patch(url, headers=manager.headers, json={"name": "Platinum"}).json["name"] \
        == "Platinum"
    assert create(client, manager, site_id, name="Bronze").status_code == 201
    assert client.get(url).status_code == 401


def test_the_free_plan_allows_three_tiers(client, mailer):
    mira, site_id = setup(client, mailer, tier="FREE")
    for name in ("One", "Two", "Three"):
        assert create(client, mira, site_id, name=name).status_code == 201
    refused = create(client, mira, site_id, name="Four")
    assert refused.status_code == 402
    assert refused.json["error"] == "max_subscription_tiers_exceeded"


def test_tiers_on_postgres(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    mira, site_id = setup(client, mailer)
    gold = create(client, mira, site_id)
    assert gold.status_code == 201, gold.json
    url = f"/api/v1/tiers/{gold.json['id']}"
    assert create(client, mira, site_id).json["error"] == "slug_taken"
    assert client.patch(url, headers=mira.headers, json={"benefits": ["More"]}).json[
        "benefits"] == ["More"]
    synced = client.post(f"{url}/sync/stripe", headers=mira.headers).json
    fetched = client.get(url, headers=mira.headers).json
    assert fetched["gateway_plan_ids"]["stripe"] == synced["plan_ids"]
    assert fetched["billing_cycles"] == ["MONTHLY", "ANNUAL"]
    copy = client.post(f"{url}/duplicate", headers=mira.headers).json
    order = [copy["id"], gold.json["id"]]
    assert [t["display_order"] for t in client.patch(
        f"/api/v1/sites/{site_id}/tiers/reorder", headers=mira.headers,
        json={"tier_ids": order}).json] == [0, 1]
    client.post(f"/api/v1/tiers/{copy['id']}/activate", headers=mira.headers)
    assert [t["id"] for t in client.get(f"/api/v1/sites/{site_id}/tiers/public").json] == order
    assert client.delete(url, headers=mira.headers).status_code == 204


def test_the_tier_list_costs_the_same_whatever_its_length(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    mira, site_id = setup(client, mailer)
    engine = client.application.container.engine()

    def statements_for_list() -> int:
        with count_statements(engine) as statements:
            assert client.get(f"/api/v1/sites/{site_id}/tiers",
                              headers=mira.headers).status_code == 200
        return len(statements)

    create(client, mira, site_id, name="One")
    one = statements_for_list()
    for name in ("Two", "Three", "Four", "Five"):
        create(client, mira, site_id, name=name)
    assert statements_for_list() == one
