"""Digest sections about learning tables: beslisvragen, decisions and their effect, overdue
actions."""

from __future__ import annotations

from datetime import date, timedelta

from learning.extensions import db
from learning.patterns.models import PatternState
from learning.tables.models import Decision, DecisionRequest, LearningTable, TableAction, TableKind
from tests.digests.builders import (
    IN_WINDOW,
    MONDAY,
    in_window,
    pattern,
    reports,
    sections,
    texts,
)
from tests.factories import UserFactory


def test_executive_sees_beslisvragen_waiting_for_them_and_decisions_with_effect(clock, db):
    executive = UserFactory(roles=["executive"])
    civil = LearningTable(name="Ambtelijke stuurgroep", kind=TableKind.CIVIL_STEERING)
    board = LearningTable(name="Bestuurlijke stuurgroep", kind=TableKind.EXECUTIVE_STEERING)
    board.members = [executive]
    db.session.add_all([civil, board])
    waiting = pattern("Kostendelersnorm", state=PatternState.ESCALATED)
    reports(waiting, 6)
    db.session.add(
        DecisionRequest(
            pattern_id=waiting.id,
            from_table=civil,
            to_table=board,
            question="Mag de kostendelersnorm tijdelijk buiten toepassing blijven?",
            due_on=date(2025, 3, 1),
            created_at=in_window(),
        )
    )
    decided = pattern("Beslagvrije voet", state=PatternState.DECIDED)
    reports(decided, 6, reported_on=date(2025, 1, 20))
    reports(decided, 1, reported_on=date(2025, 2, 20))
    request = DecisionRequest(
        pattern_id=decided.id,
        from_table=civil,
        to_table=board,
        question="Beslagvrije voet automatisch herberekenen?",
        due_on=date(2025, 3, 1),
        status="besloten",
    )
    db.session.add(request)
    db.session.flush()
    db.session.add(
        Decision(
            request_id=request.id,
            pattern_id=decided.id,
            table=board,
            text="Voortaan herberekent de gemeente de beslagvrije voet zelf.",
            decided_on=date(2025, 1, 24),  # its six weeks end on 7 March, in this window
            decided_by="Bestuurlijke stuurgroep",
        )
    )
    db.session.flush()

    found = sections(executive)

    awaiting = texts(found["awaiting_decision"])
    assert "Kostendelersnorm" in awaiting
    assert "Mag de kostendelersnorm" in awaiting
    assert "termijn verstreken" in awaiting
    effect = texts(found["decisions"])
    assert "Beslagvrije voet" in effect
    assert "zes weken later" in effect
    assert "6 meldingen in de zes weken ervoor, < 5 in de 42 dagen erna" in effect


def test_overdue_actions_for_the_chair_of_the_table(clock, table):
    owner = UserFactory(name="Eigenaar Actie")
    fixed = pattern("Procedure", state=PatternState.IN_PROGRESS, table=table)
    db.session.add_all(
        [
            TableAction(
                pattern_id=fixed.id,
                table_id=table.id,
                what="Werkinstructie aanpassen",
                owner_id=owner.id,
                due_on=IN_WINDOW,
            ),
            TableAction(
                pattern_id=fixed.id,
                table_id=table.id,
                what="Nog niet verlopen",
                owner_id=owner.id,
                due_on=date(2025, 4, 1),
            ),
        ]
    )
    db.session.flush()

    overdue = texts(sections(table.chair)["overdue_actions"])

    assert "Werkinstructie aanpassen" in overdue
    assert "eigenaar: Eigenaar Actie" in overdue
    assert "5 dagen over tijd" in overdue
    assert "Nog niet verlopen" not in overdue


def test_a_decision_taken_on_the_day_of_sending_is_in_that_digest(clock, db):
    chair = UserFactory(roles=["chair", "manager"], name="Bas")
    civil = LearningTable(name="Ambtelijke stuurgroep", kind=TableKind.CIVIL_STEERING, chair=chair)
    work = LearningTable(name="Werktafel Jeugd", kind=TableKind.WORK_TABLE)
    db.session.add_all([civil, work])
    decided = pattern("Zoektermijn jongeren", state=PatternState.DECIDED, table=civil)
    reports(decided, 5, reported_on=date(2025, 2, 1))
    request = DecisionRequest(
        pattern_id=decided.id,
        from_table=work,
        to_table=civil,
        question="Mag de zoektermijn vervallen?",
        due_on=date(2025, 4, 1),
        status="besloten",
    )
    db.session.add(request)
    db.session.flush()
    db.session.add(
        Decision(
            request_id=request.id,
            pattern_id=decided.id,
            table=civil,
            text="De zoektermijn vervalt voor jongeren tot 27 jaar.",
            decided_on=MONDAY.date(),
            decided_by="Ambtelijke stuurgroep",
            created_at=MONDAY - timedelta(minutes=30),  # before the digest goes out
        )
    )
    db.session.flush()

    found = texts(sections(chair)["decisions"])

    assert "Zoektermijn jongeren" in found
    assert "De zoektermijn vervalt" in found
    assert "het effect volgt" in found
    assert "zes weken later" not in found
