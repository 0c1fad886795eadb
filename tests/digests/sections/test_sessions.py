"""Digest sections about leersessies: dilemmas passed up to the recipient's level, overdue
afspraken of their series."""

from __future__ import annotations

from datetime import date

from learning.extensions import db
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    ItemKind,
    ItemSource,
    SeriesMembership,
    SessionLevel,
    SessionSeries,
)
from tests.digests.builders import IN_WINDOW, in_window, sections, texts
from tests.factories import UserFactory


def _series(name: str, level: SessionLevel, members=()) -> SessionSeries:
    series = SessionSeries(
        name=name, level=level, memberships=[SeriesMembership(user=u) for u in members]
    )
    db.session.add(series)
    db.session.flush()
    return series


def test_a_manager_sees_dilemmas_passed_up_to_the_management_level(clock, manager):
    management = _series("Leersessie managers", SessionLevel.MANAGEMENT)
    board = _series("Leersessie bestuur", SessionLevel.BESTUUR)
    db.session.add_all(
        [
            AgendaItem(
                series_id=management.id,
                kind=ItemKind.DILEMMA,
                source=ItemSource.ESCALATED,
                title="Huisbezoek zonder indicatie",
                created_at=in_window(),
            ),
            AgendaItem(
                series_id=board.id,
                kind=ItemKind.DILEMMA,
                source=ItemSource.ESCALATED,
                title="Voor het bestuur",
                created_at=in_window(),
            ),
        ]
    )
    db.session.flush()

    dilemmas = texts(sections(manager)["dilemmas"])

    assert "Huisbezoek zonder indicatie" in dilemmas
    assert "voor Leersessie managers" in dilemmas
    assert "Voor het bestuur" not in dilemmas


def test_overdue_afspraken_of_the_recipients_series(clock, manager):
    owner = UserFactory(name="Eigenaar Afspraak")
    ours = _series("Leersessie managers", SessionLevel.MANAGEMENT, members=[manager])
    other = _series("Leersessie elders", SessionLevel.MANAGEMENT)
    for series, what in ((ours, "Casusoverleg plannen"), (other, "Niet van ons")):
        item = AgendaItem(series_id=series.id, kind=ItemKind.DILEMMA, title="Punt")
        db.session.add(item)
        db.session.flush()
        db.session.add(
            Agreement(
                item_id=item.id, series_id=series.id, what=what, owner_id=owner.id, due_on=IN_WINDOW
            )
        )
    db.session.add(
        Agreement(
            item_id=item.id,
            series_id=ours.id,
            what="Nog niet verlopen",
            owner_id=owner.id,
            due_on=date(2025, 4, 1),
        )
    )
    db.session.flush()

    overdue = texts(sections(manager)["overdue_agreements"])

    assert "Casusoverleg plannen" in overdue
    assert "afspraak van Leersessie managers" in overdue
    assert "eigenaar: Eigenaar Afspraak" in overdue
    assert "5 dagen over tijd" in overdue
    assert "Niet van ons" not in overdue
    assert "Nog niet verlopen" not in overdue
