"""Patterns as the services make them: grouping on save, emergence, recurrence, triage."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from learning.accounts.models import User
from learning.audit.models import AuditEntry
from learning.blockages.models import Blockage
from learning.blockages.services import BlockageInput, log_blockage, update_blockage
from learning.errors import Conflict, DomainError, Forbidden
from learning.extensions import db as _db
from learning.patterns import embedding, engine, services
from learning.patterns.embedding import EmbeddingUnavailable
from learning.patterns.models import (
    EmergenceRule,
    Endorsement,
    MemberStatus,
    Pattern,
    PatternMember,
    PatternState,
)
from learning.patterns.queries import active_members, pattern_of, triage_queue
from learning.tables.queries import take_up_overdue
from learning.timeutil import today, utcnow
from learning.unit_of_work import commit
from tests.factories import BlockageFactory, LearningTableFactory, OrganisationFactory, UserFactory
from tests.patterns.texts import DEBT as ALL_DEBT

DEBT = ALL_DEBT[:4]
UNRELATED = [
    (
        "Geen parkeervergunning voor mantelzorgers",
        "Mantelzorger die dagelijks bij zijn moeder komt krijgt geen parkeervergunning, want "
        "die is alleen voor bewoners van de wijk.",
    ),
    (
        "Jeugdhulp stopt abrupt bij achttien jaar",
        "Op de dag dat een jongere achttien wordt stopt de jeugdhulp, terwijl de zorg voor "
        "volwassenen nog geen plek heeft.",
    ),
]


def report(text, organisation=None, domains=("schulden",), reporter=None, **extra) -> Blockage:
    """A professional saves the knelpunt form; the (eager) worker embeds and groups on commit."""
    reporter = reporter or UserFactory(organisations=[organisation or OrganisationFactory()])
    title, description = text
    blockage = log_blockage(
        reporter,
        BlockageInput(
            title=title,
            description=description,
            domains=list(domains),
            handling="niet_opgelost",
            **extra,
        ),
    )
    commit()
    return blockage


def loose_pattern(count: int, table=None, state=PatternState.NEW, title="Patroon") -> Pattern:
    """A pattern put together by hand, for triage tests that need no engine."""
    pattern = Pattern(title=title, key_terms=[], state=state, table=table)
    for _i in range(count):
        pattern.members.append(
            PatternMember(blockage=BlockageFactory(domains=["schulden"]), reasons=["test"])
        )
    _db.session.add(pattern)
    _db.session.flush()
    return pattern


def audit_actions(pattern: Pattern) -> list[str]:
    return list(
        _db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "Pattern", AuditEntry.object_id == pattern.id)
            .order_by(AuditEntry.id)
        )
    )


def member_titles(pattern: Pattern) -> set[str]:
    _db.session.expire(pattern, ["members"])
    return {m.blockage.title for m in active_members(pattern)}


@pytest.fixture
def embedded_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the embedding model is asked to encode during the test."""
    texts: list[str] = []
    real = embedding.embed

    def counting(batch: list[str], batch_size: int = 256) -> np.ndarray:
        texts.extend(batch)
        return real(batch, batch_size=batch_size)

    monkeypatch.setattr(embedding, "embed", counting)
    monkeypatch.setattr(engine, "embed", counting, raising=False)
    return texts


@pytest.fixture
def broken_model(monkeypatch: pytest.MonkeyPatch):
    """The embedding model cannot load (wheel or weights missing); undo() repairs it."""

    def broken(batch: list[str], batch_size: int = 256) -> np.ndarray:
        raise EmbeddingUnavailable("model files missing")

    monkeypatch.setattr(embedding, "embed", broken)
    monkeypatch.setattr(engine, "embed", broken, raising=False)
    return monkeypatch


