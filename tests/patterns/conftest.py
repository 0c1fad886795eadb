"""Fixtures for the pattern tests: a werktafel with its chair, a counting or broken model."""

from __future__ import annotations

import numpy as np
import pytest

from learning.patterns import embedding, engine
from learning.patterns.embedding import EmbeddingUnavailable
from tests.factories import LearningTableFactory, UserFactory


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
