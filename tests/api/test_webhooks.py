"""POST /webhooks/{stripe|razorpay|xendit}/{authorId} and /admin/webhook-events: a delivery
verified with the author's webhook secret is stored once and handled by the handler registered
for its type; every bad delivery is refused with nothing stored and one security log line;
administrators list, read and replay events."""

import json
import logging
from datetime import timedelta

import pytest
from dependency_injector import providers

from ownverso.domain.identity.values import UserRole
from ownverso.entrypoints.workers.jobs.webhooks import retry_webhook_events
from tests.contract.test_webhook_verifiers import (
    RAZORPAY_KEY_SECRET,
    SECRETS,
    razorpay_event,
    signed_razorpay,
    signed_stripe,
    signed_xendit,
    stripe_event,
    xendit_event,
)
from tests.factories.accounts import AuthorProfileFactory
from tests.support.chapters import add_user
from tests.support.paywall import API, bearer
from tests.support.sql_counter import count_statements

DELIVERIES = {  # gateway: (body, sign, event type)
    "stripe": (stripe_event, signed_stripe, "checkout.session.completed"),
    "razorpay": (razorpay_event, signed_razorpay, "payment.captured"),
    "xendit": (xendit_event, signed_xendit, "payment.succeeded"),
}


class Secrets:
    """The authors' configured gateways: {(author id, gateway): secret}."""

    def __init__(self):
        self.configured: dict[tuple[str, str], str] = {}

    def webhook_secret(self, author_id: str, provider: str) -> str | None:
        return self.configured.get((author_id, provider))

    def record_webhook(self, author_id: str, provider: str, ok: bool) -> bool:
        return (author_id, provider) in self.configured


class Handler:
    """Counts the events it handled, and fails while ``failures`` lasts."""

    def __init__(self, gateway: str, *event_types: str, failures: int = 0):
        self.gateway, self.event_types = gateway, frozenset(event_types)
        self.handled: list[str] = []
        self.failures = failures

    def handle(self, uow, event, data, *, now):
        if self.failures:
            self.failures -= 1
            raise RuntimeError("upstream object missing")
        self.handled.append(event.event_id)


class Hooks:
    def __init__(self, client, handlers=()):
        self.client, self.container = client, client.application.container
        self.secrets = Secrets()
        self.author_id = add_user(self.container, role=UserRole.AUTHOR).id
        for gateway, secret in SECRETS.items():
            self.secrets.configured[(self.author_id, gateway)] = secret
        self.container.webhook_secret_source.override(providers.Object(self.secrets))
        self.container.webhook_handlers.override(
            providers.List(*(providers.Object(h) for h in handlers)))

    def post(self, gateway: str, body: bytes, headers: dict, author_id: str | None = None):
        return self.client.post(f"{API}/webhooks/{gateway}/{author_id or self.author_id}",
                                data=body, headers={"Content-Type": "application/json",
                                                    **headers})

    def deliver(self, gateway: str, body: bytes | None = None, **sign):
        make, sign_with, _ = DELIVERIES[gateway]
        body = body if body is not None else make()
        if gateway == "stripe":  # signed at the app's time (the Postgres app's clock moves)
            sign.setdefault("at", self.container.clock().now())
        return self.post(gateway, body, sign_with(body, **sign))

    def events(self, **filters) -> list:
        with self.container.uow() as uow:
            return uow.webhook_events.list(**filters)

    def admin(self) -> dict:
        return bearer(self.container, add_user(self.container, role=UserRole.ADMIN).id)


@pytest.fixture
def handlers():
    return [Handler("stripe", "checkout.session.completed"),
            Handler("razorpay", "payment.captured"), Handler("xendit", "payment.succeeded")]


