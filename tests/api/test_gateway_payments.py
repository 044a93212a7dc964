"""Readers paying an author through the gateway the author connected: Stripe, Razorpay and
Xendit, each a local stand-in of its API. The checkout is made on the author's own account, the
gateway's signed webhook fulfils it exactly once, a refund goes back through the same gateway
and takes back what the payment bought, a dispute lost by webhook is a chargeback, and the
reconciliation job finishes what a lost webhook left undone (and changes nothing when run
again)."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.billing.platform_invoice import PlatformInvoice, Revenue
from ownverso.entrypoints.app import create_app
from ownverso.entrypoints.bootstrap import wire
from tests.contract.gateway_harness import (
    Harness,
    RazorpayHarness,
    StripeHarness,
    XenditHarness,
)
from tests.contract.test_webhook_verifiers import signed_razorpay, signed_stripe, signed_xendit
from tests.support.chapters import add_user
from tests.support.memberships import GOLD, reader, shop, subscribe
from tests.support.paywall import bearer
from tests.support.standins.razorpay_server import RazorpayStandIn
from tests.support.standins.stripe_server import StripeStandIn
from tests.support.standins.xendit_server import XenditStandIn

API = "/api/v1"
WHSEC = "whsec_StripeSigningSecret0123456789"
RZP_HOOK = "razorpay-hook-secret-0001"
XND_TOKEN = "XenditCallbackToken0123456789"


@dataclass
class Rail:
    """One gateway: how an author connects it and how it calls back."""

    name: str
    harness: Harness
    connect: dict
    webhook: dict
    sequence: int = 0

    def paid_event(self, checkout_id: str, payment_ref: str, amount: int,
                   currency: str, at) -> tuple[bytes, dict]:
        """The gateway's "checkout paid" webhook, signed with the author's secret."""
        self.sequence += 1
        stamp = int(at.timestamp())
        if self.name == "stripe":
            body = {"id": f"evt_paid_{self.sequence}", "object": "event", "created": stamp,
                    "type": "checkout.session.completed", "data": {"object": {
                        "id": checkout_id, "object": "checkout.session",
                        "payment_intent": payment_ref, "amount_total": amount,
                        "currency": currency.lower(), "status": "complete",
                        "payment_status": "paid"}}}
            raw = _raw(body)
            return raw, signed_stripe(raw, secret=WHSEC, at=at)
        if self.name == "razorpay":
            body = {"entity": "event", "event": "payment_link.paid", "created_at": stamp,
                    "contains": ["payment_link", "payment"], "payload": {
                        "payment_link": {"entity": {"id": checkout_id, "status": "paid",
                                                    "amount": amount, "amount_paid": amount,
                                                    "currency": currency}},
                        "payment": {"entity": {"id": payment_ref, "amount": amount,
                                               "currency": currency, "status": "captured"}}}}
            raw = _raw(body)
            return raw, signed_razorpay(raw, secret=RZP_HOOK,
                                        event_id=f"evt_rzp_paid_{self.sequence}")
        body = {"id": checkout_id, "external_id": f"ext-{checkout_id}", "status": "PAID",
                "payment_id": payment_ref, "paid_amount": amount / 100, "amount": amount / 100,
                "currency": currency, "updated": at.isoformat().replace("+00:00", "Z")}
        raw = _raw(body)
        return raw, signed_xendit(raw, secret=XND_TOKEN, webhook_id=None)


def _raw(body: dict) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


@pytest.fixture(scope="module")
def standins():
    servers = {"stripe": StripeStandIn(secret_key="sk_test_51StripeSecretKey0123456789").start(),
               "razorpay": RazorpayStandIn(key_secret="RzpKeySecret0123456789Ab").start(),
               "xendit": XenditStandIn().start()}
    yield servers
    for server in servers.values():
        server.stop()


def rail(name: str, standins: dict) -> Rail:
    server = standins[name]
    server.reset()
    if name == "stripe":
        return Rail(name, StripeHarness(server),
                    {"account_id": "acct_1AbCdEfGhIjKlMnO", "secret_key": server.secret_key},
                    {"webhook_secret": WHSEC})
    if name == "razorpay":
        return Rail(name, RazorpayHarness(server),
                    {"key_id": server.key_id, "key_secret": server.key_secret},
                    {"webhook_secret": RZP_HOOK})
    return Rail(name, XenditHarness(server),
                {"business_id": "5f27a14a9bf05c73dd040bc8", "api_key": server.secret_key},
                {"webhook_token": XND_TOKEN})


@pytest.fixture
def app(standins):
    app = create_app(env="test", stripe_api_base=standins["stripe"].url,
                     razorpay_api_base=standins["razorpay"].url,
                     xendit_api_base=standins["xendit"].url)
    wire(app.container)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def connected(client, mailer, line: Rail):
    """An author's site with tiers, paid through the author's own ``line``."""
    author_shop = shop(client, mailer, GOLD)
    base = f"{API}/payment-gateway/{line.name}"
    hook = "webhook-token" if line.name == "xendit" else "webhook-secret"
    for path, body in (("connect", line.connect), (hook, line.webhook)):
        answer = client.post(f"{base}/{path}", headers=author_shop.author.headers, json=body)
        assert answer.status_code == 200, answer.json
    chosen = client.post(f"{API}/payment-gateway/default", headers=author_shop.author.headers,
                         json={"gateway": line.name.upper()})
    assert chosen.status_code == 200, chosen.json
    return author_shop


def gateway_checkout(client, session_id: str) -> str:
    with client.application.container.uow() as uow:
        return uow.checkout_sessions.get(session_id).gateway_checkout_id


def deliver(client, line: Rail, author_id: str, body: bytes, headers: dict):
    return client.post(f"{API}/webhooks/{line.name}/{author_id}", data=body,
                       headers={"Content-Type": "application/json", **headers})


@dataclass
class PaidOnStripe:
    fan: object
    checkout_id: str
    intent: str
    author_id: str
    session: dict  # the completed checkout session, as the reader sees it


def paid_on_stripe(client, mailer, clock, line: Rail, author_shop) -> PaidOnStripe:
    """A reader subscribed to Gold on the author's Stripe, paid, and Stripe's webhook said so."""
    fan = reader(client, mailer)
    session = subscribe(client, fan, author_shop.site_id,
                        author_shop.tiers["Gold"]["id"]).json
    checkout_id = gateway_checkout(client, session["id"])
    line.harness.pay(checkout_id)
    intent = line.harness.gateway.get_checkout(checkout_id).payment_ref
    author_id = author_shop.author.user["id"]
    deliver(client, line, author_id, *line.paid_event(checkout_id, intent, 900, "INR",
                                                       clock.now()))
    done = client.get(f"{API}/checkout/session/{session['id']}", headers=fan.headers).json
    return PaidOnStripe(fan, checkout_id, intent, author_id, done)


@pytest.mark.parametrize("name", ["stripe", "razorpay", "xendit"])
def test_a_reader_pays_the_author_through_their_own_gateway_once_and_a_refund_takes_it_back(
        client, mailer, clock, standins, name):
    line = rail(name, standins)
    author_shop = connected(client, mailer, line)
    fan = reader(client, mailer)
    opened = subscribe(client, fan, author_shop.site_id, author_shop.tiers["Gold"]["id"])
    assert opened.status_code == 201, opened.json
    session = opened.json
    assert session["status"] == "OPEN" and "/sandbox/" not in session["checkout_url"]
    checkout_id = gateway_checkout(client, session["id"])
    line.harness.pay(checkout_id)
    payment_ref = line.harness.gateway.get_checkout(checkout_id).payment_ref
    author_id = author_shop.author.user["id"]

    body, headers = line.paid_event(checkout_id, payment_ref, 900, "INR", clock.now())
    answers = [deliver(client, line, author_id, body, headers) for _ in range(3)]
    assert {a.status_code for a in answers} == {200}
    health = client.get(f"{API}/payment-gateway/{name}/status",
                        headers=author_shop.author.headers).json["webhook"]
    assert (health["last_received_at"], health["failure_count"]) == (
        clock.now().isoformat(), 0)
    with client.application.container.uow() as uow:  # the webhook did it, not a poll
        [event] = uow.webhook_events.list()
        assert (event.status.value, uow.checkout_sessions.get(session["id"]).status.value) \
            == ("PROCESSED", "COMPLETE")

    done = client.get(f"{API}/checkout/session/{session['id']}", headers=fan.headers).json
    assert done["status"] == "COMPLETE"
    mine = client.get(f"{API}/my/payments", headers=fan.headers).json
    [payment] = mine
    assert (payment["status"], payment["gross_amount"], payment["gateway"]) == (
        "SUCCEEDED", 900, name)
    sub = client.get(f"{API}/my-subscriptions/{done['result_id']}", headers=fan.headers).json
    assert sub["status"] == "ACTIVE"

    refunded = client.post(f"{API}/payments/{payment['id']}/refund",
                           headers=author_shop.author.headers,
                           json={"reason": "Reader asked"})
    assert refunded.status_code == 201, refunded.json
    assert refunded.json["status"] == "SUCCEEDED"
    after = client.get(f"{API}/my/payments/{payment['id']}", headers=fan.headers).json
    assert after["status"] == "REFUNDED"
    ended = client.get(f"{API}/my-subscriptions/{done['result_id']}", headers=fan.headers).json
    assert ended["status"] != "ACTIVE"


def test_a_paid_checkout_whose_webhook_was_lost_is_fulfilled_by_reconciliation_once(
        client, mailer, clock, standins):
    line = rail("xendit", standins)
    author_shop = connected(client, mailer, line)
    fan = reader(client, mailer)
    session = subscribe(client, fan, author_shop.site_id,
                        author_shop.tiers["Gold"]["id"]).json
    line.harness.pay(gateway_checkout(client, session["id"]))
    container = client.application.container

    assert container.reconciliation().run().counts()["fulfilled"] == 0  # too soon to ask
    clock.advance(timedelta(minutes=11))
    first = container.reconciliation().run().counts()
    second = container.reconciliation().run().counts()
    assert first["fulfilled"] == 1 and not any(second.values())
    done = client.get(f"{API}/checkout/session/{session['id']}", headers=fan.headers).json
    assert done["status"] == "COMPLETE"
    assert len(client.get(f"{API}/my/payments", headers=fan.headers).json) == 1


def test_a_dispute_lost_by_webhook_is_a_chargeback_that_ends_what_it_bought(
        client, mailer, clock, standins):
    line = rail("stripe", standins)
    author_shop = connected(client, mailer, line)
    paid = paid_on_stripe(client, mailer, clock, line, author_shop)
    fan, intent, author_id, done = paid.fan, paid.intent, paid.author_id, paid.session

    def dispute(event_type: str, status: str, n: int):
        body = _raw({"id": f"evt_dsp_{n}", "object": "event", "type": event_type,
                     "created": int(clock.now().timestamp()), "data": {"object": {
                         "id": "du_1", "object": "dispute", "payment_intent": intent,
                         "amount": 900, "currency": "inr", "reason": "fraudulent",
                         "status": status}}})
        return deliver(client, line, author_id, body,
                       signed_stripe(body, secret=WHSEC, at=clock.now()))

    assert dispute("charge.dispute.closed", "lost", 2).status_code == 200  # closing first
    assert dispute("charge.dispute.created", "needs_response", 1).status_code == 200
    [payment] = client.get(f"{API}/my/payments", headers=fan.headers).json
    assert payment["status"] == "CHARGEBACK_LOST"
    ended = client.get(f"{API}/my-subscriptions/{done['result_id']}", headers=fan.headers).json
    assert ended["status"] != "ACTIVE"


def test_renewals_billed_by_stripe_come_back_by_webhook_as_payments_once(
        client, mailer, clock, standins):
    clock.set(datetime.now(UTC).replace(microsecond=0))  # Stripe schedules only ahead of now
    line = rail("stripe", standins)
    author_shop = connected(client, mailer, line)
    chosen = client.post(f"{API}/payment-gateway/renewals", headers=author_shop.author.headers,
                         json={"billed_by": "GATEWAY"})
    assert chosen.status_code == 200, chosen.json
    paid = paid_on_stripe(client, mailer, clock, line, author_shop)
    fan, author_id, done = paid.fan, paid.author_id, paid.session
    with client.application.container.uow() as uow:
        sub = uow.reader_subscriptions.get(done["result_id"])
    at_stripe = line.harness.gateway.get_subscription(sub.gateway_subscription_id)
    assert (at_stripe.status, at_stripe.current_period_end) == ("active",
                                                                 sub.current_period_end)

    created = _raw({"id": "evt_sub_1", "object": "event",
                    "type": "customer.subscription.created",
                    "created": int(clock.now().timestamp()), "data": {"object": {
                        "id": at_stripe.id, "object": "subscription", "status": "trialing",
                        "trial_end": int(sub.current_period_end.timestamp()),
                        "current_period_end": int(sub.current_period_end.timestamp()),
                        "items": {"data": [{"current_period_end": int(
                            sub.current_period_end.timestamp())}]}}}})
    assert deliver(client, line, author_id, created,
                   signed_stripe(created, secret=WHSEC, at=clock.now())).status_code == 200
    mine = client.get(f"{API}/my-subscriptions/{done['result_id']}", headers=fan.headers).json
    assert (mine["status"], mine["is_trialing"]) == ("ACTIVE", False)  # paid, not a trial

    next_end = sub.current_period_end + timedelta(days=31)
    body = _raw({"id": "evt_inv_1", "object": "event", "type": "invoice.paid",
                 "created": int(sub.current_period_end.timestamp()), "data": {"object": {
                     "id": "in_1", "object": "invoice", "subscription": at_stripe.id,
                     "payment_intent": "pi_renewal_1", "amount_paid": 900,
                     "currency": "inr", "status": "paid", "lines": {"data": [
                         {"period": {"start": int(sub.current_period_end.timestamp()),
                                     "end": int(next_end.timestamp())}}]}}}})
    for _ in range(2):
        assert deliver(client, line, author_id, body,
                       signed_stripe(body, secret=WHSEC, at=clock.now())).status_code == 200
    payments = client.get(f"{API}/my/payments", headers=fan.headers).json
    assert sorted((p["gross_amount"], p["status"]) for p in payments) == [
        (900, "SUCCEEDED"), (900, "SUCCEEDED")]
    mine = client.get(f"{API}/my-subscriptions/{done['result_id']}", headers=fan.headers).json
    assert (mine["status"], mine["current_period_end"][:10]) == ("ACTIVE",
                                                                  next_end.date().isoformat())
    invoices = client.get(f"{API}/my-subscriptions/{done['result_id']}/invoices",
                          headers=fan.headers).json
    assert sorted(i["kind"] for i in invoices) == ["INITIAL", "RENEWAL"]


def test_refunds_made_in_the_gateway_dashboard_are_recorded_once_and_take_back_the_rest(
        client, mailer, clock, standins):
    line = rail("stripe", standins)
    author_shop = connected(client, mailer, line)
    paid = paid_on_stripe(client, mailer, clock, line, author_shop)
    fan, checkout_id, intent, author_id, done = (paid.fan, paid.checkout_id, paid.intent,
                                                 paid.author_id, paid.session)

    def dashboard_refund(amount: int, n: int):
        """The author refunds in Stripe's dashboard; Stripe tells us by webhook, twice."""
        made = line.harness.gateway.refund(checkout_id=checkout_id, amount=amount,
                                           idempotency_key=f"dashboard-{n}")
        body = _raw({"id": f"evt_rfd_{n}", "object": "event", "type": "refund.updated",
                     "created": int(clock.now().timestamp()), "data": {"object": {
                         "id": made.id, "object": "refund", "payment_intent": intent,
                         "amount": amount, "currency": "inr", "status": "succeeded"}}})
        for _ in range(2):
            answer = deliver(client, line, author_id, body,
                             signed_stripe(body, secret=WHSEC, at=clock.now()))
            assert answer.status_code == 200, answer.json
        return made.id

    first = dashboard_refund(300, 1)
    [payment] = client.get(f"{API}/my/payments", headers=fan.headers).json
    assert payment["status"] == "PARTIALLY_REFUNDED"
    sub = client.get(f"{API}/my-subscriptions/{done['result_id']}", headers=fan.headers).json
    assert sub["status"] == "ACTIVE"  # a partial refund takes nothing back

    second = dashboard_refund(600, 2)
    status = client.get(f"{API}/payments/{payment['id']}/refund-status",
                        headers=author_shop.author.headers).json
    assert status["payment_status"] == "REFUNDED"
    assert [(r["gateway_refund_id"], r["amount"], r["status"], r["requested_by"])
            for r in status["refunds"]] == [(first, 300, "SUCCEEDED", None),
                                            (second, 600, "SUCCEEDED", None)]
    ended = client.get(f"{API}/my-subscriptions/{done['result_id']}", headers=fan.headers).json
    assert ended["status"] != "ACTIVE"