@pytest.fixture
def werktafel(db):
    """A jeugd table made first (lower id), then the schulden werktafel with its chair."""
    jeugd_chair = UserFactory(roles=["chair"], email="voorzitter.jeugd@example.org")
    LearningTableFactory(name="Werktafel Jeugd", domains=["jeugdwet"], chair=jeugd_chair)
    chair = UserFactory(roles=["chair"], email="voorzitter.schulden@example.org")
    table = LearningTableFactory(name="Werktafel Schulden", domains=["schulden"], chair=chair)
    db.session.flush()
    return table


# --- grouping on save ----------------------------------------------------------------------


def test_saving_embeds_the_knelpunt_once_and_stores_the_vector(db, embedded_texts):
    first = report(DEBT[0])
    assert first.vector is not None
    assert first.embedded_at is not None
    assert sum(DEBT[0][0] in t for t in embedded_texts) == 1

    services.process_blockage(first.id)  # the task runs again, e.g. a retry
    report(DEBT[1])  # the next save compares with the stored vector
    report(UNRELATED[0])
    services.catch_up_embeddings()

    assert sum(DEBT[0][0] in t for t in embedded_texts) == 1


def test_close_loose_knelpunten_form_a_candidate_with_a_dutch_title_and_key_terms(db):
    first = report(DEBT[0])
    unrelated = report(UNRELATED[0], domains=("wmo",))
    assert pattern_of(first) is None

    second = report(DEBT[1])

    pattern = pattern_of(second)
    assert pattern is not None
    assert pattern_of(first) == pattern
    assert pattern_of(unrelated) is None
    assert pattern.state == PatternState.CANDIDATE
    assert "schuld" in pattern.title.lower()
    assert pattern.title != "Nieuw patroon"
    assert any("schuld" in term for term in pattern.key_terms)
    joined = services.member_of(second.id)
    assert joined.status == MemberStatus.CANDIDATE
    assert joined.matched_blockage_id == first.id
    assert joined.reasons  # the chair sees why, in Dutch
    assert any("Gedeelde termen" in r or "Inhoud lijkt" in r for r in joined.reasons)
    assert "pattern.candidate_created" in audit_actions(pattern)


def test_a_new_knelpunt_close_to_a_pattern_joins_it_with_reasons(db):
    report(DEBT[0])
    pattern = pattern_of(report(DEBT[1]))

    third = report(DEBT[2])
    unrelated = report(UNRELATED[1], domains=("jeugdwet",))

    member = services.member_of(third.id)
    assert member.pattern_id == pattern.id
    assert member.status == MemberStatus.CANDIDATE
    assert member.score is not None
    assert member.score > 0
    assert member.reasons
    assert pattern_of(unrelated) is None
    assert len(active_members(pattern)) == 3


def test_edited_text_is_embedded_again_and_regrouped(db):
    reporter = UserFactory()
    first = report(DEBT[0])
    report(DEBT[1])
    pattern = pattern_of(first)
    moved = report(DEBT[2], reporter=reporter)
    assert pattern_of(moved) == pattern

    title, description = UNRELATED[0]
    update_blockage(
        reporter,
        moved,
        BlockageInput(title, description, ["wmo"], "niet_opgelost"),
        moved.version,
    )
    commit()

    assert moved.vector is not None
    assert pattern_of(moved) is None
    assert len(active_members(pattern)) == 2


# --- emergence -----------------------------------------------------------------------------


def test_three_reports_from_two_organisations_reach_the_werktafel_and_its_chair(
    db, werktafel, mailbox
):
    chair = werktafel.chair
    wijkteam, kredietbank = OrganisationFactory(), OrganisationFactory()
    first = report(DEBT[0], wijkteam)
    report(DEBT[1], wijkteam)
    pattern = pattern_of(first)
    assert pattern.state == PatternState.CANDIDATE
    assert triage_queue(chair) == []
    assert not [m for m in mailbox if chair.email in m.to]

    report(DEBT[2], kredietbank)

    assert pattern.state == PatternState.NEW
    assert pattern.table == werktafel
    assert triage_queue(chair) == [pattern]
    jeugd_chair = db.session.scalar(
        select(User).where(User.email == "voorzitter.jeugd@example.org")
    )
    assert triage_queue(jeugd_chair) == []
    to_chair = [m for m in mailbox if m.to == [chair.email]]
    assert len(to_chair) == 1
    assert pattern.title[:40] in to_chair[0].subject
    assert f"/patronen/{pattern.id}" in to_chair[0].body
    assert "3 meldingen uit 2 organisaties" in to_chair[0].body
    assert "pattern.transition" in audit_actions(pattern)


