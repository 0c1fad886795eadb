"""Whole-page cache for the read-heavy pages of logged-in users, in Redis.

A view opts in with `@cached_page`. Its page is kept for a few minutes under a key made of the
data generation (`generation.py`: every committed write moves it on), the user and the
session's version, a hash of the session's CSRF secret (a cached form's token is valid for that
session only), the full URL, the htmx headers that change the answer, and the local date. So a
page is served again only to the same session, about the same data, on the same day.

The hit path runs before anything else of the request, in particular before Flask-Login loads
the user from the database: it reads the signed session and asks Redis once (a script that
reads the generation and the page stored under it). Security headers are still added by
`learning.security` on the way out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

from learning.page_cache.generation import watch_writes
from learning.page_cache.store import CacheRedis
from learning.timeutil import today

__all__ = ["cached_page", "from_cache", "init_page_cache"]

_MARK = "cached_page"
_HIT = "page_cache_hit"
_KEY = "page_cache_key"
# Request headers that change what a view answers (learning.web.is_htmx and htmx's targets).
VARYING_HEADERS = (
    "HX-Request",
    "HX-Target",
    "HX-Trigger",
    "HX-Trigger-Name",
    "HX-Boosted",
    "HX-History-Restore-Request",
)
# Response headers that are the answer's own; the rest (cookies, length) belong to one request.
_NOT_KEPT = frozenset({"set-cookie", "content-length", "date"})


def cached_page(view: Callable) -> Callable:
    """Let the page cache keep this GET view's page (put it above `login_required`).

    Only for pages that depend on nothing but the database, the user, the URL and the day:
    anything else that changes them (a file, another service) must not be behind this.
    """
    setattr(view, _MARK, True)
    return view


def from_cache() -> bool:
    """Whether this request was answered from the page cache (a logged-in user's page)."""
    return bool(g.get(_HIT))


class PageCache:
    """The request hooks and the generation bump of one app, over one CacheRedis."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.redis = CacheRedis(app)

    @property
    def enabled(self) -> bool:
        return bool(self.app.config.get("PAGE_CACHE"))

    def bump(self) -> None:
        self.redis.bump()

    def serve(self) -> Response | None:
        """before_request, first of all: the stored page, or None to render it (and keep it)."""
        g.pop(_HIT, None)  # tests reuse one app context (and `g`) for many requests
        g.pop(_KEY, None)
        if not self.enabled or request.method != "GET":
            return None
        view = current_app.view_functions.get(request.endpoint or "")
        if not getattr(view, _MARK, False):
            return None
        key = _session_key()
        if key is None:
            return None
        generation, stored = self.redis.lookup(key)
        if generation is None:
            return None
        if stored is None:
            setattr(g, _KEY, (generation, key))
            return None
        headers, _sep, body = stored.partition(b"\n")
        setattr(g, _HIT, True)
        return Response(body, status=200, headers=json.loads(headers))

    def keep(self, response: Response) -> Response:
        """after_request: store a plain 200 page that changed nothing about the session."""
        generation_and_key = g.pop(_KEY, None)
        if generation_and_key is None or not _keepable(response):
            return response
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _NOT_KEPT]
        value = json.dumps(headers).encode() + b"\n" + response.get_data()
        seconds = self.app.config.get("PAGE_CACHE_SECONDS", 180)
        self.redis.put(*generation_and_key, value, seconds)
        return response


def _session_key() -> str | None:
    """The request's identity for the cache; None for anonymous visitors and while the session
    holds flashed messages (the page must show them, once)."""
    user = session.get("_user_id")
    if not user or "_flashes" in session:
        return None
    parts = [
        str(user),  # "<id>.<session version>": a logout or password reset changes it
        str(session.get("csrf_token", "")),
        request.host,
        request.path,
        request.query_string.decode("latin-1"),
        today().isoformat(),
        *(request.headers.get(name, "") for name in VARYING_HEADERS),
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _keepable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.is_streamed
        and not response.direct_passthrough
        and not session.modified  # a new CSRF secret, a consumed flash, a login: not the same
        and "_flashes" not in session
        and "Set-Cookie" not in response.headers
        # The session's user is the one the page was made for (the loader accepted its version).
        and current_user.is_authenticated
        and current_user.get_id() == session.get("_user_id")
    )


def init_page_cache(app: Flask) -> None:
    """Hooks of the page cache; they do nothing while `PAGE_CACHE` is off (tests switch it on).

    Call after `init_security`: `keep` then runs before the security headers are added, so the
    stored page holds only the view's headers and every answer gets today's security headers.
    """
    from learning.extensions import db

    cache = PageCache(app)
    app.extensions["page_cache"] = cache
    with app.app_context():
        for engine in db.engines.values():
            watch_writes(engine, cache.bump, lambda: cache.enabled)
    app.before_request_funcs.setdefault(None, []).insert(0, cache.serve)
    app.after_request(cache.keep)
    if cache.enabled:
        # A new start may bring new code or templates: pages kept by the old code are not
        # served by the new (the key holds the data, not the code that rendered it).
        cache.bump()


def page_cache(app: Flask | None = None) -> PageCache:
    """The app's PageCache (tests read its Redis and swap it)."""
    return (app or current_app).extensions["page_cache"]
