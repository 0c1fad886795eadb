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


def is_member(user: User, table: LearningTable | None) -> bool:
    """Named as a member of the table (the table's organisations do not make one a member)."""
    return table is not None and user.id in {m.id for m in table.members}


def can_work_at(user: User, table: LearningTable | None) -> bool:
    """Chair, secretary and the table's explicit members: actions of the table.

    Not everyone of a member organisation: a table lists whole organisations, and their
    directors and professionals do not work at it (security probe M2).
    """
    return can_run(user, table) or is_member(user, table)


def can_decide(user: User, table: LearningTable | None) -> bool:
    """Who answers a beslisvraag put to `table`: its chair, secretary and members."""
    return can_work_at(user, table)


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
