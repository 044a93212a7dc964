"""An author's payment gateways over HTTP: each provider connected (not verified: no provider
is called), given a webhook secret, read and disconnected; the default gateway is a connected
one and disconnecting it clears it; bad input is 422 with its fields; readers are refused
(403 author_required), anonymous callers too (401); one author never sees another's
gateways; no secret ever comes back in a response or reaches a log; the journey on
Postgres."""

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ownverso.domain.identity.values import UserRole
from ownverso.services.identity.secret_rotation import rotate_sealed
from ownverso.services.identity.secrets import SecretBox
from ownverso.services.payments.gateway_secrets import GatewaySecrets
from tests.factories.accounts import AuthorProfileFactory
from tests.support.chapters import add_user
from tests.support.paywall import bearer

API = "/api/v1/payment-gateway"
PURPOSE = "payment-gateway-secrets"
RZP = {"key_id": "rzp_test_AbCdEfGhIjKlMn", "key_secret": "RzpKeySecret0123456789Ab"}
RZP_HOOK = "razorpay-hook-secret-0001"
STRIPE_KEY = "sk_test_51StripeSecretKey0123456789"
STRIPE_TOKEN = "sk_live_OAuthAccessToken0123456789"
STR = {"account_id": "acct_1AbCdEfGhIjKlMnO", "secret_key": STRIPE_KEY}
WHSEC = "whsec_StripeSigningSecret0123456789"
XND_KEY = "xnd_development_XenditSecretKey0123456789+/=="
XND = {"business_id": "5f27a14a9bf05c73dd040bc8", "api_key": XND_KEY}
XND_TOKEN = "XenditCallbackToken0123456789"
SECRETS = (RZP["key_secret"], RZP_HOOK, STRIPE_KEY, STRIPE_TOKEN, WHSEC, XND_KEY, XND_TOKEN)

ENDPOINTS = [("get", ""), ("post", "/default")] + [
    (method, f"/{provider}/{action}")
    for provider, hook in (("razorpay", "webhook-secret"), ("stripe", "webhook-secret"),
                           ("xendit", "webhook-token"))
    for method, action in (("post", "connect"), ("post", "disconnect"), ("post", hook),
                           ("get", "status"))]


def author(client) -> dict:
    container = client.application.container
    user = add_user(container, role=UserRole.AUTHOR)
    with container.uow() as uow:
        uow.author_profiles.add(AuthorProfileFactory(user_id=user.id))
        uow.commit()
    return bearer(container, user.id)


def reader(client) -> dict:
    container = client.application.container
    return bearer(container, add_user(container).id)


def call(client, headers, method: str, path: str, body: dict | None = None, status=200):
    response = getattr(client, method)(f"{API}{path}", headers=headers,
                                       **({"json": body} if method == "post" else {}))
    assert response.status_code == status, response.json
    return response.json


def test_every_endpoint_wants_a_signed_in_author(client):
    assert len(ENDPOINTS) == 14
    headers = reader(client)
    for method, path in ENDPOINTS:
        body = _valid_body(path) if method == "post" else None
        anonymous = call(client, {}, method, path, body, status=401)
        assert anonymous["error"] == "authentication_required"
        refused = call(client, headers, method, path, body, status=403)
        assert refused["error"] == "author_required", path


def _valid_body(path: str) -> dict:
    return {"/default": {"gateway": None}, "/razorpay/connect": RZP, "/stripe/connect": STR,
            "/xendit/connect": XND, "/razorpay/webhook-secret": {"webhook_secret": RZP_HOOK},
            "/stripe/webhook-secret": {"webhook_secret": WHSEC},
            "/xendit/webhook-token": {"webhook_token": XND_TOKEN}}.get(path, {})


