"""Werkwijzen: recorded at first order, found while typing, endorsed, retired by a real fix."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.errors import DomainError, Forbidden
from learning.patterns.models import PatternEvent, PatternState
from learning.patterns.suggestions import pattern_ids, suggest
from learning.patterns.triage import confirm
from learning.tables import practices, resolution
from learning.tables.models import PracticeEndorsement
from learning.tables.practices import similar_practices
from tests.factories import UserFactory
from tests.tables.conftest import make_pattern

TEXT = (
    "Vraag bij de Kredietbank een voorschot op de vergoeding voor bewindvoering aan, "
    "dan groeien de schulden niet door in de wachttijd."
)


@pytest.fixture
def first_order(ladder, reporters):
    pattern = make_pattern(ladder.werktafel, reporters)
    confirm(ladder.chair, pattern, pattern.title, "", "uitvoering", "first")
    return pattern


def test_first_order_pattern_gets_a_werkwijze_and_reporters_hear_of_it(db, first_order, ladder):
    assert first_order.state == PatternState.SOLVED
    practice = practices.record_practice(ladder.chair, first_order, "Voorschot bewindvoering", TEXT)
    assert practice.domains == ["schulden"]
    summaries = db.session.scalars(
        select(PatternEvent.summary).where(PatternEvent.pattern_id == first_order.id)
    ).all()
    assert "Werkwijze vastgelegd: Voorschot bewindvoering" in summaries


def test_a_reporter_may_record_a_werkwijze_but_a_stranger_may_not(db, first_order, reporters):
    practices.record_practice(reporters[0], first_order, "Voorschot", TEXT)
    with pytest.raises(Forbidden):
        practices.record_practice(UserFactory(), first_order, "Voorschot", TEXT)


def test_werkwijze_text_is_masked_and_must_be_usable(db, first_order, ladder):
    with pytest.raises(DomainError, match="collega"):
        practices.record_practice(ladder.chair, first_order, "Kort", "Bellen.")
    practice = practices.record_practice(
        ladder.chair, first_order, "Voorschot", TEXT + " Bel mevrouw op 06-12345678."
    )
    assert "06-12345678" not in practice.text


def test_werkt_bij_mij_ook_counts_once_per_professional(db, first_order, ladder):
    practice = practices.record_practice(ladder.chair, first_order, "Voorschot", TEXT)
    colleague = UserFactory()
    practices.endorse_practice(colleague, practice)
    practices.endorse_practice(colleague, practice)
    db.session.flush()
    assert practice.endorsement_count == 1
    assert db.session.scalar(select(PracticeEndorsement.user_id)) == colleague.id


def test_similar_practices_for_a_knelpunt_being_typed(db, first_order, ladder):
    practice = practices.record_practice(ladder.chair, first_order, "Voorschot bewindvoering", TEXT)
    found = practices.similar_practices(
        "Bewindvoering wordt pas na maanden vergoed en de schulden groeien", ["schulden"]
    )
    assert found == [practice]
    assert practices.similar_practices("Jeugdhulp stopt bij 18 jaar", ["jeugdwet"]) == []
    # Practices of a pattern the live suggestions matched come first, whatever the words.
    assert practices.similar_practices("iets heel anders", [], pattern_ids=[first_order.id]) == [
        practice
    ]


def test_a_structural_fix_retires_the_werkwijzen(db, ladder, reporters):
    pattern = make_pattern(ladder.werktafel, reporters)
    confirm(ladder.chair, pattern, pattern.title, "", "uitvoering", "second")
    practice = practices.record_practice(ladder.chair, pattern, "Voorschot", TEXT)
    resolution.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    assert practice.is_retired
    assert "Vergoeding gaat voortaan vooraf" in practice.retired_reason
    assert practices.similar_practices(TEXT, ["schulden"]) == []
    with pytest.raises(DomainError, match="structurele oplossing"):
        practices.endorse_practice(UserFactory(), practice)
    with pytest.raises(DomainError, match="structureel opgelost"):
        practices.record_practice(ladder.chair, pattern, "Nog een", TEXT)


def test_live_suggestions_show_the_werkwijzen(db, first_order, ladder, client, login_as):
    practice = practices.record_practice(ladder.chair, first_order, "Voorschot bewindvoering", TEXT)
    text = "De vergoeding voor bewindvoering komt pas na drie maanden"
    result = suggest(text, ["schulden"])
    assert practice in similar_practices(text, ["schulden"], pattern_ids=pattern_ids(result))
    db.session.commit()
    login_as("professional")
    page = client.post("/patronen/suggesties", data={"description": text, "domains": "schulden"})
    assert "Voorschot bewindvoering" in page.get_data(as_text=True)
