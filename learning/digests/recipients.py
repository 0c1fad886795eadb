"""Who gets a digest, written for which roles, and what each recipient may see (their scope)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import false, literal, null, or_, select, union_all
from sqlalchemy.orm import joinedload

from learning.accounts.models import Role, User
from learning.digests.content import AUDIENCE_LABELS, ROLE_AT_TABLE, Audience, Scope, TableRole
from learning.digests.models import DigestOptIn
from learning.extensions import db
from learning.sessions.models import series_members
from learning.tables.models import LearningTable, table_members, table_organisations


def audiences(
    user: User, opted_in: bool | None = None, runs_table: bool | None = None
) -> list[Audience]:
    """The roles a digest is written for; empty when the user gets no digest.

    `opted_in` and `runs_table` can be passed in when the caller loaded them for many users.
    """
    roles = user.roles
    found = []
    if roles & {Role.EXECUTIVE, Role.PROGRAMME_ADMIN}:
        found.append(Audience.EXECUTIVE)
    if Role.MANAGER in roles:
        found.append(Audience.MANAGER)
    if runs_table is None:
        runs_table = user.id in table_runner_ids([user.id])
    if Role.CHAIR in roles or runs_table:
        found.append(Audience.CHAIR)
    if opted_in is None:
        opted_in = user.id in opted_in_ids([user.id])
    if opted_in:
        found.append(Audience.PROFESSIONAL)
    return found


def opted_in_ids(user_ids: Iterable[int]) -> set[int]:
    ids = list(user_ids)
    return set(db.session.scalars(select(DigestOptIn.user_id).where(DigestOptIn.user_id.in_(ids))))


def table_runner_ids(user_ids: Iterable[int]) -> set[int]:
    ids = list(user_ids)
    rows = db.session.execute(
        select(LearningTable.chair_id, LearningTable.secretary_id).where(
            or_(LearningTable.chair_id.in_(ids), LearningTable.secretary_id.in_(ids))
        )
    )
    return {user_id for row in rows for user_id in row if user_id in ids}


def load_recipient(user_id: int) -> User | None:
    """The user with roles and organisations, in one query."""
    return (
        db.session.execute(
            select(User)
            .options(joinedload(User.role_rows), joinedload(User.organisations))
            .where(User.id == user_id)
        )
        .unique()
        .scalar_one_or_none()
    )


def recipient_scope(user: User) -> tuple[list[Audience], Scope]:
    """The roles a digest is written for and the data it may show, in one query."""
    organisation_ids = frozenset(user.organisation_ids)
    seated = select(table_members.c.table_id).where(table_members.c.user_id == user.id)
    tables = select(
        literal("table").label("what"),
        LearningTable.id,
        LearningTable.chair_id,
        LearningTable.secretary_id,
        LearningTable.id.in_(seated).label("seated"),
        LearningTable.name,
    ).where(
        or_(
            LearningTable.chair_id == user.id,
            LearningTable.secretary_id == user.id,
            LearningTable.id.in_(seated),
            LearningTable.id.in_(
                select(table_organisations.c.table_id).where(
                    table_organisations.c.organisation_id.in_(organisation_ids)
                )
            ),
        )
    )
    nothing = (null(), null(), false(), null())  # the table columns
    opt_in = select(literal("opt_in"), DigestOptIn.user_id, *nothing).where(
        DigestOptIn.user_id == user.id
    )
    series = select(literal("series"), series_members.c.series_id, *nothing).where(
        series_members.c.user_id == user.id
    )
    rows = db.session.execute(union_all(tables, opt_in, series)).all()
    table_rows = [r for r in rows if r.what == "table"]
    run = frozenset(r.id for r in table_rows if user.id in {r.chair_id, r.secretary_id})
    opted_in = any(r.what == "opt_in" for r in rows)
    found = audiences(user, opted_in=opted_in, runs_table=bool(run))
    scope = Scope(
        network=Audience.EXECUTIVE in found,
        organisation_ids=organisation_ids,
        table_ids=frozenset(r.id for r in table_rows),
        seat_table_ids=run | frozenset(r.id for r in table_rows if r.seated),
        run_table_ids=run,
        series_ids=frozenset(r.id for r in rows if r.what == "series"),
        run_tables=tuple(
            sorted(
                (TableRole.CHAIR if r.chair_id == user.id else TableRole.SECRETARY, r.name)
                for r in table_rows
                if r.id in run
            )
        ),
    )
    return found, scope


def role_lines(user: User, found: list[Audience], scope: Scope) -> list[str]:
    """What the recipient reads along as, in words: the tables they run by name, so a
    wethouder who chairs the bestuurlijke stuurgroep is not 'chair of a werktafel'."""
    lines = []
    for audience in found:
        if audience == Audience.EXECUTIVE and Role.EXECUTIVE not in user.roles:
            lines.append(str(_("programmateam")))
        elif audience == Audience.CHAIR and scope.run_tables:
            lines.extend(
                str(ROLE_AT_TABLE[role]) % {"table": name} for role, name in scope.run_tables
            )
        else:
            lines.append(str(AUDIENCE_LABELS[audience]))
    return lines
