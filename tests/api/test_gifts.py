"""Gift subscriptions over HTTP: bought through the sandbox checkout, delivered by email (at
once or on their date), claimed by the recipient (a new gifted subscription, or months added
after a running one), refused to others, expired after 365 days, and listed as given and
received; on the memory suite and on Postgres (with ten claims racing for one code)."""

import json
import re
import threading
from datetime import datetime, timedelta

import pytest

from ownverso.domain.identity.values import UserRole
from ownverso.domain.memberships.proration import add_months
from ownverso.entrypoints.workers.jobs.gifts import deliver_due_gifts
from ownverso.services.context import Actor
from ownverso.services.errors import ServiceError
from ownverso.services.ports import ConcurrencyConflict
from tests.support.api import login, register
from tests.support.memberships import (
    FREE,
    GOLD,
    SILVER,
    later,
    pay,
    reader,
    shop,
    subscribed,
)
from tests.support.paywall import Paywall
from tests.support.sql_counter import count_statements

CODE = re.compile(r"/gifts/claim/([A-Z0-9]+)")


def buy(client, who, site_id, tier_id, to="rex@example.com", **body):
    return client.post(f"/api/v1/sites/{site_id}/gift", headers=who.headers,
                       json={"tier_id": tier_id, "recipient_email": to, **body})


def bought(client, who, site_id, tier_id, to="rex@example.com", **body) -> dict:
    """Buy and pay; the gift as the giver's list shows it."""
    opened = buy(client, who, site_id, tier_id, to, **body)
    assert opened.status_code == 201, opened.json
    assert opened.json["status"] == "OPEN" and opened.json["kind"] == "GIFT"
    pay(client, opened.json)
    session = client.get(f"/api/v1/checkout/session/{opened.json['id']}",
                         headers=who.headers).json
    assert session["status"] == "COMPLETE", session
    given = client.get("/api/v1/my-gifts/given", headers=who.headers).json
    return next(g for g in given if g["id"] == session["result_id"])


def code_sent_to(mailer, email: str) -> str:
    return CODE.search(mailer.last_to(email).text).group(1)


def claim(client, who, code):
    return client.post(f"/api/v1/gifts/claim/{code}", headers=who.headers)


def deliver(client) -> list:
    return client.application.container.gift_delivery().deliver_due()


def test_a_gift_is_bought_delivered_claimed_and_grants_access(client, mailer, clock):
    s = shop(client, mailer)
    gold = s.tiers["Gold"]
    gia, rex = reader(client, mailer, "gia"), reader(client, mailer, "rex")
    opened = buy(client, gia, s.site_id, gold["id"], "Rex@Example.com", months=3,
                 recipient_name="Rex", gift_message="Read the finale!")
    assert opened.status_code == 201, opened.json
    assert (opened.json["amount"], opened.json["months"], opened.json["recipient_email"]) == (
        2700, 3, "rex@example.com")
    assert opened.json["checkout_url"]
    assert not [m for m in mailer.sent if "gift" in m.subject.lower()]  # nothing before paying
    pay(client, opened.json)

    email = mailer.last_to("rex@example.com")
    assert email.subject == "Mira Vale sent you 3 months of Gold on " + \
        client.get(f"/api/v1/sites/{s.site_id}", headers=s.author.headers).json["name"]
    assert "Read the finale!" in email.text
    code = code_sent_to(mailer, "rex@example.com")
    assert f"/gifts/claim/{code}" in email.text and "-".join(
        code[i:i + 4] for i in range(0, 16, 4)) in email.text
    given = client.get("/api/v1/my-gifts/given", headers=gia.headers).json
    assert [(g["status"], g["amount"], g["months"], g["recipient_email"]) for g in given] == [
        ("DELIVERED", 2700, 3, "rex@example.com")]
    assert "claim_code" not in given[0]

    info = client.get(f"/api/v1/gifts/claim/{code.lower()}")  # public, any case
    assert info.status_code == 200, info.json
    assert (info.json["status"], info.json["months"], info.json["tier"]["name"],
            info.json["giver_name"], info.json["gift_message"]) == (
        "DELIVERED", 3, "Gold", "Mira Vale", "Read the finale!")
    assert "rex@example.com" not in json.dumps(info.json)

    received = client.get("/api/v1/my-gifts/received", headers=rex.headers).json
    assert [(g["status"], g["claim_code"]) for g in received] == [("DELIVERED", code)]

    claimed = claim(client, rex, code)
    assert claimed.status_code == 200, claimed.json
    gift, sub = claimed.json["gift"], claimed.json["subscription"]
    assert gift["status"] == "CLAIMED" and gift["subscription_id"] == sub["id"]
    assert (sub["status"], sub["is_gift"], sub["auto_renew"], sub["tier"]["name"]) == (
        "ACTIVE", True, False, "Gold")
    mine = client.get("/api/v1/my-subscriptions", headers=rex.headers).json
    assert [(m["id"], m["status"], m["is_gift"]) for m in mine] == [(sub["id"], "ACTIVE", True)]
    assert datetime.fromisoformat(mine[0]["current_period_end"]) == add_months(clock.now(), 3)
    tier = client.get(f"/api/v1/tiers/{gold['id']}", headers=s.author.headers).json
    assert tier["current_subscribers"] == 1
    assert mailer.last_to(gia.email).subject == "Your gift to Rex was claimed"

    again = claim(client, rex, code)
    assert again.status_code == 409 and again.json["error"] == "gift_already_claimed"
    assert client.get("/api/v1/my-gifts/given", headers=gia.headers).json[0]["status"] == \
        "CLAIMED"


