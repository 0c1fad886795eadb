"""Live suggestions while typing a knelpunt: what the professional sees beside the form."""

from __future__ import annotations

import time

import numpy as np
import pytest
from flask import current_app, render_template

from learning.extensions import db as _db
from learning.patterns import embedding, engine, triage
from learning.patterns.embedding import EmbeddingUnavailable
from learning.patterns.models import Pattern, PatternMember, PatternState
from learning.patterns.suggestions import RECENT_CANDIDATES, SHOWN, pattern_ids, suggest
from learning.patterns.vectors import store_vector, store_vectors
from learning.tables.practices import record_practice, similar_practices
from learning.timeutil import utcnow
from tests.factories import BlockageFactory, UserFactory
from tests.patterns.texts import DEBT as ALL_DEBT

DEBT = ALL_DEBT
OTHER = [
    (
        "Geen parkeervergunning voor mantelzorgers",
        "Mantelzorger die dagelijks bij zijn moeder komt krijgt geen parkeervergunning, want "
        "die is alleen voor bewoners van de wijk.",
    ),
    (
        "Leerlingenvervoer te laat geregeld",
        "Kind met autisme kan na de zomer niet naar zijn nieuwe school omdat het "
        "leerlingenvervoer pas na de herfstvakantie geregeld wordt.",
    ),
    (
        "Jeugdhulp stopt abrupt bij achttien jaar",
        "Op de dag dat een jongere achttien wordt stopt de jeugdhulp, terwijl de zorg voor "
        "volwassenen nog geen plek heeft.",
    ),
]
QUERY = "Mensen met schulden wachten te lang op de eerste afspraak bij schuldhulp."
DEBT_TITLES = {title for title, _description in DEBT}


def stored(texts, domain: str) -> list:
    """Saved knelpunten with their vectors, none of them in a pattern yet."""
    blockages = []
    for title, description in texts:
        blockage = BlockageFactory(title=title, description=description, domains=[domain])
        store_vector(blockage)
        blockages.append(blockage)
    return blockages


def pattern_of_blockages(blockages, state=PatternState.NEW) -> Pattern:
    pattern = Pattern(title="Wachttijd schuldhulp", key_terms=[], state=state)
    pattern.members = [PatternMember(blockage=b) for b in blockages]
    _db.session.add(pattern)
    _db.session.flush()
    return pattern


def titles(result) -> list[str]:
    return [s.blockage.title for s in result.items]


def partial(result, practices=()) -> str:
    """The fragment htmx swaps in beside the form."""
    with current_app.test_request_context():
        return render_template(
            "partials/patterns/_suggestions.html",
            suggestions=result,
            practices=list(practices),
            live=True,
        )


@pytest.fixture
def corpus(db):
    return stored(DEBT, "schulden") + stored(OTHER, "wmo")


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(batch, batch_size=256) -> np.ndarray:
        raise EmbeddingUnavailable("model files missing")

    monkeypatch.setattr(embedding, "embed", broken)
    monkeypatch.setattr(engine, "embed", broken, raising=False)


def test_at_most_five_similar_knelpunten_most_similar_first_with_reasons(corpus):
    result = suggest(QUERY, ["schulden"])

    assert len(result.items) == SHOWN == 5
    assert set(titles(result)) <= DEBT_TITLES
    scores = [s.match.score for s in result.items]
    assert scores == sorted(scores, reverse=True)
    for suggestion in result.items:
        reasons = suggestion.match.reasons()
        assert any(r.startswith("Inhoud lijkt") for r in reasons)
        assert "Zelfde domein: schulden" in reasons


def test_a_pattern_is_suggested_once_with_its_size(corpus):
    pattern = pattern_of_blockages(corpus[:3])

    result = suggest(QUERY, ["schulden"])

    patterns = [s.pattern for s in result.items if s.pattern is not None]
    assert patterns == [pattern]
    assert next(s.size for s in result.items if s.pattern) == 3
    assert 'name="join_pattern"' in partial(result)
    assert "3 meldingen" in partial(result)


def test_a_merged_pattern_is_suggested_as_the_pattern_it_went_into(corpus):
    chair = UserFactory(roles=["chair"])
    keep = pattern_of_blockages(corpus[6:8])
    absorbed = pattern_of_blockages(corpus[:3])
    triage.merge(chair, keep, absorbed)

    result = suggest(QUERY, ["schulden"])

    assert [s.pattern for s in result.items if s.pattern] == [keep]


def test_unrelated_text_suggests_nothing(corpus):
    result = suggest(
        "Zwerfafval rond de sportvelden wordt niet opgehaald omdat niemand verantwoordelijk is.",
        ["wmo"],
    )

    assert result.items == []
    assert "Nog geen vergelijkbare knelpunten gevonden" in partial(result)


def test_without_the_model_suggestions_compare_words(corpus, no_model):
    result = suggest(QUERY, ["schulden"])

    assert result.items
    assert set(titles(result)) <= DEBT_TITLES
    assert all(
        "Alleen op woorden vergeleken: het taalmodel is niet beschikbaar" in s.match.reasons()
        for s in result.items
    )


