"""The blocks of 'Mijn overzicht' for bestuurders and the programme team.

The bestuurder's first block is what waits for their decision: the beslisvraag in one line,
its deadline, and a link straight to the dossier's decide form. The programme team sees what
keeps the network from running: failed mail, users without an organisation, tables without a
chair, leersessie series without a planned session.
"""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from learning.accounts.models import User, user_organisations
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.home.blocks import LINES_PER_BLOCK, Block, Line, total
from learning.home.queries import COUNT, due_text, excerpt
from learning.mail.models import MailStatus, OutgoingMail
from learning.patterns.models import Pattern, PatternMember
from learning.privacy_counts import small_count
from learning.sessions.models import (
    AgendaItem,
    ItemKind,
    ItemStatus,
    LearningSession,
    SessionSeries,
    SessionStatus,
)
from learning.tables.models import (
    Decision,
    DecisionRequest,
    LearningTable,
    RequestStatus,
    table_members,
)
from learning.templating import long_date
from learning.timeutil import today, utcnow

DECISIONS_SHOWN_DAYS = 365


def _deciding_tables(user: User):
    """Tables where the user answers beslisvragen: chair, secretary or named member."""
    seated = select(table_members.c.table_id).where(table_members.c.user_id == user.id)
    return select(LearningTable.id).where(
        or_(
            LearningTable.chair_id == user.id,
            LearningTable.secretary_id == user.id,
            LearningTable.id.in_(seated),
        )
    )


def awaiting_decision(user: User) -> Block | None:
    """'Wacht op uw besluit': open beslisvragen to the user's tables, the deadline first."""
    rows = db.session.execute(
        select(
            DecisionRequest.id,
            DecisionRequest.question,
            DecisionRequest.due_on,
            Pattern.title.label("pattern"),
            LearningTable.name.label("table"),
            COUNT,
        )
        .join(Pattern, Pattern.id == DecisionRequest.pattern_id)
        .join(LearningTable, LearningTable.id == DecisionRequest.from_table_id)
        .where(
            DecisionRequest.to_table_id.in_(_deciding_tables(user)),
            DecisionRequest.status == RequestStatus.OPEN,
        )
        .order_by(DecisionRequest.due_on, DecisionRequest.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "wacht-op-besluit",
        _("Wacht op uw besluit"),
        total(rows),
        [
            Line(
                r.pattern,
                url_for("tables.dossier", request_id=r.id) + "#beslissen",
                [_("van %(table)s", table=r.table), _("besluit") + " " + due_text(r.due_on)],
                detail=excerpt(r.question, 160),
                late=r.due_on < today(),
            )
            for r in rows
        ],
        urgency=100,
        intro=_("Open het dossier: daar staat de beslisvraag met het formulier om te besluiten."),
    )


def decisions_and_effect(user: User) -> Block | None:
    """Decisions of the user's tables and how many knelpunten came in since (did it stop?)."""
    since = (
        select(func.count(PatternMember.id))
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .where(
            PatternMember.pattern_id == Decision.pattern_id,
            Blockage.withdrawn_at.is_(None),
            Blockage.reported_on > Decision.decided_on,
        )
        .correlate(Decision)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Decision.text,
            Decision.decided_on,
            Decision.request_id,
            Pattern.title.label("pattern"),
            since.label("after"),
            COUNT,
        )
        .join(Pattern, Pattern.id == Decision.pattern_id)
        .where(
            Decision.table_id.in_(_deciding_tables(user)),
            Decision.decided_on >= today() - timedelta(days=DECISIONS_SHOWN_DAYS),
        )
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "besluiten",
        _("Genomen besluiten en hun effect"),
        total(rows),
        [
            Line(
                r.pattern,
                url_for("tables.dossier", request_id=r.request_id) + "#besluit",
                [
                    _("besloten op %(date)s", date=long_date(r.decided_on)),
                    _("sindsdien %(n)s nieuwe meldingen", n=small_count(r.after))
                    if r.after
                    else _("sindsdien geen nieuwe meldingen"),
                ],
                detail=excerpt(r.text, 160),
            )
            for r in rows
        ],
        urgency=45,
    )


def my_system_items(user: User) -> Block | None:
    """Systeemknelpunten the bestuurder put on the agenda, and whether they were handled."""
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.title, AgendaItem.status, SessionSeries.name, COUNT)
        .join(SessionSeries, SessionSeries.id == AgendaItem.series_id)
        .where(AgendaItem.submitted_by_id == user.id, AgendaItem.kind == ItemKind.SYSTEM)
        .order_by(AgendaItem.created_at.desc(), AgendaItem.id.desc())
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "mijn-systeemknelpunten",
        _("Systeemknelpunten die u agendeerde"),
        total(rows),
        [
            Line(
                r.title,
                url_for("sessions.show_item", item_id=r.id),
                [
                    r.name,
                    _("behandeld") if r.status == ItemStatus.HANDLED else _("nog niet behandeld"),
                ],
            )
            for r in rows
        ],
        urgency=25,
    )


# --- programme team ------------------------------------------------------------------------


def failed_mail() -> Block | None:
    rows = db.session.execute(
        select(OutgoingMail.recipient, OutgoingMail.subject, OutgoingMail.created_at, COUNT)
        .where(OutgoingMail.status == MailStatus.FAILED)
        .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
        .limit(LINES_PER_BLOCK)
    ).all()
    link = url_for("digests.failed_mail")
    return Block(
        "mislukte-mail",
        _("Mislukte e-mail"),
        total(rows),
        [Line(r.subject, link, [r.recipient, long_date(r.created_at)], late=True) for r in rows],
        urgency=90,
        more_link=link,
        more_label=_("Opnieuw versturen"),
    )


def users_without_organisation() -> Block | None:
    linked = select(user_organisations.c.user_id)
    rows = db.session.execute(
        select(User.id, User.name, User.email, COUNT)
        .where(User.active.is_(True), User.id.not_in(linked))
        .order_by(User.name)
        .limit(LINES_PER_BLOCK)
    ).all()
    link = url_for("accounts.list_users")
    return Block(
        "zonder-organisatie",
        _("Gebruikers zonder organisatie"),
        total(rows),
        [Line(r.name, link, [r.email]) for r in rows],
        urgency=65,
        intro=_("Zonder organisatie kunnen zij geen knelpunt melden."),
        more_link=link,
        more_label=_("Naar de gebruikers"),
    )


def tables_without_chair() -> Block | None:
    rows = db.session.execute(
        select(LearningTable.id, LearningTable.name, COUNT)
        .where(LearningTable.chair_id.is_(None))
        .order_by(LearningTable.name)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "tafels-zonder-voorzitter",
        _("Tafels zonder voorzitter"),
        total(rows),
        [
            Line(
                r.name,
                url_for("tables.edit_table", table_id=r.id),
                [_("patronen blijven hier liggen")],
            )
            for r in rows
        ],
        urgency=70,
    )


def series_without_sessions() -> Block | None:
    planned = select(LearningSession.series_id).where(
        LearningSession.status == SessionStatus.PLANNED, LearningSession.starts_at >= utcnow()
    )
    rows = db.session.execute(
        select(SessionSeries.id, SessionSeries.name, COUNT)
        .where(SessionSeries.id.not_in(planned))
        .order_by(SessionSeries.name)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "reeksen-zonder-sessie",
        _("Leersessiereeksen zonder geplande sessie"),
        total(rows),
        [
            Line(
                r.name,
                url_for("sessions.show_series", series_id=r.id),
                [_("geen sessie gepland")],
            )
            for r in rows
        ],
        urgency=50,
    )