def test_razorpay_connects_unverified_takes_a_webhook_secret_and_disconnects(client):
    me = author(client)
    never = call(client, me, "get", "/razorpay/status")
    assert (never["status"], never["key_secret"], never["is_default"]) == (
        "NOT_CONNECTED", {"configured": False, "last4": None, "kind": None}, False)
    call(client, me, "post", "/razorpay/webhook-secret", {"webhook_secret": RZP_HOOK}, 409)

    made = call(client, me, "post", "/razorpay/connect", {**RZP, "account_id": "acc_RoUtE1234"})
    assert (made["provider"], made["status"], made["mode"], made["verified"], made["key_id"],
            made["account_id"], made["is_default"]) == (
        "RAZORPAY", "CONNECTED", "TEST", False, RZP["key_id"], "acc_RoUtE1234", True)
    assert made["key_secret"] == {"configured": True, "last4": RZP["key_secret"][-4:],
                                  "kind": "KEY_SECRET"}
    assert made["webhook_secret"]["configured"] is False
    assert made["webhook"] == {"health": "UNKNOWN", "last_received_at": None,
                               "last_ok_at": None, "failure_count": 0}

    hooked = call(client, me, "post", "/razorpay/webhook-secret", {"webhook_secret": RZP_HOOK})
    assert hooked["webhook_secret"]["configured"] is True
    assert hooked["webhook_secret"]["last4"] == RZP_HOOK[-4:]
    assert call(client, me, "get", "/razorpay/status") == hooked

    live = call(client, me, "post", "/razorpay/connect",
                {"key_id": "rzp_live_AbCdEfGhIjKlMn", "key_secret": "LiveSecret0123456789AbCd"})
    assert (live["mode"], live["key_secret"]["last4"], live["webhook_secret"]["configured"],
            live["account_id"]) == ("LIVE", "AbCd", False, None)

    gone = call(client, me, "post", "/razorpay/disconnect")
    assert (gone["status"], gone["key_secret"]["configured"], gone["key_id"],
            gone["is_default"]) == ("DISCONNECTED", False, "rzp_live_AbCdEfGhIjKlMn", False)
    again = call(client, me, "post", "/razorpay/disconnect", status=409)
    assert again["error"] == "gateway_not_connected"


def test_stripe_connects_with_a_key_or_an_oauth_token(client):
    me = author(client)
    made = call(client, me, "post", "/stripe/connect",
                {**STR, "account_type": "EXPRESS", "webhook_secret": WHSEC})
    assert (made["account_id"], made["account_type"], made["verified"], made["mode"],
            made["charges_enabled"], made["api_key"], made["webhook_secret"]["last4"]) == (
        STR["account_id"], "EXPRESS", False, "TEST", False,
        {"configured": True, "last4": STRIPE_KEY[-4:], "kind": "SECRET_KEY"}, WHSEC[-4:])
    oauth = call(client, me, "post", "/stripe/connect",
                 {"account_id": STR["account_id"], "access_token": STRIPE_TOKEN})
    assert (oauth["api_key"]["kind"], oauth["mode"], oauth["account_type"],
            oauth["webhook_secret"]["configured"]) == ("ACCESS_TOKEN", "LIVE", "STANDARD", False)
    hooked = call(client, me, "post", "/stripe/webhook-secret", {"webhook_secret": WHSEC})
    assert hooked["webhook_secret"]["configured"] is True
    assert call(client, me, "get", "/stripe/status")["api_key"]["kind"] == "ACCESS_TOKEN"
    assert call(client, me, "post", "/stripe/disconnect")["status"] == "DISCONNECTED"


def test_xendit_connects_and_takes_a_webhook_token(client):
    me = author(client)
    made = call(client, me, "post", "/xendit/connect", XND)
    assert (made["business_id"], made["mode"], made["verified"], made["api_key"]["kind"],
            made["webhook_token"]["configured"]) == (XND["business_id"], "TEST", False,
                                                     "API_KEY", False)
    hooked = call(client, me, "post", "/xendit/webhook-token", {"webhook_token": XND_TOKEN})
    assert hooked["webhook_token"] == {"configured": True, "last4": XND_TOKEN[-4:],
                                       "set_at": hooked["webhook_token"]["set_at"]}
    bad = call(client, me, "post", "/xendit/webhook-token", {"webhook_token": "short"}, 422)
    assert (bad["error"], list(bad["errors"]["json"])) == ("invalid_webhook_secret",
                                                          ["webhook_token"])
    gone = call(client, me, "post", "/xendit/disconnect")
    assert (gone["status"], gone["webhook_token"]["configured"]) == ("DISCONNECTED", False)
    refused = call(client, me, "post", "/xendit/webhook-token", {"webhook_token": XND_TOKEN},
                   409)
    assert refused["errors"]["json"] == {"webhook_token": ["Connect this gateway first."]}


