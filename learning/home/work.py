"""The blocks of 'Mijn overzicht' for werktafel chairs and secretaries, and for managers.

Chairs see the work of the tables they run; managers see the work of their organisations.
One query per block, as in learning.home.queries.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from learning.accounts.models import User, user_organisations
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.home.blocks import LINES_PER_BLOCK, Block, Line, total
from learning.home.queries import COUNT, due_text, excerpt
from learning.patterns.models import STATE_LABELS, Pattern, PatternMember, PatternState
from learning.patterns.states import ENDED, QUEUE
from learning.privacy_counts import small_count
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    Attendance,
    ItemSource,
    ItemStatus,
    LearningSession,
    SessionLevel,
    SessionSeries,
    SessionStatus,
    series_members,
)
from learning.tables.models import (
    ActionStatus,
    DecisionRequest,
    LearningTable,
    RequestStatus,
    TableAction,
)
from learning.templating import long_date
from learning.timeutil import as_utc, today, utcnow

# --- werktafel chair and secretary ---------------------------------------------------------


def _run_by(user: User):
    return select(LearningTable.id).where(
        or_(LearningTable.chair_id == user.id, LearningTable.secretary_id == user.id)
    )


def triage(user: User) -> Block | None:
    """New and reopened patterns at the user's tables, the longest waiting first."""
    members = (
        select(func.count(PatternMember.id))
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .where(PatternMember.pattern_id == Pattern.id, Blockage.withdrawn_at.is_(None))
        .correlate(Pattern)
        .scalar_subquery()
    )
    waiting_since = func.coalesce(Pattern.queued_at, Pattern.created_at)
    rows = db.session.execute(
        select(
            Pattern.id,
            Pattern.title,
            Pattern.state,
            waiting_since.label("since"),
            LearningTable.name,
            LearningTable.take_up_days,
            members.label("reports"),
            COUNT,
        )
        .join(LearningTable, LearningTable.id == Pattern.table_id)
        .where(Pattern.state.in_(QUEUE), Pattern.table_id.in_(_run_by(user)))
        .order_by(waiting_since, Pattern.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    lines = []
    for r in rows:
        days = (utcnow() - as_utc(r.since)).days
        lines.append(
            Line(
                r.title,
                url_for("patterns.show_pattern", pattern_id=r.id),
                [
                    r.name,
                    _("heropend") if r.state == PatternState.REOPENED else _("nieuw"),
                    ngettext("%(num)s melding", "%(num)s meldingen", r.reports),
                    ngettext("wacht %(num)s dag", "wacht %(num)s dagen", days),
                ],
                late=days > r.take_up_days,
            )
        )
    return Block(
        "triage",
        _("Te beoordelen patronen"),
        total(rows),
        lines,
        urgency=80,
        more_link=url_for("patterns.triage_queue"),
        more_label=_("Naar de triage"),
    )


def overdue_table_actions(user: User) -> Block | None:
    """Open actions of the user's tables past their deadline."""
    rows = db.session.execute(
        select(
            TableAction.id,
            TableAction.what,
            TableAction.due_on,
            TableAction.pattern_id,
            User.name.label("owner"),
            COUNT,
        )
        .join(User, User.id == TableAction.owner_id)
        .where(
            TableAction.table_id.in_(_run_by(user)),
            TableAction.status == ActionStatus.OPEN,
            TableAction.due_on < today(),
        )
        .order_by(TableAction.due_on, TableAction.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "acties-over-tijd",
        _("Acties van uw tafels over de deadline"),
        total(rows),
        [
            Line(
                excerpt(r.what),
                url_for("patterns.show_pattern", pattern_id=r.pattern_id) + f"#actie-{r.id}",
                [_("eigenaar: %(name)s", name=r.owner), due_text(r.due_on)],
                late=True,
            )
            for r in rows
        ],
        urgency=85,
    )


def requests_sent_up(user: User) -> Block | None:
    """Beslisvragen the user's tables put to a higher table, and when the answer is due.

    A beslisvraag the table above passed on further stays here while the pattern waits higher
    up, but it is no longer late at that table: once the higher table has decided (or the
    pattern came back), the chain is answered and the line goes.
    """
    rows = db.session.execute(
        select(
            DecisionRequest.id,
            DecisionRequest.question,
            DecisionRequest.due_on,
            DecisionRequest.status,
            LearningTable.name,
            COUNT,
        )
        .join(LearningTable, LearningTable.id == DecisionRequest.to_table_id)
        .join(Pattern, Pattern.id == DecisionRequest.pattern_id)
        .where(
            DecisionRequest.from_table_id.in_(_run_by(user)),
            or_(
                DecisionRequest.status == RequestStatus.OPEN,
                (DecisionRequest.status == RequestStatus.FORWARDED)
                & (Pattern.state == PatternState.ESCALATED),
            ),
        )
        .order_by(DecisionRequest.due_on, DecisionRequest.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "beslisvragen-verstuurd",
        _("Beslisvragen van uw tafels"),
        total(rows),
        [
            Line(
                excerpt(r.question),
                url_for("tables.dossier", request_id=r.id),
                [_("bij %(table)s", table=r.name), _("antwoord") + " " + due_text(r.due_on)]
                if r.status == RequestStatus.OPEN
                else [_("door %(table)s verder geëscaleerd", table=r.name)],
                late=r.status == RequestStatus.OPEN and r.due_on < today(),
            )
            for r in rows
        ],
        urgency=50,
    )


def next_meetings(user: User) -> Block | None:
    """The user's next leersessies (their series, or ones they facilitate)."""
    member_of = select(series_members.c.series_id).where(series_members.c.user_id == user.id)
    invited = select(Attendance.session_id).where(Attendance.user_id == user.id)
    rows = db.session.execute(
        select(
            LearningSession.id,
            LearningSession.starts_at,
            LearningSession.location,
            SessionSeries.name,
            COUNT,
        )
        .join(SessionSeries, SessionSeries.id == LearningSession.series_id)
        .where(
            # Facilitators and the secretary are members with a role; guests are invited.
            or_(SessionSeries.id.in_(member_of), LearningSession.id.in_(invited)),
            LearningSession.status == SessionStatus.PLANNED,
            LearningSession.starts_at >= utcnow(),
        )
        .order_by(LearningSession.starts_at)
        .limit(2)
    ).all()
    return Block(
        "volgende-sessie",
        _("Uw volgende leersessie"),
        total(rows),
        [
            Line(
                r.name,
                url_for("sessions.show_meeting", meeting_id=r.id),
                [long_date(r.starts_at)] + ([r.location] if r.location else []),
            )
            for r in rows
        ],
        urgency=20,
        more_link=url_for("sessions.list_series"),
        more_label=_("Alle leersessies"),
    )


# --- manager -------------------------------------------------------------------------------


def _my_organisations(user: User):
    return select(user_organisations.c.organisation_id).where(
        user_organisations.c.user_id == user.id
    )


def dilemmas_at(user: User, level: SessionLevel, key: str, urgency: int) -> Block | None:
    """Dilemmas passed up to this level of the ladder that were not handled yet."""
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.title, AgendaItem.created_at, SessionSeries.name, COUNT)
        .join(SessionSeries, SessionSeries.id == AgendaItem.series_id)
        .where(
            AgendaItem.source == ItemSource.ESCALATED,
            AgendaItem.status != ItemStatus.HANDLED,
            SessionSeries.level == level,
        )
        .order_by(AgendaItem.created_at, AgendaItem.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        key,
        _("Dilemma's van het niveau eronder"),
        total(rows),
        [
            Line(
                r.title,
                url_for("sessions.show_item", item_id=r.id),
                [r.name, _("doorgezet op %(date)s", date=long_date(r.created_at))],
            )
            for r in rows
        ],
        urgency=urgency,
        intro=_("Wat een lager niveau niet zelf kon oplossen."),
    )


def organisation_overdue_agreements(user: User) -> Block | None:
    """Open afspraken past their date whose owner works at one of the user's organisations."""
    colleagues = select(user_organisations.c.user_id).where(
        user_organisations.c.organisation_id.in_(_my_organisations(user))
    )
    rows = db.session.execute(
        select(
            Agreement.what,
            Agreement.due_on,
            Agreement.item_id,
            User.name.label("owner"),
            COUNT,
        )
        .join(User, User.id == Agreement.owner_id)
        .where(
            Agreement.owner_id.in_(colleagues),
            Agreement.status == AgreementStatus.OPEN,
            Agreement.due_on < today(),
        )
        .order_by(Agreement.due_on, Agreement.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "afspraken-over-tijd",
        _("Afspraken van uw organisatie over tijd"),
        total(rows),
        [
            Line(
                excerpt(r.what),
                url_for("sessions.show_item", item_id=r.item_id),
                [_("eigenaar: %(name)s", name=r.owner), due_text(r.due_on)],
                late=True,
            )
            for r in rows
        ],
        urgency=75,
    )


def organisation_patterns(user: User) -> Block | None:
    """Open patterns with knelpunten from the user's organisations, most reports first."""
    reports = func.count(func.distinct(Blockage.id))
    rows = db.session.execute(
        select(
            Pattern.id,
            Pattern.title,
            Pattern.state,
            reports.label("reports"),
            COUNT,
        )
        .join(PatternMember, PatternMember.pattern_id == Pattern.id)
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .where(
            Blockage.organisation_id.in_(_my_organisations(user)),
            Blockage.withdrawn_at.is_(None),
            Pattern.state.not_in([PatternState.CANDIDATE, *ENDED]),
        )
        .group_by(Pattern.id, Pattern.title, Pattern.state)
        .order_by(reports.desc(), Pattern.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "patronen-organisatie",
        _("Patronen waarin uw organisatie meldt"),
        total(rows),
        [
            Line(
                r.title,
                url_for("patterns.show_pattern", pattern_id=r.id),
                [
                    STATE_LABELS.get(PatternState(r.state), r.state),
                    _("meldingen van uw organisatie: %(n)s", n=small_count(r.reports)),
                ],
            )
            for r in rows
        ],
        urgency=40,
        more_link=url_for("patterns.list_patterns"),
        more_label=_("Alle patronen"),
    )


def organisation_decision_actions(user: User) -> Block | None:
    """Follow-up actions of decisions that the user's organisation owns and has not finished.

    One that is overdue at a table the user runs is left out: 'Acties van uw tafels over de
    deadline' lists it already, and more urgently (overview() always shows that block to a
    manager).
    """
    rows = db.session.execute(
        select(
            TableAction.id,
            TableAction.what,
            TableAction.due_on,
            TableAction.pattern_id,
            Pattern.title.label("pattern"),
            COUNT,
        )
        .join(Pattern, Pattern.id == TableAction.pattern_id)
        .where(
            TableAction.decision_id.is_not(None),
            TableAction.status == ActionStatus.OPEN,
            or_(
                TableAction.organisation_id.in_(_my_organisations(user)),
                TableAction.owner_id == user.id,
            ),
            ~(TableAction.table_id.in_(_run_by(user)) & (TableAction.due_on < today())),
        )
        .order_by(TableAction.due_on, TableAction.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "besluit-acties",
        _("Acties uit besluiten voor uw organisatie"),
        total(rows),
        [
            Line(
                excerpt(r.what),
                url_for("patterns.show_pattern", pattern_id=r.pattern_id) + f"#actie-{r.id}",
                [_("bij '%(pattern)s'", pattern=r.pattern), due_text(r.due_on)],
                late=r.due_on < today(),
            )
            for r in rows
        ],
        urgency=55,
    )
