"""One small but complete Leernetwerk for the tests that walk every route: a person in each
role, a second organisation, and a real object behind every kind of id a URL can carry.

Built once per module inside a transaction that is rolled back at the end (`world_db`); each
request the walkers send runs in a savepoint of its own (`isolated`), so a POST that deletes or
changes something does not change what the next request sees.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

from flask import Flask, url_for
from flask.testing import FlaskClient

from learning.accounts.models import Organisation, User
from learning.accounts.services import make_token
from learning.api.tokens import create_token
from learning.blockages.models import Blockage
from learning.digests.services import unsubscribe_token as digest_unsubscribe_token
from learning.exchange.models import ImportJob
from learning.exchange.services import create_job
from learning.extensions import db
from learning.mail.models import MailStatus, OutgoingMail
from learning.mail.unsubscribe import unsubscribe_token
from learning.notifications.models import Notification, NotificationKind
from learning.notifications.services import notify
from learning.patterns.models import Pattern, PatternState
from learning.patterns.triage import confirm
from learning.sessions import agenda, attendance, outcomes, planning
from learning.sessions import series as series_services
from learning.sessions.agreements import AgreementInput
from learning.sessions.models import AgendaItem, Agreement, LearningSession, Outcome, SessionSeries
from learning.tables import actions, escalation, practices
from learning.tables.models import (
    Decision,
    DecisionRequest,
    LearningTable,
    Practice,
    TableAction,
    TableKind,
)
from learning.timeutil import today
from tests.factories import BlockageFactory, LearningTableFactory, OrganisationFactory, UserFactory
from tests.tables.conftest import make_pattern
from tests.tables.helpers import action_input, dossier_input

# Who walks: anonymous, every role of the demo, and a professional of another organisation.
PRINCIPALS = (
    "anonymous",
    "professional",
    "chair",
    "secretary",
    "manager",
    "executive",
    "champion",
    "programme_admin",
    "outsider",
)


@dataclass
class World:
    organisation: Organisation
    other_organisation: Organisation
    users: dict[str, User]
    blockage: Blockage  # reported by the professional
    other_blockage: Blockage  # reported by the outsider, in the other organisation
    pattern: Pattern  # in behandeling at the werktafel: action, practice
    candidate: Pattern  # grouped by the engine, not yet on a queue
    escalated: Pattern  # with an open beslisvraag at the ambtelijke stuurgroep
    werktafel: LearningTable
    action: TableAction
    practice: Practice
    decision_request: DecisionRequest
    decision: Decision
    series: SessionSeries  # uitvoering, facilitated by the aanjager
    management: SessionSeries
    bestuur: SessionSeries
    meeting: LearningSession
    item: AgendaItem  # an open dilemma of the professional
    agreement: Agreement
    import_job: ImportJob  # the chair's, of the gemeente
    other_import_job: ImportJob  # the programme team's, for the other organisation
    failed_mail: OutgoingMail
    notification: Notification  # the professional's
    api_tokens: dict[str, str]  # principal -> plain bearer token
    api_token_ids: dict[str, int]
    tokens: dict[str, str]  # URL tokens: invitation, reset, unsubscribe, calendar


def build_world() -> World:
    gemeente = OrganisationFactory(name="Gemeente Walkum")
    other = OrganisationFactory(name="Woonstichting Elders")
    users = {
        "professional": UserFactory(name="Pien Professional", organisations=[gemeente]),
        "chair": UserFactory(roles=["chair"], name="Vera Voorzitter", organisations=[gemeente]),
        "secretary": UserFactory(name="Sem Secretaris", organisations=[gemeente]),
        "manager": UserFactory(roles=["manager"], name="Mo Manager", organisations=[gemeente]),
        "executive": UserFactory(
            roles=["executive"], name="Wim Wethouder", organisations=[gemeente]
        ),
        "champion": UserFactory(roles=["champion"], name="Anna Aanjager", organisations=[gemeente]),
        "programme_admin": UserFactory(roles=["programme_admin"], name="Pim Programmateam"),
        "outsider": UserFactory(name="Olga Elders", organisations=[other]),
    }
    civil_chair = UserFactory(roles=["chair"], name="Ad Ambtelijk", organisations=[gemeente])
    invited = UserFactory(name="Ina Uitgenodigd", password_hash=None, organisations=[gemeente])

    bestuurlijk = LearningTableFactory(
        name="Bestuurlijke stuurgroep Walkum",
        kind=TableKind.EXECUTIVE_STEERING,
        chair=users["executive"],
        domains=[],
    )
    ambtelijk = LearningTableFactory(
        name="Ambtelijke stuurgroep Walkum",
        kind=TableKind.CIVIL_STEERING,
        parent=bestuurlijk,
        chair=civil_chair,
        domains=[],
    )
    werktafel = LearningTableFactory(
        name="Werktafel Schulden Walkum",
        parent=ambtelijk,
        chair=users["chair"],
        secretary=users["secretary"],
        domains=["schulden", "wmo"],
        organisations=[gemeente],
    )
    db.session.flush()

    reporters = [users["professional"], UserFactory(organisations=[gemeente])]
    pattern = make_pattern(werktafel, reporters)
    confirm(users["chair"], pattern, pattern.title, pattern.description, "uitvoering", "second")
    blockage = next(
        m.blockage for m in pattern.members if m.blockage.reporter_id == reporters[0].id
    )
    escalated = make_pattern(werktafel, [UserFactory(organisations=[gemeente])], title="Escalatie")
    confirm(users["chair"], escalated, escalated.title, "Beschrijving.", "uitvoering", "second")
    decision_request = escalation.escalate(users["chair"], escalated, dossier_input())
    decided = make_pattern(werktafel, [UserFactory(organisations=[gemeente])], title="Besloten")
    confirm(users["chair"], decided, decided.title, "Beschrijving.", "uitvoering", "second")
    decision = escalation.decide(
        civil_chair,
        escalation.escalate(users["chair"], decided, dossier_input()),
        escalation.DecisionInput(text="De gemeente vergoedt bewindvoering vooraf."),
    )
    candidate = make_pattern(None, [UserFactory(organisations=[gemeente])], title="Kandidaat")
    candidate.state = PatternState.CANDIDATE
    other_blockage = BlockageFactory(reporter=users["outsider"], organisation=other)

    action = actions.add_action(users["chair"], pattern, action_input(users["professional"]))
    practice = practices.record_practice(
        users["chair"],
        pattern,
        "Bewindvoering vooraf vergoeden",
        "De gemeente betaalt de eerste drie maanden bewindvoering voor, op verzoek van de "
        "schuldhulpverlener.",
    )

    series = series_services.create_series(
        users["programme_admin"],
        series_services.SeriesInput(
            name="Leersessie Walkum",
            level="uitvoering",
            facilitator_ids=[users["champion"].id],
            location="Wijkcentrum",
            member_ids=[users["professional"].id],
        ),
    )
    management = series_services.create_series(
        users["programme_admin"],
        series_services.SeriesInput(
            name="Managers Walkum", level="management", facilitator_ids=[users["manager"].id]
        ),
    )
    bestuur = series_services.create_series(
        users["programme_admin"],
        series_services.SeriesInput(
            name="Bestuurders Walkum", level="bestuur", member_ids=[users["executive"].id]
        ),
    )
    meeting = planning.plan_meeting(
        users["champion"], series, today() + timedelta(days=7), time(19, 0)
    )
    attendance.add_guest(users["champion"], meeting, name="Buurtbewoner")
    item = agenda.submit_item(
        users["professional"],
        series,
        agenda.ItemInput(
            kind="dilemma",
            title="Schuldhulp wacht op Wmo",
            description="Schuldhulp start pas na de Wmo-indicatie.",
        ),
    )
    solved = agenda.submit_item(
        users["professional"],
        series,
        agenda.ItemInput(
            kind="dilemma", title="Wachttijd bijstand", description="De bijstand wacht lang."
        ),
    )
    outcomes.record_outcome(
        users["champion"],
        solved,
        outcomes.OutcomeInput(
            outcome=Outcome.SOLVED,
            notes="Besproken",
            agreements=[AgreementInput("Bijstand sneller", users["professional"].id)],
        ),
    )
    agreement = solved.agreements[0]

    import_job = create_job(
        users["chair"],
        gemeente,
        "lijst.csv",
        io.BytesIO(b"Omschrijving;Datum melding\nDe Wmo wacht op schuldhulp;1-11-2026\n"),
    )
    other_import_job = create_job(
        users["programme_admin"],
        other,
        "elders.csv",
        io.BytesIO(b"Omschrijving\nDe corporatie wacht op de gemeente\n"),
    )
    failed_mail = OutgoingMail(
        recipient=users["professional"].email,
        subject="Overzicht",
        body_text="Tekst",
        status=MailStatus.FAILED,
    )
    db.session.add(failed_mail)
    notification = notify(
        [users["professional"]],
        NotificationKind.PATTERN_STEP,
        "Er is een stap gezet.",
        f"/patronen/{pattern.id}",
        about="Patroon",
    )[0]
    db.session.flush()

    made = {name: create_token(user, "walk") for name, user in users.items()}
    api_tokens = {name: plain for name, (_token, plain) in made.items()}
    api_token_ids = {name: token.id for name, (token, _plain) in made.items()}
    tokens = {
        "invite": make_token(invited, "invite"),
        "reset": make_token(users["professional"], "reset"),
        "digest_unsubscribe": digest_unsubscribe_token(users["professional"]),
        "notification_unsubscribe": unsubscribe_token(users["professional"], "notifications"),
        "calendar": users["professional"].calendar_token,
    }
    db.session.commit()
    return World(
        organisation=gemeente,
        other_organisation=other,
        users=users,
        blockage=blockage,
        other_blockage=other_blockage,
        pattern=pattern,
        candidate=candidate,
        escalated=escalated,
        werktafel=werktafel,
        action=action,
        practice=practice,
        decision_request=decision_request,
        decision=decision,
        series=series,
        management=management,
        bestuur=bestuur,
        meeting=meeting,
        item=item,
        agreement=agreement,
        import_job=import_job,
        other_import_job=other_import_job,
        failed_mail=failed_mail,
        notification=notification,
        api_tokens=api_tokens,
        api_token_ids=api_token_ids,
        tokens=tokens,
    )


@contextmanager
def world_transaction(app: Flask, import_dir: Path) -> Iterator[object]:
    """Like conftest's `db`, for a whole module: one connection, rolled back at the end.
    Uploaded lists go to `import_dir`, so that nothing the walkers send stays behind."""
    from tests.conftest import _reset_rate_limits, _reset_vector_index

    saved_import_dir = app.config.get("IMPORT_DIR")
    app.config["IMPORT_DIR"] = str(import_dir)
    engines = db.engines
    engine = engines[None]
    connection = engine.connect()
    transaction = connection.begin()
    engines[None] = connection
    db.session.remove()
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    _reset_vector_index(app)
    _reset_rate_limits()
    try:
        yield connection
    finally:
        db.session.remove()
        engines[None] = engine
        transaction.rollback()
        connection.close()
        app.config["IMPORT_DIR"] = saved_import_dir


@contextmanager
def isolated(connection) -> Iterator[None]:
    """Whatever one request changes is undone before the next one."""
    from tests.conftest import _reset_rate_limits

    db.session.remove()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        db.session.remove()
        savepoint.rollback()
        _reset_rate_limits()


def client_for(app: Flask, user_id: str | None) -> FlaskClient:
    """A browser logged in as the user (anonymous for None)."""
    client = app.test_client()
    if user_id is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    return client


# What each URL parameter is filled with; per endpoint where one name means different things.
def _args(world: World) -> dict[str, int | str]:
    return {
        "blockage_id": world.blockage.id,
        "pattern_id": world.pattern.id,
        "organisation_id": world.other_organisation.id,
        "item_id": world.item.id,
        "decision_id": world.decision.id,
        "token_id": 0,  # replaced per principal: the token of whoever asks
        "job_id": world.import_job.id,
        "mail_id": world.failed_mail.id,
        "notification_id": world.notification.id,
        "meeting_id": world.meeting.id,
        "session_id": world.meeting.id,
        "series_id": world.series.id,
        "user_id": world.users["professional"].id,
        "agreement_id": world.agreement.id,
        "table_id": world.werktafel.id,
        "request_id": world.decision_request.id,
        "action_id": world.action.id,
        "practice_id": world.practice.id,
        "fmt": "csv",
        "name": "knelpunten",  # an insight export
    }


TOKENS = {
    "accounts.accept_invitation": "invite",
    "accounts.reset_password": "reset",
    "digests.unsubscribe": "digest_unsubscribe",
    "notifications.unsubscribe": "notification_unsubscribe",
    "sessions.calendar_feed": "calendar",
}

# Routes walked a second time with other objects: "endpoint[variant]".
VARIANTS: dict[str, Callable[[World], dict[str, int]]] = {
    "patterns.show_pattern[candidate]": lambda w: {"pattern_id": w.candidate.id},
    "patterns.show_pattern[escalated]": lambda w: {"pattern_id": w.escalated.id},
    "blockages.show_blockage[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "blockages.edit_blockage[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "sessions.show_series[bestuur]": lambda w: {"series_id": w.bestuur.id},
    "sessions.show_series[management]": lambda w: {"series_id": w.management.id},
    "sessions.ask_lower_level[management]": lambda w: {"series_id": w.management.id},
    "tables.pattern_flow[escalated]": lambda w: {"pattern_id": w.escalated.id},
    "knelpunten.get_blockage[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "patronen.get_pattern[candidate]": lambda w: {"pattern_id": w.candidate.id},
    "sessions.put_on_agenda[bestuur]": lambda w: {"series_id": w.bestuur.id},
    "blockages.withdraw_blockage[other organisation]": lambda w: {
        "blockage_id": w.other_blockage.id
    },
    "patterns.join_pattern[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "exchange.show_import[other organisation]": lambda w: {"job_id": w.other_import_job.id},
    "imports.get_import[other organisation]": lambda w: {"job_id": w.other_import_job.id},
    "api_tokens.revoke_token[the professional's]": lambda w: {
        "token_id": w.api_token_ids["professional"]
    },
}


# Query parameters a page needs to show anything at all.
QUERIES: dict[str, Callable[[dict], dict]] = {
    "sessions.flag_pattern": lambda args: {"patroon": args["pattern_id"]},
}


@dataclass
class Walk:
    """What the walk needs of the world, as plain values that outlive the ORM session."""

    connection: object
    args: dict[str, int | str]
    variants: dict[str, dict[str, int]]
    user_ids: dict[str, str]  # as in the session cookie
    user_pks: dict[str, int]
    api_tokens: dict[str, str]
    api_token_ids: dict[str, int]
    tokens: dict[str, str]


@contextmanager
def walking(app: Flask, import_dir: Path) -> Iterator[Walk]:
    """The world, built once for a module, as the plain values the walkers need."""
    with world_transaction(app, import_dir) as connection:
        with app.test_request_context():
            world = build_world()
            built = Walk(
                connection=connection,
                args=_args(world),
                variants={key: make(world) for key, make in VARIANTS.items()},
                user_ids={name: user.get_id() for name, user in world.users.items()},
                user_pks={name: user.id for name, user in world.users.items()},
                api_tokens=world.api_tokens,
                api_token_ids=world.api_token_ids,
                tokens=world.tokens,
            )
            db.session.remove()
        yield built


def url_of(app: Flask, walk: Walk, endpoint: str, principal: str) -> str:
    """The route's URL with the ids of the world's objects (and the principal's own token)."""
    base, _, variant = endpoint.partition("[")
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == base)
    args = dict(walk.args)
    if base in TOKENS:
        args["token"] = walk.tokens[TOKENS[base]]
    if principal in walk.api_token_ids:
        args["token_id"] = walk.api_token_ids[principal]  # one's own, unless a variant says
    if variant:
        args.update(walk.variants[endpoint])
    with app.test_request_context():
        query = QUERIES.get(base, lambda _args: {})(args)
        return url_for(base, **{name: args[name] for name in rule.arguments}, **query)


def send(app: Flask, walk: Walk, endpoint: str, method: str, principal: str, **kwargs):
    """One request as the principal: a browser session for pages, a bearer token for the API."""
    url = url_of(app, walk, endpoint, principal)
    if url.startswith("/api/"):
        client = app.test_client()
        if principal != "anonymous":
            kwargs.setdefault("headers", {})["Authorization"] = (
                f"Bearer {walk.api_tokens[principal]}"
            )
        if method in ("POST", "PUT", "PATCH") and kwargs.get("data") is None:
            kwargs.setdefault("json", {})
    else:
        client = client_for(app, walk.user_ids.get(principal))
    response = client.open(url, method=method, **kwargs)
    if response.is_streamed:
        # Run a streamed export to its end now, inside this request, not when the garbage
        # collector closes it during another test's request.
        response.get_data()
    return response
