"""Leernetwerk: learn from the places where the system blocks help to residents."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from flask.logging import default_handler

from learning.config import (
    CONFIGS,
    INSTANCE_DIR,
    MAIL_CATCHER_BACKEND,
    PROJECT_ROOT,
    check_production,
)


def create_app(env: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    """The app for one environment ("development", "test" or "production"; default
    LEERNETWERK_ENV, else development), with `overrides` on top of that environment's config."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
    )
    app.config.from_object(CONFIGS[env or os.environ.get("LEERNETWERK_ENV") or "development"])
    app.config.from_mapping(overrides or {})
    if app.config["PRODUCTION"]:
        check_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _configure_logging()

    from learning import models  # noqa: F401  (every model, for the mappers and Alembic)
    from learning.errors import register_error_handlers
    from learning.extensions import init_extensions
    from learning.links import init_served_url
    from learning.page_cache import init_page_cache
    from learning.security import init_security, install_url_converters
    from learning.session_cookie import SessionCookie
    from learning.tasking import celery_init_app
    from learning.templating import register_template_helpers

    init_extensions(app)
    install_url_converters(app)
    _register_blueprints(app)
    _register_cli(app)
    register_error_handlers(app)
    init_security(app)
    init_page_cache(app)
    app.session_interface = SessionCookie()
    register_template_helpers(app)
    celery_init_app(app)
    init_served_url(app)
    if app.config.get("WARM_UP_MODELS"):
        from learning.warmup import start_background_warm_up

        start_background_warm_up(app)
    return app


def _configure_logging() -> None:
    """Our loggers at INFO. They propagate to the root logger, which the host (gunicorn,
    Celery, pytest) configures; without one, Flask's handler goes on the root, once, so every
    line is written once."""
    logging.getLogger("faiss.loader").setLevel(logging.WARNING)  # probes for CPU variants
    logging.getLogger("learning").setLevel(logging.INFO)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(default_handler)


def _register_blueprints(app: Flask) -> None:
    from learning.accounts.views import bp as accounts_bp
    from learning.api.blockages import bp as api_blockages_bp
    from learning.api.dashboard import bp as api_dashboard_bp
    from learning.api.imports import export_bp as api_export_bp
    from learning.api.imports import imports_bp as api_imports_bp
    from learning.api.patterns import bp as api_patterns_bp
    from learning.api.sessions import items_bp as api_items_bp
    from learning.api.sessions import sessions_bp as api_sessions_bp
    from learning.api.setup import init_api
    from learning.api.tables import decisions_bp as api_decisions_bp
    from learning.api.tables import tables_bp as api_tables_bp
    from learning.api.views import bp as api_tokens_bp
    from learning.blockages.views import bp as blockages_bp
    from learning.digests.views import bp as digests_bp
    from learning.exchange.views import bp as exchange_bp
    from learning.home.views import bp as home_bp
    from learning.insight.views import bp as insight_bp
    from learning.notifications.views import bp as notifications_bp
    from learning.patterns.views import bp as patterns_bp
    from learning.sessions.views import bp as sessions_bp
    from learning.tables.views import bp as tables_bp

    for blueprint in (
        home_bp,
        accounts_bp,
        blockages_bp,
        patterns_bp,
        tables_bp,
        sessions_bp,
        digests_bp,
        notifications_bp,
        exchange_bp,
        insight_bp,
        api_tokens_bp,
    ):
        app.register_blueprint(blueprint)
    if app.config["MAIL_BACKEND"] == MAIL_CATCHER_BACKEND and not app.config["PRODUCTION"]:
        from learning.mail.views import bp as caught_mail_bp

        app.register_blueprint(caught_mail_bp)
    init_api(
        app,
        [
            api_blockages_bp,
            api_patterns_bp,
            api_tables_bp,
            api_decisions_bp,
            api_sessions_bp,
            api_items_bp,
            api_dashboard_bp,
            api_imports_bp,
            api_export_bp,
        ],
    )


def _register_cli(app: Flask) -> None:
    from learning.accounts.cli import users_cli
    from learning.api.cli import api_cli
    from learning.demo import demo_cli
    from learning.digests.cli import digests_cli
    from learning.exchange.cli import knelpunten_cli
    from learning.insight.cli import insight_cli
    from learning.notifications.cli import notifications_cli
    from learning.patterns.cli import patterns_cli
    from learning.privacy.cli import privacy_cli
    from learning.sessions.cli import sessions_cli

    for group in (
        users_cli,
        privacy_cli,
        patterns_cli,
        demo_cli,
        digests_cli,
        notifications_cli,
        knelpunten_cli,
        api_cli,
        insight_cli,
        sessions_cli,
    ):
        app.cli.add_command(group)
