"""Discount codes over HTTP: the author's CRUD and state, uniqueness whatever the case, the
targets a code may name, the policy (strangers 404, editors read but 403 on writes, managers
allowed), a reader's quote of a code, stats and redemptions, a Postgres scenario and the
list's flat statement count."""

import json
from datetime import timedelta

from ownverso.domain.memberships.subscription import Subscription
from ownverso.services.memberships.discount_redemptions import (
    confirm_redemption,
    release_redemption,
    reserve_code,
)
from tests.support.chapters import new_chapter
from tests.support.series import create_series
from tests.support.site_kit import api_author, api_join, api_site
from tests.support.sql_counter import count_statements

API = "/api/v1"
SAVE = {"code": "spring-10", "kind": "PERCENT", "value": 10}
GOLD = {"name": "Gold", "monthly_price": 1000, "currency": "USD",
        "billing_cycles": ["MONTHLY", "ANNUAL"], "annual_price": 10000}


def setup(client, mailer, name="mira"):
    who = api_author(client, mailer, name, tier="GROWTH")
    return who, api_site(client, who, f"{name}-site")["id"]


def create(client, who, site_id, **fields):
    return client.post(f"{API}/sites/{site_id}/discount-codes", headers=who.headers,
                       json={**SAVE, **fields})


def tier(client, who, site_id, **fields) -> dict:
    made = client.post(f"{API}/sites/{site_id}/tiers", headers=who.headers,
                       json={**GOLD, **fields})
    assert made.status_code == 201, made.json
    return made.json


def listed(client, who, site_id, query=""):
    response = client.get(f"{API}/sites/{site_id}/discount-codes{query}", headers=who.headers)
    assert response.status_code == 200, response.json
    return [c["code"] for c in response.json], json.loads(response.headers["X-Pagination"])


def test_an_author_manages_discount_codes(client, mailer, clock):
    mira, site_id = setup(client, mailer)
    made = create(client, mira, site_id, max_redemptions=5, billing_cycles=["ANNUAL"])
    assert made.status_code == 201, made.json
    code = made.json
    assert (code["code"], code["kind"], code["value"], code["is_active"]) == \
        ("SPRING-10", "PERCENT", 10, True)
    assert (code["redemption_count"], code["per_reader_limit"], code["billing_cycles"]) == \
        (0, 1, ["ANNUAL"])
    taken = create(client, mira, site_id, code="  Spring-10 ")
    assert (taken.status_code, taken.json["error"]) == (409, "code_taken")
    assert create(client, mira, site_id, code="no spaces").json["error"] == "invalid_code"
    assert create(client, mira, site_id, code="X" * 40).status_code == 422
    assert create(client, mira, site_id, code="BIG", value=101).json["error"] == \
        "invalid_value"
    assert create(client, mira, site_id, code="CASH", kind="FIXED_AMOUNT",
                  value=500).json["error"] == "invalid_currency"
    assert create(client, mira, site_id, code="LATE", valid_from="2026-02-01T00:00:00",
                  valid_until="2026-01-01T00:00:00Z").json["error"] == \
        "invalid_validity_window"
    clock.advance(minutes=1)
    cash = create(client, mira, site_id, code="cash5", kind="FIXED_AMOUNT", value=500,
                  currency="usd", valid_until="2027-01-01T00:00:00").json
    assert (cash["currency"], cash["valid_until"][:19]) == ("USD", "2027-01-01T00:00:00")

    codes, pages = listed(client, mira, site_id)
    assert (codes, pages["total"]) == (["CASH5", "SPRING-10"], 2)
    assert listed(client, mira, site_id, "?search=ring")[0] == ["SPRING-10"]
    assert listed(client, mira, site_id, "?search=100%")[0] == []

    url = f"{API}/discount-codes/{code['id']}"
    assert client.get(url, headers=mira.headers).json["id"] == code["id"]
    patched = client.patch(url, headers=mira.headers, json={"value": 25, "code": "spring25"})
    assert (patched.status_code, patched.json["value"], patched.json["code"]) == \
        (200, 25, "SPRING25")
    assert client.patch(url, headers=mira.headers, json={"code": "CASH5"}).json["error"] == \
        "code_taken"
    assert client.patch(url, headers=mira.headers, json={"redemption_count": 3}) \
        .status_code == 422
    assert client.patch(url, headers=mira.headers, json={"duration": "REPEATING"}) \
        .json["error"] == "invalid_duration_months"
    assert client.post(f"{url}/deactivate", headers=mira.headers).json["is_active"] is False
    assert client.post(f"{url}/deactivate", headers=mira.headers).json["is_active"] is False
    assert listed(client, mira, site_id, "?is_active=false")[0] == ["SPRING25"]
    assert listed(client, mira, site_id, "?is_active=true")[0] == ["CASH5"]
    assert client.post(f"{url}/activate", headers=mira.headers).json["is_active"] is True
    assert client.delete(url, headers=mira.headers).status_code == 204
    assert client.get(url, headers=mira.headers).json["error"] == "discount_code_not_found"


