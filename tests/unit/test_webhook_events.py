"""A stored webhook event's moves (claim, processed, ignored, failed with backoff, dead letter,
replay) and its processing on the in-memory suite: handlers by (gateway, type), each event
handled once, failures retried when due and dead-lettered after the last attempt."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from dependency_injector import providers

from ownverso.container import build_container
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.payments.webhook_event import (
    BACKOFF_CAP,
    PICKUP_DELAY,
    PROCESSING_LEASE,
    WebhookEvent,
    WebhookStatus,
    backoff,
)
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.payments.webhook_processing import WebhookHandlers
from ownverso.services.ports import WebhookIgnored
from tests.support.chapters import add_user

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
MAX = 8


def received(**fields) -> WebhookEvent:
    values = {"id": "whe_1", "gateway": "stripe", "event_id": "evt_1", "author_id": "usr_1",
              "event_type": "invoice.paid", "object_id": "in_1",
              "payload": json.dumps({"id": "evt_1", "type": "invoice.paid"}), "now": NOW,
              **fields}
    return WebhookEvent.receive(**values)


def test_a_received_event_is_claimed_once_and_counts_the_attempt():
    event = received()
    assert (event.status, event.attempts, event.signature_ok) == ("RECEIVED", 0, True)
    assert event.next_attempt_at == NOW + PICKUP_DELAY
    event.claim(now=NOW)
    assert (event.status, event.attempts) == ("PROCESSING", 1)
    assert not event.claimable(NOW + PROCESSING_LEASE - timedelta(seconds=1))
    with pytest.raises(InvalidTransition) as caught:
        event.claim(now=NOW)
    assert caught.value.code == "webhook_event_processing"
    event.processed(now=NOW)
    assert (event.status, event.processed_at, event.next_attempt_at) == (
        "PROCESSED", NOW, None)
    assert not event.claimable(NOW + timedelta(days=365))


def test_a_claim_whose_lease_ran_out_is_taken_again():
    event = received()
    event.claim(now=NOW)
    later = NOW + PROCESSING_LEASE
    assert event.claimable(later)
    event.claim(now=later)
    assert event.attempts == 2


def test_backoff_doubles_from_a_minute_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(30) == BACKOFF_CAP


def test_failures_back_off_then_end_in_the_dead_letter_with_the_error():
    event = received()
    for attempt in range(1, MAX):
        event.claim(now=NOW)
        event.failed(error="boom", max_attempts=MAX, now=NOW)
        assert (event.status, event.attempts, event.last_error) == ("FAILED", attempt, "boom")
        assert event.next_attempt_at == NOW + backoff(attempt)
        assert event.processed_at is None
    event.claim(now=NOW)
    event.failed(error="x" * 5000, max_attempts=MAX, now=NOW)
    assert (event.status, event.attempts, event.next_attempt_at) == ("DEAD_LETTER", MAX, None)
    assert len(event.last_error) == 2000
    assert not event.claimable(NOW + timedelta(days=1))


def test_replay_queues_it_again_keeping_attempts_but_not_while_processing():
    event = received()
    event.claim(now=NOW)
    with pytest.raises(InvalidTransition) as caught:
        event.replay(now=NOW)
    assert caught.value.code == "webhook_event_processing"
    event.ignored(reason="No handler.", now=NOW)
    assert (event.status, event.last_error) == ("IGNORED", "No handler.")
    event.replay(now=NOW)
    assert (event.status, event.attempts, event.processed_at) == ("RECEIVED", 1, None)
    event.replay(now=NOW)  # twice is once
    assert (event.status, event.attempts) == ("RECEIVED", 1)
    assert event.claimable(NOW)


def test_only_a_processing_event_is_finished():
    event = received()
    for finish in (lambda: event.processed(now=NOW),
                   lambda: event.failed(error="x", max_attempts=MAX, now=NOW)):
        with pytest.raises(InvalidTransition):
            finish()


# -- processing ---------------------------------------------------------------------------
class RecordingHandler:
    """Renames the author to the event's object id (an effect stored with the event), or
    fails while ``failures`` lasts."""

    gateway = "stripe"
    event_types = frozenset({"invoice.paid"})

    def __init__(self, failures: int = 0, ignore: bool = False):
        self.calls: list[tuple[str, dict]] = []
        self.failures, self.ignore = failures, ignore

    def handle(self, uow, event, data, *, now):
        self.calls.append((event.id, dict(data)))
        uow.users.get(event.author_id).display_name = f"paid {event.object_id}"
        if self.ignore:
            raise WebhookIgnored("Not one of our invoices.")
        if self.failures:
            self.failures -= 1
            raise RuntimeError("gateway object not found yet")


@pytest.fixture
def container():
    """The memory suite, wired: the inline job queue runs the retried events' jobs."""
    container = build_container(env="test")
    wire(container)
    return container


