"""The werktafel triage: confirm, merge, split, detach, attach, reject, reopen, locking."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.errors import Conflict, DomainError, Forbidden
from learning.extensions import db as _db
from learning.notifications.models import Notification
from learning.patterns import grouping, services, triage
from learning.patterns.models import (
    Endorsement,
    MemberStatus,
    PatternState,
)
from learning.patterns.queries import active_members, pattern_of, triage_queue
from learning.timeutil import utcnow
from learning.unit_of_work import commit
from tests.factories import BlockageFactory, LearningTableFactory, UserFactory
from tests.patterns.helpers import (
    audit_actions,
    loose_pattern,
    member_titles,
)


def test_confirm_records_title_cause_and_order_and_starts_the_table_flow(db, werktafel):
    pattern = loose_pattern(3, werktafel)

    triage.confirm(
        werktafel.chair,
        pattern,
        "Wachttijd schuldhulp",
        "Drie maanden wachten op een intake.",
        "uitvoering",
        "second",
        expected_version=pattern.version,
    )

    assert pattern.title == "Wachttijd schuldhulp"
    assert pattern.description == "Drie maanden wachten op een intake."
    assert pattern.root_cause == "uitvoering"
    assert pattern.order == "second"
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.confirmed_at is not None
    assert {m.status for m in pattern.members} == {MemberStatus.CONFIRMED}
    assert "pattern.transition" in audit_actions(pattern)


def test_reporters_hear_what_the_chair_decided(db, werktafel, mailbox):
    chair = werktafel.chair
    pattern = loose_pattern(3, werktafel)
    reporters = [m.blockage.reporter for m in pattern.members]
    reporters[1].notify_by_email = False
    withdrawn = pattern.members[2].blockage
    withdrawn.withdrawn_at = utcnow()
    follower = UserFactory()
    services.follow(follower, pattern)
    commit()

    reporters[0].notification_mail = follower.notification_mail = "immediately"
    commit()

    triage.confirm(chair, pattern, "Wachttijd schuldhulp", "", "uitvoering", "second")
    commit()

    told = _db.session.scalars(
        select(Notification).where(Notification.pattern_id == pattern.id)
    ).all()
    assert {n.link for n in told} == {f"/patronen/{pattern.id}"}  # a path, built without request
    assert sorted(n.user_id for n in told) == sorted(
        [reporters[0].id, reporters[1].id, follower.id]  # in the app, also without mail
    )
    news = [m for m in mailbox if m.subject == "Nieuws over 'Wachttijd schuldhulp'"]
    assert sorted(m.to[0] for m in news) == sorted([reporters[0].email, follower.email])
    assert "Opgepakt door Werktafel Schulden" in news[0].body
    assert chair.email not in {m.to[0] for m in mailbox}


@pytest.mark.parametrize(
    ("title", "cause", "order", "message"),
    [
        ("  ", "uitvoering", "second", "titel"),
        ("Titel", "weet-niet", "second", "oorzaak"),
        ("Titel", "uitvoering", "vierde", "orde"),
    ],
)
def test_confirm_refuses_incomplete_input(db, werktafel, title, cause, order, message):
    pattern = loose_pattern(2, werktafel)
    with pytest.raises(DomainError, match=message):
        triage.confirm(werktafel.chair, pattern, title, "", cause, order)
    assert pattern.state == PatternState.NEW


def test_merge_moves_knelpunten_and_unmerge_restores_them(db, werktafel):
    chair = werktafel.chair
    keep = loose_pattern(2, werktafel, title="Houden")
    absorb = loose_pattern(2, werktafel, title="Opgaan")
    endorser = UserFactory()
    services.endorse(endorser, absorb)
    keep_titles, absorb_titles = member_titles(keep), member_titles(absorb)

    triage.merge(chair, keep, absorb, keep.version, absorb.version)

    assert member_titles(keep) == keep_titles | absorb_titles
    assert member_titles(absorb) == set()
    assert absorb.state == PatternState.MERGED
    assert absorb.merged_into_id == keep.id
    assert (
        db.session.scalar(select(Endorsement.pattern_id).where(Endorsement.user_id == endorser.id))
        == keep.id
    )
    assert "pattern.merged" in audit_actions(keep)

    triage.reopen(chair, absorb)  # reopening a merged pattern undoes the merge

    assert member_titles(keep) == keep_titles
    assert member_titles(absorb) == absorb_titles
    assert absorb.state == PatternState.REOPENED
    assert absorb.merged_into_id is None
    assert "pattern.unmerged" in audit_actions(keep)


def test_a_pattern_cannot_be_merged_with_itself(db, werktafel):
    pattern = loose_pattern(2, werktafel)
    with pytest.raises(DomainError, match="zichzelf"):
        triage.merge(werktafel.chair, pattern, pattern)
    assert pattern.state == PatternState.NEW
    assert len(active_members(pattern)) == 2


def test_split_to_a_new_pattern_on_the_same_queue(db, werktafel):
    chair = werktafel.chair
    pattern = loose_pattern(3, werktafel)
    moving = active_members(pattern)[0].blockage

    new = triage.split(
        chair, pattern, [moving.id], title="Afgesplitst", expected_version=pattern.version
    )

    assert member_titles(new) == {moving.title}
    assert moving.title not in member_titles(pattern)
    assert new.title == "Afgesplitst"
    assert new.table == werktafel
    assert new.state == PatternState.NEW
    assert set(triage_queue(chair)) == {pattern, new}
    assert "pattern.split" in audit_actions(pattern)

    grouping.process_blockage(moving.id)  # the engine does not pull it back
    assert pattern_of(moving) == new

    triage.attach(chair, pattern, moving.id)  # and the chair can undo the split
    assert moving.title in member_titles(pattern)
    assert "pattern.attached" in audit_actions(pattern)


def test_split_to_another_pattern(db, werktafel):
    pattern = loose_pattern(3, werktafel)
    other = loose_pattern(1, werktafel)
    moving = [m.blockage for m in active_members(pattern)[:2]]

    target = triage.split(werktafel.chair, pattern, [b.id for b in moving], target=other)

    assert target == other
    assert {b.title for b in moving} <= member_titles(other)
    assert len(active_members(pattern)) == 1


def test_split_may_not_leave_an_empty_pattern(db, werktafel):
    pattern = loose_pattern(2, werktafel)
    everyone = [m.blockage_id for m in active_members(pattern)]

    with pytest.raises(DomainError, match="leeg patroon"):
        triage.split(werktafel.chair, pattern, everyone)
    with pytest.raises(DomainError, match="ander patroon"):
        triage.split(werktafel.chair, pattern, everyone[:1], target=pattern)
    assert len(active_members(pattern)) == 2


def test_detach_keeps_the_knelpunt_out_and_attach_reverses_it(db, werktafel):
    chair = werktafel.chair
    pattern = loose_pattern(3, werktafel)
    leaving = active_members(pattern)[0].blockage

    triage.detach(chair, pattern, leaving.id)

    assert leaving.title not in member_titles(pattern)
    assert pattern_of(leaving) is None
    assert "pattern.detached" in audit_actions(pattern)

    triage.attach(chair, pattern, leaving.id)
    assert leaving.title in member_titles(pattern)


def test_the_last_knelpunt_cannot_be_detached(db, werktafel):
    pattern = loose_pattern(1, werktafel)
    with pytest.raises(DomainError, match="laatste"):
        triage.detach(werktafel.chair, pattern, pattern.members[0].blockage_id)


def test_reject_needs_a_reason_and_reopen_puts_it_back_on_the_queue(db, werktafel):
    chair = werktafel.chair
    pattern = loose_pattern(3, werktafel)

    with pytest.raises(DomainError, match="eenmalig"):
        triage.reject(chair, pattern, "  ")
    assert pattern.state == PatternState.NEW

    triage.reject(chair, pattern, "Eenmalig; maatwerk van de consulent volstond.")
    assert pattern.state == PatternState.REJECTED
    assert pattern.rejection_reason == "Eenmalig; maatwerk van de consulent volstond."
    assert triage_queue(chair) == []

    triage.reopen(chair, pattern)
    assert pattern.state == PatternState.REOPENED
    assert triage_queue(chair) == [pattern]
    transitions = [
        (e.details["from"], e.details["to"])
        for e in db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.object_id == pattern.id, AuditEntry.action == "pattern.transition"
            )
        )
    ]
    assert transitions == [("nieuw", "afgewezen"), ("afgewezen", "heropend")]


def test_a_stale_version_is_refused_and_keeps_the_first_change(db, werktafel):
    chair = werktafel.chair
    secretary = UserFactory(roles=["chair"])
    werktafel.secretary = secretary
    pattern = loose_pattern(3, werktafel)
    seen = pattern.version

    triage.confirm(chair, pattern, "Eerste besluit", "", "uitvoering", "second", seen)
    db.session.flush()

    with pytest.raises(Conflict, match="door iemand anders gewijzigd"):
        triage.reject(secretary, pattern, "Toch eenmalig, vinden wij.", seen)
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.title == "Eerste besluit"


MEMBERSHIP_CHANGES = {
    "split": lambda chair, p: triage.split(chair, p, [active_members(p)[0].blockage_id]),
    "merge": lambda chair, p: triage.merge(chair, p, loose_pattern(1, p.table)),
    "detach": lambda chair, p: triage.detach(chair, p, active_members(p)[0].blockage_id),
    "attach": lambda chair, p: triage.attach(chair, p, BlockageFactory().id),
}


@pytest.mark.parametrize("change", MEMBERSHIP_CHANGES.values(), ids=MEMBERSHIP_CHANGES.keys())
@pytest.mark.parametrize("confirmed", [False, True], ids=["new", "confirmed"])
def test_changing_the_knelpunten_makes_older_forms_stale(db, werktafel, change, confirmed):
    """A chair who saw the pattern before its knelpunten changed must look again first."""
    secretary = UserFactory(roles=["chair"])
    werktafel.secretary = secretary
    pattern = loose_pattern(3, werktafel)
    if confirmed:
        triage.confirm(werktafel.chair, pattern, "Wachttijd", "", "uitvoering", "second")
        db.session.flush()
    seen = pattern.version

    change(werktafel.chair, pattern)
    db.session.flush()

    with pytest.raises(Conflict):
        triage.reject(secretary, pattern, "Eenmalig, maatwerk volstond.", seen)


def test_only_the_chair_of_the_patterns_table_or_an_admin_may_triage(db, werktafel):
    pattern = loose_pattern(2, werktafel)
    professional = UserFactory()
    other_chair = UserFactory(roles=["chair"])
    LearningTableFactory(name="Werktafel Wonen", domains=["wonen"], chair=other_chair)
    admin = UserFactory(roles=["programme_admin"])

    with pytest.raises(Forbidden):
        triage.reject(professional, pattern, "Geen patroon, eenmalig.")
    with pytest.raises(Forbidden, match="andere tafel"):
        triage.reject(other_chair, pattern, "Geen patroon, eenmalig.")
    assert pattern.state == PatternState.NEW

    triage.reject(admin, pattern, "Geen patroon, eenmalig.")
    assert pattern.state == PatternState.REJECTED
