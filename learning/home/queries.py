"""The blocks of 'Mijn overzicht' for professionals, and the helpers every block uses.

Each function reads only what the user may see (their own knelpunten, afspraken and items,
the tables they run, their organisations' work) in one query, and returns None when it has
nothing to show for this user. Bestuurder and programme team blocks: learning.home.oversight.
"""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Row, and_, func, select

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.home.blocks import LINES_PER_BLOCK, Block, Line, total
from learning.notifications.models import Notification
from learning.notifications.services import targets
from learning.patterns.models import Pattern, PatternMember, PatternState
from learning.patterns.states import QUEUE
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    ItemStatus,
    SessionSeries,
)
from learning.tables.models import (
    Decision,
    LearningTable,
    Practice,
)
from learning.templating import long_date
from learning.timeutil import today

COUNT = func.count().over().label("total")


def excerpt(text: str, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def due_text(due_on) -> str:
    if due_on < today():
        return _("deadline was %(date)s", date=long_date(due_on))
    return _("uiterlijk %(date)s", date=long_date(due_on))


# --- professional --------------------------------------------------------------------------


def plain_status(state: str | None, table: str | None, decision: str | None) -> str:
    """Where the knelpunt is, as a professional would say it."""
    if state in QUEUE:
        return _("wacht op %(table)s", table=table) if table else _("wacht op de werktafel")
    if state in (PatternState.IN_PROGRESS, PatternState.ESCALATED):
        return _("in behandeling bij %(table)s", table=table) if table else _("in behandeling")
    if state in (PatternState.DECIDED, PatternState.IMPLEMENTING):
        if decision:
            return _("besluit genomen: %(text)s", text=excerpt(decision, 90))
        return _("besluit genomen")
    if state in (PatternState.SOLVED, PatternState.EVALUATED):
        return _("opgelost")
    if state == PatternState.REJECTED:
        return _("afgewezen: de werktafel ziet het als eenmalig")
    return _("gemeld")


def my_blockages(user: User) -> Block | None:
    """My knelpunten, newest first, with where each one is now."""
    latest_decision = (
        select(Decision.text)
        .where(Decision.pattern_id == Pattern.id)
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
        .limit(1)
        .correlate(Pattern)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Blockage.id,
            Blockage.title,
            Blockage.reported_on,
            Pattern.state,
            LearningTable.name.label("table"),
            latest_decision.label("decision"),
            COUNT,
        )
        .outerjoin(PatternMember, PatternMember.blockage_id == Blockage.id)
        .outerjoin(
            Pattern,
            and_(Pattern.id == PatternMember.pattern_id, Pattern.state != PatternState.CANDIDATE),
        )
        .outerjoin(LearningTable, LearningTable.id == Pattern.table_id)
        .where(Blockage.reporter_id == user.id, Blockage.withdrawn_at.is_(None))
        .order_by(Blockage.created_at.desc(), Blockage.id.desc())
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "mijn-knelpunten",
        _("Mijn knelpunten"),
        total(rows),
        [
            Line(
                r.title,
                url_for("blockages.show_blockage", blockage_id=r.id),
                [_("gemeld op %(date)s", date=long_date(r.reported_on))],
                detail=plain_status(r.state, r.table, r.decision),
            )
            for r in rows
        ],
        urgency=40,
        more_link=url_for("blockages.list_blockages", mine=1),
        more_label=_("Al mijn knelpunten"),
        action_link=url_for("blockages.new_blockage"),
        action_label=_("Knelpunt melden"),
    )


