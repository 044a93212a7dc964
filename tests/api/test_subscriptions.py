"""Reader subscriptions over HTTP: subscribing through the sandbox checkout, free tiers,
capacity, one live subscription per site, tier changes with proration, cancel and resume,
pause and unpause, renewals and their failures, expiry, reminders, and who may see what."""

import json

from tests.support.memberships import (
    FREE,
    GOLD,
    SILVER,
    api_tier,
    later,
    pay,
    reader,
    run_billing,
    shop,
    subscribe,
    subscribed,
)
from tests.support.sql_counter import count_statements


def seats(client, tier_id) -> int:
    """A tier's live subscriber count as stored."""
    with client.application.container.uow() as uow:
        return uow.tiers.get(tier_id).current_subscribers


def test_a_reader_subscribes_through_the_sandbox_checkout(client, mailer):
    s = shop(client, mailer)
    gold = s.tiers["Gold"]
    ana = reader(client, mailer, "ana")
    opened = subscribe(client, ana, s.site_id, gold["id"])
    assert opened.status_code == 201, opened.json
    session = opened.json
    assert (session["status"], session["amount"], session["currency"]) == ("OPEN", 900, "INR")
    assert session["checkout_url"] and session["billing_cycle"] == "MONTHLY"
    again = subscribe(client, ana, s.site_id, gold["id"])
    assert again.json["id"] == session["id"]  # asking again answers the same checkout
    polled = client.get(f"/api/v1/checkout/session/{session['id']}", headers=ana.headers)
    assert polled.json["status"] == "OPEN"

    pay(client, session)
    pay(client, session)  # a second "payment succeeded" changes nothing
    done = client.get(f"/api/v1/checkout/session/{session['id']}", headers=ana.headers).json
    assert done["status"] == "COMPLETE" and done["result_id"]
    listed = client.get("/api/v1/my-subscriptions", headers=ana.headers)
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1
    sub = listed.json[0]
    assert (sub["status"], sub["tier"]["name"], sub["site"]["id"]) == ("ACTIVE", "Gold",
                                                                      s.site_id)
    assert sub["price"] == 900 and sub["current_period_end"]
    invoices = client.get(f"/api/v1/my-subscriptions/{sub['id']}/invoices",
                          headers=ana.headers)
    assert [(i["kind"], i["status"], i["amount"]) for i in invoices.json] == [
        ("INITIAL", "PAID", 900)]
    assert seats(client, gold["id"]) == 1

    refused = subscribe(client, ana, s.site_id, s.tiers["Silver"]["id"])
    assert refused.status_code == 409 and refused.json["error"] == "already_subscribed"


def test_the_checkout_is_the_callers_own(client, mailer):
    s = shop(client, mailer)
    ana, ben = reader(client, mailer), reader(client, mailer)
    session = subscribe(client, ana, s.site_id, s.tiers["Gold"]["id"]).json
    assert client.get(f"/api/v1/checkout/session/{session['id']}",
                      headers=ben.headers).status_code == 404
    assert client.get(f"/api/v1/checkout/session/{session['id']}").status_code == 401


def test_checkout_subscription_takes_the_site_in_the_body(client, mailer):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    made = client.post("/api/v1/checkout/subscription", headers=ana.headers,
                       json={"site_id": s.site_id, "tier_id": s.tiers["Gold"]["id"],
                             "billing_cycle": "ANNUAL"})
    assert made.status_code == 201 and made.json["amount"] == 9000
    bad = client.post("/api/v1/checkout/subscription", headers=ana.headers,
                      json={"site_id": s.site_id, "tier_id": s.tiers["Silver"]["id"],
                            "billing_cycle": "ANNUAL"})
    assert bad.status_code == 422 and bad.json["error"] == "cycle_not_offered"
    missing = client.post("/api/v1/checkout/subscription", headers=ana.headers, json={})
    assert missing.status_code == 422 and set(missing.json["errors"]["json"]) == {
        "site_id", "tier_id"}


def test_a_free_tier_is_joined_without_paying(client, mailer):
    s = shop(client, mailer, FREE, GOLD)
    ana = reader(client, mailer)
    joined = subscribe(client, ana, s.site_id, s.tiers["Free"]["id"])
    assert joined.status_code == 201
    assert (joined.json["status"], joined.json["amount"]) == ("COMPLETE", 0)
    assert joined.json["checkout_url"] is None
    mine = client.get("/api/v1/my-subscriptions", headers=ana.headers).json
    assert mine[0]["status"] == "ACTIVE" and mine[0]["price"] == 0


