"""Grouping knelpunten into patterns, endorsements, and the werktafel triage actions."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import undefer

from learning.accounts.models import Role, User
from learning.audit.services import record
from learning.blockages.models import Blockage
from learning.errors import DomainError, Forbidden, NotFound
from learning.extensions import db
from learning.links import external_url
from learning.mail.services import queue_mail
from learning.patterns import engine
from learning.patterns.models import (
    ROOT_CAUSE_LABELS,
    EmergenceRule,
    Endorsement,
    LearningOrder,
    MemberStatus,
    Pattern,
    PatternExclusion,
    PatternFollower,
    PatternMember,
    PatternState,
    RootCause,
)
from learning.patterns.queries import active_members, member_of
from learning.patterns.states import add_event, check_version, transition
from learning.patterns.vectors import forget_vector, nearest, recent_ids, store_vector, to_array
from learning.privacy import mask_text
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import today, utcnow

logger = logging.getLogger(__name__)

NEIGHBOURS = 50
RECENT_CANDIDATES = 300
MEMBERS_PER_PATTERN = 30
GROUPABLE_STATES = {
    PatternState.CANDIDATE,
    PatternState.NEW,
    PatternState.REOPENED,
    PatternState.IN_PROGRESS,
    PatternState.ESCALATED,
    PatternState.DECIDED,
    PatternState.IMPLEMENTING,
    PatternState.SOLVED,
    PatternState.EVALUATED,
    PatternState.REJECTED,
}


# --- engine adapters -----------------------------------------------------------------------


def to_item(blockage: Blockage) -> engine.Item:
    return engine.Item(
        id=str(blockage.id),
        text=blockage.text,
        domains=tuple(blockage.domains),
        organisation=blockage.organisation.name if blockage.organisation else None,
        created=blockage.reported_on,
        vector=to_array(blockage.vector),
    )


def _neighbours(blockage: Blockage, vector) -> list[Blockage]:
    """Candidates: nearest by meaning, plus the most recent ones, which words can still match."""
    ids = recent_ids(RECENT_CANDIDATES, exclude={blockage.id})
    if vector is not None:
        ids = [i for i, _score in nearest(vector, NEIGHBOURS, exclude={blockage.id})] + ids
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found = {
        b.id: b
        for b in db.session.scalars(
            select(Blockage).options(undefer(Blockage.vector)).where(Blockage.id.in_(ids))
        )
    }
    return [found[i] for i in ids if i in found]


# --- grouping ------------------------------------------------------------------------------


def process_blockage(blockage_id: int) -> Pattern | None:
    """Embed a saved knelpunt once and put it where it belongs; idempotent."""
    blockage = db.session.get(Blockage, blockage_id)
    if blockage is None or blockage.is_withdrawn:
        forget_vector(blockage_id)  # no longer suggested to anyone, in every worker
        return None
    vector = to_array(blockage.vector)
    text_is_new = vector is None  # new, or edited since its vector was computed
    if text_is_new:
        vector = store_vector(blockage)
    member = member_of(blockage.id)
    if member is not None:
        if member.status == MemberStatus.CONFIRMED or not text_is_new:
            return member.pattern
        pattern = member.pattern
        db.session.delete(member)  # the engine's choice was for the old text: group afresh
        db.session.flush()
        db.session.expire(pattern)
    return group_blockage(blockage, vector)


def group_blockage(blockage: Blockage, vector) -> Pattern | None:
    item = to_item(blockage)
    neighbours = _neighbours(blockage, vector)
    excluded = set(
        db.session.scalars(
            select(PatternExclusion.pattern_id).where(PatternExclusion.blockage_id == blockage.id)
        )
    )
    by_pattern: dict[int, list[engine.Item]] = {}
    loose: list[Blockage] = []
    for neighbour in neighbours:
        member = member_of(neighbour.id)
        if member is None:
            loose.append(neighbour)
            continue
        pattern = member.pattern
        if pattern.state == PatternState.MERGED and pattern.merged_into_id:
            pattern = db.session.get(Pattern, pattern.merged_into_id)
        if pattern.id in excluded or pattern.state not in GROUPABLE_STATES:
            continue
        if pattern.id not in by_pattern:
            by_pattern[pattern.id] = [
                to_item(m.blockage) for m in active_members(pattern)[-MEMBERS_PER_PATTERN:]
            ]
    pattern_id, match = engine.assign(item, by_pattern, engine.EngineSettings())
    if pattern_id is not None:
        pattern = db.session.get(Pattern, pattern_id)
        _add_member(pattern, blockage, match, None)
        if pattern.is_closed:
            pattern.recurring = True
            _back_on_queue(pattern)
            transition(
                None,
                pattern,
                PatternState.REOPENED,
                _("Heropend: er is opnieuw een knelpunt gemeld dat bij dit patroon hoort."),
            )
        evaluate_emergence(pattern)
        return pattern
    # No pattern fits: a loose neighbour close enough starts a candidate pattern.
    singles = {-n.id: [to_item(n)] for n in loose}
    partner_key, match = engine.assign(item, singles, engine.EngineSettings())
    if partner_key is None:
        return None
    partner = db.session.get(Blockage, -partner_key)
    return create_candidate(blockage, partner, match)


def create_candidate(blockage: Blockage, partner: Blockage, match) -> Pattern:
    texts = [partner.text, blockage.text]
    pattern = Pattern(
        title=engine.suggest_title(texts)[:200],
        key_terms=engine.key_terms(texts),
        state=PatternState.CANDIDATE,
    )
    db.session.add(pattern)
    db.session.flush()
    _add_member(pattern, partner, None, None)
    _add_member(pattern, blockage, match, None, matched=partner)
    record(None, "pattern.candidate_created", pattern, blockages=[partner.id, blockage.id])
    evaluate_emergence(pattern)
    return pattern


def _add_member(
    pattern: Pattern,
    blockage: Blockage,
    match,
    actor: User | None,
    matched: Blockage | None = None,
    status: MemberStatus = MemberStatus.CANDIDATE,
) -> PatternMember:
    member = PatternMember(
        pattern=pattern,
        blockage=blockage,
        status=status,
        score=getattr(match, "score", None),
        reasons=match.reasons() if match is not None else [],
        matched_blockage_id=matched.id if matched else None,
        added_by_id=actor.id if actor else None,
    )
    db.session.add(member)
    db.session.flush()
    db.session.expire(pattern, ["members"])
    return member


def refresh_summary(pattern: Pattern) -> None:
    """Regenerate key terms (and the title while the engine still owns it)."""
    texts = [m.blockage.text for m in active_members(pattern)]
    if not texts:
        return
    pattern.key_terms = engine.key_terms(texts)
    if pattern.confirmed_at is None:
        pattern.title = engine.suggest_title(texts)[:200]


# --- emergence -----------------------------------------------------------------------------


def emergence_rule() -> EmergenceRule:
    rule = db.session.scalar(select(EmergenceRule).order_by(EmergenceRule.id).limit(1))
    return rule or EmergenceRule(min_reports=3, min_organisations=2, window_days=90)


def evidence(pattern: Pattern, window_days: int) -> tuple[int, int]:
    """(reports, organisations) within the window; endorsements count as reports."""
    since = today() - timedelta(days=window_days)
    organisations: set[int] = set()
    reports = 0
    reporters: set[int] = set()
    for member in active_members(pattern):
        reporters.add(member.blockage.reporter_id)
        if member.blockage.reported_on >= since:
            reports += 1
            organisations.add(member.blockage.organisation_id)
    endorsements = db.session.scalars(
        select(Endorsement).where(Endorsement.pattern_id == pattern.id)
    ).all()
    for endorsement in endorsements:
        # A reporter agreeing with their own pattern is not a second case.
        if endorsement.user_id not in reporters and endorsement.created_at.date() >= since:
            reports += 1
            if endorsement.organisation_id:
                organisations.add(endorsement.organisation_id)
    return reports, len(organisations)


def table_for(pattern: Pattern) -> LearningTable | None:
    """The werktafel covering the pattern's most frequent domain (domains can be mistaken)."""
    counts = Counter(d for m in active_members(pattern) for d in m.blockage.domains)
    tables = db.session.scalars(
        select(LearningTable)
        .where(LearningTable.kind == TableKind.WORK_TABLE)
        .order_by(LearningTable.id)
    ).all()
    if not tables:
        return None
    return max(tables, key=lambda t: (sum(counts.get(d, 0) for d in t.domains or []), -t.id))


