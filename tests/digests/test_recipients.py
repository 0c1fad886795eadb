"""Who gets a digest, and for which roles."""

from __future__ import annotations

from learning.digests.content import Audience
from learning.digests.models import DigestOptIn
from learning.digests.recipients import audiences
from tests.factories import UserFactory


def test_professional_gets_a_digest_only_after_opting_in(clock, db):
    professional = UserFactory(roles=["professional"])
    assert audiences(professional) == []
    db.session.add(DigestOptIn(user_id=professional.id))
    db.session.flush()
    assert audiences(professional) == [Audience.PROFESSIONAL]
