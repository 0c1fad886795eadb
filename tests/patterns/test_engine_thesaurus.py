"""The thesaurus finds concepts by synonym, abbreviation and compound, and explains them."""

from __future__ import annotations

from functools import lru_cache

import pytest

from learning.patterns import engine, thesaurus


def test_abbreviation_synonym_and_compound_name_one_concept() -> None:
    found = thesaurus.default()

    assert "VOG" in found.find("Geen VOG gekregen")
    assert found.find("De gedragsverklaring werd geweigerd")["VOG"] == "gedragsverklaring"
    assert "VOG" in found.find("Zijn vog-aanvraag liep vast")
    assert found.find("Huurtoeslagaanvraag liep vast")["huurtoeslag"] == "huurtoeslagaanvraag"


def test_a_longer_phrase_wins_over_its_first_word() -> None:
    found = thesaurus.default().find("Aanvraag bijzondere bijstand afgewezen")

    assert "bijzondere bijstand" in found
    assert "bijstand" not in found


def test_a_chair_can_add_a_synonym() -> None:
    custom = thesaurus.parse(["VOG | verklaring omtrent gedrag"])
    custom.add("VOG", ["justitiecheck"])

    assert custom.find("De justitiecheck duurt lang") == {"VOG": "justitiecheck"}


def test_explanation_shows_how_two_reports_named_it() -> None:
    a = {"VOG": "vog", "UWV": "uwv"}
    b = {"VOG": "verklaring omtrent gedrag", "UWV": "uwv"}

    assert thesaurus.explain(a, b) == ["VOG ≈ verklaring omtrent gedrag", "UWV"]


def test_shared_concept_raises_the_score_and_is_named_in_the_reasons(app) -> None:
    a = engine.Item(id="a", text="Werkgever wil een VOG, die wordt geweigerd.")
    b = engine.Item(id="b", text="Verklaring omtrent gedrag afgewezen, stage gaat niet door.")
    plain = engine.EngineSettings(concept_weight=0.0)

    with_concepts = engine.similarity(a, b)
    without = engine.similarity(a, b, plain)

    assert with_concepts.score > without.score
    assert "VOG ≈ verklaring omtrent gedrag" in with_concepts.shared_concepts
    assert any("Zelfde begrip" in line for line in with_concepts.reasons())


def test_concept_weights_favour_rare_concepts() -> None:
    found = [{"UWV": "uwv", "VOG": "vog"}, {"UWV": "uwv"}, {"UWV": "uwv"}]

    weights = thesaurus.idf(found)

    assert weights["VOG"] > weights["UWV"]


def test_a_synonym_taught_later_counts_for_texts_scored_before(app, monkeypatch) -> None:
    """Candidates' concepts are remembered across requests; a chair's new synonym must still
    count for a knelpunt that was already scored before the synonym was taught."""
    monkeypatch.setattr(thesaurus, "default", lru_cache(maxsize=1)(thesaurus.default.__wrapped__))
    query = engine.Item(id="q", text="Werkgever eist een VOG voor de stage in de zorg.")
    other = engine.Item(id="o", text="Stageplek in de zorg vraagt een justitiecheck vooraf.")
    settings = engine.EngineSettings()

    before = engine.scores_against(query, [other], settings)[0][0]  # shares no concept yet
    thesaurus.add_synonyms("VOG", ["justitiecheck"])
    query = engine.Item(id="q", text=query.text)  # a new request brings a new query item
    after = engine.scores_against(query, [other], settings)[0][0]

    # Now both name the VOG, the only concept either names: the full concept weight is added.
    assert after == pytest.approx(before + settings.concept_weight, abs=1e-4)