@pytest.fixture
def hooks_on():
    """``hooks_on(client, handlers)``; the container's overrides are undone afterwards (the
    Postgres app lives for the whole session)."""
    made: list[Hooks] = []

    def make(client, handlers=()) -> Hooks:
        made.append(Hooks(client, handlers))
        return made[-1]
    yield make
    for hooks in made:
        hooks.container.webhook_secret_source.reset_override()
        hooks.container.webhook_handlers.reset_override()


@pytest.fixture
def hooks(client, handlers, hooks_on):
    return hooks_on(client, handlers)


@pytest.mark.parametrize("gateway", DELIVERIES)
def test_a_verified_delivery_is_stored_once_and_handled_once(hooks, handlers, gateway):
    first = hooks.deliver(gateway)
    assert (first.status_code, first.json) == (200, {"received": True, "duplicate": False})
    again = hooks.deliver(gateway)
    assert (again.status_code, again.json) == (200, {"received": True, "duplicate": True})
    [event] = hooks.events()
    assert (event.gateway, event.author_id, event.event_type, event.status, event.attempts) == (
        gateway, hooks.author_id, DELIVERIES[gateway][2], "PROCESSED", 1)
    assert event.payload == DELIVERIES[gateway][0]().decode()
    assert [h.handled for h in handlers if h.gateway == gateway] == [[event.event_id]]


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.WARNING, logger="ownverso.security")

    def lines() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "ownverso.security"]
    return lines


def refused(hooks, security_lines, answer, status: int, error: str, reason: str) -> None:
    assert (answer.status_code, answer.json["error"]) == (status, error), answer.json
    assert hooks.events() == []
    [line] = security_lines()
    assert (line.getMessage(), line.reason, line.author_id) == (
        "webhook delivery rejected", reason, hooks.author_id)
    text = json.dumps(line.__dict__, default=str)
    assert not any(secret in text for secret in SECRETS.values())
    assert "49900" not in text  # nothing of the body


MATRIX = {
    "missing header": (401, "signature_missing", "signature_missing"),
    "wrong secret": (400, "invalid_signature", "signature_mismatch"),
    "one byte changed": (400, "invalid_signature", "signature_mismatch"),
    "re-serialized JSON": (400, "invalid_signature", "signature_mismatch"),
}


def tampered(gateway: str, case: str) -> tuple[bytes, dict]:
    make, sign, _ = DELIVERIES[gateway]
    body = make()
    if case == "missing header":
        return body, {}
    if case == "wrong secret":
        return body, sign(body, secret="not-the-secret")
    headers = sign(body)
    if case == "one byte changed":
        return body.replace(b"49900", b"49901"), headers
    return json.dumps(json.loads(body), indent=1).encode(), headers


@pytest.mark.parametrize("case", MATRIX)
@pytest.mark.parametrize("gateway", ["stripe", "razorpay"])
def test_the_signature_matrix_writes_nothing(hooks, security_lines, gateway, case):
    body, headers = tampered(gateway, case)
    refused(hooks, security_lines, hooks.post(gateway, body, headers), *MATRIX[case])


@pytest.mark.parametrize("case", ["missing header", "wrong secret"])
def test_xendit_without_its_token_writes_nothing(hooks, security_lines, case):
    body, headers = tampered("xendit", case)
    status, error, _ = MATRIX[case]
    reason = "signature_missing" if case == "missing header" else "token_mismatch"
    refused(hooks, security_lines, hooks.post("xendit", body, headers), status, error, reason)


@pytest.mark.parametrize(("shift", "reason"), [(timedelta(seconds=-301), "timestamp_too_old"),
                                               (timedelta(minutes=5), "timestamp_in_future")])
def test_stripe_stale_and_future_timestamps_write_nothing(hooks, security_lines, clock, shift,
                                                          reason):
    answer = hooks.deliver("stripe", at=clock.now() + shift)
    refused(hooks, security_lines, answer, 400, "invalid_signature", reason)


