"""Schemathesis against the live OpenAPI document of the running app, as an admin token and as
a professional token: no 5xx, every response conforms to the document (status, content type,
schema, headers), invalid input is refused, and auth is never ignored.

The app runs on a real HTTP server in a thread over a committed database of its own, and the
document is read from /api/v1/openapi.json there, so what is tested is what clients get.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.serving import make_server

from learning import create_app, unit_of_work
from learning.accounts.models import Role
from learning.accounts.services import create_organisation, create_user
from learning.api.tokens import create_token
from learning.blockages.services import BlockageInput, log_blockage
from learning.extensions import db
from learning.patterns.models import Pattern, PatternMember, PatternState
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.backing_services import drop_database, fresh_database
from tests.smtp import free_port

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    ignored_auth,
]
EXAMPLES = 12


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The app served over HTTP with a little of everything; yields (url, token per role)."""
    url, name = fresh_database("leernetwerk_api", tmp_path_factory.mktemp("api"))
    app = create_app(
        "test",
        {
            "TESTING": False,
            "SQLALCHEMY_DATABASE_URI": url,
            "API_RATE_LIMIT": "100000 per minute",
            "VECTOR_INDEX_PATH": str(tmp_path_factory.mktemp("api-index") / "vectors.idx"),
            "IMPORT_DIR": str(tmp_path_factory.mktemp("api-imports")),
        },
    )
    with app.app_context():
        db.create_all()
        tokens = _seed()
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.MonkeyPatch.context() as patch:
            # The contract is under test, not the grouping each new knelpunt queues (its own
            # tests cover it): queued tasks are noted, not run, so the run stays short.
            patch.setattr(unit_of_work, "enqueue", lambda name, *args: None)
            yield f"http://127.0.0.1:{port}", tokens
    finally:
        server.shutdown()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if name is not None:
            drop_database(name)


def _seed() -> dict[str, str]:
    organisation = create_organisation(None, "Wijkteam Schemathesis", "wijkteam")
    admin = create_user("admin@api.test", "Admin", {Role.PROGRAMME_ADMIN}, [organisation], None)
    professional = create_user(
        "prof@api.test", "Professional", {Role.PROFESSIONAL}, [organisation], None
    )
    table = LearningTable(name="Werktafel API", kind=TableKind.WORK_TABLE, domains=["wmo"])
    db.session.add(table)
    blockages = [
        log_blockage(
            professional,
            BlockageInput(
                title=f"Wachttijd {n}",
                description=f"De indicatie {n} duurt langer dan acht weken, hulp start niet.",
                domains=["wmo"],
                handling="niet_opgelost",
                reported_on=today() - timedelta(days=n),
            ),
        )
        for n in range(6)
    ]
    pattern = Pattern(title="Wachttijd Wmo", state=PatternState.NEW, table=table)
    db.session.add(pattern)
    db.session.flush()
    for blockage in blockages[:3]:
        db.session.add(PatternMember(pattern=pattern, blockage=blockage))
    _admin_token, admin_plain = create_token(admin, "schemathesis")
    _prof_token, prof_plain = create_token(professional, "schemathesis")
    commit()
    return {"admin": admin_plain, "professional": prof_plain}


@pytest.mark.parametrize("role", ["admin", "professional"])
def test_api_conforms_to_its_openapi_document(live_api, role: str) -> None:
    base_url, tokens = live_api
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    failures = []
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case) -> None:
                case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

            try:
                run()
            except Exception as failure:  # collect every operation's failure, then report
                failures.append(f"{operation.label} [{mode.value}]: {failure}")
    assert not failures, "\n\n".join(failures)
