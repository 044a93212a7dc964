"""One contract for the rate limiters: in memory (a clock moved by hand) and on Redis."""

import time

import pytest

from ownverso.adapters.clock import FixedClock
from ownverso.adapters.rate_limit import InMemoryRateLimiter, RedisRateLimiter


class Memory:
    def __init__(self) -> None:
        self.clock = FixedClock()
        self.limiter = InMemoryRateLimiter(self.clock)

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds=seconds)


class OnRedis:
    def __init__(self, redis) -> None:
        self.limiter = RedisRateLimiter(redis, prefix="contract:rl:")

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)


@pytest.fixture(params=["memory", "redis"])
def rl(request):
    if request.param == "memory":
        return Memory()
    return OnRedis(request.getfixturevalue("redis"))


def test_hits_up_to_the_limit_pass_then_the_next_waits(rl):
    limiter = rl.limiter
    assert [limiter.hit("login:1.2.3.4", limit=3, window=60) for _ in range(3)] == [0, 0, 0]

    retry_after = limiter.hit("login:1.2.3.4", limit=3, window=60)

    assert isinstance(retry_after, int)
    assert 0 < retry_after <= 60
    assert 0 < limiter.hit("login:1.2.3.4", limit=3, window=60) <= 60  # still refused


def test_blocked_for_tells_without_counting(rl):
    limiter = rl.limiter
    assert limiter.blocked_for("reset:a@example.com", limit=2) == 0
    limiter.hit("reset:a@example.com", limit=2, window=30)
    assert limiter.blocked_for("reset:a@example.com", limit=2) == 0
    assert limiter.blocked_for("reset:a@example.com", limit=2) == 0  # asking is free

    limiter.hit("reset:a@example.com", limit=2, window=30)  # the last allowed attempt

    assert 0 < limiter.blocked_for("reset:a@example.com", limit=2) <= 30
    assert 0 < limiter.hit("reset:a@example.com", limit=2, window=30) <= 30


def test_reset_frees_the_key(rl):
    limiter = rl.limiter
    for _ in range(4):
        limiter.hit("mfa:usr_1", limit=3, window=60)
    assert limiter.blocked_for("mfa:usr_1", limit=3) > 0

    limiter.reset("mfa:usr_1")

    assert limiter.blocked_for("mfa:usr_1", limit=3) == 0
    assert limiter.hit("mfa:usr_1", limit=3, window=60) == 0
    limiter.reset("never:used")  # resetting an unknown key is fine


def test_keys_are_independent(rl):
    limiter = rl.limiter
    assert limiter.hit("login:a", limit=1, window=60) == 0
    assert limiter.hit("login:a", limit=1, window=60) > 0

    assert limiter.hit("login:b", limit=1, window=60) == 0
    assert limiter.blocked_for("login:c", limit=1) == 0
    limiter.reset("login:b")
    assert limiter.blocked_for("login:a", limit=1) > 0


def test_the_window_ends(rl):
    limiter = rl.limiter
    assert limiter.hit("signup:1.2.3.4", limit=2, window=1) == 0
    assert limiter.hit("signup:1.2.3.4", limit=2, window=1) == 0
    assert limiter.hit("signup:1.2.3.4", limit=2, window=1) == 1

    rl.wait(1.1)

    assert limiter.blocked_for("signup:1.2.3.4", limit=2) == 0
    assert limiter.hit("signup:1.2.3.4", limit=2, window=1) == 0
    assert limiter.hit("signup:1.2.3.4", limit=2, window=1) == 0
    assert limiter.hit("signup:1.2.3.4", limit=2, window=1) == 1


def test_refused_attempts_do_not_extend_the_window():
    rl = Memory()
    limiter = rl.limiter
    limiter.hit("k", limit=1, window=60)
    rl.wait(20)
    assert limiter.hit("k", limit=1, window=60) == 40
    rl.wait(30)
    assert limiter.hit("k", limit=1, window=60) == 10
    assert limiter.blocked_for("k", limit=1) == 10
    rl.wait(10)
    assert limiter.hit("k", limit=1, window=60) == 0


def test_redis_limits_are_shared_by_every_limiter_on_the_server(redis):
    one, two = RedisRateLimiter(redis, prefix="contract:rl:"), RedisRateLimiter(
        redis, prefix="contract:rl:")
    assert one.hit("login:x", limit=1, window=60) == 0
    assert two.hit("login:x", limit=1, window=60) > 0
    assert one.blocked_for("login:x", limit=1) > 0
    two.reset("login:x")
    assert one.blocked_for("login:x", limit=1) == 0
