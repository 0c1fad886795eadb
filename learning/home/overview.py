"""'Mijn overzicht': the blocks of every role the user holds, most urgent first.

A user with several roles sees the union; a block for a role the user does not hold is not
even queried. Blocks that find nothing are left out (learning.home.blocks.ordered).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from learning.accounts.models import ROLE_LABELS, Role, User
from learning.home import oversight, queries, work
from learning.home.blocks import Block, ordered
from learning.sessions.models import SessionLevel


@dataclass
class Overview:
    blocks: list[Block]
    role_names: list[str]
    has_role: bool


def overview(user: User) -> Overview:
    roles = user.roles
    blocks: list[Block | None] = [
        oversight.awaiting_decision(user),  # anyone seated at a table a beslisvraag goes to
        queries.news(user),
        queries.my_blockages(user),
        queries.my_agreements(user),
        queries.my_items(user),
    ]
    if roles & {Role.PROFESSIONAL, Role.CHAMPION}:
        blocks.append(queries.matching_practices(user))
    if roles & {Role.CHAIR, Role.MANAGER, Role.EXECUTIVE, Role.PROGRAMME_ADMIN}:
        blocks += [
            work.triage(user),
            work.overdue_table_actions(user),
            work.requests_sent_up(user),
        ]
    if Role.MANAGER in roles:
        blocks += [
            work.dilemmas_at(user, SessionLevel.MANAGEMENT, "dilemmas-management", 60),
            work.organisation_overdue_agreements(user),
            work.organisation_patterns(user),
            work.organisation_decision_actions(user),
        ]
    if Role.EXECUTIVE in roles:
        blocks += [
            oversight.decisions_and_effect(user),
            work.dilemmas_at(user, SessionLevel.BESTUUR, "dilemmas-bestuur", 58),
            oversight.my_system_items(user),
        ]
    if Role.PROGRAMME_ADMIN in roles:
        blocks += [
            oversight.failed_mail(),
            oversight.users_without_organisation(),
            oversight.tables_without_chair(),
            oversight.series_without_sessions(),
        ]
    blocks.append(work.next_meetings(user))
    order = list(Role)
    names = [str(ROLE_LABELS[r]) for r in sorted(roles, key=order.index)]
    return Overview(ordered(blocks), names, bool(roles))


def no_role_message() -> str:
    return _(
        "U heeft nog geen rol in Leernetwerk. Het programmateam geeft u die; tot dan kunt u "
        "knelpunten melden en lezen."
    )
