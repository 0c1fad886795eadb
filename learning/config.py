"""Settings from the environment, one class per environment."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _celery(broker_url: str, timezone: str, eager: bool) -> dict:
    """Celery settings (Flask's Celery pattern keeps them in the app config)."""
    return {
        "broker_url": broker_url,
        "result_backend": None,
        "task_ignore_result": True,
        "task_always_eager": eager,
        "task_eager_propagates": False,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {"visibility_timeout": 3600},
        "timezone": timezone,
    }


DEVELOPMENT_SECRET_KEY = "dev-only-change-me"
MAIL_CATCHER_BACKEND = "learning.mail.catcher.EmailBackend"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'leernetwerk.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    TIMEZONE = os.environ.get("TIMEZONE", "Europe/Amsterdam")
    CELERY = _celery(REDIS_URL, TIMEZONE, eager=_bool("CELERY_ALWAYS_EAGER", False))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Leernetwerk <noreply@leernetwerk.local>"
    )
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    CAUGHT_MAIL_DIR = os.environ.get("CAUGHT_MAIL_DIR", str(INSTANCE_DIR / "sent-mail"))
    # Unset: links use the served host and port (learning.links). Set: it wins.
    BASE_URL = os.environ.get("BASE_URL", "")
    RECORD_SERVED_URL = True
    SERVED_URL_FILE = os.environ.get("SERVED_URL_FILE")  # default: instance/served-url
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Per address generous (an office shares one), per account strict, counting failures only.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "30 per minute;200 per hour")
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get(
        "LOGIN_ACCOUNT_RATE_LIMIT", "5 per minute;20 per hour"
    )
    # Requests are small forms; bounded before any work is done (uploads raise it per route).
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(256 * 1024)))
    MAX_FORM_MEMORY_SIZE = 128 * 1024
    MAX_FORM_PARTS = 200
    WTF_CSRF_TIME_LIMIT = None  # the session bounds the token; an old form must still post
    PERMANENT_SESSION_LIFETIME = int(os.environ.get("SESSION_LIFETIME_SECONDS", str(8 * 3600)))
    SESSION_COOKIE_SAMESITE = "Lax"
    # An unchanged session's cookie is re-signed (idle lifetime extended) at most this often.
    SESSION_REFRESH_SECONDS = 60
    SESSION_COOKIE_HTTPONLY = True
    PAGE_SIZE = 20
    MIN_GROUP_SIZE = int(os.environ.get("MIN_GROUP_SIZE", "5"))
    VECTOR_INDEX_PATH = os.environ.get("VECTOR_INDEX_PATH", str(INSTANCE_DIR / "vectors.idx"))
    # Imports (learning.exchange): uploads wait here, owner-only, until imported or a week old.
    IMPORT_DIR = os.environ.get("IMPORT_DIR", str(INSTANCE_DIR / "imports"))
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
    IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("IMPORT_MAX_UNZIPPED_BYTES", str(250 * 2**20)))
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    TOKEN_MAX_AGE_SECONDS = 3 * 24 * 3600
    PRODUCTION = False
    HSTS = False
    # Whole pages of logged-in users in Redis (learning.page_cache); off when Redis is not there.
    PAGE_CACHE = _bool("PAGE_CACHE", True)
    PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL")  # unset: REDIS_URL
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "180"))
    PAGE_CACHE_RETRY_SECONDS = 30  # after Redis failed to answer, off for this long
    PAGE_CACHE_TIMEOUT = 0.2  # seconds to connect to Redis
    # Web processes load the models in the background at start-up; CLI runs load them lazily.
    WARM_UP_MODELS = _bool("WARM_UP_MODELS", False)


class DevelopmentConfig(Config):
    """A first run needs no services: without a worker (no Redis), tasks run in-process.

    `make run` starts a worker and beat when Redis is reachable and sets
    CELERY_ALWAYS_EAGER=false for the web process.
    """

    DEBUG = True
    CELERY = _celery(Config.REDIS_URL, Config.TIMEZONE, eager=_bool("CELERY_ALWAYS_EAGER", True))
    # Without a real SMTP server, mail is caught in the instance folder and shown to the
    # programme team ("Verzonden e-mail (ontwikkeling)") instead of failing unseen.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or (
        "smtp" if os.environ.get("MAIL_SERVER") else MAIL_CATCHER_BACKEND
    )


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    CELERY = _celery(Config.REDIS_URL, Config.TIMEZONE, eager=True)
    MAIL_BACKEND = "locmem"
    RECORD_SERVED_URL = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    PAGE_CACHE = False  # tests of the cache switch it on


class ProductionConfig(Config):
    PRODUCTION = True
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    DEBUG = _bool("FLASK_DEBUG", False)
    # Several web workers share one limit only through Redis.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", Config.REDIS_URL)
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER")
    BASE_URL = os.environ.get("BASE_URL")
    HSTS = True


class ConfigurationError(RuntimeError):
    """The app refuses to start: the message says what to set."""


def check_production(config: dict) -> None:
    """Refuse to run in production on a development setting that would be unsafe there."""
    problems = []
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY:
        problems.append("SECRET_KEY is not set (use a long random value)")
    elif len(str(config["SECRET_KEY"])) < 32:
        problems.append("SECRET_KEY is shorter than 32 characters")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        problems.append("DATABASE_URL points to SQLite (use PostgreSQL)")
    if config.get("DEBUG"):
        problems.append("debug mode is on")
    for name in ("MAIL_SERVER", "MAIL_DEFAULT_SENDER", "BASE_URL"):
        if not config.get(name):
            problems.append(f"{name} is not set")
    if config.get("MAIL_BACKEND") == MAIL_CATCHER_BACKEND:
        problems.append("MAIL_BACKEND is the development mail catcher (mail would not be sent)")
    if problems:
        raise ConfigurationError(
            "Leernetwerk refuses to start in production: " + "; ".join(problems) + "."
        )


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
