"""The pattern engine on small hand-written Dutch texts: grouping, joining, bad input."""

from __future__ import annotations

import time

import numpy as np
import pytest

from learning.patterns import embedding, engine, live
from learning.patterns.embedding import EmbeddingUnavailable

PARKING = [
    "Mantelzorger die dagelijks bij zijn moeder komt krijgt geen parkeervergunning, want die is "
    "alleen voor bewoners van de wijk.",
    "Dochter zorgt elke dag voor haar vader maar moet steeds parkeergeld betalen; een "
    "parkeervergunning voor mantelzorgers bestaat niet in onze gemeente.",
    "Parkeerkosten lopen voor mantelzorgers flink op omdat de gemeente alleen bewoners een "
    "vergunning geeft.",
]
SCHOOL_TRANSPORT = [
    "Aanvraag leerlingenvervoer moest voor 1 mei binnen zijn; ouders hoorden pas in juni dat hun "
    "kind naar speciaal onderwijs gaat en nu is er geen taxi.",
    "Kind met autisme kan na de zomer niet naar zijn nieuwe school omdat het leerlingenvervoer "
    "pas na de herfstvakantie geregeld wordt.",
    "Leerlingenvervoer wordt te laat toegekend, waardoor een leerling weken thuis zit terwijl de "
    "school wel een plek heeft.",
]
DIGITAL_ONLY = [
    "Oudere zonder computer kan de aanvraag alleen digitaal met DigiD indienen; papieren "
    "formulieren bestaan niet meer.",
    "Mevrouw heeft geen DigiD en geen internet, maar het loket accepteert alleen online aanvragen.",
    "Digitale aanvraag is verplicht, terwijl veel laaggeletterde inwoners niet met DigiD kunnen "
    "inloggen.",
]
UNRELATED = [
    "De gemeente heeft de subsidie voor het buurthuis stopgezet, waardoor de taalcafés verdwijnen.",
    "Zwerfafval rond de sportvelden wordt niet opgehaald omdat niemand verantwoordelijk is.",
]


