"""Fixtures for imports: an import folder per test, an importer, and queued tasks recorded."""

from __future__ import annotations

import pytest

from learning import unit_of_work
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def import_dir(app, tmp_path):
    saved = app.config.get("IMPORT_DIR")
    app.config["IMPORT_DIR"] = str(tmp_path / "imports")
    yield tmp_path / "imports"
    app.config["IMPORT_DIR"] = saved


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Sociaal Wijkteam Maasdal")


@pytest.fixture
def admin(db, organisation):
    user = UserFactory(roles=["programme_admin"], organisations=[organisation])
    db.session.commit()
    return user


@pytest.fixture
def queued(monkeypatch):
    """Tasks queued after commit, recorded instead of run (grouping is tested on its own)."""
    calls: list[tuple[str, tuple]] = []

    def record(task_name: str, *args) -> None:
        if task_name == "learning.exchange.tasks.run_import":
            original(task_name, *args)  # the import itself still runs (eagerly)
        else:
            calls.append((task_name, args))

    original = unit_of_work.enqueue
    monkeypatch.setattr(unit_of_work, "enqueue", record)
    return calls
