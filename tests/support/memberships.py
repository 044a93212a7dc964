"""Memberships over HTTP in one line each: an author's site with tiers, readers, subscribing
through the sandbox checkout, and running the billing job."""

from dataclasses import dataclass
from itertools import count

from tests.support.api import sign_up_and_in
from tests.support.site_kit import api_author, api_site

_numbers = count(1)
GOLD = {"name": "Gold", "monthly_price": 900, "annual_price": 9000, "currency": "INR",
        "billing_cycles": ["MONTHLY", "ANNUAL"], "early_access_days": 7}
SILVER = {"name": "Silver", "monthly_price": 300, "currency": "INR",
          "billing_cycles": ["MONTHLY"], "early_access_days": 3}
FREE = {"name": "Free", "monthly_price": 0, "currency": "INR", "is_free": True,
        "billing_cycles": ["MONTHLY"]}


@dataclass
class Shop:
    author: object
    site_id: str
    tiers: dict  # name -> tier json


def api_tier(client, who, site_id: str, **fields) -> dict:
    made = client.post(f"/api/v1/sites/{site_id}/tiers", headers=who.headers, json=fields)
    assert made.status_code == 201, made.json
    return made.json


def shop(client, mailer, *tiers: dict, name: str | None = None) -> Shop:
    name = name or f"author{next(_numbers)}"
    author = api_author(client, mailer, name, tier="GROWTH")
    site = api_site(client, author, f"{name}-site")
    made = {t["name"]: api_tier(client, author, site["id"], **t) for t in tiers or (GOLD, SILVER)}
    return Shop(author, site["id"], made)


def reader(client, mailer, name: str | None = None):
    name = name or f"reader{next(_numbers)}"
    return sign_up_and_in(client, mailer, email=f"{name}@example.com", username=name)


def subscribe(client, who, site_id: str, tier_id: str, **body):
    return client.post(f"/api/v1/sites/{site_id}/subscribe", headers=who.headers,
                       json={"tier_id": tier_id, **body})


def pay(client, session: dict) -> dict:
    """Pay a checkout through the sandbox and poll it: the session as the reader sees it."""
    gateway_id = session["checkout_url"].rsplit("/", 1)[-1]
    paid = client.post(f"/api/v1/sandbox/checkouts/{gateway_id}/complete")
    assert paid.status_code == 200, paid.json
    return paid.json


def subscribed(client, who, site_id: str, tier_id: str, **body) -> dict:
    """Subscribe and pay; the new subscription as GET /my-subscriptions/{id} shows it."""
    opened = subscribe(client, who, site_id, tier_id, **body)
    assert opened.status_code == 201, opened.json
    session = opened.json
    if session["status"] == "OPEN":
        pay(client, session)
        session = client.get(f"/api/v1/checkout/session/{session['id']}",
                             headers=who.headers).json
    assert session["status"] == "COMPLETE", session
    mine = client.get(f"/api/v1/my-subscriptions/{session['result_id']}", headers=who.headers)
    assert mine.status_code == 200, mine.json
    return mine.json


def run_billing(client) -> dict:
    return client.application.container.subscription_billing().run().summary()


def later(client, who, clock, **delta):
    """Move the clock and sign ``who`` in again (access tokens outlive no month)."""
    from dataclasses import replace

    from tests.support.api import login

    clock.advance(**delta)
    body = login(client, who.email, who.password)
    return replace(who, access_token=body["access_token"], refresh_token=body["refresh_token"])