def test_the_gifted_months_end_without_a_charge(client, mailer, clock):
    s = shop(client, mailer)
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")
    bought(client, gia, s.site_id, s.tiers["Gold"]["id"], months=1)
    sub = claim(client, rex, code_sent_to(mailer, "rex@example.com")).json["subscription"]
    rex = later(client, rex, clock, days=31)
    client.application.container.subscription_billing().run()
    ended = client.get(f"/api/v1/my-subscriptions/{sub['id']}", headers=rex.headers).json
    assert ended["status"] == "EXPIRED"
    invoices = client.get(f"/api/v1/my-subscriptions/{sub['id']}/invoices",
                          headers=rex.headers).json
    assert invoices == []  # nothing was charged


def test_a_scheduled_gift_is_sent_on_its_date(client, mailer, clock):
    s = shop(client, mailer)
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")
    when = clock.now() + timedelta(days=7)
    gift = bought(client, gia, s.site_id, s.tiers["Silver"]["id"], months=2,
                  delivery_date=when.isoformat())
    assert (gift["status"], gift["is_scheduled"]) == ("PENDING", True)
    assert not [m for m in mailer.sent if m.to == "rex@example.com" and "gift" in m.subject]
    assert client.get("/api/v1/my-gifts/received", headers=rex.headers).json == []  # a surprise
    assert deliver(client) == []
    clock.advance(days=7)
    assert deliver(client) == [gift["id"]]
    assert deliver(client) == []  # once
    code = code_sent_to(mailer, "rex@example.com")
    rex = later(client, rex, clock)
    assert claim(client, rex, code).status_code == 200


def test_claiming_adds_the_months_after_a_running_subscription(client, mailer):
    s = shop(client, mailer)
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")
    sub = subscribed(client, rex, s.site_id, s.tiers["Silver"]["id"])
    container = client.application.container
    with container.uow() as uow:  # as if the gateway billed it
        stored = uow.reader_subscriptions.get(sub["id"])
        stored.gateway_subscription_id = "gw_sub_1"
        uow.commit()
    bought(client, gia, s.site_id, s.tiers["Gold"]["id"], months=2)
    claimed = claim(client, rex, code_sent_to(mailer, "rex@example.com"))
    assert claimed.status_code == 200, claimed.json
    extended = claimed.json["subscription"]
    assert extended["id"] == sub["id"] and extended["tier"]["name"] == "Silver"
    assert (extended["is_gift"], extended["auto_renew"]) == (False, True)
    end = add_months(datetime.fromisoformat(sub["current_period_end"]), 2)
    assert datetime.fromisoformat(extended["current_period_end"]) == end
    assert container.payment_gateway().schedules == {"gw_sub_1": end}
    tiers = client.get(f"/api/v1/sites/{s.site_id}/tiers", headers=s.author.headers).json
    assert {t["name"]: t["current_subscribers"] for t in tiers} == {"Gold": 0, "Silver": 1}


