"""Home fixtures: the tables' ladder and a pattern escalated up to the wethouder."""

from __future__ import annotations

import pytest

from learning.patterns.triage import confirm
from learning.tables.escalation import escalate
from tests.tables.conftest import Ladder, ladder, make_pattern, reporters  # noqa: F401
from tests.tables.helpers import dossier_input

QUESTION = "Trekt het college budget uit om bewindvoering vooraf te vergoeden?"


@pytest.fixture
def escalated(ladder: Ladder, reporters):  # noqa: F811
    """A third-order pattern the werktafel and the ambtelijke stuurgroep put before the bestuur."""
    pattern = make_pattern(ladder.werktafel, reporters)
    confirm(ladder.chair, pattern, pattern.title, pattern.description, "regelgeving", "third")
    escalate(ladder.chair, pattern, dossier_input())
    request = escalate(ladder.civil_chair, pattern, dossier_input(QUESTION))
    return pattern, request
