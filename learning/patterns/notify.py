"""Close the loop: tell reporters, followers and the chair what happened to a pattern.

One function per message. Followers' news respects `User.notify_by_email`; the chair's
"new pattern on your queue" is work, so it is always sent.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.links import external_url
from learning.mail.services import queue_mail
from learning.patterns.models import Pattern, PatternEvent, PatternFollower, PatternMember
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


def notify_followers(pattern: Pattern, event: PatternEvent) -> None:
    db.session.flush()
    link = external_url("patterns.show_pattern", pattern_id=pattern.id)
    for user in audience(pattern):
        if user.id == event.actor_id or not user.notify_by_email:
            continue
        text = render_template(
            "patterns/email/event.txt", user=user, pattern=pattern, event=event, link=link
        )
        queue_mail(
            user.email,
            _("Nieuws over het patroon: %(title)s", title=pattern.title)[:300],
            text,
            dedupe_key=f"pattern-event:{event.id}:{user.id}",
        )


def knelpunt_detached(blockage: Blockage, pattern: Pattern, reason: str) -> None:
    """The reporter hears that their knelpunt no longer belongs to the pattern, and why."""
    reporter = blockage.reporter
    if reporter is None or not reporter.active or not reporter.notify_by_email:
        return
    text = render_template(
        "patterns/email/detached.txt",
        user=reporter,
        blockage=blockage,
        pattern=pattern,
        reason=reason,
        link=external_url("blockages.show_blockage", blockage_id=blockage.id),
    )
    queue_mail(
        reporter.email,
        _("Uw knelpunt hoort niet meer bij '%(title)s'", title=pattern.title)[:300],
        text,
        dedupe_key=f"knelpunt-detached:{pattern.id}:{blockage.id}:{utcnow():%Y%m%d%H%M%S}",
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