def test_a_gift_waits_for_its_delivery_and_for_an_unpaused_subscription(client, mailer, clock):
    s = shop(client, mailer)
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")
    gift = bought(client, gia, s.site_id, s.tiers["Gold"]["id"],
                  delivery_date=(clock.now() + timedelta(days=1)).isoformat())
    with client.application.container.uow() as uow:
        code = uow.gifts.get(gift["id"]).claim_code
    early = claim(client, rex, code)
    assert early.status_code == 409 and early.json["error"] == "gift_not_delivered"
    sub = subscribed(client, rex, s.site_id, s.tiers["Silver"]["id"])
    paused = client.post(f"/api/v1/my-subscriptions/{sub['id']}/pause", headers=rex.headers,
                         json={"months": 1})
    assert paused.status_code == 200, paused.json
    clock.advance(days=1)
    assert deliver_due_gifts() == 1  # the periodic job
    rex = later(client, rex, clock)
    refused = claim(client, rex, code)
    assert refused.status_code == 409 and refused.json["error"] == "cannot_extend"
    client.post(f"/api/v1/my-subscriptions/{sub['id']}/unpause", headers=rex.headers)
    assert claim(client, rex, code).json["subscription"]["id"] == sub["id"]


def test_only_the_recipient_claims_with_a_verified_email(client, mailer):
    s = shop(client, mailer)
    gia, eve = reader(client, mailer), reader(client, mailer)
    bought(client, gia, s.site_id, s.tiers["Gold"]["id"])
    code = code_sent_to(mailer, "rex@example.com")
    stranger = claim(client, eve, code)
    assert stranger.status_code == 403 and stranger.json["error"] == "not_the_recipient"
    assert client.post(f"/api/v1/gifts/claim/{code}").status_code == 401
    unknown = client.get("/api/v1/gifts/claim/NOPE")
    assert unknown.status_code == 404 and unknown.json["error"] == "gift_not_found"
    assert claim(client, eve, "NOPE").status_code == 404
    register(client, email="rex@example.com", username="rex")
    body = login(client, "rex@example.com")
    unverified = client.post(f"/api/v1/gifts/claim/{code}",
                             headers={"Authorization": f"Bearer {body['access_token']}"})
    assert unverified.status_code == 403 and unverified.json["error"] == "email_not_verified"
    hidden = client.get("/api/v1/my-gifts/received",
                        headers={"Authorization": f"Bearer {body['access_token']}"})
    assert hidden.json == []
    assert client.get("/api/v1/my-gifts/given").status_code == 401


def test_an_unclaimed_gift_expires_after_365_days(client, mailer, clock):
    s = shop(client, mailer)
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")
    gift = bought(client, gia, s.site_id, s.tiers["Gold"]["id"])
    code = code_sent_to(mailer, "rex@example.com")
    delivery = client.application.container.gift_delivery()
    clock.advance(days=364)
    assert delivery.expire_unclaimed() == []
    clock.advance(days=1)
    rex = later(client, rex, clock)
    late = claim(client, rex, code)
    assert late.status_code == 409 and late.json["error"] == "gift_expired"
    assert delivery.expire_unclaimed() == [gift["id"]]
    assert delivery.expire_unclaimed() == []
    gia = later(client, gia, clock)
    assert client.get("/api/v1/my-gifts/given", headers=gia.headers).json[0]["status"] == \
        "EXPIRED"
    assert [g["status"] for g in client.get("/api/v1/my-gifts/received",
                                            headers=rex.headers).json] == ["EXPIRED"]
    assert claim(client, rex, code).json["error"] == "gift_expired"