def test_chosen_targets_must_be_the_sites_own(client, mailer):
    mira, site_id = setup(client, mailer)
    gold = tier(client, mira, site_id)
    otto, other_site = setup(client, mailer, "otto")
    foreign = tier(client, otto, other_site)
    ok = create(client, mira, site_id, applies_to="TIERS", target_ids=[gold["id"]])
    assert ok.status_code == 201, ok.json
    refused = create(client, mira, site_id, code="OTHER", applies_to="TIERS",
                     target_ids=[gold["id"], foreign["id"]])
    assert (refused.status_code, refused.json["error"]) == (422, "unknown_targets")
    assert "target_ids" in refused.json["errors"]["json"]
    series = create_series(client, mira, site_id)
    chapter = new_chapter(client, mira, series["id"])
    assert create(client, mira, site_id, code="CHAP", applies_to="CHAPTERS",
                  target_ids=[chapter["id"]]).status_code == 201
    assert create(client, mira, site_id, code="CHAP2", applies_to="CHAPTERS",
                  target_ids=[gold["id"]]).json["error"] == "unknown_targets"
    products = create(client, mira, site_id, code="PROD", applies_to="PRODUCTS",
                      target_ids=["prod_1"])
    assert (products.status_code, products.json["error"]) == (422, "unknown_targets")
    url = f"{API}/discount-codes/{ok.json['id']}"
    assert client.patch(url, headers=mira.headers, json={"target_ids": [foreign["id"]]}) \
        .json["error"] == "unknown_targets"


def test_the_site_policy_applies(client, mailer):
    mira, site_id = setup(client, mailer)
    code = create(client, mira, site_id).json
    url = f"{API}/discount-codes/{code['id']}"
    site_url = f"{API}/sites/{site_id}/discount-codes"
    reads = [("get", url, None), ("get", f"{url}/stats", None),
             ("get", f"{url}/redemptions", None), ("get", site_url, None)]
    writes = [("patch", url, {"value": 5}), ("post", f"{url}/activate", None),
              ("post", f"{url}/deactivate", None), ("delete", url, None),
              ("post", site_url, {**SAVE, "code": "NEW1"})]
    other = api_author(client, mailer, "otto")
    for method, path, body in reads + writes:
        response = getattr(client, method)(path, headers=other.headers, json=body)
        assert response.status_code == 404, (method, path, response.status_code)
    editor = api_author(client, mailer, "eddie")
    api_join(client, site_id, editor, "EDITOR")
    for method, path, _body in reads:
        assert getattr(client, method)(path, headers=editor.headers).status_code == 200, path
    for method, path, body in writes:
        response = getattr(client, method)(path, headers=editor.headers, json=body)
        assert (response.status_code, response.json["error"]) == \
            (403, "missing_permission"), (method, path)
    manager = api_author(client, mailer, "mona")
    api_join(client, site_id, manager, "MANAGER")
    assert client.patch(url, headers=manager.headers, json={"value": 5}).json["value"] == 5
    assert create(client, manager, site_id, code="MONA").status_code == 201
    assert client.get(url).status_code == 401
    assert client.post(f"{site_url}/validate", json={"code": "X", "tier_id": "t"}) \
        .status_code == 401


def validate(client, who, site_id, **body):
    return client.post(f"{API}/sites/{site_id}/discount-codes/validate", headers=who.headers,
                       json=body)