def stored(container, **fields) -> WebhookEvent:
    author = add_user(container)
    event = received(author_id=author.id, now=container.clock().now(), **fields)
    with container.uow() as uow:
        uow.webhook_events.add(event)
        uow.commit()
    return event


def state(container, event_id: str) -> tuple[WebhookEvent, str]:
    with container.uow() as uow:
        event = uow.webhook_events.get(event_id)
        return event, uow.users.get(event.author_id).display_name


def with_handlers(container, *handlers):
    return container.webhook_handlers.override(
        providers.List(*(providers.Object(h) for h in handlers)))


def test_an_event_is_handled_once_with_its_effect(container):
    handler = RecordingHandler()
    event = stored(container)
    with with_handlers(container, handler):
        processor = container.webhook_processor()
        assert processor.process(event.id) == WebhookStatus.PROCESSED
        assert processor.process(event.id) == WebhookStatus.PROCESSED
    assert handler.calls == [(event.id, {"id": "evt_1", "type": "invoice.paid"})]
    stored_event, author_name = state(container, event.id)
    assert (stored_event.status, stored_event.attempts) == ("PROCESSED", 1)
    assert author_name == "paid in_1"
    assert container.webhook_processor().process("whe_missing") is None


def test_an_event_without_a_handler_is_ignored_with_the_reason(container):
    event = stored(container, event_type="customer.created")
    with with_handlers(container, RecordingHandler()):
        assert container.webhook_processor().process(event.id) == WebhookStatus.IGNORED
    stored_event, _ = state(container, event.id)
    assert stored_event.last_error == "No handler for stripe events of type customer.created."


def test_a_handler_that_finds_nothing_to_do_leaves_no_effect(container):
    event = stored(container)
    with with_handlers(container, RecordingHandler(ignore=True)):
        assert container.webhook_processor().process(event.id) == WebhookStatus.IGNORED
    stored_event, author_name = state(container, event.id)
    assert stored_event.last_error == "Not one of our invoices."
    assert not author_name.startswith("paid")


def test_a_failure_is_rolled_back_and_retried_by_the_periodic_job_when_due(container):
    handler = RecordingHandler(failures=1)
    clock, jobs = container.clock(), container.jobs()
    event = stored(container)
    with with_handlers(container, handler):
        processor = container.webhook_processor()
        assert processor.process(event.id) == WebhookStatus.FAILED
        failed, author_name = state(container, event.id)
        assert failed.last_error == "RuntimeError: gateway object not found yet"
        assert failed.next_attempt_at == clock.now() + timedelta(minutes=1)
        assert not author_name.startswith("paid")  # the failed attempt's effect is undone
        assert processor.retry_due() == 0  # not due yet
        clock.advance(minutes=1)
        ran = len(jobs.ran)
        assert processor.retry_due() == 1
        assert jobs.ran[ran:] == [("ownverso.entrypoints.workers.jobs.webhooks."
                                   "process_webhook_event", {"event_id": event.id})]
    done, author_name = state(container, event.id)
    assert (done.status, done.attempts, done.last_error) == ("PROCESSED", 2, None)
    assert author_name == "paid in_1"
    assert len(handler.calls) == 2


def test_the_last_failed_attempt_is_a_dead_letter(container):
    handler = RecordingHandler(failures=100)
    clock = container.clock()
    event = stored(container)
    with with_handlers(container, handler):
        processor = container.webhook_processor()
        processor.process(event.id)
        for _ in range(20):
            clock.advance(hours=6)
            processor.retry_due()
    dead, _ = state(container, event.id)
    assert (dead.status, dead.attempts) == ("DEAD_LETTER", 8)
    assert len(handler.calls) == 8


def test_received_events_whose_job_was_lost_and_abandoned_claims_are_picked_up(container):
    clock = container.clock()
    lost = stored(container)
    abandoned = stored(container, id="whe_2", event_id="evt_2")
    with container.uow() as uow:
        uow.webhook_events.get(abandoned.id).claim(now=clock.now())
        uow.commit()
    handler = RecordingHandler()
    with with_handlers(container, handler):
        processor = container.webhook_processor()
        assert processor.retry_due() == 0
        clock.advance(PROCESSING_LEASE)
        assert processor.retry_due() == 2
    assert {e for e, _ in handler.calls} == {lost.id, abandoned.id}
    assert state(container, abandoned.id)[0].attempts == 2


def test_two_handlers_for_one_event_type_are_a_wiring_mistake():
    with pytest.raises(ValueError):
        WebhookHandlers([RecordingHandler(), RecordingHandler()])
