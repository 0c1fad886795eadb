"""`python -m learning.services_check redis`: exit 0 when Redis answers (for `make run`)."""

from __future__ import annotations

import os
import sys


def redis_reachable(url: str | None = None, timeout: float = 1.0) -> bool:
    import redis

    url = url or os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=timeout).ping())
    except (redis.RedisError, OSError, ValueError):
        return False


if __name__ == "__main__":  # pragma: no cover - a one-line shell helper
    sys.exit(0 if redis_reachable() else 1)