def _back_on_queue(pattern: Pattern) -> None:
    """A reopened pattern waits on a werktafel's queue again, with a fresh take-up term."""
    pattern.queued_at = utcnow()
    if pattern.table is None:  # closed before it ever reached a table
        pattern.table = table_for(pattern)


def evaluate_emergence(pattern: Pattern) -> bool:
    """Put a candidate on the triage queue once the municipality's rule is met."""
    refresh_summary(pattern)
    if pattern.state != PatternState.CANDIDATE:
        return False
    rule = emergence_rule()
    reports, organisations = evidence(pattern, rule.window_days)
    if reports < rule.min_reports or organisations < rule.min_organisations:
        return False
    pattern.table = table_for(pattern)
    pattern.queued_at = utcnow()
    transition(
        None,
        pattern,
        PatternState.NEW,
        _(
            "Er is een patroon ontstaan: %(n)s meldingen uit %(o)s organisaties.",
            n=reports,
            o=organisations,
        ),
    )
    _notify_chair(pattern, reports, organisations)
    return True


def _notify_chair(pattern: Pattern, reports: int, organisations: int) -> None:
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


# --- professionals -------------------------------------------------------------------------


def get_pattern(pattern_id: int) -> Pattern:
    pattern = db.session.get(Pattern, pattern_id)
    if pattern is None:
        raise NotFound(_("Dit patroon bestaat niet."))
    return pattern


