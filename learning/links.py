"""Absolute links for e-mail and .ics files, which must work from a worker or the CLI too.

The base is, in this order: BASE_URL when it is set (it wins); inside a request, the host and
port the app is served on; elsewhere (a Celery worker, the CLI), the address the web process
recorded when it started or last served a request; and finally http://127.0.0.1:5000. So a
first run on another port sends links to that port without anyone setting BASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
SERVED_URL_FILE = "served-url"


def base_url() -> str:
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return recorded_url() or DEFAULT_BASE_URL


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL under base_url(), without needing a request or SERVER_NAME."""
    base = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def link_host() -> str | None:
    """The host name of the links, for Message-IDs."""
    return urlsplit(base_url()).hostname


def _served_url_path() -> Path:
    configured = current_app.config.get("SERVED_URL_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / SERVED_URL_FILE


def recorded_url() -> str | None:
    try:
        value = _served_url_path().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return value or None


def record_served_url(url: str) -> None:
    """Remember where the web app is served, for workers; a no-op when BASE_URL is set."""
    if current_app.config.get("BASE_URL") or recorded_url() == url.rstrip("/"):
        return
    path = _served_url_path()
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        temporary.write_text(url.rstrip("/") + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)


def init_served_url(app) -> None:
    """Record the address at start-up (`flask run`'s options from the environment, as `make
    run` passes them) and again at the first request of each web process, which knows the
    real host and port. Off in tests (RECORD_SERVED_URL), which share no instance folder."""
    if not app.config.get("RECORD_SERVED_URL"):
        return
    host = os.environ.get("FLASK_RUN_HOST")
    port = os.environ.get("FLASK_RUN_PORT")
    if port:
        with app.app_context():
            record_served_url(f"http://{host or '127.0.0.1'}:{port}")
    seen: list[str] = []

    @app.before_request
    def _remember_host() -> None:
        if not seen:
            seen.append(request.host_url)
            record_served_url(request.host_url)