def test_a_reader_quotes_a_code(client, mailer, clock):
    mira, site_id = setup(client, mailer)
    gold = tier(client, mira, site_id)
    reader = api_author(client, mailer, "rhea")
    create(client, mira, site_id, code="third", value=33, billing_cycles=["ANNUAL"],
           duration="REPEATING", duration_months=3)
    q = validate(client, reader, site_id, code="Third", tier_id=gold["id"],
                 billing_cycle="ANNUAL")
    assert q.status_code == 200, q.json
    assert {k: q.json[k] for k in ("valid", "code", "original_amount", "discount_amount",
                                   "final_amount", "currency", "free_months",
                                   "extra_trial_days", "discount_months", "target_kind")} == {
        "valid": True, "code": "THIRD", "original_amount": 10000, "discount_amount": 3300,
        "final_amount": 6700, "currency": "USD", "free_months": 0, "extra_trial_days": 0,
        "discount_months": 3, "target_kind": "TIER"}
    assert q.json["reason"] == "33% off"

    def refused(status, error, **body):
        response = validate(client, reader, site_id, **body)
        assert (response.status_code, response.json["error"]) == (status, error), response.json
        return response.json

    body = refused(422, "not_applicable", code="third", tier_id=gold["id"])  # MONTHLY
    assert "discount_code" in body["errors"]["json"]
    assert refused(422, "code_not_found", code="NOPE", tier_id=gold["id"])["errors"][
        "json"] == {"discount_code": ["No such discount code."]}
    create(client, mira, site_id, code="FREE2", kind="FREE_MONTHS", value=2,
           first_time_only=True)
    grant = validate(client, reader, site_id, code="free2", tier_id=gold["id"]).json
    assert (grant["free_months"], grant["final_amount"], grant["discount_months"]) == \
        (2, 1000, 0)
    with client.application.container.uow() as uow:
        uow.reader_subscriptions.add(Subscription(
            id="sub_old", reader_id=reader.user["id"], site_id=site_id, tier_id=gold["id"]))
        uow.commit()
    refused(422, "first_time_only", code="free2", tier_id=gold["id"])
    cash = create(client, mira, site_id, code="EURO", kind="FIXED_AMOUNT", value=100,
                  currency="EUR").json
    refused(422, "currency_mismatch", code="euro", tier_id=gold["id"])
    client.post(f"{API}/discount-codes/{cash['id']}/deactivate", headers=mira.headers)
    refused(422, "code_inactive", code="euro", tier_id=gold["id"])
    create(client, mira, site_id, code="SOON", valid_from=(clock.now() + timedelta(
        days=1)).isoformat())
    refused(422, "code_not_started", code="soon", tier_id=gold["id"])
    refused(404, "product_not_found", code="third", product_id="prod_1", amount=500)
    refused(422, "invalid_target", code="third", tier_id=gold["id"], chapter_id="c")
    refused(422, "invalid_target", code="third")
    refused(404, "tier_not_found", code="third", tier_id="tier_nope")
    assert validate(client, reader, "site_nope", code="x", tier_id="t").status_code == 404
    free = tier(client, mira, site_id, name="Free", is_free=True, monthly_price=0,
                billing_cycles=["MONTHLY"], annual_price=None)
    refused(422, "not_applicable", code="third", tier_id=free["id"])

    series = create_series(client, mira, site_id)
    chapter = new_chapter(client, mira, series["id"])
    refused(422, "not_applicable", code="free2", chapter_id=chapter["id"])
    with client.application.container.uow() as uow:
        stored = uow.chapters.get(chapter["id"])
        stored.price, stored.currency = 250, "USD"
        uow.commit()
    create(client, mira, site_id, code="CHAPTER", value=20, applies_to="CHAPTERS",
           target_ids=[chapter["id"]])
    quoted = validate(client, reader, site_id, code="chapter", chapter_id=chapter["id"]).json
    assert (quoted["original_amount"], quoted["final_amount"], quoted["target_kind"]) == \
        (250, 200, "CHAPTER")
    refused(422, "not_applicable", code="chapter", tier_id=gold["id"])
    refused(404, "chapter_not_found", code="chapter", chapter_id="chp_nope")


def use(container, site_id, reader_id, tier_id, checkout_id, code="SPRING-10",
        cycle="MONTHLY", amount=1000):
    with container.uow() as uow:
        reserve_code(uow, site_id=site_id, code=code, reader_id=reader_id,
                     target_kind="TIER", target_id=tier_id, billing_cycle=cycle,
                     amount=amount, currency="USD", now=container.clock().now(),
                     checkout_id=checkout_id)
        uow.commit()