def test_what_cannot_be_gifted(client, mailer, clock):
    s = shop(client, mailer, GOLD, FREE)
    gold, free = s.tiers["Gold"]["id"], s.tiers["Free"]["id"]
    gia = reader(client, mailer, "gia")

    def refused(who, status, error, site_id=s.site_id, tier_id=gold, **body):
        answer = buy(client, who, site_id, tier_id, **body)
        assert answer.status_code == status, answer.json
        assert answer.json["error"] == error, answer.json

    refused(s.author, 422, "own_site")
    refused(gia, 422, "free_tier", tier_id=free)
    refused(gia, 422, "own_gift", to="GIA@example.com")
    refused(gia, 422, "invalid_delivery_date",
            delivery_date=(clock.now() - timedelta(days=2)).isoformat())
    refused(gia, 422, "invalid_delivery_date",
            delivery_date=(clock.now() + timedelta(days=400)).isoformat())
    for body in ({"months": 13}, {"months": 0}, {"discount_code": "SAVE10"},
                 {"gift_message": "x" * 1001}):
        assert buy(client, gia, s.site_id, gold, **body).status_code == 422, body
    assert buy(client, gia, s.site_id, gold, to="not-an-email").status_code == 422
    refused(gia, 404, "site_not_found", site_id="site_nope")
    refused(gia, 404, "tier_not_found", tier_id="tier_nope")
    client.post(f"/api/v1/tiers/{gold}/deactivate", headers=s.author.headers)
    refused(gia, 409, "tier_unavailable")
    assert client.post(f"/api/v1/sites/{s.site_id}/gift",
                       json={"tier_id": gold, "recipient_email": "r@x.io"}).status_code == 401


def test_twelve_months_cost_the_annual_price_when_it_is_cheaper(client, mailer):
    s = shop(client, mailer)
    gia = reader(client, mailer)
    year = buy(client, gia, s.site_id, s.tiers["Gold"]["id"], months=12).json
    assert year["amount"] == 9000  # not 12 x 900
    silver = buy(client, gia, s.site_id, s.tiers["Silver"]["id"], months=12).json
    assert silver["amount"] == 3600  # no annual price


def test_an_anonymous_gift_keeps_the_givers_name_out(client, mailer):
    s = shop(client, mailer)
    gia = reader(client, mailer)
    bought(client, gia, s.site_id, s.tiers["Gold"]["id"], anonymous=True)
    email = mailer.last_to("rex@example.com")
    assert email.subject.startswith("Someone sent you 1 month of Gold")
    info = client.get(f"/api/v1/gifts/claim/{code_sent_to(mailer, 'rex@example.com')}").json
    assert info["giver_name"] is None


def test_the_gift_lists_are_the_callers_own_and_paginated(client, mailer, clock):
    s = shop(client, mailer)
    gia, ben, rex = reader(client, mailer), reader(client, mailer), reader(client, mailer, "rex")
    for months in (1, 2, 3):
        bought(client, gia, s.site_id, s.tiers["Silver"]["id"], months=months)
        clock.advance(minutes=1)
    claim(client, rex, code_sent_to(mailer, "rex@example.com"))  # the newest, 3 months
    page = client.get("/api/v1/my-gifts/given?page=1&page_size=2", headers=gia.headers)
    assert json.loads(page.headers["X-Pagination"])["total"] == 3
    assert [g["months"] for g in page.json] == [3, 2]
    received = client.get("/api/v1/my-gifts/received?page=2&page_size=2", headers=rex.headers)
    assert json.loads(received.headers["X-Pagination"])["total"] == 3
    assert [(g["months"], g["status"]) for g in received.json] == [(1, "DELIVERED")]
    first = client.get("/api/v1/my-gifts/received?page=1&page_size=2", headers=rex.headers)
    assert [(g["months"], g["status"]) for g in first.json] == [(3, "CLAIMED"), (2, "DELIVERED")]
    assert client.get("/api/v1/my-gifts/given", headers=ben.headers).json == []
    assert client.get("/api/v1/my-gifts/received", headers=ben.headers).json == []


# -- access, and Postgres ---------------------------------------------------------------------
@pytest.fixture(params=["memory", "postgres"])
def any_client(request):
    return request.getfixturevalue("client" if request.param == "memory" else "pg_client")


