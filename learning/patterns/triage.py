"""The werktafel triage: confirm, reject, merge and split patterns, detach and attach knelpunten.

Each step checks that the chair runs the pattern's table (or the programme team acts), and
that the pattern did not change since the chair's page showed it (optimistic locking).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from learning.accounts.models import User
from learning.audit.services import record
from learning.blockages.models import Blockage
from learning.errors import DomainError, NotFound, require_version
from learning.extensions import db
from learning.insight.hooks import blockage_changed, pattern_changed
from learning.patterns import engine, notify
from learning.patterns.adapters import refresh_summary
from learning.patterns.emergence import back_on_queue, evaluate_emergence
from learning.patterns.grouping import add_member
from learning.patterns.models import (
    ORDER_LABELS,
    ROOT_CAUSE_LABELS,
    Endorsement,
    LearningOrder,
    MemberStatus,
    Pattern,
    PatternExclusion,
    PatternMember,
    RootCause,
)
from learning.patterns.permissions import can_triage, require_triage
from learning.patterns.queries import active_members, member_of
from learning.patterns.services import get_pattern
from learning.patterns.states import PatternState, add_event, transition
from learning.permissions import require
from learning.privacy import mask_text
from learning.tables.routing import table_for
from learning.timeutil import utcnow


def _require_version(pattern: Pattern, expected_version: int | None) -> None:
    require_version(
        pattern,
        expected_version,
        _(
            "Dit patroon is intussen door iemand anders gewijzigd. "
            "Bekijk de nieuwe stand en probeer het opnieuw."
        ),
    )


def confirm(
    chair: User,
    pattern: Pattern,
    title: str,
    description: str,
    root_cause: str,
    order: str,
    expected_version: int | None = None,
) -> Pattern:
    """Confirm a pattern and hand it to the learning-table flow in the chosen order."""
    require_triage(chair, pattern)
    _require_version(pattern, expected_version)
    title = mask_text(title.strip())
    if not title:
        raise DomainError(_("Geef het patroon een titel."))
    if root_cause not in {c.value for c in RootCause}:
        raise DomainError(_("Kies het type oorzaak."))
    if order not in {o.value for o in LearningOrder}:
        raise DomainError(_("Kies de orde van leren."))
    pattern.title = title[:200]
    pattern.description = mask_text(description.strip())
    pattern.root_cause = root_cause
    pattern.order = order
    pattern_changed(pattern, regrouped=True)
    pattern.confirmed_at = utcnow()
    if pattern.table is None:
        pattern.table = table_for(pattern)
    for member in active_members(pattern):
        member.status = MemberStatus.CONFIRMED
    cause = ROOT_CAUSE_LABELS[RootCause(root_cause)]
    if order == LearningOrder.FIRST:
        transition(
            chair,
            pattern,
            PatternState.SOLVED,
            _("Bevestigd als patroon (%(cause)s). Eerste orde: maatwerk volstaat.", cause=cause),
        )
    else:
        transition(
            chair,
            pattern,
            PatternState.IN_PROGRESS,
            _(
                "Opgepakt door %(table)s (%(cause)s).",
                table=pattern.table.name if pattern.table else _("de werktafel"),
                cause=cause,
            ),
        )
    return pattern


def check_merge(chair: User, keep: Pattern, absorb: Pattern) -> None:
    """Whether `absorb` may go into `keep`: asked before the preview and again at the merge."""
    if keep.id == absorb.id:
        raise DomainError(_("Een patroon kan niet met zichzelf worden samengevoegd."))
    require_triage(chair, keep)
    require_triage(chair, absorb)
    if PatternState.MERGED in {keep.state, absorb.state}:
        raise DomainError(_("Dit patroon is al samengevoegd."))


def merge(
    chair: User,
    keep: Pattern,
    absorb: Pattern,
    keep_version: int | None = None,
    absorb_version: int | None = None,
) -> Pattern:
    """`absorb` goes into `keep` (members and endorsements); unmerge undoes it."""
    check_merge(chair, keep, absorb)
    _require_version(keep, keep_version)
    _require_version(absorb, absorb_version)
    moved = []
    for member in list(active_members(absorb)) + [
        m for m in absorb.members if m.blockage.is_withdrawn
    ]:
        member.pattern_id = keep.id
        member.origin_pattern_id = absorb.id
        pattern_changed(keep, absorb, regrouped=True)
        moved.append(member.blockage_id)
    keep_endorsers = set(
        db.session.scalars(select(Endorsement.user_id).where(Endorsement.pattern_id == keep.id))
    )
    for endorsement in db.session.scalars(
        select(Endorsement).where(Endorsement.pattern_id == absorb.id)
    ):
        if endorsement.user_id not in keep_endorsers:
            endorsement.pattern_id = keep.id
    absorb.merged_into_id = keep.id
    db.session.flush()
    db.session.expire(keep, ["members"])
    db.session.expire(absorb, ["members"])
    transition(
        chair,
        absorb,
        PatternState.MERGED,
        _("Samengevoegd met het patroon '%(title)s'.", title=keep.title),
        into=keep.id,
    )
    add_event(
        chair,
        keep,
        "merged",
        _("Het patroon '%(title)s' is hierbij gevoegd.", title=absorb.title),
        absorbed=absorb.id,
    )
    record(chair, "pattern.merged", keep, absorbed=absorb.id, blockages=moved)
    evaluate_emergence(keep)
    return keep


def unmerge(chair: User, absorbed: Pattern) -> Pattern:
    """Undo a merge: the members that came from `absorbed` go back to it."""
    if absorbed.state != PatternState.MERGED or absorbed.merged_into_id is None:
        raise DomainError(_("Dit patroon is niet samengevoegd."))
    keep = get_pattern(absorbed.merged_into_id)
    require_triage(chair, keep)
    members = db.session.scalars(
        select(PatternMember).where(
            PatternMember.pattern_id == keep.id, PatternMember.origin_pattern_id == absorbed.id
        )
    ).all()
    for member in members:
        member.pattern_id = absorbed.id
        member.origin_pattern_id = None
        pattern_changed(keep, absorbed, regrouped=True)
    absorbed.merged_into_id = None
    db.session.flush()
    db.session.expire(keep, ["members"])
    db.session.expire(absorbed, ["members"])
    back_on_queue(absorbed)
    transition(chair, absorbed, PatternState.REOPENED, _("Samenvoeging ongedaan gemaakt."))
    record(chair, "pattern.unmerged", keep, restored=absorbed.id)
    return absorbed


def split(
    chair: User,
    pattern: Pattern,
    blockage_ids: list[int],
    target: Pattern | None = None,
    title: str = "",
    expected_version: int | None = None,
    reason: str = "",
) -> Pattern:
    """Move selected knelpunten to another pattern, or to a new one on the same queue."""
    require_triage(chair, pattern)
    _require_version(pattern, expected_version)
    new_target = target is None
    members = {m.blockage_id: m for m in active_members(pattern)}
    chosen = [members[i] for i in dict.fromkeys(blockage_ids) if i in members]
    if not chosen:
        raise DomainError(_("Kies de knelpunten die naar een ander patroon moeten."))
    if len(chosen) == len(members):
        raise DomainError(
            _("Een splitsing mag geen leeg patroon achterlaten. Laat minstens één knelpunt staan.")
        )
    if target is not None:
        if target.id == pattern.id:
            raise DomainError(_("Kies een ander patroon om naartoe te verplaatsen."))
        if target.state == PatternState.MERGED:
            raise DomainError(_("Dat patroon is samengevoegd; kies het patroon waarin het opging."))
        require_triage(chair, target)
    else:
        texts = [m.blockage.text for m in chosen]
        target = Pattern(
            title=(mask_text(title.strip()) or engine.suggest_title(texts))[:200],
            key_terms=engine.key_terms(texts),
            state=PatternState.NEW,
            table=pattern.table,
            queued_at=utcnow(),
        )
        db.session.add(target)
        db.session.flush()
    for member in chosen:
        member.pattern_id = target.id
        pattern_changed(pattern, target, regrouped=True)
        member.status = MemberStatus.CONFIRMED
        member.added_by_id = chair.id
        member.reasons = [_("Verplaatst door de voorzitter bij een splitsing")]
        db.session.add(PatternExclusion(pattern_id=pattern.id, blockage_id=member.blockage_id))
    db.session.flush()
    db.session.expire(pattern, ["members"])
    db.session.expire(target, ["members"])
    ids = [m.blockage_id for m in chosen]
    reason = mask_text(reason.strip())
    record(chair, "pattern.split", pattern, moved=ids, to=target.id, reason=reason)
    summary = _(
        "%(n)s knelpunten zijn naar het patroon '%(t)s' verplaatst.", n=len(ids), t=target.title
    )
    add_event(
        chair,
        pattern,
        "split",
        f"{summary} {_('Reden: %(r)s', r=reason)}" if reason else summary,
        to=target.id,
    )
    add_event(  # the reporters of the moved knelpunten hear where their knelpunt went
        chair,
        target,
        "split_in",
        _(
            "%(n)s knelpunten kwamen hierbij uit het patroon '%(t)s'.",
            n=len(ids),
            t=pattern.title,
        ),
        source=pattern.id,
    )
    refresh_summary(pattern)
    if not new_target:  # a new pattern has its summary already, and maybe the chair's title
        refresh_summary(target)
    return target


def detach(
    chair: User,
    pattern: Pattern,
    blockage_id: int,
    expected_version: int | None = None,
    reason: str = "",
) -> None:
    """Take a knelpunt out of the pattern (it stays out); its reporter is told why."""
    require_triage(chair, pattern)
    _require_version(pattern, expected_version)
    members = {m.blockage_id: m for m in active_members(pattern)}
    member = members.get(blockage_id)
    if member is None:
        raise NotFound(_("Dit knelpunt hoort niet bij dit patroon."))
    if len(members) == 1:
        raise DomainError(
            _("Dit is het laatste knelpunt van het patroon. Wijs het patroon af in plaats daarvan.")
        )
    db.session.delete(member)
    pattern_changed(pattern, regrouped=True)
    blockage_changed(member.blockage.reported_on)
    db.session.add(PatternExclusion(pattern_id=pattern.id, blockage_id=blockage_id))
    db.session.flush()
    db.session.expire(pattern, ["members"])
    reason = mask_text(reason.strip())
    record(chair, "pattern.detached", pattern, blockage=blockage_id, reason=reason)
    refresh_summary(pattern)
    notify.knelpunt_detached(member.blockage, pattern, reason)


def attach(chair: User, pattern: Pattern, blockage_id: int) -> None:
    """The reverse of detach (and of a mistaken split): put a knelpunt in this pattern."""
    require_triage(chair, pattern)
    blockage = db.session.get(Blockage, blockage_id)
    if blockage is None or blockage.is_withdrawn:
        raise NotFound(_("Dit knelpunt bestaat niet (meer)."))
    member = member_of(blockage_id)
    if member is not None:
        if member.pattern_id == pattern.id:
            return
        # Taking it out of its pattern is triage of that pattern too (security probe M3).
        require(
            can_triage(chair, member.pattern),
            _("Dit knelpunt hoort bij een patroon van een andere tafel."),
        )
        pattern_changed(member.pattern_id, regrouped=True)
        db.session.delete(member)
        db.session.flush()
    db.session.execute(
        delete(PatternExclusion).where(
            PatternExclusion.blockage_id == blockage_id, PatternExclusion.pattern_id == pattern.id
        )
    )
    member = add_member(pattern, blockage, None, chair, status=MemberStatus.CONFIRMED)
    member.reasons = [_("Toegevoegd door de voorzitter")]
    record(chair, "pattern.attached", pattern, blockage=blockage_id)
    refresh_summary(pattern)


def classify(
    chair: User,
    pattern: Pattern,
    root_cause: str,
    order: str,
    expected_version: int | None = None,
) -> None:
    """Change the root-cause type or learning order after confirmation; audited with before."""
    require_triage(chair, pattern)
    _require_version(pattern, expected_version)
    if pattern.confirmed_at is None:
        raise DomainError(_("Bevestig het patroon eerst; dan kiest u oorzaak en orde."))
    if root_cause not in {c.value for c in RootCause}:
        raise DomainError(_("Kies het type oorzaak."))
    if order not in {o.value for o in LearningOrder}:
        raise DomainError(_("Kies de orde van leren."))
    before = {"root_cause": pattern.root_cause, "order": pattern.order}
    if before == {"root_cause": root_cause, "order": order}:
        return
    pattern.root_cause = root_cause
    pattern.order = order
    pattern_changed(pattern, regrouped=True)
    record(
        chair,
        "pattern.classified",
        pattern,
        before=before,
        after={"root_cause": root_cause, "order": order},
    )
    add_event(
        chair,
        pattern,
        "classified",
        _(
            "Oorzaak en orde bijgesteld: %(cause)s; %(order)s.",
            cause=ROOT_CAUSE_LABELS[RootCause(root_cause)],
            order=ORDER_LABELS[LearningOrder(order)].lower(),
        ),
    )


def reject(chair: User, pattern: Pattern, reason: str, expected_version: int | None = None) -> None:
    """Reject as one-off: first-order learning, maatwerk was enough."""
    require_triage(chair, pattern)
    _require_version(pattern, expected_version)
    reason = mask_text(reason.strip())
    if len(reason) < 5:
        raise DomainError(_("Geef kort aan waarom dit eenmalig is en maatwerk volstond."))
    pattern.rejection_reason = reason
    transition(chair, pattern, PatternState.REJECTED, _("Afgewezen als eenmalig: %(r)s", r=reason))


def reopen(chair: User, pattern: Pattern, expected_version: int | None = None) -> None:
    require_triage(chair, pattern)
    _require_version(pattern, expected_version)
    if pattern.state == PatternState.MERGED:
        unmerge(chair, pattern)
        return
    back_on_queue(pattern)
    transition(chair, pattern, PatternState.REOPENED, _("Heropend door de voorzitter."))
