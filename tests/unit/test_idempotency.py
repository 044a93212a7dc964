"""Idempotency keys: the request's fingerprint, the key's rules, and the service's claim,
replay, refusal and expiry on the memory suite."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.idempotency import (
    IdempotencyRecord,
    IdempotencyStatus,
    check_key,
    fingerprint,
)
from ownverso.services.errors import Conflict, ValidationFailed

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
TIP = ("POST", "/api/v1/checkout/tip")


def test_the_fingerprint_ignores_key_order_and_whitespace_of_the_json():
    one = fingerprint(*TIP, {"amount": 25000, "currency": "INR", "meta": {"a": 1, "b": [1, 2]}})
    text = '{ "meta" : {"b": [1,2], "a":1},\n  "currency":"INR", "amount" : 25000 }'
    assert fingerprint(*TIP, json.loads(text)) == one
    assert fingerprint("post", TIP[1], json.loads(text)) == one
    assert len(one) == 64 and int(one, 16) >= 0


def test_the_fingerprint_tells_apart_method_path_and_body():
    body = {"amount": 25000, "currency": "INR"}
    seen = {fingerprint(*TIP, body), fingerprint("PATCH", TIP[1], body),
            fingerprint("POST", "/api/v1/checkout/coins", body),
            fingerprint(*TIP, {**body, "amount": 25001}),
            fingerprint(*TIP, {**body, "amount": "25000"}), fingerprint(*TIP, None)}
    assert len(seen) == 6


@pytest.mark.parametrize("key", ["a", "x" * 255, "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
                                 "order 17 / retry ~!"])
def test_keys_of_1_to_255_printable_ascii_characters_are_taken(key):
    assert check_key(key) == key


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there", "new\nline", "\x7f"])
def test_other_keys_are_refused(key):
    with pytest.raises(RuleViolation) as refused:
        check_key(key)
    assert refused.value.code == "invalid_idempotency_key"
    assert "Idempotency-Key" in refused.value.fields


def record(**fields) -> IdempotencyRecord:
    values = {"id": "idk_1", "user_id": "u1", "key": "k1", "method": "POST", "path": TIP[1],
              "fingerprint": "f1", "now": NOW, "ttl": DAY, **fields}
    return IdempotencyRecord.begin(**values)


def test_a_record_keeps_an_answer_once_and_never_a_server_error():
    claimed = record()
    assert (claimed.status, claimed.expires_at) == (IdempotencyStatus.IN_PROGRESS, NOW + DAY)
    with pytest.raises(RuleViolation):
        claimed.complete(status=503, body="{}", headers={})
    claimed.complete(status=201, body='{"id": "chk_1"}',
                     headers={"Location": "/x", "Content-Type": "application/json"})
    assert (claimed.status, claimed.response_status) == (IdempotencyStatus.COMPLETED, 201)
    assert claimed.response_headers == {"Location": "/x"}
    with pytest.raises(InvalidTransition):
        claimed.complete(status=201, body="{}", headers={})


def test_a_key_used_for_another_request_is_refused_and_only_an_expired_one_restarts():
    claimed = record()
    claimed.check_same_request("f1")
    with pytest.raises(RuleViolation) as refused:
        claimed.check_same_request("f2")
    assert refused.value.code == "idempotency_key_reused"
    with pytest.raises(InvalidTransition):
        claimed.restart(method="POST", path=TIP[1], fingerprint="f2", now=NOW + DAY / 2,
                        ttl=DAY)
    claimed.complete(status=201, body="{}", headers={})
    assert not claimed.is_expired(NOW + DAY - timedelta(seconds=1))
    later = NOW + DAY
    claimed.restart(method="POST", path=TIP[1], fingerprint="f2", now=later, ttl=DAY)
    assert (claimed.status, claimed.fingerprint, claimed.response_body, claimed.expires_at) \
        == (IdempotencyStatus.IN_PROGRESS, "f2", None, later + DAY)


@pytest.fixture
def container():
    return build_container(env="test")


def begin(service, user_id="u1", key="k1", body=None):
    return service.begin(user_id=user_id, key=key, method="POST", path=TIP[1],
                         fingerprint=fingerprint(*TIP, body or {"amount": 1}))


def test_the_service_claims_replays_refuses_and_forgets(container):
    service, clock = container.idempotency(), container.clock()
    claimed = begin(service)
    assert claimed.status == IdempotencyStatus.IN_PROGRESS
    with pytest.raises(Conflict) as waiting:
        begin(service)
    assert waiting.value.code == "idempotency_request_in_progress"

    service.finish(record_id=claimed.id, status=201, body='{"id": "chk_1"}', headers={})
    replay = begin(service)
    assert (replay.id, replay.status, replay.response_body) == (
        claimed.id, IdempotencyStatus.COMPLETED, '{"id": "chk_1"}')
    with pytest.raises(ValidationFailed) as reused:
        begin(service, body={"amount": 2})
    assert (reused.value.code, reused.value.location) == ("idempotency_key_reused", "headers")
    assert begin(service, user_id="u2").status == IdempotencyStatus.IN_PROGRESS  # per user
    with pytest.raises(ValidationFailed) as invalid:
        begin(service, key="")
    assert invalid.value.code == "invalid_idempotency_key"

    failed = begin(service, key="k2")
    service.abandon(record_id=failed.id)  # a 5xx: the next try runs
    assert begin(service, key="k2").status == IdempotencyStatus.IN_PROGRESS

    clock.advance(hours=24)
    assert begin(service, body={"amount": 2}).status == IdempotencyStatus.IN_PROGRESS
    assert service.purge_expired() == 2  # the two claims of the first day
    clock.advance(hours=24, seconds=1)
    assert service.purge_expired() == 1
    with container.uow() as uow:
        assert uow.idempotency_records.count() == 0