@pytest.mark.parametrize(("path", "body", "fields"), [
    ("/razorpay/connect", {"key_id": "rzp_prod_123456789012", "key_secret": "x"},
     {"key_id", "key_secret"}),
    ("/razorpay/connect", {**RZP, "webhook_secret": "short"}, {"webhook_secret"}),
    ("/razorpay/connect", {"key_secret": RZP["key_secret"]}, {"key_id"}),
    ("/stripe/connect", {**STR, "secret_key": "pk_test_" + "p" * 24}, {"secret_key"}),
    ("/stripe/connect", {**STR, "access_token": STRIPE_TOKEN}, {"secret_key", "access_token"}),
    ("/stripe/connect", {**STR, "account_id": "acc_123"}, {"account_id"}),
    ("/stripe/connect", {**STR, "account_type": "PLATFORM"}, {"account_type"}),
    ("/stripe/connect", {**STR, "webhook_secret": "not-a-whsec-value"}, {"webhook_secret"}),
    ("/xendit/connect", {**XND, "business_id": "nothex"}, {"business_id"}),
    ("/xendit/connect", {**XND, "api_key": "xnd_public_development_" + "k" * 30}, {"api_key"}),
    ("/xendit/connect", {**XND, "surprise": 1}, {"surprise"}),
    ("/stripe/webhook-secret", {"webhook_secret": "missing-the-prefix-xx"},
     {"webhook_secret"}),
    ("/razorpay/webhook-secret", {}, {"webhook_secret"}),
    ("/default", {"gateway": "PAYPAL"}, {"gateway"}),
])
def test_bad_input_is_422_naming_the_fields_and_never_echoing_a_secret(client, path, body,
                                                                       fields):
    me = author(client)
    call(client, me, "post", "/razorpay/connect", RZP)
    call(client, me, "post", "/stripe/connect", STR)
    refused = call(client, me, "post", path, body, 422)
    assert set(refused["errors"]["json"]) == fields
    text = json.dumps(refused)
    assert not [v for v in body.values() if isinstance(v, str) and len(v) > 6 and v in text]


def test_the_default_gateway_is_a_connected_one_and_disconnecting_it_clears_it(client):
    me = author(client)
    assert call(client, me, "get", "")["default_gateway"] is None
    refused = call(client, me, "post", "/default", {"gateway": "STRIPE"}, 409)
    assert (refused["error"], refused["errors"]["json"]) == (
        "gateway_not_connected", {"gateway": ["Connect this gateway first."]})
    call(client, me, "post", "/xendit/connect", XND)  # the first connected becomes it
    call(client, me, "post", "/stripe/connect", STR)
    both = call(client, me, "get", "")
    assert (both["default_gateway"], both["xendit"]["is_default"],
            both["stripe"]["is_default"], both["razorpay"]["status"]) == (
        "XENDIT", True, False, "NOT_CONNECTED")
    chosen = call(client, me, "post", "/default", {"gateway": "STRIPE"})
    assert (chosen["default_gateway"], chosen["stripe"]["is_default"]) == ("STRIPE", True)
    call(client, me, "post", "/default", {"gateway": "RAZORPAY"}, 409)
    assert call(client, me, "post", "/stripe/disconnect")["is_default"] is False
    after = call(client, me, "get", "")
    assert (after["default_gateway"], after["stripe"]["status"]) == (None, "DISCONNECTED")
    call(client, me, "post", "/default", {"gateway": "STRIPE"}, 409)
    call(client, me, "post", "/stripe/connect", STR)  # there was none: it is again
    assert call(client, me, "get", "")["default_gateway"] == "STRIPE"
    assert call(client, me, "post", "/default", {"gateway": None})["default_gateway"] is None


