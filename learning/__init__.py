"""Leernetwerk: learn from the places where the system blocks help to residents."""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.config import CONFIGS, INSTANCE_DIR, PROJECT_ROOT

# One blueprint per domain package; each has views.py with `bp`.
BLUEPRINT_PACKAGES = ("accounts", "blockages", "patterns", "tables", "sessions", "digests")
CLI_MODULES = (
    "learning.accounts.cli:users_cli",
    "learning.privacy.cli:privacy_cli",
    "learning.patterns.cli:patterns_cli",
    "learning.demo:demo_cli",
    "learning.digests.cli:digests_cli",
)
MODEL_MODULES = (
    "learning.accounts.models",
    "learning.audit.models",
    "learning.mail.models",
    "learning.blockages.models",
    "learning.tables.models",
    "learning.patterns.models",
    "learning.sessions.models",
    "learning.digests.models",
)


def _import(dotted: str) -> Any:
    """Import "package.module" or "package.module:attribute"."""
    module_name, _sep, attribute = dotted.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def load_models() -> None:
    for name in MODEL_MODULES:
        _import(name)


def create_app(config: str | dict[str, Any] | type | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
    )
    env_name = os.environ.get("LEERNETWERK_ENV", "development")
    if isinstance(config, str):
        env_name = config
    app.config.from_object(CONFIGS[env_name])
    if isinstance(config, dict):
        app.config.from_mapping(config)
    elif isinstance(config, type):
        app.config.from_object(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _configure_logging()

    _init_extensions(app)
    load_models()
    _register_blueprints(app)
    _register_cli(app)

    from learning.blockages.drafts import register_draft_rescue
    from learning.errors import register_error_handlers
    from learning.queue import celery_init_app
    from learning.templating import register_template_helpers

    register_error_handlers(app)
    register_draft_rescue(app)
    register_template_helpers(app)
    celery_init_app(app)
    if app.config.get("WARM_UP_MODELS"):
        from learning.warmup import start_background_warm_up

        start_background_warm_up()

    @app.get("/")
    def index():
        if current_user.is_authenticated:
            return redirect(url_for("blockages.list_blockages"))
        return redirect(url_for("accounts.login"))

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app


def _configure_logging() -> None:
    """Our own loggers at INFO through Flask's handler; the root logger is left to the host
    (gunicorn, Celery, pytest), and to the CLI JSON output that must stay clean."""
    from flask.logging import default_handler

    logging.getLogger("faiss.loader").setLevel(logging.WARNING)  # probes for CPU variants
    package_logger = logging.getLogger("learning")
    package_logger.setLevel(logging.INFO)
    if default_handler not in package_logger.handlers:
        package_logger.addHandler(default_handler)


def _init_extensions(app: Flask) -> None:
    from learning.extensions import babel, csrf, db, htmx, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "nl")
    limiter.init_app(app)
    mail.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _("Log in om verder te gaan.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        from learning.accounts.models import User

        return db.session.get(User, int(user_id))


def _register_blueprints(app: Flask) -> None:
    for package in BLUEPRINT_PACKAGES:
        app.register_blueprint(_import(f"learning.{package}.views:bp"))


def _register_cli(app: Flask) -> None:
    for dotted in CLI_MODULES:
        app.cli.add_command(_import(dotted))