def endorse(user: User, pattern: Pattern) -> Endorsement:
    """'Dit speelt bij mij ook': counts as evidence without a second knelpunt."""
    if pattern.state == PatternState.MERGED:
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


def join_pattern(user: User, blockage: Blockage, pattern: Pattern) -> PatternMember:
    """The reporter says 'hoort bij dit patroon'; it overrides what the engine chose."""
    if blockage.reporter_id != user.id and not user.is_admin:
        raise Forbidden(_("U kunt alleen uw eigen knelpunten aan een patroon koppelen."))
    if pattern.state == PatternState.MERGED:
        pattern = get_pattern(pattern.merged_into_id)
    member = member_of(blockage.id)
    if member is not None:
        if member.pattern_id == pattern.id:
            member.status = MemberStatus.CONFIRMED
            return member
        db.session.delete(member)
        db.session.flush()
    db.session.execute(
        delete(PatternExclusion).where(
            PatternExclusion.blockage_id == blockage.id, PatternExclusion.pattern_id == pattern.id
        )
    )
    member = _add_member(pattern, blockage, None, user, status=MemberStatus.CONFIRMED)
    member.reasons = [_("Door de melder zelf gekoppeld")]
    record(user, "pattern.joined", pattern, blockage=blockage.id)
    if pattern.is_closed:
        pattern.recurring = True
        _back_on_queue(pattern)
        transition(
            user, pattern, PatternState.REOPENED, _("Heropend: het knelpunt speelt opnieuw.")
        )
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


# --- werktafel triage ----------------------------------------------------------------------


def check_chair(user: User, pattern: Pattern) -> None:
    """Chairs act on the patterns of their own tables; a pattern without table, any chair."""
    if user.is_admin:
        return
    if not user.has_role(Role.CHAIR):
        raise Forbidden(_("Alleen de voorzitter van de werktafel kan dit doen."))
    if pattern.table is not None and not pattern.table.is_run_by(user):
        raise Forbidden(_("Dit patroon ligt bij een andere tafel."))


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
    check_chair(chair, pattern)
    check_version(pattern, expected_version)
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


