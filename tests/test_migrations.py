"""The migrations build exactly the schema the models describe, on the database under test."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import command

from learning import create_app
from tests.backing_services import create_database, drop_database, postgres_available


def test_upgrade_from_empty_matches_the_models(tmp_path):
    name = f"leernetwerk_migrations_{uuid.uuid4().hex[:8]}"
    url = create_database(name) if postgres_available() else f"sqlite:///{tmp_path / 'm.db'}"
    try:
        app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
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
            drop_database(name)