def test_the_platform_accounts_webhook_starts_an_authors_paid_plan_once(clock, standins):
    """Ownverso's own Stripe account sells authors their platform plans; its webhook
    (``/webhooks/stripe/platform``, the platform's signing secret) starts the plan without
    the author coming back to poll, once however often it is delivered."""
    server = standins["stripe"]
    server.reset()
    platform_secret = "whsec_PlatformSigningSecret0123456789"
    app = create_app(env="test", stripe_api_base=server.url,
                     platform_stripe_secret_key=server.secret_key,
                     platform_stripe_webhook_secret=platform_secret)
    wire(app.container)
    client, container = app.test_client(), app.container
    user = add_user(container)
    opened = client.post(f"{API}/billing/subscription/change", headers=bearer(container, user.id),
                         json={"tier": "STARTER", "cycle": "MONTHLY"})
    assert opened.json["outcome"] == "checkout_required", opened.json
    with container.uow() as uow:
        [invoice] = uow.platform_subscription_invoices.list(user_id=user.id)
    harness = StripeHarness(server)
    harness.pay(invoice.gateway_checkout_id)
    intent = harness.gateway.get_checkout(invoice.gateway_checkout_id).payment_ref
    body = _raw({"id": "evt_platform_1", "object": "event", "type": "checkout.session.completed",
                 "created": int(clock.now().timestamp()), "data": {"object": {
                     "id": invoice.gateway_checkout_id, "object": "checkout.session",
                     "payment_intent": intent, "amount_total": invoice.total,
                     "currency": "inr", "status": "complete", "payment_status": "paid"}}})
    path = f"{API}/webhooks/stripe/platform"

    def send(secret: str):  # the latest ``body``
        return client.post(path, data=body, headers={
            "Content-Type": "application/json", **signed_stripe(body, secret=secret,
                                                                 at=clock.now())})

    assert send(WHSEC).status_code == 400  # an author's secret does not sign for the platform
    assert {send(platform_secret).status_code for _ in range(3)} == {200}
    with container.uow() as uow:
        [event] = uow.webhook_events.list()
        sub = uow.platform_subscriptions.get_by(user_id=user.id)
        assert (event.status.value, event.author_id) == ("PROCESSED", None)
        assert (sub.tier.value, sub.status.value) == ("STARTER", "ACTIVE")
        assert uow.users.get(user.id).platform_tier == "STARTER"
        assert uow.platform_subscription_invoices.get(invoice.id).status.value == "PAID"
        assert sorted(e.kind for e in uow.platform_subscription_events.list(
            user_id=user.id)) == ["created", "upgraded"]

    # a usage-fee invoice paid online is settled by the same endpoint, once
    with container.uow() as uow:
        uow.platform_invoices.add(PlatformInvoice.issue(
            id="pin_1", number="OV-2026-000001", revenue=Revenue(
                author_id=user.id, currency="INR", amount=10000, transaction_count=1,
                breakdown={"TIP": 10000}), period_start=clock.now() - timedelta(days=31),
            period_end=clock.now(), fee_bps=1000, gst_bps=1800, due_days=15, now=clock.now()))
        uow.commit()
    opened = client.post(f"{API}/billing/platform-invoices/pin_1/pay",
                         headers=bearer(container, user.id))
    assert (opened.status_code, opened.json["total_amount"]) == (200, 1180), opened.json
    invoice_checkout = opened.json["checkout_url"].rsplit("/", 1)[-1]
    harness.pay(invoice_checkout)
    body = _raw({"id": "evt_platform_2", "object": "event", "type": "checkout.session.completed",
                 "created": int(clock.now().timestamp()), "data": {"object": {
                     "id": invoice_checkout, "object": "checkout.session",
                     "payment_intent": harness.gateway.get_checkout(invoice_checkout).payment_ref,
                     "amount_total": 1180, "currency": "inr", "status": "complete",
                     "payment_status": "paid"}}})
    assert {send(platform_secret).status_code for _ in range(2)} == {200}
    with container.uow() as uow:
        paid = uow.platform_invoices.get("pin_1")
        assert (paid.status.value, paid.payment_method) == ("PAID", "stripe")