def test_razorpay_signed_with_the_api_key_secret_writes_nothing(hooks, security_lines):
    answer = hooks.deliver("razorpay", secret=RAZORPAY_KEY_SECRET)
    refused(hooks, security_lines, answer, 400, "invalid_signature", "signature_mismatch")


def test_a_signed_body_that_is_no_event_writes_nothing(hooks, security_lines):
    answer = hooks.deliver("stripe", body=b'{"hello": "world"}')
    refused(hooks, security_lines, answer, 400, "invalid_payload", "invalid_payload")


def test_unknown_author_and_unconfigured_gateway_answer_the_same_404(hooks, security_lines):
    del hooks.secrets.configured[(hooks.author_id, "xendit")]
    reader = add_user(hooks.container).id
    body = stripe_event()
    answers = [hooks.post("xendit", body, signed_xendit(body)),
               hooks.post("stripe", body, signed_stripe(body), author_id="usr_nobody"),
               hooks.post("stripe", body, signed_stripe(body), author_id=reader)]
    assert {(a.status_code, a.json["error"], a.json["message"]) for a in answers} == {
        (404, "webhook_endpoint_not_found", "No such webhook endpoint.")}
    assert hooks.events() == []
    assert [r.reason for r in security_lines()] == ["endpoint_not_configured"] * 3
    unknown_gateway = hooks.client.post(f"{API}/webhooks/paypal/{hooks.author_id}",
                                        data=body, headers={"Content-Type": "application/json"})
    assert unknown_gateway.status_code == 404


def test_a_body_over_the_cap_is_413_before_anything_else(hooks, security_lines):
    cap = hooks.container.settings().webhook_max_bytes
    event = json.loads(stripe_event())
    event["data"]["object"]["padding"] = "x" * cap
    body = json.dumps(event).encode()
    answer = hooks.post("stripe", body, signed_stripe(body))
    refused(hooks, security_lines, answer, 413, "webhook_too_large", "body_too_large")


# -- administrators -----------------------------------------------------------------------
def test_administrators_list_filter_read_and_replay_events(client, handlers, hooks_on):
    hooks = hooks_on(client)  # no handler yet: every event is IGNORED
    for n in range(3):
        hooks.deliver("stripe", body=stripe_event(event_id=f"evt_{n}"))
    hooks.deliver("razorpay")
    admin = hooks.admin()
    listed = client.get(f"{API}/admin/webhook-events?gateway=stripe&page_size=2", headers=admin)
    assert listed.status_code == 200, listed.json
    assert [e["event_id"] for e in listed.json] == ["evt_2", "evt_1"]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 3
    assert "payload" not in listed.json[0]
    ignored = client.get(f"{API}/admin/webhook-events?status=IGNORED&author_id="
                         f"{hooks.author_id}", headers=admin).json
    assert len(ignored) == 4
    assert ignored[0]["last_error"] == "No handler for razorpay events of type payment.captured."
    one = client.get(f"{API}/admin/webhook-events/{ignored[0]['id']}", headers=admin).json
    assert one["payload"] == razorpay_event().decode()

    hooks.container.webhook_handlers.override(providers.List(providers.Object(handlers[1])))
    replayed = client.post(f"{API}/admin/webhook-events/{one['id']}/replay", headers=admin)
    assert replayed.status_code == 200, replayed.json
    assert (replayed.json["status"], replayed.json["attempts"]) == ("PROCESSED", 2)
    assert handlers[1].handled == ["evt_rzp_1"]
    again = client.post(f"{API}/admin/webhook-events/{one['id']}/replay", headers=admin)
    assert (again.json["status"], again.json["attempts"]) == ("PROCESSED", 3)
    assert handlers[1].handled == ["evt_rzp_1"] * 2  # a replay runs it again, on purpose