def news(user: User) -> Block | None:
    """What changed since the user last looked: their unread notifications, the newest per
    pattern or page, so ten steps on one pattern read as one line and not as ten."""
    rows = db.session.execute(
        select(
            Notification.about,
            Notification.text,
            Notification.link,
            Notification.created_at,
            COUNT,
        )
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(LINES_PER_BLOCK * 5)
    ).all()
    newest: dict[str, Row] = {}
    earlier: dict[str, int] = {}
    for r in rows:
        key = r.link or r.about or r.text
        if key in newest:
            earlier[key] = earlier.get(key, 0) + 1
        else:
            newest[key] = r
    shown = list(newest.items())[:LINES_PER_BLOCK]
    everything = url_for("notifications.list_notifications")
    leads_to = targets(r.link for _key, r in shown)
    return Block(
        "nieuw-voor-u",
        _("Nieuw sinds uw laatste bezoek"),
        total(rows),
        [
            Line(
                r.about or excerpt(r.text, 80),
                leads_to[r.link] or everything,
                [long_date(r.created_at)]
                + (
                    [ngettext("en %(num)d eerder bericht", "en %(num)d eerdere berichten", n)]
                    if (n := earlier.get(key, 0))
                    else []
                ),
                detail=excerpt(r.text, 180) if r.about else "",
            )
            for key, r in shown
        ],
        urgency=60,
        more_link=everything,
        more_label=_("Alle meldingen"),
    )


def my_agreements(user: User) -> Block | None:
    """Open afspraken the user owns, the earliest deadline first."""
    rows = db.session.execute(
        select(Agreement.what, Agreement.due_on, Agreement.item_id, SessionSeries.name, COUNT)
        .join(SessionSeries, SessionSeries.id == Agreement.series_id)
        .where(Agreement.owner_id == user.id, Agreement.status == AgreementStatus.OPEN)
        .order_by(Agreement.due_on, Agreement.id)
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "mijn-afspraken",
        _("Mijn open afspraken"),
        total(rows),
        [
            Line(
                excerpt(r.what),
                url_for("sessions.show_item", item_id=r.item_id),
                [r.name, due_text(r.due_on)],
                late=r.due_on < today(),
            )
            for r in rows
        ],
        urgency=70 if rows and rows[0].due_on < today() else 45,
    )


def my_items(user: User) -> Block | None:
    """Agenda items the user brought to a leersessie that were not handled yet."""
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.title, AgendaItem.status, SessionSeries.name, COUNT)
        .join(SessionSeries, SessionSeries.id == AgendaItem.series_id)
        .where(
            AgendaItem.submitted_by_id == user.id,
            AgendaItem.escalated_from_id.is_(None),
            AgendaItem.status != ItemStatus.HANDLED,
        )
        .order_by(AgendaItem.created_at.desc(), AgendaItem.id.desc())
        .limit(LINES_PER_BLOCK)
    ).all()
    labels = {ItemStatus.PROPOSED: _("ingediend"), ItemStatus.ACCEPTED: _("geagendeerd")}
    return Block(
        "mijn-agendapunten",
        _("Mijn agendapunten voor de leersessie"),
        total(rows),
        [
            Line(
                r.title,
                url_for("sessions.show_item", item_id=r.id),
                [r.name, labels.get(ItemStatus(r.status), r.status)],
            )
            for r in rows
        ],
        urgency=35,
        more_link=url_for("sessions.my_items"),
        more_label=_("Al mijn agendapunten"),
    )


def matching_practices(user: User) -> Block | None:
    """Werkwijzen recorded for the patterns of the user's knelpunten of the last half year."""
    recent = (
        select(PatternMember.pattern_id)
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .where(
            Blockage.reporter_id == user.id,
            Blockage.withdrawn_at.is_(None),
            Blockage.reported_on >= today() - timedelta(days=183),
        )
    )
    rows = db.session.execute(
        select(Practice.id, Practice.title, Pattern.title.label("pattern"), COUNT)
        .join(Pattern, Pattern.id == Practice.pattern_id)
        .where(Practice.pattern_id.in_(recent), Practice.retired_at.is_(None))
        .order_by(Practice.created_at.desc(), Practice.id.desc())
        .limit(LINES_PER_BLOCK)
    ).all()
    return Block(
        "werkwijzen",
        _("Werkwijzen bij uw knelpunten"),
        total(rows),
        [
            Line(
                r.title,
                url_for("tables.list_practices") + f"#werkwijze-{r.id}",
                [_("bij '%(pattern)s'", pattern=r.pattern)],
            )
            for r in rows
        ],
        urgency=30,
        intro=_("Hoe collega's hetzelfde knelpunt omzeilen, tot het is opgelost."),
    )
