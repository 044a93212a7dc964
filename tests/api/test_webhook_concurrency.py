"""The same valid delivery sent 50 times at once, then 20 more times in sequence, on Postgres:
for each gateway, exactly one stored event, one handler effect, and no 5xx (every answer is
200, all but one of them marked duplicate)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api import test_webhooks
from tests.api.test_webhooks import DELIVERIES, Handler
from tests.support.paywall import API

AT_ONCE, THEN = 50, 20
hooks_on = test_webhooks.hooks_on  # the fixture


@pytest.mark.parametrize("gateway", DELIVERIES)
def test_one_event_delivered_seventy_times_is_stored_and_handled_once(pg_app, pg_client,
                                                                      hooks_on, gateway):
    make, sign, event_type = DELIVERIES[gateway]
    handler = Handler(gateway, event_type)
    hooks = hooks_on(pg_client, [handler])
    body = make()
    at = {"at": pg_app.container.clock().now()} if gateway == "stripe" else {}
    headers = {"Content-Type": "application/json", **sign(body, **at)}
    url = f"{API}/webhooks/{gateway}/{hooks.author_id}"
    start = threading.Barrier(AT_ONCE)

    def deliver(_):
        start.wait()
        return pg_app.test_client().post(url, data=body, headers=headers)

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        answers = list(pool.map(deliver, range(AT_ONCE)))
    answers += [pg_client.post(url, data=body, headers=headers) for _ in range(THEN)]

    assert [a.status_code for a in answers] == [200] * (AT_ONCE + THEN), [
        a.json for a in answers if a.status_code != 200]
    assert sorted(a.json["duplicate"] for a in answers) == [False] + [True] * (
        AT_ONCE + THEN - 1)
    [event] = hooks.events()
    assert (event.status, event.attempts) == ("PROCESSED", 1)
    assert handler.handled == [event.event_id]
