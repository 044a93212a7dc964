"""Issue 4's whole journey over HTTP, in memory, on the embedded default (SQLite) and on
Postgres: an author makes two tiers and gates chapters with each rule; a reader without a
subscription gets the preview and the ways to unlock, never the rest; the reader subscribes
through the sandbox checkout and reads; the early-access schedule holds as the clock moves;
pause, cancel, resume, upgrade and downgrade behave as written; a gift is bought, delivered,
claimed and reads."""

import re
from datetime import timedelta

import pytest

from tests.support.memberships import pay
from tests.support.paywall import API, Paywall

TEXT = "One.\n\nTwo.\n\nThree.\n\nFour: {marker}."


def granted(client, headers, chapter_id) -> bool:
    response = client.get(f"{API}/chapters/{chapter_id}/read", headers=headers)
    assert response.status_code == 200, response.json
    body = response.json
    marker = f"marker-{chapter_id}"
    assert (marker in body["content_html"]) is body["access"]["granted"], body
    return body["access"]["granted"]


@pytest.fixture(params=["client", "sqlite_client", "pg_client"])
def any_client(request):
    """The in-memory suite, the embedded default (SQLite) and Postgres."""
    return request.getfixturevalue(request.param)


def test_the_memberships_journey(any_client):
    client = any_client
    container = client.application.container
    clock = container.clock()
    wall = Paywall.build(client, early_access_days=7)

    def tier(**fields):
        made = client.post(f"{API}/sites/{wall.site_id}/tiers", headers=wall.author,
                           json={"currency": "INR", "billing_cycles": ["MONTHLY"], **fields})
        assert made.status_code == 201, made.json
        return made.json["id"]

    silver = tier(name="Silver", monthly_price=300, early_access_days=3)
    gold = tier(name="Gold", monthly_price=900, early_access_days=7)

    def chapter(**access):
        made = wall.chapter(content=TEXT)
        text = TEXT.format(marker=f"marker-{made['id']}")
        saved = client.put(f"{API}/chapters/{made['id']}/content", headers=wall.author,
                           json={"content": text})
        assert saved.status_code == 200, saved.json
        if access:
            wall.set_access(made["id"], **access)
        return made["id"]

    members = chapter(access_level="SUBSCRIBERS")
    golden = chapter(access_level="SPECIFIC_TIER", minimum_tier_id=gold)
    rolling = chapter()  # FREE, in the series' 7 days of early access
    later_free = chapter(access_level="SUBSCRIBERS")
    wall.schedule_free(later_free, clock.now() + timedelta(days=20))
    wall.set_access(later_free, access_level="SCHEDULED_FREE")

    # a reader without a subscription: previews and the ways to unlock
    ana = wall.reader()
    for chapter_id, reason in ((members, "subscription_required"), (golden, "tier_required"),
                               (rolling, "early_access"), (later_free,
                                                           "subscription_required")):
        body = client.get(f"{API}/chapters/{chapter_id}/read", headers=wall.headers(ana)).json
        assert (body["access"]["granted"], body["access"]["reason"]) == (False, reason)
        assert body["is_preview"] and f"marker-{chapter_id}" not in body["content_html"]
    options = client.get(f"{API}/chapters/{golden}/access-check",
                         headers=wall.headers(ana)).json
    assert [t["tier_id"] for t in options["unlock_options"]["tiers"]] == [gold]

    # subscribe to Silver through the sandbox checkout
    opened = client.post(f"{API}/sites/{wall.site_id}/subscribe", headers=wall.headers(ana),
                         json={"tier_id": silver})
    assert opened.status_code == 201 and opened.json["amount"] == 300
    pay(client, opened.json)
    session = client.get(f"{API}/checkout/session/{opened.json['id']}",
                         headers=wall.headers(ana)).json
    assert session["status"] == "COMPLETE"
    sub = session["result_id"]
    mine = f"{API}/my-subscriptions/{sub}"
    assert granted(client, wall.headers(ana), members)
    assert not granted(client, wall.headers(ana), golden)

    # the early-access schedule: Silver reads the free chapter from day 4, everyone at day 7
    check = client.get(f"{API}/chapters/{rolling}/access-check",
                       headers=wall.headers(ana)).json
    published = clock.now()
    assert not check["granted"] and check["readable_at"].startswith(
        (published + timedelta(days=4)).date().isoformat())
    clock.advance(days=4)
    assert granted(client, wall.headers(ana), rolling)
    stranger = wall.reader()
    assert not granted(client, wall.headers(stranger), rolling)
    clock.advance(days=3)
    assert granted(client, wall.headers(stranger), rolling)

    # upgrade to Gold now; the gated chapter opens; a downgrade waits for the period end
    up = client.patch(mine, headers=wall.headers(ana), json={"tier_id": gold})
    assert up.status_code == 200 and up.json["tier"]["id"] == gold
    assert granted(client, wall.headers(ana), golden)
    down = client.patch(mine, headers=wall.headers(ana), json={"tier_id": silver})
    assert down.json["pending_tier_id"] == silver
    assert granted(client, wall.headers(ana), golden)

    # pause: no access; unpause: back
    assert client.post(f"{mine}/pause", headers=wall.headers(ana),
                       json={"months": 1}).json["status"] == "PAUSED"
    assert not granted(client, wall.headers(ana), members)
    assert client.post(f"{mine}/unpause", headers=wall.headers(ana)).json["status"] == "ACTIVE"
    assert granted(client, wall.headers(ana), members)

    # cancel keeps access to the period end; resume undoes it
    cancelled = client.post(f"{mine}/cancel", headers=wall.headers(ana),
                            json={"reason": "busy"}).json
    assert cancelled["status"] == "CANCELLED" and granted(client, wall.headers(ana), members)
    assert client.post(f"{mine}/resume", headers=wall.headers(ana)).json["status"] == "ACTIVE"

    # a gift of two Gold months: bought, paid, delivered by email, claimed, and it reads
    bo = wall.reader()
    with container.uow() as uow:
        bo_email = uow.users.get(bo).email
    bought = client.post(f"{API}/sites/{wall.site_id}/gift", headers=wall.headers(ana),
                         json={"tier_id": gold, "recipient_email": bo_email, "months": 2,
                               "gift_message": "Enjoy the ride"})
    assert bought.status_code == 201, bought.json
    pay(client, bought.json)
    email = container.mailer().last_to(bo_email)
    code = re.search(r"/gifts/claim/([A-Z0-9]+)", email.text).group(1)
    assert not granted(client, wall.headers(bo), golden)
    claimed = client.post(f"{API}/gifts/claim/{code}", headers=wall.headers(bo))
    assert claimed.status_code == 200, claimed.json
    assert claimed.json["subscription"]["is_gift"]
    assert granted(client, wall.headers(bo), golden)

    # the scheduled free date opens the chapter for everyone, job or not
    assert not granted(client, wall.headers(stranger), later_free)
    clock.advance(days=14)
    assert granted(client, wall.headers(stranger), later_free)
