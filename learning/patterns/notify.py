"""Close the loop: tell reporters, followers and the chair what happened to a pattern.

One function per message. News for reporters and followers goes through the notification
centre (learning.notifications: in the app at once, by mail bundled as each user chose);
the chair's "new pattern on your queue" is work and is mailed at once.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.links import external_url
from learning.mail.services import queue_mail
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
    """A new pattern is on the chair's triage queue."""
    table = pattern.table
    if table is None or table.chair is None:
        return
    link = external_url("patterns.show_pattern", pattern_id=pattern.id)
    text = render_template(
        "patterns/email/emerged.txt",
        chair=table.chair,
        pattern=pattern,
        table=table,
        reports=reports,
        organisations=organisations,
        link=link,
    )
    queue_mail(
        table.chair.email,
        _("Nieuw patroon voor %(table)s: %(title)s", table=table.name, title=pattern.title)[:300],
        text,
        dedupe_key=f"pattern-emerged:{pattern.id}:{pattern.queued_at:%Y%m%d%H%M%S}",
    )
