"""Setting up the ladder: tables created, refused, deleted, locked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.errors import Conflict, DomainError, Forbidden
from learning.patterns.models import Pattern
from learning.tables import admin as table_admin
from learning.tables.admin import TableInput
from learning.tables.models import (
    TableKind,
)
from tests.factories import LearningTableFactory, UserFactory

# --- tables --------------------------------------------------------------------------------


def test_admin_sets_up_a_table_with_members_and_parent(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    table = table_admin.create_table(
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
        table_admin.create_table(admin, TableInput(name=name, kind=kind, parent_id=parent_id))


def test_a_table_cannot_stand_above_itself(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    data = TableInput(
        name=ladder.landelijk.name, kind=TableKind.NATIONAL, parent_id=ladder.landelijk.id
    )
    with pytest.raises(DomainError, match="boven zichzelf"):
        table_admin.update_table(admin, ladder.landelijk, data)


def test_only_the_programme_team_sets_up_tables(db, ladder):
    with pytest.raises(Forbidden):
        table_admin.create_table(ladder.chair, TableInput(name="X", kind=TableKind.WORK_TABLE))


def test_deleting_a_table_that_holds_patterns_is_refused_and_nothing_is_lost(db, pattern, ladder):
    admin = UserFactory(roles=["programme_admin"])
    with pytest.raises(DomainError, match="nog 1 patronen"):
        table_admin.delete_table(admin, ladder.werktafel)
    assert db.session.get(Pattern, pattern.id).table_id == ladder.werktafel.id


def test_deleting_a_table_with_tables_below_is_refused(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    with pytest.raises(DomainError, match="tafels onder"):
        table_admin.delete_table(admin, ladder.ambtelijk)


def test_an_empty_table_can_be_deleted(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    spare = LearningTableFactory(name="Reserve", parent=ladder.ambtelijk)
    table_admin.delete_table(admin, spare)
    assert db.session.get(type(spare), spare.id) is None


def test_stale_table_form_is_refused(db, ladder):
    admin = UserFactory(roles=["programme_admin"])
    data = TableInput(name="Werktafel Schulden 2", kind=TableKind.WORK_TABLE)
    with pytest.raises(Conflict):
        table_admin.update_table(admin, ladder.werktafel, data, ladder.werktafel.version + 1)