def test_stats_and_redemptions(client, mailer):
    container = client.application.container
    mira, site_id = setup(client, mailer)
    gold = tier(client, mira, site_id)
    code = create(client, mira, site_id, max_redemptions=3).json
    url = f"{API}/discount-codes/{code['id']}"
    readers = [api_author(client, mailer, name) for name in ("ann", "bob", "cat", "dan")]
    for n, who in enumerate(readers[:3]):
        use(container, site_id, who.user["id"], gold["id"], f"cs_{n}",
            cycle="ANNUAL" if n else "MONTHLY", amount=10000 if n else 1000)
    exhausted = validate(client, readers[3], site_id, code="spring-10", tier_id=gold["id"])
    assert (exhausted.status_code, exhausted.json["error"]) == (409, "code_exhausted")
    with container.uow() as uow:
        confirm_redemption(uow, checkout_id="cs_0", now=container.clock().now(),
                           subscription_id="sub_0")
        confirm_redemption(uow, checkout_id="cs_1", now=container.clock().now(),
                           subscription_id="sub_1")
        release_redemption(uow, checkout_id="cs_2", now=container.clock().now())
        uow.commit()
    stats = client.get(f"{url}/stats", headers=mira.headers).json
    assert (stats["confirmed"], stats["reserved"], stats["released"], stats["remaining"]) == \
        (2, 0, 1, 1)
    assert stats["code"]["redemption_count"] == 2
    assert stats["discount_given"] == [{"currency": "USD", "amount": 1100, "redemptions": 2}]
    assert stats["by_tier"] == [{"tier_id": gold["id"], "tier_name": "Gold",
                                 "currency": "USD", "redemptions": 2,
                                 "discount_amount": 1100}]
    page = client.get(f"{url}/redemptions?page_size=2", headers=mira.headers)
    assert json.loads(page.headers["X-Pagination"])["total"] == 3
    assert [r["checkout_id"] for r in page.json] == ["cs_2", "cs_1"]
    assert page.json[0]["status"] == "RELEASED" and page.json[1]["subscription_id"] == "sub_1"
    assert (page.json[1]["amount_before"], page.json[1]["discount_amount"]) == (10000, 1000)
    refused = client.delete(url, headers=mira.headers)
    assert (refused.status_code, refused.json["error"]) == (409, "code_has_redemptions")
    assert validate(client, readers[3], site_id, code="spring-10",
                    tier_id=gold["id"]).status_code == 200


def test_discount_codes_on_postgres(pg_client):
    client = pg_client
    container = client.application.container
    mira, site_id = setup(client, container.mailer())
    gold = tier(client, mira, site_id)
    code = create(client, mira, site_id, applies_to="TIERS", target_ids=[gold["id"]],
                  billing_cycles=["MONTHLY"], valid_until="2030-01-01T00:00:00Z")
    assert code.status_code == 201, code.json
    assert create(client, mira, site_id, code="spring-10").json["error"] == "code_taken"
    fetched = client.get(f"{API}/discount-codes/{code.json['id']}", headers=mira.headers).json
    assert (fetched["target_ids"], fetched["billing_cycles"], fetched["kind"]) == \
        ([gold["id"]], ["MONTHLY"], "PERCENT")
    assert listed(client, mira, site_id, "?search=g-1")[0] == ["SPRING-10"]
    assert listed(client, mira, site_id, "?search=_")[0] == []
    reader = api_author(client, container.mailer(), "rhea")
    q = validate(client, reader, site_id, code="Spring-10", tier_id=gold["id"])
    assert (q.status_code, q.json["final_amount"]) == (200, 900), q.json
    use(container, site_id, reader.user["id"], gold["id"], "cs_pg")
    again = validate(client, reader, site_id, code="spring-10", tier_id=gold["id"])
    assert again.json["error"] == "reader_limit_reached"
    stats = client.get(f"{API}/discount-codes/{code.json['id']}/stats",
                       headers=mira.headers).json
    assert (stats["reserved"], stats["by_tier"]) == (1, [])
    redemptions = client.get(f"{API}/discount-codes/{code.json['id']}/redemptions",
                             headers=mira.headers).json
    assert [(r["status"], r["target_kind"], r["discount_amount"]) for r in redemptions] == \
        [("RESERVED", "TIER", 100)]
    other = create(client, mira, site_id, code="unused").json
    assert client.delete(f"{API}/discount-codes/{other['id']}",
                         headers=mira.headers).status_code == 204
    url = f"{API}/discount-codes/{code.json['id']}"
    assert client.delete(url, headers=mira.headers).json["error"] == "code_has_redemptions"
    with container.uow() as uow:
        release_redemption(uow, checkout_id="cs_pg", now=container.clock().now())
        uow.commit()
    assert client.get(url, headers=mira.headers).json["redemption_count"] == 0
    assert client.delete(url, headers=mira.headers).status_code == 204
    with container.uow() as uow:
        assert uow.discount_redemptions.count(site_id=site_id) == 0


def test_the_code_list_costs_the_same_whatever_its_length(pg_client):
    client = pg_client
    mira, site_id = setup(client, client.application.container.mailer())
    engine = client.application.container.engine()

    def statements_for_list() -> int:
        with count_statements(engine) as statements:
            listed(client, mira, site_id)
        return len(statements)

    create(client, mira, site_id, code="ONE")
    one = statements_for_list()
    for name in ("TWO", "THREE", "FOUR", "FIVE"):
        create(client, mira, site_id, code=name)
    assert statements_for_list() == one
