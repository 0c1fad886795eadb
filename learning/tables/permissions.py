"""Who may do what at a learning table: boolean predicates for services (via `require`), pages."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns.models import Pattern, PatternMember
from learning.tables.models import LearningTable, TableAction


def can_set_up_tables(user: User) -> bool:
    """Only the programme team sets up, changes and removes tables."""
    return user.is_admin


def can_run(user: User, table: LearningTable | None) -> bool:
    """Chair, secretary or programme team of the table: triage, escalate, decide, close."""
    return table is not None and table.is_run_by(user)


def can_work_at(user: User, table: LearningTable | None) -> bool:
    """Chair, secretary, members, and people of the member organisations work at a table."""
    if table is None:
        return False
    if can_run(user, table) or user.id in {m.id for m in table.members}:
        return True
    return bool(user.organisation_ids & {o.id for o in table.organisations})


def can_update_action(user: User, action: TableAction) -> bool:
    """The owner of an action, or someone who works at its table."""
    return action.owner_id == user.id or can_work_at(user, action.table)


def _reported_in(user: User, pattern: Pattern) -> bool:
    return bool(
        db.session.scalar(
            select(PatternMember.id)
            .join(Blockage, Blockage.id == PatternMember.blockage_id)
            .where(PatternMember.pattern_id == pattern.id, Blockage.reporter_id == user.id)
            .limit(1)
        )
    )


def can_record_practice(user: User, pattern: Pattern) -> bool:
    """The table that holds the pattern, or a professional whose knelpunt is in it."""
    return can_run(user, pattern.table) or user.is_admin or _reported_in(user, pattern)
