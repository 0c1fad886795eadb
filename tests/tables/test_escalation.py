"""Third order: escalation with a dossier, decisions, sending back, refusals, locking, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from learning.audit.models import AuditEntry
from learning.errors import Conflict, DomainError, Forbidden, IllegalTransition
from learning.notifications.models import NotificationKind
from learning.patterns.models import LearningOrder, Pattern, PatternState
from learning.tables import actions, escalation, resolution, routing
from learning.tables.escalation import DecisionInput
from learning.tables.models import (
    Decision,
    DecisionRequest,
    RequestStatus,
    TableAction,
)
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.factories import LearningTableFactory
from tests.tables.helpers import action_input, dossier_input, event_kinds, notified, notified_of

# --- third order: escalation and decisions ---------------------------------------------------


def test_escalating_without_a_beslisvraag_is_refused_and_nothing_changes(db, pattern, ladder):
    with pytest.raises(DomainError, match="beslisvraag"):
        escalation.escalate(ladder.chair, pattern, dossier_input(question="  "))
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.table == ladder.werktafel
    assert db.session.scalar(select(DecisionRequest.id)) is None


def test_escalation_lands_on_the_agenda_above_with_a_dossier(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input(), pattern.version)
    commit()
    assert pattern.state == PatternState.ESCALATED
    assert pattern.order == LearningOrder.THIRD
    assert pattern.table == ladder.ambtelijk
    assert request.to_table == ladder.ambtelijk
    assert request.due_on == today() + timedelta(days=ladder.ambtelijk.decision_days)
    assert request.evidence["reports"] == 3
    assert len(request.evidence["organisations"]) == 3
    assert request.evidence["quotes"]
    assert [stop.table for stop in routing.route(pattern)] == [ladder.werktafel, ladder.ambtelijk]
    (asked,) = notified_of(ladder.civil_chair, NotificationKind.DECISION_REQUESTED)
    assert asked.link == f"/tafels/beslisvragen/{request.id}#beslissen"
    reporter = pattern.members[0].blockage.reporter
    assert any("voorgelegd aan Ambtelijke stuurgroep" in text for text in notified(reporter))
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "pattern.transition")
    ).all()
    assert audit[-1].actor_id == ladder.chair.id
    assert audit[-1].details["to"] == PatternState.ESCALATED


def test_a_table_without_a_table_above_cannot_escalate(db, ladder, reporters):
    from tests.tables.conftest import make_pattern

    top = LearningTableFactory(name="Losse tafel", chair=ladder.chair)
    pattern = make_pattern(top, reporters)
    from learning.patterns.triage import confirm

    confirm(ladder.chair, pattern, pattern.title, "", "uitvoering", "third")
    with pytest.raises(DomainError, match="geen tafel erboven"):
        escalation.escalate(ladder.chair, pattern, dossier_input())


def test_the_whole_ladder_up_and_a_decision_with_follow_up_below(db, pattern, ladder):
    actions.add_action(ladder.chair, pattern, action_input(ladder.member))
    first = escalation.escalate(ladder.chair, pattern, dossier_input())
    with pytest.raises(Forbidden):  # the werktafel cannot decide for the stuurgroep
        escalation.decide(ladder.chair, first, DecisionInput(text="Wij besluiten zelf wel."))
    second = escalation.escalate(
        ladder.civil_chair, pattern, dossier_input("Budget voor vooraf vergoeden vrijmaken?")
    )
    assert first.status == RequestStatus.FORWARDED
    assert second.previous_id == first.id
    assert pattern.table == ladder.bestuurlijk

    decision = escalation.decide(
        ladder.executive_chair,
        second,
        DecisionInput(
            text="Bewindvoering wordt vanaf 1 januari vooraf vergoed.",
            decided_by="Bestuurlijke stuurgroep, wethouder Zorg",
            follow_up_table_id=ladder.werktafel.id,
            follow_ups=[action_input(ladder.member, what="Werkinstructie aanpassen")],
        ),
        pattern.version,
    )
    assert second.status == RequestStatus.DECIDED
    assert decision.decided_on == today()
    assert pattern.state == PatternState.IMPLEMENTING
    assert pattern.table == ladder.werktafel
    follow_up = db.session.scalar(select(TableAction).where(TableAction.decision_id == decision.id))
    assert follow_up.table == ladder.werktafel
    assert [s.reason for s in routing.route(pattern)] == [
        "taken_up",
        "escalated",
        "escalated",
        "follow_up",
    ]
    kinds = event_kinds(pattern)
    assert kinds[-3:] == ["state:geescaleerd", "state:besluit", "state:in_uitvoering"]
    audited = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"decision_request.created", "decision.recorded", "pattern.transition"} <= audited


def test_a_decision_without_follow_up_then_an_action_starts_execution(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    escalation.decide(ladder.civil_chair, request, DecisionInput(text="Vooraf vergoeden, akkoord."))
    assert pattern.state == PatternState.DECIDED
    actions.add_action(ladder.civil_chair, pattern, action_input(ladder.member))
    assert pattern.state == PatternState.IMPLEMENTING


def test_follow_up_must_go_to_a_table_the_pattern_passed(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    other = LearningTableFactory(name="Werktafel Jeugd", parent=ladder.ambtelijk)
    data = DecisionInput(
        text="Vooraf vergoeden, akkoord.",
        follow_up_table_id=other.id,
        follow_ups=[action_input(ladder.member)],
    )
    with pytest.raises(DomainError, match="uitvoert"):
        escalation.decide(ladder.civil_chair, request, data)


def test_a_decision_dated_in_the_future_is_refused(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    data = DecisionInput(text="Vooraf vergoeden.", decided_on=today() + timedelta(days=3))
    with pytest.raises(DomainError, match="toekomst"):
        escalation.decide(ladder.civil_chair, request, data)


def test_two_chairs_deciding_at_once_the_second_is_refused(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    shown_version = pattern.version  # both chairs opened the page at this version
    escalation.decide(
        ladder.civil_chair, request, DecisionInput(text="Eerste besluit: akkoord."), shown_version
    )
    with pytest.raises(Conflict):
        escalation.decide(
            ladder.civil_chair,
            request,
            DecisionInput(text="Tweede besluit: niet akkoord."),
            shown_version,
        )
    decisions = db.session.scalars(select(Decision.text)).all()
    assert decisions == ["Eerste besluit: akkoord."]


def test_a_concurrent_commit_by_another_chair_raises_no_lost_update(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    db.session.flush()
    # Another chair's transaction bumped the pattern after we loaded it.
    db.session.execute(
        update(Pattern).where(Pattern.id == pattern.id).values(version=Pattern.version + 1),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(StaleDataError):  # raised by the flush inside decide()
        escalation.decide(ladder.civil_chair, request, DecisionInput(text="Vooraf vergoeden."))


def test_send_back_returns_the_pattern_with_reasons(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    with pytest.raises(DomainError, match="waarom"):
        escalation.send_back(ladder.civil_chair, request, "")
    escalation.send_back(
        ladder.civil_chair, request, "Eerst de werkinstructie proberen aan te passen."
    )
    assert request.status == RequestStatus.RETURNED
    assert pattern.table == ladder.werktafel
    assert pattern.state == PatternState.IN_PROGRESS


def test_send_back_from_the_top_puts_it_back_on_the_middle_agenda(db, pattern, ladder):
    first = escalation.escalate(ladder.chair, pattern, dossier_input())
    second = escalation.escalate(ladder.civil_chair, pattern, dossier_input("Budget vrijmaken?"))
    escalation.send_back(ladder.executive_chair, second, "Dit kan de ambtelijke stuurgroep zelf.")
    assert pattern.table == ladder.ambtelijk
    assert pattern.state == PatternState.ESCALATED
    assert first.status == RequestStatus.OPEN
    escalation.decide(ladder.civil_chair, first, DecisionInput(text="Vooraf vergoeden, akkoord."))
    assert pattern.state == PatternState.DECIDED


def test_an_answered_request_cannot_be_answered_again(db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    escalation.send_back(ladder.civil_chair, request, "Eerst de werkinstructie aanpassen.")
    with pytest.raises(Conflict, match="al afgehandeld"):
        escalation.decide(ladder.civil_chair, request, DecisionInput(text="Toch besluiten."))


def test_illegal_transitions_are_refused_with_a_clear_message(db, pattern, ladder):
    escalation.escalate(ladder.chair, pattern, dossier_input())
    with pytest.raises(Forbidden):
        resolution.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    with pytest.raises(IllegalTransition, match="Geëscaleerd"):
        resolution.close_pattern(ladder.civil_chair, pattern, "Vergoeding gaat voortaan vooraf.")
    with pytest.raises(DomainError, match="geen acties"):
        actions.add_action(ladder.civil_chair, pattern, action_input(ladder.member))


def test_escalating_an_unconfirmed_pattern_is_refused(db, ladder, reporters):
    from tests.tables.conftest import make_pattern

    pattern = make_pattern(ladder.werktafel, reporters)
    with pytest.raises(DomainError, match="Bevestig"):
        escalation.escalate(ladder.chair, pattern, dossier_input())


def test_stale_escalation_form_is_refused(db, pattern, ladder):
    with pytest.raises(Conflict):
        escalation.escalate(ladder.chair, pattern, dossier_input(), pattern.version - 1)
    assert notified_of(ladder.civil_chair, NotificationKind.DECISION_REQUESTED) == []