def test_reports_from_one_organisation_do_not_make_a_pattern(db, werktafel, mailbox):
    wijkteam = OrganisationFactory()
    for text in DEBT:
        last = report(text, wijkteam)

    pattern = pattern_of(last)
    assert len(active_members(pattern)) == 4
    assert pattern.state == PatternState.CANDIDATE
    assert triage_queue(werktafel.chair) == []
    assert not [m for m in mailbox if m.to == [werktafel.chair.email]]


def test_an_endorsement_from_another_organisation_counts_as_a_report(db, werktafel, mailbox):
    wijkteam, corporatie = OrganisationFactory(), OrganisationFactory()
    first = report(DEBT[0], wijkteam)
    report(DEBT[1], wijkteam)
    pattern = pattern_of(first)
    colleague = UserFactory(organisations=[corporatie])

    services.endorse(colleague, pattern)
    services.endorse(colleague, pattern)  # a double click counts once
    commit()

    assert (
        db.session.scalar(
            select(func.count(Endorsement.id)).where(Endorsement.pattern_id == pattern.id)
        )
        == 1
    )
    assert pattern.state == PatternState.NEW
    assert [m.to for m in mailbox if m.to == [werktafel.chair.email]] == [[werktafel.chair.email]]


def test_reports_older_than_the_window_do_not_count(db, werktafel):
    long_ago = today() - timedelta(days=120)
    first = report(DEBT[0], reported_on=long_ago)
    report(DEBT[1], reported_on=long_ago)
    report(DEBT[2])

    pattern = pattern_of(first)
    assert len(active_members(pattern)) == 3
    assert pattern.state == PatternState.CANDIDATE


def test_the_municipality_can_set_its_own_rule(db, werktafel):
    db.session.add(EmergenceRule(min_reports=2, min_organisations=1, window_days=30))
    wijkteam = OrganisationFactory()
    first = report(DEBT[0], wijkteam)
    report(DEBT[1], wijkteam)

    assert pattern_of(first).state == PatternState.NEW


def test_a_closed_pattern_that_gets_a_new_knelpunt_is_reopened_and_recurring(db, werktafel):
    chair = werktafel.chair
    report(DEBT[0])
    report(DEBT[1])
    pattern = pattern_of(report(DEBT[2]))
    services.confirm(chair, pattern, pattern.title, "", "uitvoering", "first")
    commit()
    assert pattern.state == PatternState.SOLVED
    assert triage_queue(chair) == []

    returned = report(DEBT[3])

    assert pattern_of(returned) == pattern
    assert pattern.state == PatternState.REOPENED
    assert pattern.recurring is True
    assert triage_queue(chair) == [pattern]


def test_a_pattern_that_comes_back_gets_a_fresh_take_up_term(db, werktafel):
    chair = werktafel.chair
    report(DEBT[0])
    report(DEBT[1])
    pattern = pattern_of(report(DEBT[2]))
    services.confirm(chair, pattern, pattern.title, "", "uitvoering", "first")
    pattern.queued_at = utcnow() - timedelta(days=200)  # it was on the queue long ago
    commit()

    report(DEBT[3])

    assert pattern.state == PatternState.REOPENED
    assert not take_up_overdue(pattern)