def test_a_claimed_gift_opens_the_tiers_chapters(any_client):
    client = any_client
    container = client.application.container
    wall = Paywall.build(client)
    gold = client.post(f"/api/v1/sites/{wall.site_id}/tiers", headers=wall.author,
                       json={"name": "Gold", "monthly_price": 900, "currency": "INR"}).json
    chapter = wall.chapter(content="One.\n\nTwo.\n\nThree.\n\nFour: the marker.")
    wall.set_access(chapter["id"], access_level="SPECIFIC_TIER", minimum_tier_id=gold["id"])
    giver, rex = wall.reader(), wall.reader()
    with container.uow() as uow:
        email = uow.users.get(rex).email

    def reads() -> bool:
        body = client.get(f"/api/v1/chapters/{chapter['id']}/read",
                          headers=wall.headers(rex)).json
        assert ("the marker" in body["content_html"]) is body["access"]["granted"], body
        return body["access"]["granted"]

    opened = client.post(f"/api/v1/sites/{wall.site_id}/gift", headers=wall.headers(giver),
                         json={"tier_id": gold["id"], "recipient_email": email, "months": 2})
    assert opened.status_code == 201, opened.json
    pay(client, opened.json)
    assert not reads()
    code = code_sent_to(container.mailer(), email)
    assert client.post(f"/api/v1/gifts/claim/{code}",
                       headers=wall.headers(rex)).status_code == 200
    assert reads()
    container.clock().advance(days=62)
    container.subscription_billing().run()
    assert not reads()  # the gifted months are over


def test_the_gift_journey_on_postgres(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    s = shop(client, mailer, SILVER)
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")
    gift = bought(client, gia, s.site_id, s.tiers["Silver"]["id"], months=2,
                  gift_message="Enjoy")
    assert gift["status"] == "DELIVERED"
    claimed = claim(client, rex, code_sent_to(mailer, "rex@example.com"))
    assert claimed.status_code == 200, claimed.json
    mine = client.get("/api/v1/my-subscriptions", headers=rex.headers).json
    assert [(m["status"], m["is_gift"]) for m in mine] == [("ACTIVE", True)]
    again = claim(client, rex, code_sent_to(mailer, "rex@example.com"))
    assert again.status_code == 409 and again.json["error"] == "gift_already_claimed"
    assert client.get("/api/v1/my-gifts/received", headers=rex.headers).json[0]["status"] == \
        "CLAIMED"


def test_ten_claims_racing_for_one_code_make_one_subscription(pg_client):
    client = pg_client
    container = client.application.container
    mailer = container.mailer()
    s = shop(client, mailer, SILVER)
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")
    bought(client, gia, s.site_id, s.tiers["Silver"]["id"])
    code = code_sent_to(mailer, "rex@example.com")
    actor = Actor(user_id=rex.user["id"], session_id="ses_race", role=UserRole.READER)
    barrier, wins, refusals = threading.Barrier(10), [], []

    def run():
        barrier.wait()
        try:
            wins.append(container.gifts().claim(actor=actor, claim_code=code))
        except (ServiceError, ConcurrencyConflict) as error:
            refusals.append(getattr(error, "code", "concurrent_update"))

    threads = [threading.Thread(target=run) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(wins) == 1 and refusals == ["gift_already_claimed"] * 9
    with container.uow() as uow:
        assert uow.reader_subscriptions.count(reader_id=rex.user["id"]) == 1
        assert uow.tiers.get(s.tiers["Silver"]["id"]).current_subscribers == 1


def test_gift_lists_run_a_flat_number_of_statements(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    engine = client.application.container.engine()
    gia, rex = reader(client, mailer), reader(client, mailer, "rex")

    def counted():
        with count_statements(engine) as statements:
            assert client.get("/api/v1/my-gifts/given", headers=gia.headers).status_code == 200
            assert client.get("/api/v1/my-gifts/received",
                              headers=rex.headers).status_code == 200
        return len(statements)

    first = shop(client, mailer, SILVER)
    bought(client, gia, first.site_id, first.tiers["Silver"]["id"])
    claim(client, rex, code_sent_to(mailer, "rex@example.com"))
    one = counted()
    for _ in range(3):
        more = shop(client, mailer, SILVER)
        bought(client, gia, more.site_id, more.tiers["Silver"]["id"])
    claim(client, rex, code_sent_to(mailer, "rex@example.com"))
    assert counted() == one
