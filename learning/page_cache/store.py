"""The page cache's Redis: short timeouts, and switched off for a while after a failure, so an
unreachable Redis costs one failed connect per interval and never an error page."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from flask import Flask

logger = logging.getLogger(__name__)

T = TypeVar("T")

GENERATION_KEY = "page-cache:generation"
ENTRY_PREFIX = "page-cache:page:"
# The hit path in one round trip: the generation, and the page stored under it. (It reads a key
# it is not given in KEYS: fine for one Redis, not for Redis Cluster.)
_LOOKUP = """
local generation = redis.call('GET', KEYS[1])
if not generation then return {} end
return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}
"""
# A generation that starts at a random value: if Redis loses the counter, a new one cannot
# land on the numbers under which pages of the lost one are still stored.
_FIRST_GENERATION = 2**48
_READ_TIMEOUT = 1.0


class CacheRedis:
    """One Redis client per process (redis-py is thread-safe), created on first use."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._client: redis.Redis | None = None
        self._url: str | None = None
        self._off_until = 0.0
        self._warned = False
        self._lookup: Callable | None = None

    def _connection(self) -> redis.Redis | None:
        if time.monotonic() < self._off_until:
            return None
        config = self._app.config
        url = config.get("PAGE_CACHE_URL") or config["REDIS_URL"]
        if url != self._url:  # tests point the cache at their own database
            self._client = redis.Redis.from_url(
                url,
                socket_connect_timeout=config.get("PAGE_CACHE_TIMEOUT", 0.2),
                # An answer may take longer than a connect on a busy machine; a Redis that
                # hangs still costs this at most once per PAGE_CACHE_RETRY_SECONDS.
                socket_timeout=_READ_TIMEOUT,
            )
            self._lookup = self._client.register_script(_LOOKUP)
            self._url = url
        return self._client

    def _call(self, operation: Callable[[redis.Redis], T]) -> T | None:
        """`operation` on Redis; None when Redis is off or fails (then off for a while)."""
        client = self._connection()
        if client is None:
            return None
        try:
            return operation(client)
        except (redis.RedisError, OSError) as error:
            retry = self._app.config.get("PAGE_CACHE_RETRY_SECONDS", 30)
            self._off_until = time.monotonic() + retry
            # Once per process as a warning: a first run without Redis is not an incident.
            log = logger.debug if self._warned else logger.warning
            log("Page cache off for %ss: Redis did not answer (%s)", retry, error)
            self._warned = True
            return None

    @property
    def is_off(self) -> bool:
        """Whether a recent failure switched the cache off (read by tests and the benchmark)."""
        return time.monotonic() < self._off_until

    def generation(self) -> int | None:
        """The data generation now; None when unknown (Redis off, or the counter is new)."""
        return self.lookup("")[0]

    def lookup(self, key: str) -> tuple[int | None, bytes | None]:
        """The data generation now and the page stored for `key` under it, in one round trip.
        The generation is None when unknown (Redis off, or the counter is new: started now)."""
        found = self._call(
            lambda _client: self._lookup(keys=[GENERATION_KEY], args=[ENTRY_PREFIX, key])
        )
        if found is None:  # Redis is off
            return None, None
        if not found:  # Redis answered: there is no counter yet
            self._call(lambda client: client.set(GENERATION_KEY, _start(), nx=True))
            return None, None
        return int(found[0]), (found[1] if len(found) > 1 else None)

    def bump(self) -> None:
        """A commit changed data: every page stored under an older generation is unreachable."""

        def incr(client: redis.Redis) -> None:
            pipe = client.pipeline(transaction=False)
            pipe.set(GENERATION_KEY, _start(), nx=True)
            pipe.incr(GENERATION_KEY)
            pipe.execute()

        self._call(incr)

    def put(self, generation: int, key: str, value: bytes, seconds: int) -> None:
        """Keep a page for `key` under the generation read before it was rendered."""
        entry = f"{ENTRY_PREFIX}{generation}:{key}"
        self._call(lambda client: client.set(entry, value, ex=seconds))


def _start() -> int:
    return _FIRST_GENERATION + secrets.randbelow(_FIRST_GENERATION)