def test_who_cannot_subscribe(client, mailer):
    s = shop(client, mailer)
    gold = s.tiers["Gold"]
    own = subscribe(client, s.author, s.site_id, gold["id"])
    assert own.status_code == 422 and own.json["error"] == "own_site"
    ana = reader(client, mailer)
    assert subscribe(client, ana, "site_nope", gold["id"]).status_code == 404
    assert subscribe(client, ana, s.site_id, "tier_nope").status_code == 404
    client.post(f"/api/v1/tiers/{gold['id']}/deactivate", headers=s.author.headers)
    closed = subscribe(client, ana, s.site_id, gold["id"])
    assert closed.status_code == 409 and closed.json["error"] == "tier_unavailable"
    other = shop(client, mailer)
    foreign = subscribe(client, ana, s.site_id, other.tiers["Gold"]["id"])
    assert foreign.status_code == 404


def test_a_full_tier_holds_seats_for_open_checkouts_until_they_expire(client, mailer, clock):
    s = shop(client, mailer, {**GOLD, "max_subscribers": 1})
    gold = s.tiers["Gold"]
    ana, ben = reader(client, mailer), reader(client, mailer)
    held = subscribe(client, ana, s.site_id, gold["id"])
    assert held.status_code == 201
    full = subscribe(client, ben, s.site_id, gold["id"])
    assert full.status_code == 409 and full.json["error"] == "tier_full"
    ana = later(client, ana, clock, minutes=31)
    assert client.application.container.checkout().expire_stale() == 1
    expired = client.get(f"/api/v1/checkout/session/{held.json['id']}", headers=ana.headers)
    assert expired.json["status"] == "EXPIRED"
    ben = later(client, ben, clock)
    assert subscribe(client, ben, s.site_id, gold["id"]).status_code == 201


def test_an_upgrade_is_charged_now_prorated_and_a_downgrade_waits(client, mailer, clock):
    s = shop(client, mailer)
    gold, silver = s.tiers["Gold"], s.tiers["Silver"]
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, silver["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    ana = later(client, ana, clock, days=15)
    gateway = client.application.container.payment_gateway()
    gateway.decline(ana.user["id"])
    declined = client.patch(url, headers=ana.headers, json={"tier_id": gold["id"]})
    assert declined.status_code == 402 and declined.json["error"] == "payment_failed"
    assert client.get(url, headers=ana.headers).json["tier"]["id"] == silver["id"]
    gateway.decline(ana.user["id"], False)

    up = client.patch(url, headers=ana.headers, json={"tier_id": gold["id"]})
    assert up.status_code == 200, up.json
    assert (up.json["tier"]["id"], up.json["price"]) == (gold["id"], 900)
    charged = client.get(f"{url}/invoices", headers=ana.headers).json[0]
    assert charged["kind"] == "PRORATION" and 0 < charged["amount"] < 600
    assert seats(client, silver["id"]) == 0
    assert seats(client, gold["id"]) == 1

    down = client.patch(url, headers=ana.headers, json={"tier_id": silver["id"]})
    assert down.status_code == 200
    assert down.json["tier"]["id"] == gold["id"]  # still Gold until the period ends
    assert down.json["pending_tier_id"] == silver["id"]
    ana = later(client, ana, clock, days=20)
    assert run_billing(client)["renewed"] == 1
    after = client.get(url, headers=ana.headers).json
    assert (after["tier"]["id"], after["price"], after["pending_tier_id"]) == (
        silver["id"], 300, None)
    renewal = client.get(f"{url}/invoices", headers=ana.headers).json[0]
    assert (renewal["kind"], renewal["amount"]) == ("RENEWAL", 300)


def test_cancel_keeps_access_to_the_period_end_resume_undoes_it(client, mailer, clock):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    cancelled = client.post(f"{url}/cancel", headers=ana.headers,
                            json={"reason": "too_expensive", "feedback": "Loved it though"})
    assert cancelled.status_code == 200
    assert (cancelled.json["status"], cancelled.json["auto_renew"]) == ("CANCELLED", False)
    assert cancelled.json["cancel_reason"] == "too_expensive"
    assert client.post(f"{url}/cancel", headers=ana.headers, json={}).status_code == 409
    resumed = client.post(f"{url}/resume", headers=ana.headers)
    assert (resumed.json["status"], resumed.json["auto_renew"]) == ("ACTIVE", True)

    client.post(f"{url}/cancel", headers=ana.headers, json={})
    ana = later(client, ana, clock, days=29)
    mailer.sent.clear()
    run_billing(client)
    assert [m.headers["X-Ownverso-Template"] for m in mailer.sent] == [
        "subscription_expiry_reminder"]
    ana = later(client, ana, clock, days=3)
    assert run_billing(client)["expired"] == 1
    ended = client.get(url, headers=ana.headers).json
    assert ended["status"] == "EXPIRED" and ended["expires_at"]
    assert client.post(f"{url}/resume", headers=ana.headers).status_code == 409
    assert seats(client, s.tiers["Gold"]["id"]) == 0
    assert subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])["status"] == "ACTIVE"


