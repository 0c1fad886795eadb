"""Grouping knelpunten into patterns: on save, after an edit, without the model, recluster."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learning.blockages.services import BlockageInput, log_blockage, update_blockage
from learning.patterns import grouping, queries
from learning.patterns.models import (
    MemberStatus,
    PatternMember,
    PatternState,
)
from learning.patterns.queries import active_members, pattern_of
from learning.unit_of_work import commit
from tests.factories import UserFactory
from tests.patterns.helpers import (
    DEBT,
    UNRELATED,
    audit_actions,
    report,
)


def test_saving_embeds_the_knelpunt_once_and_stores_the_vector(db, embedded_texts):
    first = report(DEBT[0])
    assert first.vector is not None
    assert first.embedded_at is not None
    assert sum(DEBT[0][0] in t for t in embedded_texts) == 1

    grouping.process_blockage(first.id)  # the task runs again, e.g. a retry
    report(DEBT[1])  # the next save compares with the stored vector
    report(UNRELATED[0])
    grouping.catch_up_embeddings()

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
    joined = queries.member_of(second.id)
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

    member = queries.member_of(third.id)
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
    reasons = queries.member_of(second.id).reasons
    assert any("Alleen op woorden" in r for r in reasons)

    broken_model.undo()
    assert grouping.catch_up_embeddings() == 2
    commit()

    assert first.vector is not None
    assert second.vector is not None
    assert pattern_of(first) == pattern_of(second) is not None
    assert grouping.catch_up_embeddings() == 0


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
    assert grouping.process_blockage(blockage.id) == pattern_of(blockage)


def test_recluster_twice_keeps_each_knelpunt_in_one_pattern(db):
    """Batch grouping then offering the singles must never place a knelpunt twice."""

    from learning.blockages.services import BlockageInput
    from learning.patterns.grouping import recluster
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
