"""'Mijn overzicht': each role lands on its own blocks, most urgent first, empty ones left out."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from learning.accounts.models import UserRole
from learning.extensions import db
from learning.home.overview import overview
from learning.mail.models import MailStatus, OutgoingMail
from learning.patterns.models import PatternState
from learning.sessions.models import SessionLevel, SessionSeries
from learning.tables.actions import ActionInput
from learning.tables.escalation import DecisionInput, decide
from learning.tables.models import DecisionRequest, TableAction
from learning.timeutil import today
from tests.factories import BlockageFactory, LearningTableFactory, UserFactory
from tests.home.conftest import QUESTION
from tests.tables.conftest import make_pattern


def keys(user) -> list[str]:
    return [b.key for b in overview(user).blocks]


def test_the_wethouder_sees_what_waits_for_her_decision_first(app, ladder, escalated):
    pattern, request = escalated
    with app.test_request_context():
        view = overview(ladder.executive_chair)
    first = view.blocks[0]
    assert first.key == "wacht-op-besluit"
    assert first.count == 1
    assert first.lines[0].text == pattern.title
    assert first.lines[0].detail == QUESTION
    assert first.lines[0].link == f"/tafels/beslisvragen/{request.id}#beslissen"
    assert "Ambtelijke stuurgroep" in first.lines[0].meta[0]
    assert "besluit uiterlijk" in first.lines[0].meta[1]


def test_the_professional_sees_where_her_knelpunt_is(app, ladder, reporters, escalated):
    with app.test_request_context():
        view = overview(reporters[0])
    assert [b.key for b in view.blocks][:1] == ["nieuw-voor-u"]  # the steps of her pattern
    mine = next(b for b in view.blocks if b.key == "mijn-knelpunten")
    assert mine.count == 1
    assert mine.lines[0].detail == "in behandeling bij Bestuurlijke stuurgroep"
    assert "wacht-op-besluit" not in [b.key for b in view.blocks]
    assert "triage" not in [b.key for b in view.blocks]


def test_a_decided_knelpunt_says_what_was_decided(app, ladder, reporters, escalated):
    from learning.tables.escalation import DecisionInput, decide

    pattern, request = escalated
    decide(
        ladder.executive_chair, request, DecisionInput("Het college vergoedt bewindvoering vooraf.")
    )
    with app.test_request_context():
        mine = next(b for b in overview(reporters[1]).blocks if b.key == "mijn-knelpunten")
    assert pattern.state == PatternState.DECIDED
    assert mine.lines[0].detail == ("besluit genomen: Het college vergoedt bewindvoering vooraf.")


def test_the_chair_sees_the_triage_queue_oldest_first_and_overdue_actions(app, ladder, reporters):
    old = make_pattern(ladder.werktafel, reporters[:2], title="Oud patroon")
    old.queued_at -= timedelta(days=40)
    make_pattern(ladder.werktafel, reporters[2:], title="Nieuw patroon")
    db.session.add(
        TableAction(
            pattern_id=old.id,
            table_id=ladder.werktafel.id,
            what="Werkinstructie aanpassen",
            owner_id=ladder.member.id,
            due_on=today() - timedelta(days=3),
        )
    )
    db.session.flush()
    with app.test_request_context():
        view = overview(ladder.chair)
    assert [b.key for b in view.blocks][:2] == ["acties-over-tijd", "triage"]
    triage = view.blocks[1]
    assert [line.text for line in triage.lines] == ["Oud patroon", "Nieuw patroon"]
    assert "wacht 40 dagen" in triage.lines[0].meta
    assert triage.lines[0].late  # take-up is 28 days


def test_the_manager_sees_the_patterns_of_her_organisation(app, ladder, reporters):
    manager = UserFactory(roles=["manager"], organisations=reporters[0].organisations)
    make_pattern(ladder.werktafel, reporters, title="Patroon van ons")
    with app.test_request_context():
        block = next(b for b in overview(manager).blocks if b.key == "patronen-organisatie")
    assert block.lines[0].text == "Patroon van ons"
    assert "meldingen van uw organisatie: < 5" in block.lines[0].meta


def test_the_programme_team_sees_what_keeps_the_network_from_running(app, db):
    admin = UserFactory(roles=["programme_admin"])
    UserFactory(name="Zonder Organisatie", organisations=[])
    LearningTableFactory(name="Tafel zonder voorzitter")
    db.session.add(SessionSeries(name="Reeks zonder sessie", level=SessionLevel.UITVOERING))
    db.session.add(
        OutgoingMail(
            recipient="x@example.org",
            subject="Mislukt bericht",
            body_text="-",
            status=MailStatus.FAILED,
        )
    )
    db.session.flush()
    with app.test_request_context():
        found = keys(admin)
    assert found[0] == "mislukte-mail"
    assert {"zonder-organisatie", "tafels-zonder-voorzitter", "reeksen-zonder-sessie"} <= set(found)
    assert "triage" not in found  # no table of its own: the queue is under Triage


def test_a_user_with_several_roles_sees_the_union_most_urgent_first(app, ladder, escalated):
    ladder.executive_chair.role_rows.append(
        type(ladder.executive_chair.role_rows[0])(role="professional")
    )
    BlockageFactory(reporter=ladder.executive_chair)
    db.session.flush()
    with app.test_request_context():
        found = keys(ladder.executive_chair)
    assert found[0] == "wacht-op-besluit"
    assert "mijn-knelpunten" in found


def test_a_user_without_a_role_gets_a_message_and_a_usable_page(client, db):
    user = UserFactory(roles=[])
    user.role_rows = []
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "U heeft nog geen rol" in html
    assert "Knelpunt melden" in html


@pytest.mark.parametrize("role", ["professional", "chair", "manager", "executive"])
def test_home_renders_for_each_role(login_as, client, role):
    login_as(role)
    page = client.get("/")
    assert page.status_code == 200
    assert "Mijn overzicht" in page.get_data(as_text=True)


def _statements(app, user) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        with app.test_request_context():
            overview(user)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_the_number_of_queries_does_not_grow_with_the_data(app, ladder, reporters):
    manager = UserFactory(roles=["manager", "chair", "professional", "executive"])
    manager.organisations = reporters[0].organisations
    ladder.werktafel.chair = manager
    db.session.flush()
    make_pattern(ladder.werktafel, reporters[:1])
    db.session.flush()
    few = _statements(app, manager)
    for n in range(6):
        make_pattern(ladder.werktafel, reporters, title=f"Patroon {n}")
    db.session.flush()
    assert _statements(app, manager) == few


def test_many_steps_on_one_pattern_read_as_one_line_with_a_count(app, db):
    from learning.notifications.models import NotificationKind
    from learning.notifications.services import notify

    user = UserFactory(roles=["professional"])
    for step in (
        "Opgepakt door de werktafel.",
        "Voorgelegd aan de stuurgroep.",
        "Besluit genomen.",
    ):
        notify([user], NotificationKind.PATTERN_STEP, step, "/patronen/7", about="Zoektermijn")
    notify([user], NotificationKind.PATTERN_STEP, "Gekoppeld.", "/patronen/8", about="Huurschuld")
    with app.test_request_context():
        news = next(b for b in overview(user).blocks if b.key == "nieuw-voor-u")
    assert news.count == 4  # every unread message counts
    assert [line.text for line in news.lines] == ["Huurschuld", "Zoektermijn"]
    assert news.lines[1].detail == "Besluit genomen."  # the newest step of the pattern
    assert news.lines[1].meta[1] == "en 2 eerdere berichten"


def test_a_beslisvraag_passed_on_is_not_late_and_goes_once_decided_above(app, ladder, escalated):
    """The werktafel's beslisvraag went on to the bestuur: it is no longer late at the ambtelijke
    stuurgroep, and once the wethouder decided, the chair's 'sent up' block no longer lists it."""
    from learning.tables.escalation import DecisionInput, decide

    _pattern, request = escalated
    first = db.session.get(DecisionRequest, request.previous_id)
    first.due_on = today() - timedelta(days=10)  # the ambtelijke stuurgroep's term has passed
    db.session.flush()
    with app.test_request_context():
        sent = next(b for b in overview(ladder.chair).blocks if b.key == "beslisvragen-verstuurd")
    assert [line.late for line in sent.lines] == [False]
    assert sent.lines[0].meta == ["door Ambtelijke stuurgroep verder geëscaleerd"]

    decide(ladder.executive_chair, request, DecisionInput("Het college vergoedt vooraf."))
    with app.test_request_context():
        assert "beslisvragen-verstuurd" not in keys(ladder.chair)


