"""Which backing services the test run uses; with CI=true a missing one is a failure."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def postgres_available() -> bool:
    return _port_open("127.0.0.1", 5432)


def redis_available() -> bool:
    return _port_open("127.0.0.1", 6379)


def require(service: str, available: bool) -> None:
    """A test that needs a service fails without it, locally as in CI: a skip would pass a run
    that never exercised what the test is about. `make test` installs what it can (Chromium);
    PostgreSQL and Redis are the machine's (see the README)."""
    if not available:
        pytest.fail(f"{service} is needed by this test but is not reachable", pytrace=False)


def fresh_database(prefix: str, directory: Path) -> tuple[str, str | None]:
    """A new PostgreSQL database: its URL and its name, to drop afterwards.

    A local run without PostgreSQL gets an SQLite file in `directory` (name None), so the
    embedded default is exercised too; with CI=true PostgreSQL must be there.
    """
    if postgres_available():
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        return create_database(name), name
    if IN_CI:
        pytest.fail("PostgreSQL is required in CI (CI=true) but is not reachable", pytrace=False)
    return f"sqlite:///{directory / (prefix + '.db')}", None


def create_database(name: str) -> str:
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_database(name: str) -> None:
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
