"""Fixed-window rate limiting in memory (one process) and on Redis (every process)."""

import math
import threading

from redis import Redis

from ownverso.services.ports import Clock, RateLimiter


class InMemoryRateLimiter(RateLimiter):
    def __init__(self, clock: Clock):
        self.clock = clock
        self.windows: dict[str, tuple[float, int]] = {}  # key -> (window end, count)
        self._lock = threading.Lock()

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def hit(self, key: str, *, limit: int, window: int) -> int:
        now = self._now()
        with self._lock:
            end, count = self.windows.get(key, (0.0, 0))
            if end <= now:
                end, count = now + window, 0
            count += 1
            self.windows[key] = (end, count)
            return 0 if count <= limit else math.ceil(end - now)

    def blocked_for(self, key: str, *, limit: int) -> int:
        now = self._now()
        end, count = self.windows.get(key, (0.0, 0))
        return math.ceil(end - now) if end > now and count >= limit else 0

    def reset(self, key: str) -> None:
        with self._lock:
            self.windows.pop(key, None)


class RedisRateLimiter(RateLimiter):
    """INCR + EXPIRE in one transaction; Redis' own clock decides when a window ends."""

    def __init__(self, redis: Redis, *, prefix: str = "ownverso:rl:"):
        self.redis, self.prefix = redis, prefix

    def hit(self, key: str, *, limit: int, window: int) -> int:
        name = self.prefix + key
        pipe = self.redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window, nx=True)
        pipe.ttl(name)
        count, _, ttl = pipe.execute()
        return 0 if count <= limit else max(int(ttl), 1)

    def blocked_for(self, key: str, *, limit: int) -> int:
        name = self.prefix + key
        pipe = self.redis.pipeline()
        pipe.get(name)
        pipe.ttl(name)
        count, ttl = pipe.execute()
        return max(int(ttl), 1) if count is not None and int(count) >= limit else 0

    def reset(self, key: str) -> None:
        self.redis.delete(self.prefix + key)
