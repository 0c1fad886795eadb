"""Grouping knelpunten into patterns: one at a time as they arrive, or all again (recluster)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from learning.accounts.models import User
from learning.audit.services import record
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.insight.hooks import blockage_changed, pattern_changed
from learning.patterns import engine, knowledge
from learning.patterns.adapters import central_title, neighbours, to_item
from learning.patterns.emergence import evaluate_emergence, reopen_if_closed
from learning.patterns.models import MemberStatus, Pattern, PatternExclusion, PatternMember
from learning.patterns.queries import active_members, member_of
from learning.patterns.states import ENGINE_OWNED, GROUPABLE, PatternState
from learning.patterns.vectors import forget_vector, store_vector, store_vectors, to_array

MEMBERS_PER_PATTERN = 30


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


def chair_members(pattern: Pattern) -> list[PatternMember] | None:
    """The members that say what a pattern is by a chair's decision, or None for a pattern
    only the engine shaped: all members once a chair confirmed or took up the pattern, else
    those a chair placed (a split's new pattern, "hoort bij dit patroon")."""
    current = active_members(pattern)
    if pattern.confirmed_at is not None or pattern.state not in ENGINE_OWNED:
        return current
    placed = [m for m in current if m.status == MemberStatus.CONFIRMED]
    return placed or None


def _taken_out(known: dict[int, list[engine.Item]]) -> dict[int, list[engine.Item]]:
    """Knelpunten chairs took out of these patterns (split, detach): negative examples.

    One a chair brought back (attach, or merging the split-off pattern back in) is a member
    again and no longer counts against the pattern.
    """
    if not known:
        return {}
    rows = db.session.execute(
        select(PatternExclusion.pattern_id, Blockage)
        .join(Blockage, Blockage.id == PatternExclusion.blockage_id)
        .where(PatternExclusion.pattern_id.in_(sorted(known)), Blockage.withdrawn_at.is_(None))
        .order_by(PatternExclusion.id.desc())
    ).all()
    found: dict[int, list[engine.Item]] = {}
    for pattern_id, blockage in rows:
        member = member_of(blockage.id)
        if member is not None and _home(member.pattern).id == pattern_id:
            continue
        if len(found.setdefault(pattern_id, [])) < MEMBERS_PER_PATTERN:
            found[pattern_id].append(to_item(blockage))
    return found


def _home(pattern: Pattern) -> Pattern:
    """The pattern a merged pattern lives on in."""
    while pattern.state == PatternState.MERGED and pattern.merged_into_id:
        pattern = db.session.get(Pattern, pattern.merged_into_id)
    return pattern


def group_blockage(blockage: Blockage, vector) -> Pattern | None:
    """Place a saved knelpunt: in a pattern chairs decided about (by its prototype, as the
    batch grouping does), else in an engine-made candidate, else with a loose neighbour."""
    item = to_item(blockage)
    candidates = neighbours(blockage, vector)
    excluded = set(
        db.session.scalars(
            select(PatternExclusion.pattern_id).where(PatternExclusion.blockage_id == blockage.id)
        )
    )
    known: dict[int, list[engine.Item]] = {}
    by_pattern: dict[int, list[engine.Item]] = {}
    loose: list[Blockage] = []
    for neighbour in candidates:
        member = member_of(neighbour.id)
        if member is None:
            loose.append(neighbour)
            continue
        pattern = member.pattern
        if pattern.state == PatternState.MERGED and pattern.merged_into_id:
            pattern = db.session.get(Pattern, pattern.merged_into_id)
        if pattern.id in excluded or pattern.state not in GROUPABLE:
            continue
        if pattern.id in known or pattern.id in by_pattern:
            continue
        decided = chair_members(pattern)
        if decided is not None:
            known[pattern.id] = [to_item(m.blockage) for m in decided[-MEMBERS_PER_PATTERN:]]
        else:
            by_pattern[pattern.id] = [
                to_item(m.blockage) for m in active_members(pattern)[-MEMBERS_PER_PATTERN:]
            ]
    settings = engine.EngineSettings()
    pattern_id, match = knowledge.place(item, known, _taken_out(known), settings)
    if pattern_id is None:
        pattern_id, match = engine.assign(item, by_pattern, settings)
    if pattern_id is not None:
        pattern = db.session.get(Pattern, pattern_id)
        add_member(pattern, blockage, match, None)
        reopen_if_closed(
            pattern,
            None,
            _("Heropend: er is opnieuw een knelpunt gemeld dat bij dit patroon hoort."),
        )
        evaluate_emergence(pattern)
        return pattern
    # No pattern fits: a loose neighbour close enough starts a candidate pattern.
    singles = {-n.id: [to_item(n)] for n in loose}
    partner_key, match = engine.assign(item, singles, settings)
    if partner_key is None:
        return None
    partner = db.session.get(Blockage, -partner_key)
    return create_candidate(blockage, partner, match)


def create_candidate(blockage: Blockage, partner: Blockage, match) -> Pattern:
    texts = [partner.text, blockage.text]
    pattern = Pattern(
        title=central_title([partner, blockage]),
        key_terms=engine.key_terms(texts),
        state=PatternState.CANDIDATE,
    )
    db.session.add(pattern)
    db.session.flush()
    add_member(pattern, partner, None, None)
    add_member(pattern, blockage, match, None, matched=partner)
    record(None, "pattern.candidate_created", pattern, blockages=[partner.id, blockage.id])
    evaluate_emergence(pattern)
    return pattern


def chair_reasons(pattern: Pattern) -> list[str]:
    """What a chair decided before about the pattern a knelpunt joins, for the explanation."""
    if pattern.confirmed_at is None:
        return []
    return [
        _(
            "Een voorzitter bevestigde dit patroon op %(date)s",
            date=pattern.confirmed_at.strftime("%d-%m-%Y"),
        )
    ]


def add_member(
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
        reasons=[*(match.reasons() if match is not None else []), *chair_reasons(pattern)],
        matched_blockage_id=matched.id if matched else None,
        added_by_id=actor.id if actor else None,
    )
    db.session.add(member)
    db.session.flush()
    db.session.expire(pattern, ["members"])
    pattern_changed(pattern, regrouped=True)
    blockage_changed(blockage.reported_on)
    return member


def recluster() -> dict[str, int]:
    """Recompute candidate patterns for the knelpunten that are loose or in a candidate.

    Candidate patterns are dropped; the loose knelpunten are then grouped in one batch (better
    than one at a time), and what stays loose is offered to the other patterns. Every pattern
    past the candidate stage keeps its id and members, also those the engine put there: a
    queued pattern was announced to its chair and reporters as it is, and dropping its members
    would put the same knelpunten on the queue a second time as a new pattern.
    """
    store_vectors(
        list(
            db.session.scalars(
                select(Blockage).where(Blockage.vector.is_(None), Blockage.withdrawn_at.is_(None))
            )
        )
    )
    for pattern in db.session.scalars(
        select(Pattern).where(Pattern.state == PatternState.CANDIDATE)
    ).all():
        db.session.execute(delete(PatternMember).where(PatternMember.pattern_id == pattern.id))
        db.session.execute(
            delete(PatternExclusion).where(PatternExclusion.pattern_id == pattern.id)
        )
        db.session.delete(pattern)
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
            title=central_title(members),
            key_terms=engine.key_terms(texts),
            state=PatternState.CANDIDATE,
        )
        db.session.add(pattern)
        db.session.flush()
        anchor = to_item(members[0])
        for blockage in members:
            match = None if blockage is members[0] else engine.similarity(anchor, to_item(blockage))
            add_member(
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