def test_pause_stops_access_and_billing_then_unpause_moves_the_period(client, mailer, clock):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    too_long = client.post(f"{url}/pause", headers=ana.headers, json={"months": 4})
    assert too_long.status_code == 422 and "months" in too_long.json["errors"]["json"]
    paused = client.post(f"{url}/pause", headers=ana.headers, json={"months": 2})
    assert paused.status_code == 200 and paused.json["status"] == "PAUSED"
    ana = later(client, ana, clock, days=40)
    assert run_billing(client)["renewed"] == 0  # nothing billed while paused
    back = client.post(f"{url}/unpause", headers=ana.headers).json
    assert back["status"] == "ACTIVE" and back["current_period_end"] > sub["current_period_end"]
    client.post(f"{url}/pause", headers=ana.headers, json={"months": 1})
    client.post(f"{url}/unpause", headers=ana.headers)
    third = client.post(f"{url}/pause", headers=ana.headers, json={"months": 1})
    assert third.status_code == 409 and third.json["error"] == "pause_limit_reached"


def test_a_paused_subscription_restarts_by_itself_when_the_pause_ends(client, mailer, clock):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    client.post(f"{url}/pause", headers=ana.headers, json={"months": 2})
    ana = later(client, ana, clock, days=62)
    assert run_billing(client)["unpaused"] == 1
    assert client.get(url, headers=ana.headers).json["status"] == "ACTIVE"


def test_a_failed_renewal_keeps_access_through_grace_then_expires(client, mailer, clock):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    client.application.container.payment_gateway().decline(ana.user["id"])
    ana = later(client, ana, clock, days=31)
    mailer.sent.clear()
    summary = run_billing(client)
    assert summary["failed"] == 1 and summary["renewed"] == 0
    due = client.get(url, headers=ana.headers).json
    assert due["status"] == "PAST_DUE" and due["grace_ends_at"]
    assert [m.headers["X-Ownverso-Template"] for m in mailer.sent] == [
        "subscription_payment_failed"]
    assert run_billing(client)["failed"] == 0  # not charged again on every run
    invoices = client.get(f"{url}/invoices", headers=ana.headers).json
    assert (invoices[0]["kind"], invoices[0]["status"]) == ("RENEWAL", "FAILED")
    ana = later(client, ana, clock, days=3)
    assert run_billing(client)["expired"] == 1
    assert client.get(url, headers=ana.headers).json["status"] == "EXPIRED"


def test_renewals_extend_the_period_once_per_period(client, mailer, clock):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    ana = later(client, ana, clock, days=31)
    assert run_billing(client)["renewed"] == 1
    assert run_billing(client)["renewed"] == 0
    renewed = client.get(url, headers=ana.headers).json
    assert renewed["current_period_start"] == sub["current_period_end"]
    assert len(client.get(f"{url}/invoices", headers=ana.headers).json) == 2


def test_annual_subscribers_are_reminded_a_week_before_renewal(client, mailer, clock):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"], billing_cycle="ANNUAL")
    ana = later(client, ana, clock, days=359)
    mailer.sent.clear()
    run_billing(client)
    run_billing(client)
    reminders = [m for m in mailer.sent
                 if m.headers["X-Ownverso-Template"] == "subscription_renewal_reminder"]
    assert len(reminders) == 1 and "9000 INR" in reminders[0].text


