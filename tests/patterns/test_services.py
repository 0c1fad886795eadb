"""What professionals do with a pattern: join it (and overrule the engine)."""

from __future__ import annotations

import pytest

from learning.errors import Forbidden
from learning.patterns import grouping, services
from learning.patterns.models import (
    MemberStatus,
)
from learning.patterns.queries import pattern_of
from tests.factories import BlockageFactory, UserFactory
from tests.patterns.helpers import (
    loose_pattern,
)


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
    grouping.process_blockage(own.id)  # the engine leaves a confirmed choice alone
    assert pattern_of(own) == pattern
