"""What professionals do with a pattern: open it, endorse it, join it, follow it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from learning.accounts.models import User
from learning.audit.services import record
from learning.blockages.models import Blockage
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.insight.hooks import pattern_changed
from learning.patterns.emergence import evaluate_emergence, reopen_if_closed
from learning.patterns.grouping import add_member
from learning.patterns.models import (
    Endorsement,
    MemberStatus,
    Pattern,
    PatternExclusion,
    PatternFollower,
    PatternMember,
)
from learning.patterns.queries import member_of
from learning.permissions import require


def get_pattern(pattern_id: int) -> Pattern:
    pattern = db.session.get(Pattern, pattern_id)
    if pattern is None:
        raise NotFound(_("Dit patroon bestaat niet."))
    return pattern


def endorse(user: User, pattern: Pattern) -> Endorsement:
    """'Dit speelt bij mij ook': counts as evidence without a second knelpunt."""
    if pattern.is_merged:
        raise DomainError(_("Dit patroon is samengevoegd met een ander patroon."))
    existing = db.session.scalar(
        select(Endorsement).where(
            Endorsement.user_id == user.id, Endorsement.pattern_id == pattern.id
        )
    )
    if existing is not None:
        return existing
    organisation = user.primary_organisation
    endorsement = Endorsement(
        user_id=user.id,
        pattern_id=pattern.id,
        organisation_id=organisation.id if organisation else None,
    )
    db.session.add(endorsement)
    record(user, "pattern.endorsed", pattern)
    follow(user, pattern)
    evaluate_emergence(pattern)
    return endorsement


def withdraw_endorsement(user: User, pattern: Pattern) -> None:
    """'Intrekken': the user no longer recognises the pattern; it stops counting as evidence.

    A pattern already on a werktafel's queue stays there: the chair weighs it by then.
    """
    removed = db.session.execute(
        delete(Endorsement).where(
            Endorsement.user_id == user.id, Endorsement.pattern_id == pattern.id
        )
    ).rowcount
    if removed:
        record(user, "pattern.endorsement_withdrawn", pattern)


def has_endorsed(user: User, pattern: Pattern) -> bool:
    return bool(
        db.session.scalar(
            select(Endorsement.id).where(
                Endorsement.user_id == user.id, Endorsement.pattern_id == pattern.id
            )
        )
    )


def endorsed_ids(user: User, pattern_ids: list[int]) -> set[int]:
    """Which of these patterns the user endorsed (for lists of suggestions)."""
    if not pattern_ids:
        return set()
    return set(
        db.session.scalars(
            select(Endorsement.pattern_id).where(
                Endorsement.user_id == user.id, Endorsement.pattern_id.in_(pattern_ids)
            )
        )
    )


def join_pattern(user: User, blockage: Blockage, pattern: Pattern) -> PatternMember:
    """The reporter says 'hoort bij dit patroon'; it overrides what the engine chose."""
    require(
        blockage.reporter_id == user.id or user.is_admin,
        _("U kunt alleen uw eigen knelpunten aan een patroon koppelen."),
    )
    if pattern.is_merged:
        pattern = get_pattern(pattern.merged_into_id)
    member = member_of(blockage.id)
    if member is not None:
        if member.pattern_id == pattern.id:
            member.status = MemberStatus.CONFIRMED
            return member
        pattern_changed(member.pattern_id, regrouped=True)
        db.session.delete(member)
        db.session.flush()
    db.session.execute(
        delete(PatternExclusion).where(
            PatternExclusion.blockage_id == blockage.id, PatternExclusion.pattern_id == pattern.id
        )
    )
    member = add_member(pattern, blockage, None, user, status=MemberStatus.CONFIRMED)
    member.reasons = [_("Door de melder zelf gekoppeld")]
    record(user, "pattern.joined", pattern, blockage=blockage.id)
    reopen_if_closed(pattern, user, _("Heropend: het knelpunt speelt opnieuw."))
    evaluate_emergence(pattern)
    return member


def follow(user: User, pattern: Pattern) -> None:
    exists = db.session.scalar(
        select(PatternFollower.id).where(
            PatternFollower.user_id == user.id, PatternFollower.pattern_id == pattern.id
        )
    )
    if not exists:
        db.session.add(PatternFollower(user_id=user.id, pattern_id=pattern.id))


def unfollow(user: User, pattern: Pattern) -> None:
    db.session.execute(
        delete(PatternFollower).where(
            PatternFollower.user_id == user.id, PatternFollower.pattern_id == pattern.id
        )
    )


def is_following(user: User, pattern: Pattern) -> bool:
    return bool(
        db.session.scalar(
            select(func.count(PatternFollower.id)).where(
                PatternFollower.user_id == user.id, PatternFollower.pattern_id == pattern.id
            )
        )
    )


def set_email_preference(user: User, by_email: bool) -> None:
    """Whether every step of the user's patterns also comes by e-mail (the page always shows it)."""
    if user.notify_by_email == by_email:
        return
    user.notify_by_email = by_email
    record(user, "user.pattern_mail_preference", user, by_email=by_email)
