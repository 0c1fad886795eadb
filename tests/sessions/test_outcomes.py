"""Outcomes: escalation up the ladder, answers flowing down, system knelpunten."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.blockages.models import Blockage
from learning.blockages.services import PersonalDataFound
from learning.errors import DomainError, Forbidden
from learning.extensions import db
from learning.patterns.models import Endorsement, Pattern, PatternState
from learning.sessions import agenda, agreements, outcomes, queries
from learning.sessions.models import (
    AgendaItem,
    ItemKind,
    ItemSource,
    ItemStatus,
    Outcome,
)
from tests.factories import UserFactory
from tests.sessions.builders import dilemma, escalate, mails_to, solved


def test_escalated_dilemma_appears_on_the_managers_agenda_with_the_notes(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    upper = outcomes.escalate_item(ladder.aanjager, item, "Wij kunnen de volgorde niet wijzigen.")
    assert item.outcome == Outcome.ESCALATED
    assert item.is_handled
    assert upper.meeting is ladder.m_meeting
    assert upper.source == ItemSource.ESCALATED
    assert upper.status == ItemStatus.ACCEPTED
    assert upper.escalated_from is item
    assert queries.chain(upper) == [item, upper]
    assert "Managers Oss" in item.outcome_summary
    [mail] = mails_to(ladder.professional)
    assert "doorgezet" in mail.subject


def test_escalation_needs_notes_and_a_level_above(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    with pytest.raises(DomainError, match="wat dit niveau heeft besproken"):
        outcomes.escalate_item(ladder.aanjager, item, "  ")
    ladder.management.level = "bestuur"  # no management series left
    with pytest.raises(DomainError, match="geen leersessiereeks op niveau Management"):
        outcomes.escalate_item(ladder.aanjager, item, "Notities")
    assert not item.is_handled  # nothing lost


def test_escalating_from_the_top_is_refused_towards_the_national_dossier(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    top = escalate(ladder, item)
    assert top.series is ladder.bestuur
    assert top.meeting is ladder.b_meeting
    with pytest.raises(DomainError, match="landelijk dossier"):
        outcomes.escalate_item(ladder.chair, top, "Kan niet hier")
    assert not top.is_handled


def test_solved_at_the_top_flows_back_down_to_every_level_and_the_professional(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    top = escalate(ladder, item)
    [agreement] = outcomes.solve_item(
        ladder.chair,
        top,
        "Bestuurders besluiten",
        "Eén loket voor schuldhulp en Wmo",
        [agreements.AgreementInput("Convenant opstellen", ladder.executive.id)],
    )
    assert agreement.due_on == date(2025, 3, 3) + timedelta(weeks=6)
    assert top.outcome == Outcome.SOLVED
    assert item.answered_at is not None
    assert item.escalated_to.answered_at is not None
    feedback = [i for i in db.session.scalars(select(AgendaItem)) if i.kind == ItemKind.FEEDBACK]
    assert {f.series_id for f in feedback} == {ladder.uitvoering.id, ladder.management.id}
    assert all(f.answer_item is top for f in feedback)
    assert queries.final_step(item) is top
    answered = [m for m in mails_to(ladder.professional) if "Antwoord" in m.subject]
    assert len(answered) == 1
    assert "Convenant opstellen" in answered[0].body_text
    assert any("Nieuwe afspraak" in m.subject for m in mails_to(ladder.executive))


def test_solving_needs_an_afspraak_with_an_active_owner_and_a_future_date(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    with pytest.raises(DomainError, match="minstens één afspraak"):
        outcomes.solve_item(ladder.aanjager, item, "", "", [])
    gone = UserFactory(active=False)
    with pytest.raises(DomainError, match="actieve gebruiker"):
        outcomes.record_outcome(ladder.aanjager, item, solved(gone))
    with pytest.raises(DomainError, match="verleden"):
        outcomes.record_outcome(
            ladder.aanjager, item, solved(ladder.colleague, due_on=date(2025, 1, 1))
        )
    with pytest.raises(DomainError, match="uitkomst"):
        outcomes.record_outcome(ladder.aanjager, item, outcomes.OutcomeInput(outcome="weg"))


def test_notes_and_agreements_are_masked(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    outcomes.record_outcome(
        ladder.aanjager,
        item,
        outcomes.OutcomeInput(
            outcome=Outcome.SOLVED,
            notes="Gebeld met 0612345678",
            agreements=[
                agreements.AgreementInput("Mail naar a.b@example.org", ladder.colleague.id)
            ],
        ),
    )
    assert "0612345678" not in item.notes
    assert "example.org" not in item.agreements[0].what


def test_system_knelpunt_creates_a_knelpunt_for_the_learning_tables(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    outcomes.mark_system_blockage(ladder.aanjager, item, "Speelt in de hele wijk", domains=["wmo"])
    blockage = item.blockage
    assert isinstance(blockage, Blockage)
    assert blockage.reporter_id == ladder.aanjager.id
    assert blockage.domains == ["wmo"]
    assert "Speelt in de hele wijk" in blockage.description
    assert item.outcome == Outcome.SYSTEM
    with pytest.raises(DomainError, match="al behandeld"):
        outcomes.mark_discussed(ladder.aanjager, item)


def test_system_knelpunt_can_link_an_existing_pattern_instead(ladder, db):
    pattern = Pattern(title="Wachttijd Wmo", state=PatternState.NEW)
    db.session.add(pattern)
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    outcomes.record_outcome(
        ladder.aanjager, item, outcomes.OutcomeInput(outcome=Outcome.SYSTEM, pattern_id=pattern.id)
    )
    assert item.pattern is pattern
    assert item.blockage is None
    assert db.session.scalar(
        select(Endorsement).where(
            Endorsement.pattern_id == pattern.id, Endorsement.user_id == ladder.aanjager.id
        )
    )


def test_bestuurder_puts_a_system_knelpunt_on_the_agenda_as_third_order_pattern(ladder):
    item = outcomes.put_system_blockage_on_agenda(
        ladder.executive,
        ladder.bestuur,
        outcomes.SystemBlockageInput(
            title="Kostendelersnorm remt mantelzorg",
            description="Inwonende mantelzorgers verlagen de uitkering; gezinnen splitsen op.",
            domains=["participatiewet"],
        ),
    )
    assert item.kind == ItemKind.SYSTEM
    assert item.source == ItemSource.EXECUTIVE
    assert item.meeting is ladder.b_meeting
    pattern = item.pattern
    assert pattern.order == "third"
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.table is ladder.steering
    assert pattern.title == "Kostendelersnorm remt mantelzorg"
    assert [b.id for b in pattern.blockages] == [item.blockage_id]


def test_bestuurders_agenderen_only_at_bestuur_level_and_with_the_guard(ladder, db):
    data = outcomes.SystemBlockageInput(
        title="Titel", description="BSN 111222333 ergens in de tekst", domains=["wmo"]
    )
    with pytest.raises(DomainError, match="bestuurlijke leersessie"):
        outcomes.put_system_blockage_on_agenda(ladder.executive, ladder.management, data)
    with pytest.raises(Forbidden):
        outcomes.put_system_blockage_on_agenda(ladder.professional, ladder.bestuur, data)
    with pytest.raises(PersonalDataFound):
        outcomes.put_system_blockage_on_agenda(ladder.executive, ladder.bestuur, data)
    db.session.delete(ladder.steering)
    db.session.flush()
    with pytest.raises(DomainError, match="nog geen bestuurlijke stuurgroep"):
        outcomes.put_system_blockage_on_agenda(ladder.executive, ladder.bestuur, data)


def test_every_change_is_audited(ladder, db):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    outcomes.escalate_item(ladder.aanjager, item, "Notities")
    actions = set(
        db.session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.object_type == "AgendaItem", AuditEntry.object_id == item.id
            )
        )
    )
    assert {"agenda_item.submitted", "agenda_item.decided", "agenda_item.escalated"} <= actions