def test_one_author_never_sees_another_authors_gateways(client):
    ana, bob = author(client), author(client)
    call(client, ana, "post", "/razorpay/connect", {**RZP, "webhook_secret": RZP_HOOK})
    call(client, ana, "post", "/stripe/connect", STR)
    theirs = call(client, bob, "get", "")
    assert theirs["default_gateway"] is None
    assert {theirs[p]["status"] for p in ("razorpay", "stripe", "xendit")} == {
        "NOT_CONNECTED"}
    assert RZP["key_id"] not in json.dumps(theirs)
    assert call(client, bob, "get", "/razorpay/status")["key_id"] is None
    call(client, bob, "post", "/razorpay/disconnect", status=409)
    call(client, bob, "post", "/default", {"gateway": "RAZORPAY"}, 409)
    assert call(client, ana, "get", "/razorpay/status")["status"] == "CONNECTED"


def journey(client, me) -> list:
    """Every endpoint with every secret: the answers."""
    answers = [call(client, me, "post", "/razorpay/connect",
                    {**RZP, "webhook_secret": RZP_HOOK}),
               call(client, me, "post", "/stripe/connect", {**STR, "webhook_secret": WHSEC}),
               call(client, me, "post", "/stripe/connect",
                    {"account_id": STR["account_id"], "access_token": STRIPE_TOKEN}),
               call(client, me, "post", "/stripe/webhook-secret", {"webhook_secret": WHSEC}),
               call(client, me, "post", "/xendit/connect", XND),
               call(client, me, "post", "/xendit/webhook-token", {"webhook_token": XND_TOKEN}),
               call(client, me, "post", "/razorpay/webhook-secret",
                    {"webhook_secret": RZP_HOOK}),
               call(client, me, "post", "/default", {"gateway": "XENDIT"}),
               call(client, me, "get", "")]
    answers += [call(client, me, "get", f"/{p}/status") for p in ("razorpay", "stripe",
                                                                  "xendit")]
    answers.append(call(client, me, "post", "/stripe/connect",
                        {**STR, "secret_key": "pk_test_" + STRIPE_KEY[8:]}, 422))
    return answers


def assert_no_secret_in(answers: list, records: list[logging.LogRecord]) -> None:
    text = json.dumps(answers)
    logged = "\n".join(f"{r.getMessage()} {vars(r)}" for r in records)
    for secret in SECRETS:
        assert secret not in text, secret
        assert secret not in logged, secret


def test_no_secret_is_ever_answered_or_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    me = author(client)
    answers = journey(client, me)
    secrets = client.application.container.gateway_secrets()
    user_id = _user_id(client, me)
    assert secrets.credentials(user_id, "stripe")["api_key"] == STRIPE_TOKEN
    assert secrets.webhook_secret(user_id, "razorpay") == RZP_HOOK
    assert caplog.records  # the requests were logged
    assert_no_secret_in(answers, caplog.records)


def _user_id(client, headers) -> str:
    return client.get("/api/v1/users/me", headers=headers).json["id"]