def test_a_rejected_candidate_that_comes_back_lands_on_the_werktafel_queue(db, werktafel):
    chair = werktafel.chair
    wijkteam = OrganisationFactory()
    report(DEBT[0], wijkteam)
    pattern = pattern_of(report(DEBT[1], wijkteam))
    assert pattern.table is None  # a candidate has no table yet
    services.reject(chair, pattern, "Twee meldingen, maatwerk volstond.")
    commit()

    report(DEBT[2], wijkteam)

    assert pattern.state == PatternState.REOPENED
    assert pattern.table == werktafel
    assert triage_queue(chair) == [pattern]


# --- the embedding model is unavailable ----------------------------------------------------


def test_without_the_model_saving_works_grouping_falls_back_and_catches_up(db, broken_model):
    first = report(DEBT[0])
    second = report(DEBT[1])

    assert first.id
    assert second.id
    assert first.vector is None
    assert second.vector is None
    pattern = pattern_of(second)
    assert pattern is not None
    assert pattern_of(first) == pattern
    reasons = services.member_of(second.id).reasons
    assert any("Alleen op woorden" in r for r in reasons)

    broken_model.undo()
    assert services.catch_up_embeddings() == 2
    commit()

    assert first.vector is not None
    assert second.vector is not None
    assert pattern_of(first) == pattern_of(second) is not None
    assert services.catch_up_embeddings() == 0


@pytest.mark.parametrize(
    "text",
    [
        ("Regel", "Werkt niet."),
        ("!!!", "?? ... !!! ### *** ---"),
        ("Lange beschrijving", ("De aanvraag blijft hangen tussen loketten. " * 115)[:4990]),
        (
            "Debt counselling waiting list",
            "Residents with payment arrears wait three months for debt counselling while "
            "their debts keep growing.",
        ),
        ("Borç danışmanlığı", "Borçları olan aileler belediyeden yardım için aylarca bekliyor."),
        ("مشكلة", "ينتظر السكان ثلاثة أشهر للحصول على موعد للمساعدة في الديون."),
    ],
)
def test_odd_texts_are_saved_and_processed_without_error(db, text):
    report(DEBT[0])
    blockage = report(text)

    assert blockage.id is not None
    assert blockage.vector is not None  # processing ran to the end
    assert services.process_blockage(blockage.id) == pattern_of(blockage)


# --- triage --------------------------------------------------------------------------------