def merge(
    chair: User,
    keep: Pattern,
    absorb: Pattern,
    keep_version: int | None = None,
    absorb_version: int | None = None,
) -> Pattern:
    if keep.id == absorb.id:
        raise DomainError(_("Een patroon kan niet met zichzelf worden samengevoegd."))
    check_chair(chair, keep)
    check_chair(chair, absorb)
    check_version(keep, keep_version)
    check_version(absorb, absorb_version)
    if PatternState.MERGED in {keep.state, absorb.state}:
        raise DomainError(_("Dit patroon is al samengevoegd."))
    moved = []
    for member in list(active_members(absorb)) + [
        m for m in absorb.members if m.blockage.is_withdrawn
    ]:
        member.pattern_id = keep.id
        member.origin_pattern_id = absorb.id
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
    check_chair(chair, keep)
    members = db.session.scalars(
        select(PatternMember).where(
            PatternMember.pattern_id == keep.id, PatternMember.origin_pattern_id == absorbed.id
        )
    ).all()
    for member in members:
        member.pattern_id = absorbed.id
        member.origin_pattern_id = None
    absorbed.merged_into_id = None
    db.session.flush()
    db.session.expire(keep, ["members"])
    db.session.expire(absorbed, ["members"])
    _back_on_queue(absorbed)
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
) -> Pattern:
    """Move selected knelpunten to another pattern, or to a new one on the same queue."""
    check_chair(chair, pattern)
    check_version(pattern, expected_version)
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
        check_chair(chair, target)
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
        member.status = MemberStatus.CONFIRMED
        member.added_by_id = chair.id
        member.reasons = [_("Verplaatst door de voorzitter bij een splitsing")]
        db.session.add(PatternExclusion(pattern_id=pattern.id, blockage_id=member.blockage_id))
    db.session.flush()
    db.session.expire(pattern, ["members"])
    db.session.expire(target, ["members"])
    ids = [m.blockage_id for m in chosen]
    record(chair, "pattern.split", pattern, moved=ids, to=target.id)
    add_event(
        chair,
        pattern,
        "split",
        _("%(n)s knelpunten zijn naar het patroon '%(t)s' verplaatst.", n=len(ids), t=target.title),
        to=target.id,
    )
    refresh_summary(pattern)
    if not new_target:  # a new pattern has its summary already, and maybe the chair's title
        refresh_summary(target)
    return target


def detach(
    chair: User, pattern: Pattern, blockage_id: int, expected_version: int | None = None
) -> None:
    check_chair(chair, pattern)
    check_version(pattern, expected_version)
    members = {m.blockage_id: m for m in active_members(pattern)}
    member = members.get(blockage_id)
    if member is None:
        raise NotFound(_("Dit knelpunt hoort niet bij dit patroon."))
    if len(members) == 1:
        raise DomainError(
            _("Dit is het laatste knelpunt van het patroon. Wijs het patroon af in plaats daarvan.")
        )
    db.session.delete(member)
    db.session.add(PatternExclusion(pattern_id=pattern.id, blockage_id=blockage_id))
    db.session.flush()
    db.session.expire(pattern, ["members"])
    record(chair, "pattern.detached", pattern, blockage=blockage_id)
    refresh_summary(pattern)


def attach(chair: User, pattern: Pattern, blockage_id: int) -> None:
    """The reverse of detach (and of a mistaken split): put a knelpunt in this pattern."""
    check_chair(chair, pattern)
    blockage = db.session.get(Blockage, blockage_id)
    if blockage is None or blockage.is_withdrawn:
        raise NotFound(_("Dit knelpunt bestaat niet (meer)."))
    member = member_of(blockage_id)
    if member is not None:
        if member.pattern_id == pattern.id:
            return
        db.session.delete(member)
        db.session.flush()
    db.session.execute(
        delete(PatternExclusion).where(
            PatternExclusion.blockage_id == blockage_id, PatternExclusion.pattern_id == pattern.id
        )
    )
    member = _add_member(pattern, blockage, None, chair, status=MemberStatus.CONFIRMED)
    member.reasons = [_("Toegevoegd door de voorzitter")]
    record(chair, "pattern.attached", pattern, blockage=blockage_id)
    refresh_summary(pattern)