def test_an_overdue_decision_action_shows_once_in_the_most_urgent_block(client, ladder, escalated):
    """The chair of the ambtelijke stuurgroep is also a manager and owns an overdue follow-up
    of the bestuur's decision: it is late at her table and her organisation's action, and her
    home lists it once, under the overdue actions of her tables."""
    _pattern, request = escalated
    bas = ladder.civil_chair
    bas.role_rows.append(UserRole(role="manager"))
    decision = decide(
        ladder.executive_chair,
        request,
        DecisionInput(
            "Het college vergoedt bewindvoering vooraf.",
            follow_up_table_id=ladder.ambtelijk.id,
            follow_ups=[ActionInput("Convenant met de bewindvoerders", bas.id, today())],
        ),
    )
    action = db.session.scalars(
        db.select(TableAction).where(TableAction.decision_id == decision.id)
    ).one()
    action.due_on = today() - timedelta(days=30)  # the convenant is not signed yet
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = bas.get_id()

    html = client.get("/").get_data(as_text=True)

    blocks = re.findall(r'<section[^>]* id="([a-z-]+)"(.*?)</section>', html, re.S)
    listing = [key for key, body in blocks if f"#actie-{action.id}" in body]
    assert listing == ["acties-over-tijd", "nieuw-voor-u"]  # and the unread message that asked