def test_confirm_records_title_cause_and_order_and_starts_the_table_flow(db, werktafel):
    pattern = loose_pattern(3, werktafel)

    services.confirm(
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

    services.confirm(chair, pattern, "Wachttijd schuldhulp", "", "uitvoering", "second")
    commit()

    news = [m for m in mailbox if m.subject == "Nieuws over het patroon: Wachttijd schuldhulp"]
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
        services.confirm(werktafel.chair, pattern, title, "", cause, order)
    assert pattern.state == PatternState.NEW


def test_merge_moves_knelpunten_and_unmerge_restores_them(db, werktafel):
    chair = werktafel.chair
    keep = loose_pattern(2, werktafel, title="Houden")
    absorb = loose_pattern(2, werktafel, title="Opgaan")
    endorser = UserFactory()
    services.endorse(endorser, absorb)
    keep_titles, absorb_titles = member_titles(keep), member_titles(absorb)

    services.merge(chair, keep, absorb, keep.version, absorb.version)

    assert member_titles(keep) == keep_titles | absorb_titles
    assert member_titles(absorb) == set()
    assert absorb.state == PatternState.MERGED
    assert absorb.merged_into_id == keep.id
    assert (
        db.session.scalar(select(Endorsement.pattern_id).where(Endorsement.user_id == endorser.id))
        == keep.id
    )
    assert "pattern.merged" in audit_actions(keep)

    services.reopen(chair, absorb)  # reopening a merged pattern undoes the merge

    assert member_titles(keep) == keep_titles
    assert member_titles(absorb) == absorb_titles
    assert absorb.state == PatternState.REOPENED
    assert absorb.merged_into_id is None
    assert "pattern.unmerged" in audit_actions(keep)


def test_a_pattern_cannot_be_merged_with_itself(db, werktafel):
    pattern = loose_pattern(2, werktafel)
    with pytest.raises(DomainError, match="zichzelf"):
        services.merge(werktafel.chair, pattern, pattern)
    assert pattern.state == PatternState.NEW
    assert len(active_members(pattern)) == 2


def test_split_to_a_new_pattern_on_the_same_queue(db, werktafel):
    chair = werktafel.chair
    pattern = loose_pattern(3, werktafel)
    moving = active_members(pattern)[0].blockage

    new = services.split(
        chair, pattern, [moving.id], title="Afgesplitst", expected_version=pattern.version
    )

    assert member_titles(new) == {moving.title}
    assert moving.title not in member_titles(pattern)
    assert new.title == "Afgesplitst"
    assert new.table == werktafel
    assert new.state == PatternState.NEW
    assert set(triage_queue(chair)) == {pattern, new}
    assert "pattern.split" in audit_actions(pattern)

    services.process_blockage(moving.id)  # the engine does not pull it back
    assert pattern_of(moving) == new

    services.attach(chair, pattern, moving.id)  # and the chair can undo the split
    assert moving.title in member_titles(pattern)
    assert "pattern.attached" in audit_actions(pattern)


def test_split_to_another_pattern(db, werktafel):
    pattern = loose_pattern(3, werktafel)
    other = loose_pattern(1, werktafel)
    moving = [m.blockage for m in active_members(pattern)[:2]]

    target = services.split(werktafel.chair, pattern, [b.id for b in moving], target=other)

    assert target == other
    assert {b.title for b in moving} <= member_titles(other)
    assert len(active_members(pattern)) == 1


def test_split_may_not_leave_an_empty_pattern(db, werktafel):
    pattern = loose_pattern(2, werktafel)
    everyone = [m.blockage_id for m in active_members(pattern)]

    with pytest.raises(DomainError, match="leeg patroon"):
        services.split(werktafel.chair, pattern, everyone)
    with pytest.raises(DomainError, match="ander patroon"):
        services.split(werktafel.chair, pattern, everyone[:1], target=pattern)
    assert len(active_members(pattern)) == 2


def test_detach_keeps_the_knelpunt_out_and_attach_reverses_it(db, werktafel):
    chair = werktafel.chair
    pattern = loose_pattern(3, werktafel)
    leaving = active_members(pattern)[0].blockage

    services.detach(chair, pattern, leaving.id)

    assert leaving.title not in member_titles(pattern)
    assert pattern_of(leaving) is None
    assert "pattern.detached" in audit_actions(pattern)

    services.attach(chair, pattern, leaving.id)
    assert leaving.title in member_titles(pattern)


def test_the_last_knelpunt_cannot_be_detached(db, werktafel):
    pattern = loose_pattern(1, werktafel)
    with pytest.raises(DomainError, match="laatste"):
        services.detach(werktafel.chair, pattern, pattern.members[0].blockage_id)


def test_reject_needs_a_reason_and_reopen_puts_it_back_on_the_queue(db, werktafel):
    chair = werktafel.chair
    pattern = loose_pattern(3, werktafel)

    with pytest.raises(DomainError, match="eenmalig"):
        services.reject(chair, pattern, "  ")
    assert pattern.state == PatternState.NEW

    services.reject(chair, pattern, "Eenmalig; maatwerk van de consulent volstond.")
    assert pattern.state == PatternState.REJECTED
    assert pattern.rejection_reason == "Eenmalig; maatwerk van de consulent volstond."
    assert triage_queue(chair) == []

    services.reopen(chair, pattern)
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

    services.confirm(chair, pattern, "Eerste besluit", "", "uitvoering", "second", seen)
    db.session.flush()

    with pytest.raises(Conflict, match="door iemand anders gewijzigd"):
        services.reject(secretary, pattern, "Toch eenmalig, vinden wij.", seen)
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.title == "Eerste besluit"


MEMBERSHIP_CHANGES = {
    "split": lambda chair, p: services.split(chair, p, [active_members(p)[0].blockage_id]),
    "merge": lambda chair, p: services.merge(chair, p, loose_pattern(1, p.table)),
    "detach": lambda chair, p: services.detach(chair, p, active_members(p)[0].blockage_id),
    "attach": lambda chair, p: services.attach(chair, p, BlockageFactory().id),
}


@pytest.mark.parametrize("change", MEMBERSHIP_CHANGES.values(), ids=MEMBERSHIP_CHANGES.keys())
@pytest.mark.parametrize("confirmed", [False, True], ids=["new", "confirmed"])
def test_changing_the_knelpunten_makes_older_forms_stale(db, werktafel, change, confirmed):
    """A chair who saw the pattern before its knelpunten changed must look again first."""
    secretary = UserFactory(roles=["chair"])
    werktafel.secretary = secretary
    pattern = loose_pattern(3, werktafel)
    if confirmed:
        services.confirm(werktafel.chair, pattern, "Wachttijd", "", "uitvoering", "second")
        db.session.flush()
    seen = pattern.version

    change(werktafel.chair, pattern)
    db.session.flush()

    with pytest.raises(Conflict):
        services.reject(secretary, pattern, "Eenmalig, maatwerk volstond.", seen)


def test_only_the_chair_of_the_patterns_table_or_an_admin_may_triage(db, werktafel):
    pattern = loose_pattern(2, werktafel)
    professional = UserFactory()
    other_chair = UserFactory(roles=["chair"])
    LearningTableFactory(name="Werktafel Wonen", domains=["wonen"], chair=other_chair)
    admin = UserFactory(roles=["programme_admin"])

    with pytest.raises(Forbidden):
        services.reject(professional, pattern, "Geen patroon, eenmalig.")
    with pytest.raises(Forbidden, match="andere tafel"):
        services.reject(other_chair, pattern, "Geen patroon, eenmalig.")
    assert pattern.state == PatternState.NEW

    services.reject(admin, pattern, "Geen patroon, eenmalig.")
    assert pattern.state == PatternState.REJECTED


def test_the_reporter_can_join_a_pattern_and_overrule_the_engine(db, werktafel):
    reporter = UserFactory()
    pattern = loose_pattern(2, werktafel)
    own = BlockageFactory(reporter=reporter, domains=["schulden"])

    with pytest.raises(Forbidden):
        services.join_pattern(UserFactory(), own, pattern)

    member = services.join_pattern(reporter, own, pattern)

    assert member.status == MemberStatus.CONFIRMED
    assert member.reasons == ["Door de melder zelf gekoppeld"]
    assert pattern_of(own) == pattern
    services.process_blockage(own.id)  # the engine leaves a confirmed choice alone
    assert pattern_of(own) == pattern


def test_recluster_twice_keeps_each_knelpunt_in_one_pattern(db):
    """Batch grouping then offering the singles must never place a knelpunt twice."""
    from sqlalchemy import func, select

    from learning.blockages.services import BlockageInput, log_blockage
    from learning.patterns.models import PatternMember
    from learning.patterns.services import recluster
    from tests.factories import UserFactory

    texts = [
        "Schuldhulp heeft een wachtlijst van vier maanden voor een eerste gesprek.",
        "Inwoner wacht maanden op een intake bij schuldhulpverlening, schulden lopen op.",
        "De wachttijd voor schuldhulp is zo lang dat deurwaarders intussen beslag leggen.",
        "Jongere krijgt geen bijstand in de eerste vier weken zoektijd.",
        "Huurtoeslag wordt teruggevorderd en blokkeert de schuldregeling.",
    ]
    for text in texts:
        log_blockage(
            UserFactory(),
            BlockageInput(
                title=text[:60], description=text, domains=["schulden"], handling="omweg"
            ),
        )
    db.session.flush()
    recluster()
    recluster()
    counts = db.session.execute(
        select(PatternMember.blockage_id, func.count()).group_by(PatternMember.blockage_id)
    ).all()
    assert all(count == 1 for _id, count in counts)