@pytest.mark.parametrize(
    "text", ["", "   ", "schulden", "wachten op", "!!! ??? ### *** ---", "de het een"]
)
def test_too_little_text_asks_for_more_words(corpus, text):
    result = suggest(text, ["schulden"])

    assert result.too_short
    assert result.items == []
    assert "Typ een paar woorden" in partial(result)


def test_ten_thousand_characters_are_compared_on_their_beginning(corpus):
    pasted = ((QUERY + " ") * 150)[:10_000]

    result = suggest(pasted, ["schulden"])

    assert result.items
    assert set(titles(result)) <= DEBT_TITLES


@pytest.mark.parametrize(
    "text",
    [
        "Residents with debts wait three months for their first appointment with debt "
        "counselling while the bailiffs come.",
        "Les familles endettées attendent trois mois un premier rendez-vous pour l'aide aux "
        "dettes.",
    ],
)
def test_other_languages_find_the_dutch_knelpunten(corpus, text):
    result = suggest(text, ["schulden"])

    assert result.items
    assert set(titles(result)) <= DEBT_TITLES


@pytest.mark.parametrize(
    "text",
    [
        "Borçları olan aileler borç danışmanlığı için aylarca bekliyor.",
        "ينتظر السكان ثلاثة أشهر للحصول على موعد للمساعدة في الديون",
        "😀 🙃 🤷 ¯\\_(ツ)_/¯ 💸💸💸",
    ],
)
def test_any_script_is_answered_without_error(corpus, text):
    result = suggest(text, ["schulden"])

    assert set(titles(result)) <= DEBT_TITLES
    partial(result)


def test_own_and_withdrawn_knelpunten_are_not_suggested(corpus):
    own, withdrawn = corpus[0], corpus[1]
    withdrawn.withdrawn_at = utcnow()
    _db.session.flush()

    result = suggest(own.text, ["schulden"], exclude_id=own.id)

    assert own.title not in titles(result)
    assert withdrawn.title not in titles(result)
    assert result.items


def test_known_werkwijzen_are_shown_even_without_similar_knelpunten(db):
    """A werkwijze outlives its knelpunten: it is offered while typing, with or without them."""
    reporter = UserFactory()
    (title, description) = DEBT[0]
    only = BlockageFactory(title=title, description=description, reporter=reporter)
    pattern = pattern_of_blockages([only], state=PatternState.SOLVED)
    practice = record_practice(
        reporter,
        pattern,
        "Voorrang bij de kredietbank",
        "Vraag de kredietbank om een crisisintake binnen een week als er beslag dreigt op de "
        "schulden; dan wacht het gezin niet drie maanden.",
    )
    only.withdrawn_at = utcnow()
    _db.session.flush()

    text = "Gezin met schulden wacht drie maanden op de kredietbank"
    result = suggest(text, ["schulden"])
    practices = similar_practices(text, ["schulden"], pattern_ids=pattern_ids(result))

    assert result.items == []
    assert practices == [practice]
    assert "Voorrang bij de kredietbank" in partial(result, practices)


def test_a_near_duplicate_is_asked_about(corpus):
    title, description = DEBT[0]
    again = f"{title}. {description}".replace(".", " ook nu.", 1)

    result = suggest(again, ["schulden"])

    first = result.items[0]
    assert first.duplicate
    assert f"Lijkt sterk op melding #{first.blockage.id} — is dit dezelfde?" in partial(result)
    assert not any(s.duplicate for s in suggest(QUERY, ["schulden"]).items)


def test_a_busy_network_is_answered_while_typing(corpus):
    """The panel asks again at every pause in typing: with more knelpunten than the recent ones
    that are re-scored beside the nearest, one request still costs well under a second of CPU
    (scored pair by pair it cost ~3.5 s)."""
    reporter = UserFactory()
    others = [
        BlockageFactory(
            reporter=reporter,
            title=f"Geen parkeerplek bij sporthal {n}",
            description=f"Bezoekers van sporthal {n} in wijk {n % 7} parkeren op de stoep, "
            "omdat de gemeente de parkeerplaats heeft verkocht.",
        )
        for n in range(RECENT_CANDIDATES)
    ]
    store_vectors(others)
    suggest(QUERY, ["schulden"])  # the first request loads the model and the thesaurus

    started = time.process_time()
    result = suggest(QUERY, ["schulden"])
    cpu_seconds = time.process_time() - started

    assert len(result.items) == SHOWN
    assert set(titles(result)) <= DEBT_TITLES
    assert cpu_seconds < 0.5


def test_a_pattern_counts_only_its_reports_not_withdrawn(corpus):
    pattern = pattern_of_blockages(corpus[:4])
    corpus[3].withdrawn_at = utcnow()
    _db.session.flush()

    result = suggest(QUERY, ["schulden"])

    assert [s.size for s in result.items if s.pattern == pattern] == [3]
    assert "3 meldingen" in partial(result)
