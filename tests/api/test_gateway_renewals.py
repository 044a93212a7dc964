"""An author who has the gateway bill renewals: a new subscription is handed to the gateway once
its first period is paid (first charged when that period ends), Ownverso's billing job leaves
it alone, the reader's cancel, resume, pause, unpause and downgrade are made at the gateway
too (or not at all when the gateway does not answer), what a plan cannot bill stays with
Ownverso, a subscription ended by a refund is cancelled at the gateway by reconciliation, and
one whose renewal webhook was lost is read back from the gateway.
Here on the sandbox gateway; the Stripe stand-in runs the renewal webhooks in
``test_gateway_payments``."""

from datetime import timedelta

import pytest
from dependency_injector import providers

from ownverso.services.ports.payments import GatewayUnavailable
from tests.support.memberships import later, reader, run_billing, shop, subscribed

API = "/api/v1"


def renewals_at_gateway(client, author) -> None:
    answer = client.post(f"{API}/payment-gateway/renewals", headers=author.headers,
                         json={"billed_by": "GATEWAY"})
    assert answer.status_code == 200, answer.json
    assert answer.json["renewals_billed_by"] == "GATEWAY"


def stored(client, subscription_id: str):
    with client.application.container.uow() as uow:
        return uow.reader_subscriptions.get(subscription_id)


def at_gateway(client, subscription_id: str):
    ref = stored(client, subscription_id).gateway_subscription_id
    assert ref is not None
    return client.application.container.payment_gateway().get_subscription(ref)


def test_renewals_go_to_the_gateway_and_the_readers_changes_follow(client, mailer, clock):
    s = shop(client, mailer)
    assert client.get(f"{API}/payment-gateway", headers=s.author.headers).json[
        "renewals_billed_by"] == "OWNVERSO"
    renewals_at_gateway(client, s.author)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    url = f"{API}/my-subscriptions/{sub['id']}"

    there = at_gateway(client, sub["id"])
    period_end = stored(client, sub["id"]).current_period_end
    assert (there.status, there.current_period_end, there.cancel_at_period_end) == (
        "active", period_end, False)
    gateway = client.application.container.payment_gateway()
    assert gateway.plans[there.plan_id]["amount"] == 900
    charges_before = len(gateway.charges)

    assert client.post(f"{url}/cancel", headers=ana.headers, json={}).status_code == 200
    assert at_gateway(client, sub["id"]).cancel_at_period_end is True
    assert client.post(f"{url}/resume", headers=ana.headers).status_code == 200
    assert at_gateway(client, sub["id"]).cancel_at_period_end is False

    paused = client.post(f"{url}/pause", headers=ana.headers, json={"months": 1})
    assert paused.status_code == 200, paused.json
    held = at_gateway(client, sub["id"])
    assert (held.status, held.current_period_end) == (
        "paused", stored(client, sub["id"]).pause_ends_at)
    assert client.post(f"{url}/unpause", headers=ana.headers).status_code == 200
    back = at_gateway(client, sub["id"])
    assert (back.status, back.current_period_end) == (
        "active", stored(client, sub["id"]).current_period_end)

    down = client.patch(url, headers=ana.headers, json={"tier_id": s.tiers["Silver"]["id"]})
    assert down.status_code == 200, down.json
    assert gateway.plans[at_gateway(client, sub["id"]).plan_id]["amount"] == 300

    later(client, ana, clock, days=70)
    run_billing(client)  # Ownverso does not charge what the gateway bills
    assert len(gateway.charges) == charges_before


def test_a_gateway_that_does_not_answer_leaves_the_pause_undone_on_both_sides(
        client, mailer, monkeypatch):
    s = shop(client, mailer)
    renewals_at_gateway(client, s.author)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    gateway = client.application.container.payment_gateway()

    def down(**_):
        raise GatewayUnavailable("timeout")

    with client.application.container.payment_gateway.override(providers.Object(gateway)):
        monkeypatch.setattr(gateway, "pause_subscription", down)
        paused = client.post(f"{API}/my-subscriptions/{sub['id']}/pause", headers=ana.headers,
                             json={"months": 1})
    assert (paused.status_code, paused.json["error"]) == (503, "gateway_unavailable")
    assert stored(client, sub["id"]).status.value == "ACTIVE"
    assert at_gateway(client, sub["id"]).status == "active"


def test_what_a_plan_cannot_bill_stays_with_ownverso(client, mailer, clock):
    s = shop(client, mailer)
    renewals_at_gateway(client, s.author)
    made = client.post(f"{API}/sites/{s.site_id}/discount-codes", headers=s.author.headers,
                       json={"code": "spring-10", "kind": "PERCENT", "value": 10,
                             "duration": "REPEATING", "duration_months": 3})
    assert made.status_code == 201, made.json
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"],
                     discount_code="spring-10")
    assert stored(client, sub["id"]).gateway_subscription_id is None
    later(client, ana, clock, days=32)
    assert run_billing(client)["renewed"] == 1  # Ownverso charges the discounted price