def test_replay_waits_while_a_worker_has_the_event_and_only_admins_see_events(hooks):
    hooks.deliver("stripe")
    [event] = hooks.events()
    with hooks.container.uow() as uow:
        stored = uow.webhook_events.get(event.id)  # replayed, and a worker took it
        stored.replay(now=hooks.container.clock().now())
        stored.claim(now=hooks.container.clock().now())
        uow.commit()
    admin = hooks.admin()
    busy = hooks.client.post(f"{API}/admin/webhook-events/{event.id}/replay", headers=admin)
    assert (busy.status_code, busy.json["error"]) == (409, "webhook_event_processing")
    missing = hooks.client.get(f"{API}/admin/webhook-events/whe_nope", headers=admin)
    assert (missing.status_code, missing.json["error"]) == (404, "webhook_event_not_found")
    author = bearer(hooks.container, hooks.author_id)
    for answer in (hooks.client.get(f"{API}/admin/webhook-events", headers=author),
                   hooks.client.get(f"{API}/admin/webhook-events/{event.id}", headers=author),
                   hooks.client.post(f"{API}/admin/webhook-events/{event.id}/replay",
                                     headers=author)):
        assert (answer.status_code, answer.json["error"]) == (403, "admin_required")
    assert hooks.client.get(f"{API}/admin/webhook-events").status_code == 401


def test_a_failing_handler_leaves_the_event_failed_for_the_retry_job(client, hooks_on):
    failing = Handler("stripe", "checkout.session.completed", failures=1)
    hooks = hooks_on(client, [failing])
    assert hooks.deliver("stripe").status_code == 200  # the delivery is taken anyway
    [event] = hooks.events()
    assert (event.status, event.last_error) == ("FAILED", "RuntimeError: upstream object missing")
    hooks.container.clock().advance(minutes=1)
    assert retry_webhook_events() == 1
    [event] = hooks.events()
    assert (event.status, event.attempts) == ("PROCESSED", 2)
    assert failing.handled == ["evt_1"]


def test_the_admin_list_costs_the_same_whatever_its_length(pg_client, hooks_on):
    hooks = hooks_on(pg_client)
    admin = hooks.admin()
    engine = hooks.container.engine()

    def page_statements() -> int:
        with count_statements(engine) as statements:
            answer = pg_client.get(f"{API}/admin/webhook-events?page_size=50", headers=admin)
        assert answer.status_code == 200
        return len(statements)

    hooks.deliver("stripe", body=stripe_event(event_id="evt_a"))
    one = page_statements()
    for n in range(6):
        hooks.deliver("stripe", body=stripe_event(event_id=f"evt_b{n}"))
    assert page_statements() == one
    assert len(hooks.events()) == 7


def test_the_secret_is_the_one_the_author_configured_on_their_gateway(client):
    """No stand-in source: the author connects Stripe with its signing secret through
    /payment-gateway, and deliveries verify against it (Xendit, not connected, is 404)."""
    container = client.application.container
    author_id = add_user(container, role=UserRole.AUTHOR).id
    with container.uow() as uow:
        uow.author_profiles.add(AuthorProfileFactory(user_id=author_id))
        uow.commit()
    whsec = "whsec_StripeSigningSecret0123456789"
    connected = client.post(f"{API}/payment-gateway/stripe/connect",
                            headers=bearer(container, author_id),
                            json={"account_id": "acct_1AbCdEfGhIjKlMnO",
                                  "secret_key": "sk_test_51StripeSecretKey0123456789",
                                  "webhook_secret": whsec})
    assert connected.status_code == 200, connected.json
    body = stripe_event()

    def post(gateway: str, headers: dict):
        return client.post(f"{API}/webhooks/{gateway}/{author_id}", data=body,
                           headers={"Content-Type": "application/json", **headers})

    now = container.clock().now()
    assert post("stripe", signed_stripe(body, secret="whsec_other", at=now)).status_code == 400
    assert post("stripe", signed_stripe(body, secret=whsec, at=now)).json == {
        "received": True, "duplicate": False}
    assert post("xendit", signed_xendit(body)).status_code == 404
