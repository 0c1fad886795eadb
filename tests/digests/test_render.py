"""A digest's subject says what is inside; its role lines name the tables the reader runs."""

from __future__ import annotations

from datetime import date

from learning.digests.builder import build_content
from learning.digests.render import digest_context, subject_for
from learning.extensions import db
from learning.patterns.models import PatternState
from learning.tables.models import DecisionRequest, LearningTable, TableKind
from tests.digests.builders import PERIOD, event, in_window, pattern, reports
from tests.factories import UserFactory


def _board(executive) -> tuple[LearningTable, LearningTable]:
    civil = LearningTable(name="Ambtelijke stuurgroep Maasdal", kind=TableKind.CIVIL_STEERING)
    board = LearningTable(
        name="Bestuurlijke stuurgroep Maasdal", kind=TableKind.EXECUTIVE_STEERING, chair=executive
    )
    db.session.add_all([civil, board])
    db.session.flush()
    return civil, board


def test_the_subject_names_what_waits_and_what_is_new(clock, db):
    executive = UserFactory(roles=["executive"])
    civil, board = _board(executive)
    waiting = pattern("Zoektermijn jongeren", state=PatternState.ESCALATED)
    reports(waiting, 6)
    db.session.add(
        DecisionRequest(
            pattern_id=waiting.id,
            from_table=civil,
            to_table=board,
            question="Mag de zoektermijn vervallen?",
            due_on=date(2025, 4, 1),
        )
    )
    for title in ("Kostendelersnorm", "Beslagvrije voet"):
        made = pattern(title)
        reports(made, 5)
        event(made, "state:nieuw", in_window())

    content = build_content(executive, PERIOD)

    assert subject_for(content) == (
        "Leernetwerk-digest week 11: 1 besluit nodig, 2 nieuwe patronen"
    )


def test_an_empty_digest_says_so_in_the_subject(clock, executive):
    assert subject_for(build_content(executive, PERIOD)) == (
        "Leernetwerk-digest week 11: niets nieuws"
    )


def test_a_wethouder_chairing_the_board_is_not_called_chair_of_a_werktafel(clock, db):
    wethouder = UserFactory(roles=["executive"])
    _board(wethouder)

    roles = build_content(wethouder, PERIOD).roles

    assert roles == ["bestuurder", "voorzitter van Bestuurlijke stuurgroep Maasdal"]
    assert "voorzitter van een werktafel" not in roles


def test_a_manager_chairing_the_civil_steering_group_reads_as_both(clock, db):
    bas = UserFactory(roles=["chair", "manager"])
    db.session.add(
        LearningTable(name="Ambtelijke stuurgroep", kind=TableKind.CIVIL_STEERING, chair=bas)
    )
    db.session.flush()

    context = digest_context(build_content(bas, PERIOD))

    assert context["roles"] == ["manager", "voorzitter van Ambtelijke stuurgroep"]


def test_the_programme_team_reads_as_programme_team(clock, db):
    admin = UserFactory(roles=["programme_admin"])
    assert build_content(admin, PERIOD).roles == ["programmateam"]