def test_the_platform_webhook_endpoint_is_closed_without_its_secret(client, clock):
    body = _raw({"id": "evt_1", "object": "event", "type": "checkout.session.completed",
                 "created": int(clock.now().timestamp()), "data": {"object": {"id": "cs_1"}}})
    answer = client.post(f"{API}/webhooks/stripe/platform", data=body, headers={
        "Content-Type": "application/json", **signed_stripe(body, secret=WHSEC,
                                                             at=clock.now())})
    assert (answer.status_code, answer.json["error"]) == (404, "webhook_endpoint_not_found")


def test_an_author_without_a_connected_gateway_cannot_take_money_in_production_mode(
        mailer, standins):
    app = create_app(env="test", payments_backend="connected")
    wire(app.container)
    client = app.test_client()
    author_shop = shop(client, app.container.mailer(), GOLD)
    fan = reader(client, app.container.mailer())
    answer = subscribe(client, fan, author_shop.site_id, author_shop.tiers["Gold"]["id"])
    assert answer.status_code == 409 and answer.json["error"] == "gateway_not_connected"


LIFECYCLE_ORDERS = [  # a sample of the 6! orders (all 720 run in tests/unit/test_gateway_sync)
    (0, 1, 2, 3, 4, 5), (5, 4, 3, 2, 1, 0), (4, 0, 5, 2, 1, 3), (2, 3, 5, 0, 4, 1),
    (3, 5, 1, 4, 0, 2)]


