"""Test data for the leersessies that tests import directly (fixtures live in conftest)."""

from __future__ import annotations

from datetime import UTC, datetime

from learning.sessions import services

# Monday 3 March 2025, 09:00 in Oss: the ladder's sessions are planned from here.
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def dilemma(title: str = "Schuldhulp wacht op Wmo-indicatie", **kwargs) -> services.ItemInput:
    return services.ItemInput(
        kind=kwargs.pop("kind", "dilemma"),
        title=title,
        description=kwargs.pop(
            "description",
            "Schuldhulp start pas na de Wmo-indicatie, de Wmo wacht op een stabiel inkomen.",
        ),
        **kwargs,
    )
