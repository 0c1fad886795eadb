"""Every grouping decision says why in Dutch, including what a chair decided before."""

from __future__ import annotations

from learning.extensions import db as _db
from learning.patterns.queries import member_of, pattern_of
from learning.timeutil import utcnow
from tests.patterns.helpers import DEBT, report


def test_joining_a_confirmed_pattern_names_the_chairs_decision(db):
    first = [report(text) for text in DEBT[:3]]
    pattern = pattern_of(first[0])
    assert pattern is not None
    pattern.confirmed_at = utcnow()
    _db.session.flush()

    later = report(DEBT[3])

    assert pattern_of(later).id == pattern.id
    reasons = member_of(later.id).reasons
    assert any(r.startswith("Een voorzitter bevestigde dit patroon op") for r in reasons)
    assert any(r.startswith("Inhoud lijkt") for r in reasons)