@pytest.mark.parametrize("order", LIFECYCLE_ORDERS)
def test_a_gateway_billed_subscription_ends_the_same_whatever_order_its_events_come_in(
        client, mailer, clock, standins, order):
    line = rail("stripe", standins)
    author_shop = connected(client, mailer, line)
    fan = reader(client, mailer)
    session = subscribe(client, fan, author_shop.site_id,
                        author_shop.tiers["Gold"]["id"]).json
    checkout_id = gateway_checkout(client, session["id"])
    line.harness.pay(checkout_id)
    done = client.get(f"{API}/checkout/session/{session['id']}", headers=fan.headers).json
    container = client.application.container
    with container.uow() as uow:  # billed by Stripe from here on
        sub = uow.reader_subscriptions.get_by(id=done["result_id"], for_update=True)
        sub.gateway_subscription_id = "sub_gw_1"
        first_end = sub.current_period_end
        uow.commit()
    t0 = int(clock.now().timestamp())
    later_end = int((first_end + timedelta(days=30)).timestamp())

    def event(n: int, event_type: str, obj: dict) -> bytes:
        return _raw({"id": f"evt_life_{n}", "object": "event", "type": event_type,
                     "created": t0 + n * 60, "data": {"object": obj}})

    subscription = {"id": "sub_gw_1", "object": "subscription",
                    "current_period_end": int(first_end.timestamp())}
    invoice = {"id": "in_1", "object": "invoice", "subscription": "sub_gw_1",
               "currency": "inr", "lines": {"data": [{"period": {"end": later_end}}]}}
    events = [
        event(1, "customer.subscription.created", {**subscription, "status": "active"}),
        event(2, "customer.subscription.updated", {**subscription, "status": "active"}),
        event(3, "invoice.paid", {**invoice, "amount_paid": 900}),
        event(4, "invoice.payment_failed", {**invoice, "id": "in_2", "amount_due": 900}),
        event(5, "customer.subscription.deleted", {**subscription, "status": "canceled"})]
    events.append(events[2])  # a duplicate delivery
    for index in order:
        body = events[index]
        answer = deliver(client, line, author_shop.author.user["id"], body,
                         signed_stripe(body, secret=WHSEC, at=clock.now()))
        assert answer.status_code == 200, answer.json

    with container.uow() as uow:
        sub = uow.reader_subscriptions.get(done["result_id"])
        handled = uow.webhook_events.list(status="PROCESSED")
    assert (sub.status.value, int(sub.current_period_end.timestamp())) == (
        "EXPIRED", later_end)
    assert len(handled) == 5
