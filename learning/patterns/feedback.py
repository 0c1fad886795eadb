"""Close the loop: tell reporters and followers what happened to their pattern."""

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