@pytest.mark.postgres
def test_the_gateway_journey_on_postgres(pg_client, caplog):
    caplog.set_level(logging.DEBUG)
    me, other = author(pg_client), author(pg_client)
    answers = journey(pg_client, me)
    overview = answers[8]
    assert (overview["default_gateway"], overview["razorpay"]["webhook_secret"]["configured"],
            overview["stripe"]["api_key"]["kind"], overview["xendit"]["verified"]) == (
        "XENDIT", True, "ACCESS_TOKEN", False)
    assert call(pg_client, other, "get", "")["default_gateway"] is None
    secrets = pg_client.application.container.gateway_secrets()
    user_id = _user_id(pg_client, me)
    assert secrets.credentials(user_id, "xendit")["webhook_token"] == XND_TOKEN
    assert secrets.record_webhook(user_id, "xendit", ok=False) is True
    assert call(pg_client, me, "get", "/xendit/status")["webhook"]["failure_count"] == 1
    gone = call(pg_client, me, "post", "/xendit/disconnect")
    assert (gone["status"], gone["is_default"]) == ("DISCONNECTED", False)
    assert call(pg_client, me, "get", "")["default_gateway"] is None
    assert secrets.credentials(user_id, "xendit") is None
    assert_no_secret_in(answers, caplog.records)

    # a new SECRET_KEY with the old one in ENCRYPTION_KEYS, rotated: the new one alone opens
    container = pg_client.application.container
    old_key, new_key = container.settings().secret_key, "a-new-app-secret-" + "n" * 40
    ring = GatewaySecrets(uow=container.uow, clock=container.clock(),
                          box=SecretBox(new_key, purpose=PURPOSE, old_keys=[old_key]))
    report = rotate_sealed(container.uow, ring.sealed())
    assert (report.rotated, report.current, report.unreadable) == (4, 0, 0)  # 2 keys, 2 hooks
    assert rotate_sealed(container.uow, ring.sealed()).current == 4
    only_new = GatewaySecrets(uow=container.uow, clock=container.clock(),
                              box=SecretBox(new_key, purpose=PURPOSE))
    assert only_new.credentials(user_id, "stripe")["api_key"] == STRIPE_TOKEN
    assert only_new.webhook_secret(user_id, "razorpay") == RZP_HOOK


@pytest.mark.postgres
def test_concurrent_changes_of_one_authors_gateways_run_one_after_the_other(pg_app, pg_client):
    """Eight first connects at once: each answers 200 (none trips on another's new row), one
    connection and one default remain; then a disconnect racing a new default never leaves
    the default on a disconnected gateway."""
    me = author(pg_client)
    start = threading.Barrier(8)

    def connect(n):
        start.wait()
        return pg_app.test_client().post(f"{API}/stripe/connect", headers=me, json={
            **STR, "secret_key": f"sk_test_{n}" + "k" * 24})

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(connect, range(8)))
    assert [a.status_code for a in answers] == [200] * 8, [a.json for a in answers]
    overview = call(pg_client, me, "get", "")
    assert (overview["default_gateway"], overview["stripe"]["status"]) == ("STRIPE", "CONNECTED")
    with pg_app.container.uow() as uow:
        assert uow.gateway_connections.count() == 1 and uow.gateway_settings.count() == 1

    call(pg_client, me, "post", "/xendit/connect", XND)
    race = threading.Barrier(2)

    def disconnect_xendit():
        race.wait()
        return pg_app.test_client().post(f"{API}/xendit/disconnect", headers=me)

    def default_xendit():
        race.wait()
        return pg_app.test_client().post(f"{API}/default", headers=me,
                                         json={"gateway": "XENDIT"})

    with ThreadPoolExecutor(max_workers=2) as pool:
        gone, chosen = pool.submit(disconnect_xendit), pool.submit(default_xendit)
        assert gone.result().status_code == 200
        assert chosen.result().status_code in (200, 409)
    after = call(pg_client, me, "get", "")
    assert after["xendit"]["status"] == "DISCONNECTED"
    assert after["default_gateway"] in (None, "STRIPE")


@pytest.mark.postgres
def test_webhooks_recorded_at_once_each_count_on_postgres(pg_app, pg_client):
    me = author(pg_client)
    call(pg_client, me, "post", "/razorpay/connect", RZP)
    user_id, secrets = _user_id(pg_client, me), pg_app.container.gateway_secrets()
    start = threading.Barrier(10)

    def refused(_):
        start.wait()
        return secrets.record_webhook(user_id, "razorpay", ok=False)

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert list(pool.map(refused, range(10))) == [True] * 10
    webhook = call(pg_client, me, "get", "/razorpay/status")["webhook"]
    assert (webhook["failure_count"], webhook["health"]) == (10, "FAILING")
