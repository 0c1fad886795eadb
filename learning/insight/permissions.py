"""Who sees which insight figures: everyone the network's totals, per table only its people."""

from __future__ import annotations

from sqlalchemy import or_, select

from learning.accounts.models import Role, User
from learning.extensions import db
from learning.tables.models import LearningTable, table_members

# Roles that steer the whole network and so see every table's figures.
NETWORK_ROLES = (Role.EXECUTIVE, Role.MANAGER)


def can_view_insight(user: User) -> bool:
    """Every signed-in user: the figures are aggregates with small counts suppressed."""
    return bool(user.is_authenticated and user.is_active)


def visible_table_ids(user: User) -> set[int] | None:
    """The tables whose own figures the user may see; None means every table.

    Programme team, managers and bestuurders steer the whole network; anyone else sees the
    tables they chair, keep the minutes of, or are a named member of.
    """
    if user.has_role(*NETWORK_ROLES):
        return None
    members = select(table_members.c.table_id).where(table_members.c.user_id == user.id)
    return set(
        db.session.scalars(
            select(LearningTable.id).where(
                or_(
                    LearningTable.chair_id == user.id,
                    LearningTable.secretary_id == user.id,
                    LearningTable.id.in_(members),
                )
            )
        )
    )