def reject(chair: User, pattern: Pattern, reason: str, expected_version: int | None = None) -> None:
    """Reject as one-off: first-order learning, maatwerk was enough."""
    check_chair(chair, pattern)
    check_version(pattern, expected_version)
    reason = mask_text(reason.strip())
    if len(reason) < 5:
        raise DomainError(_("Geef kort aan waarom dit eenmalig is en maatwerk volstond."))
    pattern.rejection_reason = reason
    transition(chair, pattern, PatternState.REJECTED, _("Afgewezen als eenmalig: %(r)s", r=reason))


def reopen(chair: User, pattern: Pattern, expected_version: int | None = None) -> None:
    check_chair(chair, pattern)
    check_version(pattern, expected_version)
    if pattern.state == PatternState.MERGED:
        unmerge(chair, pattern)
        return
    _back_on_queue(pattern)
    transition(chair, pattern, PatternState.REOPENED, _("Heropend door de voorzitter."))


# --- recluster -----------------------------------------------------------------------------


def recluster() -> dict[str, int]:
    """Recompute candidate patterns for the stored knelpunten no chair or reporter placed.

    Candidate patterns and engine-made memberships are dropped; the loose knelpunten are then
    grouped in one batch (better than one at a time), and what stays loose is offered to the
    patterns chairs already work on.
    """
    for blockage in db.session.scalars(
        select(Blockage).where(Blockage.vector.is_(None), Blockage.withdrawn_at.is_(None))
    ):
        store_vector(blockage)
    for pattern in db.session.scalars(
        select(Pattern).where(Pattern.state == PatternState.CANDIDATE)
    ).all():
        db.session.execute(delete(PatternMember).where(PatternMember.pattern_id == pattern.id))
        db.session.execute(
            delete(PatternExclusion).where(PatternExclusion.pattern_id == pattern.id)
        )
        db.session.delete(pattern)
    db.session.execute(delete(PatternMember).where(PatternMember.status == MemberStatus.CANDIDATE))
    db.session.flush()
    db.session.expire_all()
    loose = db.session.scalars(
        select(Blockage)
        .where(
            Blockage.withdrawn_at.is_(None), Blockage.id.not_in(select(PatternMember.blockage_id))
        )
        .order_by(Blockage.reported_on, Blockage.id)
    ).all()
    labels = engine.cluster([to_item(b) for b in loose], engine.EngineSettings())
    groups: dict[int, list[Blockage]] = {}
    for label, blockage in zip(labels, loose, strict=True):
        groups.setdefault(label, []).append(blockage)
    created = joined = 0
    singles = [members[0] for members in groups.values() if len(members) == 1]
    for members in groups.values():
        if len(members) == 1:
            continue
        texts = [b.text for b in members]
        pattern = Pattern(
            title=engine.suggest_title(texts)[:200],
            key_terms=engine.key_terms(texts),
            state=PatternState.CANDIDATE,
        )
        db.session.add(pattern)
        db.session.flush()
        anchor = to_item(members[0])
        for blockage in members:
            match = None if blockage is members[0] else engine.similarity(anchor, to_item(blockage))
            _add_member(
                pattern, blockage, match, None, matched=None if match is None else members[0]
            )
        record(None, "pattern.candidate_created", pattern, blockages=[b.id for b in members])
        evaluate_emergence(pattern)
        created += 1
    for blockage in singles:  # after the groups exist, so a single can join one of them
        if member_of(blockage.id) is None and group_blockage(blockage, to_array(blockage.vector)):
            joined += 1
    return {"knelpunten": len(loose), "patterns_created": created, "joined_existing": joined}


def catch_up_embeddings(limit: int = 200) -> int:
    """Knelpunten saved while the model or the worker was down get their vector and group."""
    ids = list(
        db.session.scalars(
            select(Blockage.id)
            .where(Blockage.vector.is_(None), Blockage.withdrawn_at.is_(None))
            .order_by(Blockage.id)
            .limit(limit)
        )
    )
    for blockage_id in ids:
        process_blockage(blockage_id)
    return len(ids)
