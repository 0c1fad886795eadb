"""The ladder services: actions, closing, escalation, decisions, refusals, locking, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from learning.audit.models import AuditEntry
from learning.errors import Conflict, DomainError, Forbidden, IllegalTransition
from learning.mail.models import OutgoingMail
from learning.patterns.models import LearningOrder, Pattern, PatternEvent, PatternState
from learning.tables import services
from learning.tables.models import (
    ActionStatus,
    Decision,
    DecisionRequest,
    RequestStatus,
    TableAction,
    TableKind,
)
from learning.tables.services import ActionInput, DecisionInput, DossierInput, TableInput
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.factories import LearningTableFactory, UserFactory

S = PatternState


def _action(owner, days=42, what="Procedure bewindvoering herschrijven") -> ActionInput:
    return ActionInput(what=what, owner_id=owner.id, due_on=today() + timedelta(days=days))


def _dossier(question="Mag de gemeente bewindvoering vooraf vergoeden?") -> DossierInput:
    return DossierInput(
        question=question,
        options=["Vooraf vergoeden", "Niets doen"],
        tried="Maatwerk per gezin via de werktafel.",
        impact="Gemiddeld drie maanden extra schuldgroei.",
    )


def _events(pattern) -> list[str]:
    from learning.extensions import db

    return list(
        db.session.scalars(
            select(PatternEvent.kind)
            .where(PatternEvent.pattern_id == pattern.id)
            .order_by(PatternEvent.id)
        )
    )


# --- tables --------------------------------------------------------------------------------


def test_admin_sets_up_a_table_with_members_and_parent(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    table = services.create_table(
        admin,
        TableInput(
            name="Werktafel Jeugd",
            kind=TableKind.WORK_TABLE,
            domains=["jeugdwet"],
            chair_id=ladder.chair.id,
            parent_id=ladder.ambtelijk.id,
            member_ids=[ladder.member.id],
            organisation_ids=[ladder.gemeente.id],
        ),
    )
    assert table.parent == ladder.ambtelijk
    assert table.members == [ladder.member]
    assert table.organisations == [ladder.gemeente]
    assert (
        db.session.scalar(
            select(AuditEntry.action).where(AuditEntry.object_type == "LearningTable")
        )
        == "table.created"
    )


@pytest.mark.parametrize(
    ("name", "kind", "parent", "message"),
    [
        ("", TableKind.WORK_TABLE, None, "Geef de tafel een naam"),
        ("Werktafel Schulden", TableKind.WORK_TABLE, None, "bestaat al een tafel"),
        ("Nieuw", "onbekend", None, "Kies het soort tafel"),
        ("Nieuw", TableKind.NATIONAL, "werktafel", "hoger op de ladder"),
        ("Nieuw", TableKind.CIVIL_STEERING, "ambtelijk", "hoger op de ladder"),
    ],
)
def test_table_input_is_refused_with_a_dutch_message(db, ladder, name, kind, parent, message):
    admin = UserFactory(roles=["programme_admin"])
    parent_id = getattr(ladder, parent).id if parent else None
    with pytest.raises(DomainError, match=message):
        services.create_table(admin, TableInput(name=name, kind=kind, parent_id=parent_id))


def test_a_table_cannot_stand_above_itself(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    data = TableInput(
        name=ladder.landelijk.name, kind=TableKind.NATIONAL, parent_id=ladder.landelijk.id
    )
    with pytest.raises(DomainError, match="boven zichzelf"):
        services.update_table(admin, ladder.landelijk, data)


def test_only_the_programme_team_sets_up_tables(db, ladder):
    with pytest.raises(Forbidden):
        services.create_table(ladder.chair, TableInput(name="X", kind=TableKind.WORK_TABLE))


def test_deleting_a_table_that_holds_patterns_is_refused_and_nothing_is_lost(db, pattern, ladder):
    admin = UserFactory(roles=["programme_admin"])
    with pytest.raises(DomainError, match="nog 1 patronen"):
        services.delete_table(admin, ladder.werktafel)
    assert db.session.get(Pattern, pattern.id).table_id == ladder.werktafel.id


def test_deleting_a_table_with_tables_below_is_refused(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    with pytest.raises(DomainError, match="tafels onder"):
        services.delete_table(admin, ladder.ambtelijk)


def test_an_empty_table_can_be_deleted(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    spare = LearningTableFactory(name="Reserve", parent=ladder.ambtelijk)
    services.delete_table(admin, spare)
    assert db.session.get(type(spare), spare.id) is None


def test_stale_table_form_is_refused(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    data = TableInput(name="Werktafel Schulden 2", kind=TableKind.WORK_TABLE)
    with pytest.raises(Conflict):
        services.update_table(admin, ladder.werktafel, data, ladder.werktafel.version + 1)


# --- actions -------------------------------------------------------------------------------


def test_member_adds_an_action_reporters_hear_of_it_and_the_owner_gets_mail(
    db, pattern, ladder, mailbox
):
    action = services.add_action(ladder.member, pattern, _action(ladder.chair))
    commit()
    assert action.table == ladder.werktafel
    assert action.organisation == ladder.chair.primary_organisation
    assert _events(pattern)[-1] == "action"
    recipients = {m.to[0] for m in mailbox}
    assert ladder.chair.email in recipients  # the owner
    assert all(r.email in recipients for r in pattern_reporters(pattern))


def pattern_reporters(pattern):
    return [m.blockage.reporter for m in pattern.members]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"owner_id": None}, "Kies een eigenaar"),
        ({"due_on": None}, "Geef de actie een deadline"),
        ({"due_on": "past"}, "deadline ligt in het verleden"),
        ({"what": ""}, "Beschrijf wat er moet gebeuren"),
    ],
)
def test_bad_action_is_refused(db, pattern, ladder, change, message):
    data = _action(ladder.chair)
    for key, value in change.items():
        setattr(data, key, today() - timedelta(days=1) if value == "past" else value)
    with pytest.raises(DomainError, match=message):
        services.add_action(ladder.chair, pattern, data)
    assert db.session.scalar(select(TableAction.id)) is None


def test_a_user_of_another_organisation_cannot_add_or_edit_actions(db, pattern, ladder):
    outsider = UserFactory(roles=["chair"])
    with pytest.raises(Forbidden):
        services.add_action(outsider, pattern, _action(ladder.chair))
    action = services.add_action(ladder.chair, pattern, _action(ladder.member))
    with pytest.raises(Forbidden):
        services.update_action(outsider, action, "Ik doe het wel", ActionStatus.DONE)
    assert action.status == ActionStatus.OPEN


def test_the_owner_of_an_action_may_update_it_even_from_another_organisation(db, pattern, ladder):
    partner = UserFactory(name="Corporatie")
    action = services.add_action(ladder.chair, pattern, _action(partner))
    services.update_action(partner, action, "Besproken met het team", ActionStatus.OPEN)
    services.update_action(partner, action, "Nieuwe procedure staat", ActionStatus.DONE)
    assert [n.text for n in action.notes] == ["Besproken met het team", "Nieuwe procedure staat"]
    assert action.status == ActionStatus.DONE
    assert action.result == "Nieuwe procedure staat"
    assert _events(pattern)[-1] == "action_finished"


def test_a_stale_action_update_is_refused(db, pattern, ladder):
    action = services.add_action(ladder.chair, pattern, _action(ladder.member))
    with pytest.raises(Conflict):
        services.update_action(ladder.chair, action, "x" * 10, ActionStatus.DONE, 99)


def test_an_update_without_note_or_new_status_is_refused(db, pattern, ladder):
    action = services.add_action(ladder.chair, pattern, _action(ladder.member))
    with pytest.raises(DomainError, match="voortgangsnotitie"):
        services.update_action(ladder.chair, action, "", ActionStatus.OPEN)


# --- second order: close -------------------------------------------------------------------


def test_chair_closes_a_second_order_pattern_with_what_changed(db, pattern, ladder):
    from learning.tables.practices import record_practice

    practice = record_practice(
        ladder.chair, pattern, "Voorschot via bijzondere bijstand", "Vraag een voorschot aan " * 3
    )
    action = services.add_action(ladder.chair, pattern, _action(ladder.member))
    with pytest.raises(DomainError, match="nog 1 acties open"):
        services.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    services.update_action(ladder.member, action, "Klaar", ActionStatus.DONE)
    resolution = services.close_pattern(
        ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.", pattern.version
    )
    assert pattern.state == S.SOLVED
    assert resolution.change == "Vergoeding gaat voortaan vooraf."
    assert practice.is_retired  # a structural fix landed


def test_closing_needs_a_description_of_the_change(db, pattern, ladder):
    with pytest.raises(DomainError, match="veranderd"):
        services.close_pattern(ladder.chair, pattern, "ok")
    assert pattern.state == S.IN_PROGRESS


def test_only_the_chair_of_the_table_closes(db, pattern, ladder):
    with pytest.raises(Forbidden):
        services.close_pattern(ladder.member, pattern, "Vergoeding gaat voortaan vooraf.")


def test_evaluate_after_solved_only(db, pattern, ladder):
    with pytest.raises(IllegalTransition, match="In behandeling"):
        services.evaluate(ladder.chair, pattern, "Geen nieuwe meldingen meer.")
    services.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    services.evaluate(ladder.chair, pattern, "Geen nieuwe meldingen meer sinds de wijziging.")
    assert pattern.state == S.EVALUATED


# --- third order: escalation and decisions ---------------------------------------------------


def test_escalating_without_a_beslisvraag_is_refused_and_nothing_changes(db, pattern, ladder):
    with pytest.raises(DomainError, match="beslisvraag"):
        services.escalate(ladder.chair, pattern, _dossier(question="  "))
    assert pattern.state == S.IN_PROGRESS
    assert pattern.table == ladder.werktafel
    assert db.session.scalar(select(DecisionRequest.id)) is None


def test_escalation_lands_on_the_agenda_above_with_a_dossier(db, pattern, ladder, mailbox):
    request = services.escalate(ladder.chair, pattern, _dossier(), pattern.version)
    commit()
    assert pattern.state == S.ESCALATED
    assert pattern.order == LearningOrder.THIRD
    assert pattern.table == ladder.ambtelijk
    assert request.to_table == ladder.ambtelijk
    assert request.due_on == today() + timedelta(days=ladder.ambtelijk.decision_days)
    assert request.evidence["reports"] == 3
    assert len(request.evidence["organisations"]) == 3
    assert request.evidence["quotes"]
    assert [stop.table for stop in services.route(pattern)] == [ladder.werktafel, ladder.ambtelijk]
    assert any(m.to == [ladder.civil_chair.email] for m in mailbox)
    assert any("voorgelegd aan Ambtelijke stuurgroep" in m.body for m in mailbox)
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "pattern.transition")
    ).all()
    assert audit[-1].actor_id == ladder.chair.id
    assert audit[-1].details["to"] == S.ESCALATED


def test_a_table_without_a_table_above_cannot_escalate(db, ladder, reporters):
    from tests.tables.conftest import make_pattern

    top = LearningTableFactory(name="Losse tafel", chair=ladder.chair)
    pattern = make_pattern(top, reporters)
    from learning.patterns.services import confirm

    confirm(ladder.chair, pattern, pattern.title, "", "uitvoering", "third")
    with pytest.raises(DomainError, match="geen tafel erboven"):
        services.escalate(ladder.chair, pattern, _dossier())


def test_the_whole_ladder_up_and_a_decision_with_follow_up_below(db, pattern, ladder):
    services.add_action(ladder.chair, pattern, _action(ladder.member))
    first = services.escalate(ladder.chair, pattern, _dossier())
    with pytest.raises(Forbidden):  # the werktafel cannot decide for the stuurgroep
        services.decide(ladder.chair, first, DecisionInput(text="Wij besluiten zelf wel."))
    second = services.escalate(
        ladder.civil_chair, pattern, _dossier("Budget voor vooraf vergoeden vrijmaken?")
    )
    assert first.status == RequestStatus.FORWARDED
    assert second.previous_id == first.id
    assert pattern.table == ladder.bestuurlijk

    decision = services.decide(
        ladder.executive_chair,
        second,
        DecisionInput(
            text="Bewindvoering wordt vanaf 1 januari vooraf vergoed.",
            decided_by="Bestuurlijke stuurgroep, wethouder Zorg",
            follow_up_table_id=ladder.werktafel.id,
            follow_ups=[_action(ladder.member, what="Werkinstructie aanpassen")],
        ),
        pattern.version,
    )
    assert second.status == RequestStatus.DECIDED
    assert decision.decided_on == today()
    assert pattern.state == S.IMPLEMENTING
    assert pattern.table == ladder.werktafel
    follow_up = db.session.scalar(select(TableAction).where(TableAction.decision_id == decision.id))
    assert follow_up.table == ladder.werktafel
    assert [s.reason for s in services.route(pattern)] == [
        "taken_up",
        "escalated",
        "escalated",
        "follow_up",
    ]
    kinds = _events(pattern)
    assert kinds[-3:] == ["state:geescaleerd", "state:besluit", "state:in_uitvoering"]
    actions = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"decision_request.created", "decision.recorded", "pattern.transition"} <= actions


def test_a_decision_without_follow_up_then_an_action_starts_execution(db, pattern, ladder):
    request = services.escalate(ladder.chair, pattern, _dossier())
    services.decide(ladder.civil_chair, request, DecisionInput(text="Vooraf vergoeden, akkoord."))
    assert pattern.state == S.DECIDED
    services.add_action(ladder.civil_chair, pattern, _action(ladder.member))
    assert pattern.state == S.IMPLEMENTING


def test_follow_up_must_go_to_a_table_the_pattern_passed(db, pattern, ladder):
    request = services.escalate(ladder.chair, pattern, _dossier())
    other = LearningTableFactory(name="Werktafel Jeugd", parent=ladder.ambtelijk)
    data = DecisionInput(
        text="Vooraf vergoeden, akkoord.",
        follow_up_table_id=other.id,
        follow_ups=[_action(ladder.member)],
    )
    with pytest.raises(DomainError, match="uitvoert"):
        services.decide(ladder.civil_chair, request, data)


def test_a_decision_dated_in_the_future_is_refused(db, pattern, ladder):
    request = services.escalate(ladder.chair, pattern, _dossier())
    data = DecisionInput(text="Vooraf vergoeden.", decided_on=today() + timedelta(days=3))
    with pytest.raises(DomainError, match="toekomst"):
        services.decide(ladder.civil_chair, request, data)


def test_two_chairs_deciding_at_once_the_second_is_refused(db, pattern, ladder):
    request = services.escalate(ladder.chair, pattern, _dossier())
    shown_version = pattern.version  # both chairs opened the page at this version
    services.decide(
        ladder.civil_chair, request, DecisionInput(text="Eerste besluit: akkoord."), shown_version
    )
    with pytest.raises(Conflict):
        services.decide(
            ladder.civil_chair,
            request,
            DecisionInput(text="Tweede besluit: niet akkoord."),
            shown_version,
        )
    decisions = db.session.scalars(select(Decision.text)).all()
    assert decisions == ["Eerste besluit: akkoord."]


def test_a_concurrent_commit_by_another_chair_raises_no_lost_update(db, pattern, ladder):
    request = services.escalate(ladder.chair, pattern, _dossier())
    db.session.flush()
    # Another chair's transaction bumped the pattern after we loaded it.
    db.session.execute(
        update(Pattern).where(Pattern.id == pattern.id).values(version=Pattern.version + 1),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(StaleDataError):  # raised by the flush inside decide()
        services.decide(ladder.civil_chair, request, DecisionInput(text="Vooraf vergoeden."))


def test_send_back_returns_the_pattern_with_reasons(db, pattern, ladder):
    request = services.escalate(ladder.chair, pattern, _dossier())
    with pytest.raises(DomainError, match="waarom"):
        services.send_back(ladder.civil_chair, request, "")
    services.send_back(
        ladder.civil_chair, request, "Eerst de werkinstructie proberen aan te passen."
    )
    assert request.status == RequestStatus.RETURNED
    assert pattern.table == ladder.werktafel
    assert pattern.state == S.IN_PROGRESS


def test_send_back_from_the_top_puts_it_back_on_the_middle_agenda(db, pattern, ladder):
    first = services.escalate(ladder.chair, pattern, _dossier())
    second = services.escalate(ladder.civil_chair, pattern, _dossier("Budget vrijmaken?"))
    services.send_back(ladder.executive_chair, second, "Dit kan de ambtelijke stuurgroep zelf.")
    assert pattern.table == ladder.ambtelijk
    assert pattern.state == S.ESCALATED
    assert first.status == RequestStatus.OPEN
    services.decide(ladder.civil_chair, first, DecisionInput(text="Vooraf vergoeden, akkoord."))
    assert pattern.state == S.DECIDED


def test_an_answered_request_cannot_be_answered_again(db, pattern, ladder):
    request = services.escalate(ladder.chair, pattern, _dossier())
    services.send_back(ladder.civil_chair, request, "Eerst de werkinstructie aanpassen.")
    with pytest.raises(Conflict, match="al afgehandeld"):
        services.decide(ladder.civil_chair, request, DecisionInput(text="Toch besluiten."))


def test_illegal_transitions_are_refused_with_a_clear_message(db, pattern, ladder):
    services.escalate(ladder.chair, pattern, _dossier())
    with pytest.raises(Forbidden):
        services.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    with pytest.raises(IllegalTransition, match="Geëscaleerd"):
        services.close_pattern(ladder.civil_chair, pattern, "Vergoeding gaat voortaan vooraf.")
    with pytest.raises(DomainError, match="geen acties"):
        services.add_action(ladder.civil_chair, pattern, _action(ladder.member))


def test_escalating_an_unconfirmed_pattern_is_refused(db, ladder, reporters):
    from tests.tables.conftest import make_pattern

    pattern = make_pattern(ladder.werktafel, reporters)
    with pytest.raises(DomainError, match="Bevestig"):
        services.escalate(ladder.chair, pattern, _dossier())


def test_stale_escalation_form_is_refused(db, pattern, ladder):
    with pytest.raises(Conflict):
        services.escalate(ladder.chair, pattern, _dossier(), pattern.version - 1)
    assert (
        db.session.scalar(select(OutgoingMail.id).where(OutgoingMail.subject.like("Beslis%")))
        is None
    )