@pytest.fixture(params=["client", pytest.param("pg_client", marks=pytest.mark.postgres)])
def both(request):
    """The in-memory app, then the app on Postgres: a client, its mailer and its clock."""
    client = request.getfixturevalue(request.param)
    container = client.application.container
    return client, container.mailer(), container.clock()


def test_a_refund_ends_the_subscription_and_reconciliation_cancels_it_at_the_gateway(both):
    client, mailer, _ = both
    s = shop(client, mailer)
    renewals_at_gateway(client, s.author)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    [payment] = client.get(f"{API}/my/payments", headers=ana.headers).json
    refunded = client.post(f"{API}/payments/{payment['id']}/refund", headers=s.author.headers,
                           json={"reason": "Reader asked"})
    assert refunded.status_code == 201, refunded.json
    assert at_gateway(client, sub["id"]).status == "active"  # not told yet

    reconciliation = client.application.container.reconciliation()
    first, second = reconciliation.run(), reconciliation.run()
    assert (first.subscriptions_stopped, second.subscriptions_stopped) == ([sub["id"]], [])
    assert at_gateway(client, sub["id"]).status == "canceled"
    assert stored(client, sub["id"]).gateway_ended_at is not None


def test_only_authors_choose_who_bills_renewals_and_only_known_choices(client, mailer):
    s = shop(client, mailer)
    ana = reader(client, mailer)
    refused = client.post(f"{API}/payment-gateway/renewals", headers=ana.headers,
                          json={"billed_by": "GATEWAY"})
    assert (refused.status_code, refused.json["error"]) == (403, "author_required")
    bad = client.post(f"{API}/payment-gateway/renewals", headers=s.author.headers,
                      json={"billed_by": "PAYPAL"})
    assert bad.status_code == 422 and "billed_by" in bad.json["errors"]["json"]


def test_a_renewal_whose_webhook_was_lost_is_read_back_from_the_gateway(both):
    client, mailer, clock = both
    s = shop(client, mailer)
    renewals_at_gateway(client, s.author)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    gateway = client.application.container.payment_gateway()
    ref = stored(client, sub["id"]).gateway_subscription_id
    first_end = stored(client, sub["id"]).current_period_end
    reconciliation = client.application.container.reconciliation()

    gateway.reschedule(subscription_ref=ref, next_charge_at=first_end + timedelta(days=31))
    clock.set(first_end + timedelta(minutes=11))  # renewed there; its webhook never came
    first, second = reconciliation.run(), reconciliation.run()
    assert (first.subscriptions_followed, second.subscriptions_followed) == ([sub["id"]], [])
    renewed = stored(client, sub["id"])
    assert (renewed.status.value, renewed.current_period_end) == (
        "ACTIVE", first_end + timedelta(days=31))

    gateway.past_due(ref)  # the next renewal failed there
    clock.set(renewed.current_period_end + timedelta(minutes=11))
    assert reconciliation.run().subscriptions_followed == [sub["id"]]
    assert stored(client, sub["id"]).status.value == "PAST_DUE"


def test_a_gateway_that_would_wait_for_the_reader_leaves_renewals_with_ownverso(
        client, mailer, clock):
    gateway = client.application.container.payment_gateway()
    gateway.renews_saved_cards = False  # as Razorpay: each subscription awaits the reader
    s = shop(client, mailer)
    renewals_at_gateway(client, s.author)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Gold"]["id"])
    assert stored(client, sub["id"]).gateway_subscription_id is None
    assert gateway.subscriptions == {}
    later(client, ana, clock, days=32)
    assert run_billing(client)["renewed"] == 1


def test_an_upgrade_moves_the_gateway_plan_and_a_declined_one_puts_it_back(
        client, mailer, clock):
    s = shop(client, mailer)
    renewals_at_gateway(client, s.author)
    ana = reader(client, mailer)
    sub = subscribed(client, ana, s.site_id, s.tiers["Silver"]["id"])
    url = f"{API}/my-subscriptions/{sub['id']}"
    gateway = client.application.container.payment_gateway()
    ana = later(client, ana, clock, days=10)

    gateway.decline(ana.user["id"])
    declined = client.patch(url, headers=ana.headers, json={"tier_id": s.tiers["Gold"]["id"]})
    assert (declined.status_code, declined.json["error"]) == (402, "payment_failed")
    assert gateway.plans[at_gateway(client, sub["id"]).plan_id]["amount"] == 300
    gateway.decline(ana.user["id"], False)

    up = client.patch(url, headers=ana.headers, json={"tier_id": s.tiers["Gold"]["id"]})
    assert up.status_code == 200, up.json
    assert gateway.plans[at_gateway(client, sub["id"]).plan_id]["amount"] == 900