def test_a_subscription_is_its_readers_own(client, mailer):
    s = shop(client, mailer)
    ana, ben = reader(client, mailer), reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    for method, path, body in (("get", url, None), ("patch", url, {"tier_id": "x"}),
                               ("post", f"{url}/cancel", {}), ("post", f"{url}/resume", None),
                               ("post", f"{url}/pause", {"months": 1}),
                               ("post", f"{url}/unpause", None),
                               ("get", f"{url}/invoices", None)):
        answer = getattr(client, method)(path, headers=ben.headers, json=body)
        assert answer.status_code == 404, (method, path)
    assert client.get("/api/v1/my-subscriptions", headers=ben.headers).json == []


def test_the_journey_on_postgres(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    s = shop(client, mailer)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Silver"]["id"])
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    assert client.patch(url, headers=ana.headers,
                        json={"tier_id": s.tiers["Gold"]["id"]}).status_code == 200
    assert client.post(f"{url}/cancel", headers=ana.headers, json={}).json["status"] == \
        "CANCELLED"
    assert subscribe(client, ana, s.site_id, s.tiers["Gold"]["id"]).status_code == 409


def test_my_subscriptions_runs_a_flat_number_of_statements(pg_client):
    client = pg_client
    mailer = client.application.container.mailer()
    ana = reader(client, mailer)

    def listed():
        with count_statements(client.application.container.engine()) as statements:
            assert client.get("/api/v1/my-subscriptions", headers=ana.headers).status_code == 200
        return len(statements)

    first = shop(client, mailer, SILVER)
    subscribed(client, ana, first.site_id, first.tiers["Silver"]["id"])
    one = listed()
    for _ in range(3):
        more = shop(client, mailer, SILVER)
        subscribed(client, ana, more.site_id, more.tiers["Silver"]["id"])
    assert listed() == one


def test_a_tier_with_a_subscriber_cannot_be_deleted(client, mailer):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    gone = client.delete(f"/api/v1/tiers/{s.tiers['Gold']['id']}", headers=s.author.headers)
    assert gone.status_code == 409 and gone.json["error"] == "tier_has_subscribers"
    extra = api_tier(client, s.author, s.site_id, **{**SILVER, "name": "Bronze"})
    assert client.delete(f"/api/v1/tiers/{extra['id']}",
                         headers=s.author.headers).status_code == 204


def code(client, s, **fields) -> dict:
    made = client.post(f"/api/v1/sites/{s.site_id}/discount-codes", headers=s.author.headers,
                       json=fields)
    assert made.status_code == 201, made.json
    return made.json


def test_a_repeating_discount_lowers_the_first_periods_then_the_price_returns(
        client, mailer, clock):
    s = shop(client, mailer)
    code(client, s, code="half2", kind="PERCENT", value=50, duration="REPEATING",
         duration_months=2)
    ana = reader(client, mailer)
    opened = subscribe(client, ana, s.site_id, s.tiers["Gold"]["id"], discount_code="HALF2")
    assert opened.status_code == 201, opened.json
    assert (opened.json["amount"], opened.json["discount_amount"],
            opened.json["recurring_price"]) == (450, 450, 450)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"], discount_code="HALF2")
    url = f"/api/v1/my-subscriptions/{sub['id']}"
    assert (sub["price"], sub["original_price"], sub["discount_months_remaining"]) == (
        450, 900, 1)  # the first discounted month is the one just paid
    for _ in range(2):
        ana = later(client, ana, clock, days=31)
        run_billing(client)
    amounts = [i["amount"] for i in client.get(f"{url}/invoices", headers=ana.headers).json]
    assert amounts == [900, 450, 450]  # newest first: two discounted months, then full
    assert client.get(url, headers=ana.headers).json["price"] == 900


def test_free_months_start_a_trial_with_nothing_to_pay_now(client, mailer, clock):
    s = shop(client, mailer)
    code(client, s, code="TWOFREE", kind="FREE_MONTHS", value=2)
    ana = reader(client, mailer)
    joined = subscribe(client, ana, s.site_id, s.tiers["Gold"]["id"], discount_code="twofree")
    assert (joined.json["status"], joined.json["amount"], joined.json["free_months"]) == (
        "COMPLETE", 0, 2)
    sub = client.get(f"/api/v1/my-subscriptions/{joined.json['result_id']}",
                     headers=ana.headers).json
    assert sub["is_trialing"] and sub["trial_ends_at"] == sub["current_period_end"]
    ana = later(client, ana, clock, days=62)
    assert run_billing(client)["renewed"] == 1
    invoices = client.get(f"/api/v1/my-subscriptions/{sub['id']}/invoices",
                          headers=ana.headers).json
    assert [(i["kind"], i["amount"]) for i in invoices] == [("RENEWAL", 900)]


def test_a_code_that_does_not_apply_is_refused_and_holds_nothing(client, mailer):
    s = shop(client, mailer)
    code(client, s, code="ANNUALONLY", kind="PERCENT", value=20, billing_cycles=["ANNUAL"])
    ana = reader(client, mailer)
    gold = s.tiers["Gold"]["id"]
    for given, error in (("NOPE", "code_not_found"), ("ANNUALONLY", "not_applicable")):
        refused = subscribe(client, ana, s.site_id, gold, discount_code=given)
        assert refused.status_code == 422 and refused.json["error"] == error
        assert "discount_code" in refused.json["errors"]["json"]
    assert client.get("/api/v1/my-subscriptions", headers=ana.headers).json == []
    annual = subscribe(client, ana, s.site_id, gold, billing_cycle="ANNUAL",
                       discount_code="annualonly")
    assert annual.status_code == 201 and annual.json["amount"] == 7200


def test_a_tier_with_past_subscribers_is_deactivated_not_deleted(client, mailer):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Silver"]["id"])
    client.post(f"/api/v1/my-subscriptions/{sub['id']}/cancel", headers=ana.headers, json={})
    with client.application.container.uow() as uow:
        stored = uow.reader_subscriptions.get(sub["id"])
        stored.expire_if_due(stored.current_period_end)
        uow.tiers.get(s.tiers["Silver"]["id"]).current_subscribers = 0
        uow.commit()
    gone = client.delete(f"/api/v1/tiers/{s.tiers['Silver']['id']}", headers=s.author.headers)
    assert gone.status_code == 409 and gone.json["error"] == "tier_has_history"


def test_a_tiers_trial_is_for_readers_new_to_the_site(client, mailer, clock):
    s = shop(client, mailer, {**GOLD, "trial_days": 7})
    gold = s.tiers["Gold"]["id"]
    assert s.tiers["Gold"]["trial_days"] == 7
    code(client, s, code="HALFONCE", kind="PERCENT", value=50)
    ana = reader(client, mailer)
    joined = subscribe(client, ana, s.site_id, gold, discount_code="halfonce")
    assert (joined.json["status"], joined.json["amount"], joined.json["trial_days"]) == (
        "COMPLETE", 0, 7)
    url = f"/api/v1/my-subscriptions/{joined.json['result_id']}"
    sub = client.get(url, headers=ana.headers).json
    assert sub["is_trialing"] and sub["price"] == 450
    for _ in range(2):
        ana = later(client, ana, clock, days=7 if _ == 0 else 31)
        run_billing(client)
    amounts = [i["amount"] for i in client.get(f"{url}/invoices", headers=ana.headers).json]
    assert amounts == [900, 450]  # the discounted month is the first one paid, after the trial
    client.post(f"{url}/cancel", headers=ana.headers, json={})
    ana = later(client, ana, clock, days=40)
    run_billing(client)
    again = subscribe(client, ana, s.site_id, gold)
    assert (again.json["status"], again.json["amount"]) == ("OPEN", 900)  # no second trial


def test_a_free_tier_has_no_trial(client, mailer):
    s = shop(client, mailer)
    bad = client.post(f"/api/v1/sites/{s.site_id}/tiers", headers=s.author.headers,
                      json={**FREE, "trial_days": 7})
    assert bad.status_code == 422 and bad.json["error"] == "invalid_trial_days"


def test_a_checkout_the_gateway_forgot_is_closed_not_an_error(client, mailer, clock):
    s = shop(client, mailer, {**GOLD, "max_subscribers": 1})
    ana = reader(client, mailer)
    session = subscribe(client, ana, s.site_id, s.tiers["Gold"]["id"]).json
    gateway = client.application.container.payment_gateway()
    gateway.checkouts.clear()  # the sandbox restarted: its checkouts are gone
    polled = client.get(f"/api/v1/checkout/session/{session['id']}", headers=ana.headers)
    assert polled.status_code == 200 and polled.json["status"] == "OPEN"
    ana = later(client, ana, clock, minutes=31)
    assert client.application.container.checkout().expire_stale() == 1
    closed = client.get(f"/api/v1/checkout/session/{session['id']}", headers=ana.headers)
    assert closed.json["status"] == "EXPIRED"
    assert seats(client, s.tiers["Gold"]["id"]) == 0
    assert subscribe(client, ana, s.site_id, s.tiers["Gold"]["id"]).status_code == 201