def items_of(texts: list[str], domain: str | None = None) -> list[engine.Item]:
    domains = (domain,) if domain else ()
    return [engine.Item(id=f"k{i}", text=t, domains=domains) for i, t in enumerate(texts)]


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedding model fails to load, as when its wheel or weights are broken."""

    def broken(texts: list[str], batch_size: int = 256) -> np.ndarray:
        raise EmbeddingUnavailable("model files missing")

    monkeypatch.setattr(engine, "embed", broken)
    monkeypatch.setattr(embedding, "embed", broken)


def test_cluster_groups_paraphrases_and_keeps_unrelated_apart() -> None:
    texts = PARKING + SCHOOL_TRANSPORT + DIGITAL_ONLY + UNRELATED
    labels = engine.cluster(items_of(texts))

    assert labels[0:3] == [labels[0]] * 3
    assert labels[3:6] == [labels[3]] * 3
    assert labels[6:9] == [labels[6]] * 3
    assert len({labels[0], labels[3], labels[6], labels[9], labels[10]}) == 5


def test_cluster_labels_are_stable_and_numbered_by_first_appearance() -> None:
    texts = UNRELATED + PARKING + UNRELATED[:1]
    first = engine.cluster(items_of(texts))
    second = engine.cluster(items_of(texts))

    assert first == second
    assert first[0] == 0
    assert sorted(set(first)) == list(range(len(set(first))))


def test_cluster_of_nothing_and_of_one() -> None:
    assert engine.cluster([]) == []
    assert engine.cluster(items_of(PARKING[:1])) == [0]


def test_similarity_explains_in_dutch() -> None:
    a, b = items_of(PARKING[:2], domain="wmo")

    match = engine.similarity(a, b)

    assert 0.0 <= match.score <= 1.0
    assert match.semantic is not None
    assert match.semantic > 0.4
    assert match.same_domain
    assert "parkeervergunning" in match.shared_terms
    reasons = match.reasons()
    assert reasons[0].startswith("Inhoud lijkt")
    assert any(line.startswith("Gedeelde termen: ") for line in reasons)
    assert "Zelfde wet: Wmo" in reasons


def test_similarity_scores_paraphrase_above_unrelated() -> None:
    a, b = items_of(SCHOOL_TRANSPORT[:2])
    other = items_of(UNRELATED[1:])[0]

    assert engine.similarity(a, b).score > engine.similarity(a, other).score


def test_similarity_uses_a_stored_vector_without_embedding(monkeypatch) -> None:
    a, b = items_of(DIGITAL_ONLY[:2])
    engine.vectorize([a, b])
    stored = a.vector.copy()

    def must_not_embed(texts, batch_size=256):
        raise AssertionError("stored vectors are never recomputed")

    monkeypatch.setattr(engine, "embed", must_not_embed)
    assert engine.similarity(a, b).semantic is not None
    assert np.array_equal(a.vector, stored)


def test_vectorize_fills_normalised_vectors() -> None:
    items = items_of(PARKING)
    assert engine.vectorize(items)
    for item in items:
        assert item.vector.shape == (embedding.DIMENSIONS,)
        assert np.linalg.norm(item.vector) == pytest.approx(1.0, abs=1e-4)
    assert np.array_equal(
        engine.unpack_vector(engine.pack_vector(items[0].vector)), items[0].vector
    )


def test_assign_joins_the_right_pattern() -> None:
    patterns = {1: items_of(PARKING[:2]), 2: items_of(SCHOOL_TRANSPORT[:2])}
    new = engine.Item(id="new", text=SCHOOL_TRANSPORT[2])

    pattern_id, match = engine.assign(new, patterns)

    assert pattern_id == 2
    assert match is not None
    assert match.score >= engine.EngineSettings().assign_threshold
    assert match.reasons()


def test_assign_scores_like_similarity_for_one_member() -> None:
    new, member = items_of(PARKING[:2], domain="wmo")

    pattern_id, match = engine.assign(new, {4: [member]})

    assert pattern_id == 4
    assert match == engine.similarity(new, member)


def test_assign_refuses_an_unrelated_knelpunt() -> None:
    patterns = {1: items_of(PARKING), 2: items_of(SCHOOL_TRANSPORT)}
    new = engine.Item(id="new", text=UNRELATED[1])

    assert engine.assign(new, patterns) == (None, None)


def test_assign_with_no_patterns() -> None:
    assert engine.assign(engine.Item(id="x", text=PARKING[0]), {}) == (None, None)


def test_group_incrementally_matches_the_obvious_groups() -> None:
    labels = live.group_live(items_of(PARKING + UNRELATED[1:]))

    assert labels[0] == labels[1] == labels[2]
    assert labels[3] != labels[0]


@pytest.mark.parametrize("text", ["", "   ", "!!!", "de het een", "12 34"])
def test_texts_without_content_match_nothing(text: str) -> None:
    empty = engine.Item(id="empty", text=text)
    twin = engine.Item(id="twin", text=text)
    items = [empty, twin, *items_of(PARKING)]

    labels = engine.cluster(items)
    match = engine.similarity(empty, twin)

    assert labels[0] not in labels[1:]
    assert match.score == 0.0
    assert match.too_short
    assert match.reasons()[0] == "Te weinig tekst om op inhoud te vergelijken"
    assert engine.assign(empty, {1: items_of(PARKING)}) == (None, None)


def test_one_word_text_is_compared() -> None:
    word = engine.Item(id="w", text="leerlingenvervoer")
    match = engine.similarity(word, items_of(SCHOOL_TRANSPORT)[2])

    assert not match.too_short
    assert match.shared_terms == ["leerlingenvervoer"]


def test_very_long_text_is_cut_and_fast() -> None:
    long_text = (SCHOOL_TRANSPORT[0] + " ") * 80  # ~11,000 characters
    assert len(long_text) > 10_000
    items = [engine.Item(id="long", text=long_text), *items_of(SCHOOL_TRANSPORT[1:] + PARKING)]

    start = time.perf_counter()
    labels = engine.cluster(items)
    elapsed = time.perf_counter() - start

    assert elapsed < 5
    assert labels[0] == labels[1] == labels[2]


def test_english_text_does_not_crash_and_stays_apart() -> None:
    english = engine.Item(id="en", text="The weather in Scotland was rainy all week long.")
    items = [english, *items_of(PARKING)]

    labels = engine.cluster(items)

    assert labels[0] not in labels[1:]
    assert engine.similarity(english, items[1]).score < 0.3


def test_lexical_fallback_when_model_unavailable(no_model: None) -> None:
    a, b = items_of(PARKING[:2], domain="wmo")

    assert engine.vectorize([a, b]) is False
    assert a.vector is None
    match = engine.similarity(a, b)
    assert match.semantic is None
    assert match.lexical_only
    assert match.reasons()[0] == "Alleen op woorden vergeleken: het taalmodel is niet beschikbaar"
    assert "parkeervergunning" in match.shared_terms
    assert not engine.semantic_available()


def test_cluster_and_assign_still_work_without_model(no_model: None) -> None:
    labels = engine.cluster(items_of(SCHOOL_TRANSPORT + UNRELATED))
    pattern_id, match = engine.assign(
        engine.Item(id="new", text=PARKING[1]), {7: items_of([PARKING[0], PARKING[2]])}
    )

    assert len(labels) == 5
    assert labels[3] != labels[4]
    assert pattern_id == 7
    assert match is not None
    assert match.lexical_only


def test_key_terms_are_readable_dutch_words() -> None:
    terms = engine.key_terms(PARKING, k=3)

    assert "mantelzorgers" in terms
    assert "parkeervergunning" in terms
    assert all(" " not in t or all(len(w) > 2 for w in t.split()) for t in terms)
    assert not set(terms) & {"de", "het", "een", "voor", "die"}


def test_key_terms_keep_acronyms_and_use_background() -> None:
    terms = engine.key_terms(DIGITAL_ONLY, k=5)
    assert "DigiD" in terms

    background = DIGITAL_ONLY + PARKING + SCHOOL_TRANSPORT
    with_background = engine.key_terms(DIGITAL_ONLY, k=2, background=background)
    assert "alleen" not in with_background  # common everywhere, so not characteristic


def test_suggest_title_is_short_dutch_from_the_group() -> None:
    title = engine.suggest_title(SCHOOL_TRANSPORT)

    assert len(title) <= 120
    assert title.startswith("Leerlingenvervoer")
    assert engine.suggest_title([]) == "Nieuw patroon"
    assert len(engine.suggest_title([SCHOOL_TRANSPORT[0] * 40])) <= 120


def test_background_is_the_median_pair_score_shrunk_for_few_texts() -> None:
    from learning.patterns import clustering

    many = np.full(1000, 0.3)
    assert clustering.background(many, prior=0.15, weight=20) == pytest.approx(0.297, abs=1e-3)
    assert clustering.background(np.array([0.9]), prior=0.15, weight=20) < 0.2
    assert clustering.background(np.array([]), prior=0.15, weight=20) == 0.15


def test_cuts_rise_with_the_background_but_never_fall() -> None:
    settings = engine.EngineSettings()
    dense = np.full(500, settings.background + 0.1)
    sparse = np.full(500, settings.background - 0.1)

    assert settings.shift(dense, semantic=True) == pytest.approx(0.1, abs=0.01)
    assert settings.shift(sparse, semantic=True) == 0.0
