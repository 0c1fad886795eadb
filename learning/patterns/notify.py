"""Close the loop: tell reporters, followers and the chair what happened to a pattern.

One function per message, all through the notification centre (learning.notifications: in the
app at once, by mail bundled as each user chose); the chair's "new pattern on your queue" asks
them to act, so it is mailed even to chairs who want no news by mail.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.notifications.models import NotificationKind
from learning.notifications.services import notify
from learning.patterns.models import (
    Pattern,
    PatternEvent,
    PatternFollower,
    PatternMember,
    PatternState,
)
from learning.timeutil import utcnow


def audience(pattern: Pattern) -> list[User]:
    """Reporters of the pattern's knelpunten plus its followers."""
    reporter_ids = (
        select(Blockage.reporter_id)
        .join(PatternMember, PatternMember.blockage_id == Blockage.id)
        .where(PatternMember.pattern_id == pattern.id, Blockage.withdrawn_at.is_(None))
    )
    follower_ids = select(PatternFollower.user_id).where(PatternFollower.pattern_id == pattern.id)
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(reporter_ids.union(follower_ids)), User.active.is_(True))
            .order_by(User.id)
        )
    )


def _path(endpoint: str, **values: object) -> str:
    """A path in the app for a notification's link; works in a worker, without a request."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


# Which notification a step of the pattern is (the rest: PATTERN_STEP).
EVENT_KINDS = {
    f"state:{PatternState.ESCALATED}": NotificationKind.ESCALATED,
    f"state:{PatternState.DECIDED}": NotificationKind.DECIDED,
    f"state:{PatternState.REJECTED}": NotificationKind.REJECTED,
    f"state:{PatternState.MERGED}": NotificationKind.MERGED,
    f"state:{PatternState.REOPENED}": NotificationKind.REOPENED,
    f"state:{PatternState.EVALUATED}": NotificationKind.EFFECT_MEASURED,
    "merged": NotificationKind.MERGED,
    "split": NotificationKind.SPLIT,
    "split_in": NotificationKind.SPLIT,
    "action_finished": NotificationKind.ACTION_DONE,
}


def notify_followers(pattern: Pattern, event: PatternEvent) -> None:
    """Reporters and followers are told in the app; the mail comes bundled, as they chose."""
    db.session.flush()
    notify(
        audience(pattern),
        EVENT_KINDS.get(event.kind, NotificationKind.PATTERN_STEP),
        event.summary,
        _path("patterns.show_pattern", pattern_id=pattern.id),
        about=pattern.title,
        pattern_id=pattern.id,
        actor=event.actor if event.actor_id else None,
        key=f"pattern-event:{event.id}",
    )


def knelpunt_detached(blockage: Blockage, pattern: Pattern, reason: str) -> None:
    """The reporter hears that their knelpunt no longer belongs to the pattern, and why."""
    text = _(
        "Uw knelpunt '%(knelpunt)s' hoort niet meer bij het patroon '%(pattern)s'.",
        knelpunt=blockage.title,
        pattern=pattern.title,
    )
    if reason:
        text += " " + _("Reden: %(reason)s", reason=reason)
    notify(
        [blockage.reporter],
        NotificationKind.DETACHED,
        text,
        _path("blockages.show_blockage", blockage_id=blockage.id),
        about=blockage.title,
        pattern_id=pattern.id,
        blockage_id=blockage.id,
        key=f"knelpunt-detached:{pattern.id}:{blockage.id}:{utcnow():%Y%m%d%H%M%S}",
    )


def notify_chair_of_emergence(pattern: Pattern, reports: int, organisations: int) -> None:
    """A new pattern is on the triage queue: its chair and secretary are asked to judge it."""
    table = pattern.table
    if table is None:
        return
    notify(
        [table.chair, table.secretary],
        NotificationKind.PATTERN_QUEUED,
        _(
            "Nieuw patroon voor %(table)s: '%(title)s', %(reports)s meldingen uit "
            "%(organisations)s organisaties. Beoordeel het in de triage.",
            table=table.name,
            title=pattern.title,
            reports=reports,
            organisations=organisations,
        ),
        _path("patterns.show_pattern", pattern_id=pattern.id),
        about=pattern.title,
        pattern_id=pattern.id,
        key=f"pattern-emerged:{pattern.id}:{pattern.queued_at:%Y%m%d%H%M%S}",
    )
