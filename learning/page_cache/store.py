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
# A generation that starts at a random value: if Redis loses the counter, a new one cannot
# land on the numbers under which pages of the lost one are still stored.
_FIRST_GENERATION = 2**48


class CacheRedis:
    """One Redis client per process (redis-py is thread-safe), created on first use."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._client: redis.Redis | None = None
        self._url: str | None = None
        self._off_until = 0.0

    def _connection(self) -> redis.Redis | None:
        if time.monotonic() < self._off_until:
            return None
        config = self._app.config
        url = config.get("PAGE_CACHE_URL") or config["REDIS_URL"]
        if url != self._url:  # tests point the cache at their own database
            self._client = redis.Redis.from_url(
                url,
                socket_connect_timeout=config.get("PAGE_CACHE_TIMEOUT", 0.2),
                socket_timeout=config.get("PAGE_CACHE_TIMEOUT", 0.2),
            )
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
            logger.warning("Page cache off for %ss: Redis did not answer (%s)", retry, error)
            return None

    @property
    def is_off(self) -> bool:
        """Whether a recent failure switched the cache off (read by tests and the benchmark)."""
        return time.monotonic() < self._off_until

    def generation(self) -> int | None:
        """The data generation now; None when unknown (Redis off, or the counter is new)."""
        value = self._call(lambda client: client.get(GENERATION_KEY))
        if value is None:
            self._call(lambda client: client.set(GENERATION_KEY, _start(), nx=True))
            return None
        return int(value)

    def bump(self) -> None:
        """A commit changed data: every page stored under an older generation is unreachable."""

        def incr(client: redis.Redis) -> None:
            pipe = client.pipeline(transaction=False)
            pipe.set(GENERATION_KEY, _start(), nx=True)
            pipe.incr(GENERATION_KEY)
            pipe.execute()

        self._call(incr)

    def get(self, key: str) -> bytes | None:
        return self._call(lambda client: client.get(ENTRY_PREFIX + key))

    def put(self, key: str, value: bytes, seconds: int) -> None:
        self._call(lambda client: client.set(ENTRY_PREFIX + key, value, ex=seconds))


def _start() -> int:
    return _FIRST_GENERATION + secrets.randbelow(_FIRST_GENERATION)
