"""The migrations build exactly the schema the models describe, on the database under test."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import command

from learning import create_app
from tests.conftest import _create_database, _drop_database
from tests.services import postgres_available


def test_upgrade_from_empty_matches_the_models(tmp_path):
    name = f"leernetwerk_migrations_{uuid.uuid4().hex[:8]}"
    url = _create_database(name) if postgres_available() else f"sqlite:///{tmp_path / 'm.db'}"
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CELERY_ALWAYS_EAGER": True})
        with app.app_context():
            config = app.extensions["migrate"].migrate.get_config()
            config.attributes["configure_logger"] = False  # keep the test run's logging
            command.upgrade(config, "head")
            command.check(config)  # raises when models and migrations differ
            engine = sa.create_engine(url)
            tables = set(sa.inspect(engine).get_table_names())
            engine.dispose()
        assert {"blockages", "patterns", "learning_tables", "outgoing_mail"} <= tables
    finally:
        if url.startswith("postgresql"):
            _drop_database(name)
