"""Token buckets: in this process by default, in Redis when `REDIS_URL` is set, so that several API
processes share one limit.

A bucket holds up to `capacity` tokens and refills at `capacity / period` tokens a second; a request takes
one. (No library was used: `limits`, the well-kept one, has fixed-window, moving-window and sliding-window
counters but no token bucket, and the bucket is what lets a stated "burst" through while holding the rate.)
In Redis, one Lua script reads, refills and takes atomically, on Redis's own clock, so processes on
machines whose clocks disagree still share one bucket.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis


@dataclass(frozen=True)
class Bucket:
    capacity: int
    period: float  # seconds to refill from empty

    @property
    def rate(self) -> float:
        return self.capacity / self.period


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: float  # seconds until the bucket is full again
    retry_after: float  # seconds until the next request would be allowed (0 when this one was)


def decide(bucket: Bucket, tokens: float, allowed: bool) -> Decision:
    """The decision, from the tokens left after the request was (or was not) taken."""
    missing = bucket.capacity - tokens
    return Decision(
        allowed=allowed,
        limit=bucket.capacity,
        remaining=max(0, math.floor(tokens)),
        reset=max(0.0, missing / bucket.rate),
        retry_after=0.0 if allowed else max(0.0, (1 - tokens) / bucket.rate),
    )


class Buckets(Protocol):
    async def take(self, key: str, bucket: Bucket) -> Decision: ...

    async def close(self) -> None: ...


class MemoryBuckets:
    """Buckets of this process. Full buckets are forgotten now and then, so memory follows active callers."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, prune_every: int = 10_000) -> None:
        self.clock = clock
        self.prune_every = prune_every
        self.state: dict[str, tuple[float, float, Bucket]] = {}  # key -> (tokens, when, bucket)
        self.calls = 0

    async def take(self, key: str, bucket: Bucket) -> Decision:
        return self.take_now(key, bucket)

    def take_now(self, key: str, bucket: Bucket) -> Decision:
        now = self.clock()
        tokens, when, _ = self.state.get(key, (float(bucket.capacity), now, bucket))
        tokens = min(float(bucket.capacity), tokens + (now - when) * bucket.rate)
        allowed = tokens >= 1
        if allowed:
            tokens -= 1
        self.state[key] = (tokens, now, bucket)
        self.calls += 1
        if self.calls % self.prune_every == 0:
            self.prune(now)
        return decide(bucket, tokens, allowed)

    def prune(self, now: float) -> None:
        full = [key for key, (tokens, when, b) in self.state.items() if tokens + (now - when) * b.rate >= b.capacity]
        for key in full:
            del self.state[key]

    async def close(self) -> None:
        self.state.clear()


# KEYS[1]: the bucket; ARGV: capacity, rate (tokens a second). Returns {allowed, tokens left as text}.
TAKE_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'when')
local tokens = tonumber(state[1]) or capacity
local when = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - when) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'when', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
"""


class RedisBuckets:
    """Buckets in Redis, shared by every process that uses the same `REDIS_URL` and namespace."""

    def __init__(self, url: str, namespace: str) -> None:
        self.redis: Redis = Redis.from_url(url)
        self.namespace = namespace
        self.script = self.redis.register_script(TAKE_SCRIPT)

    async def take(self, key: str, bucket: Bucket) -> Decision:
        allowed, tokens = await self.script(keys=[f"{self.namespace}:{key}"], args=[bucket.capacity, bucket.rate])
        return decide(bucket, float(tokens), bool(allowed))

    async def close(self) -> None:
        await self.redis.aclose()
