"""'Past minder goed': a member far from the rest is flagged and not quoted in the dossier."""

from __future__ import annotations

from learning.extensions import db as _db
from learning.patterns.adapters import low_fit_blockages
from learning.patterns.models import MemberStatus, Pattern, PatternMember, PatternState
from learning.patterns.vectors import store_vector
from learning.tables.dossier import build_evidence
from tests.factories import BlockageFactory, UserFactory
from tests.patterns.helpers import DEBT, UNRELATED
from tests.patterns.test_views import sign_in, text_of


def pattern_with_stray(status: str = MemberStatus.CANDIDATE) -> tuple[Pattern, int]:
    blockages = [
        BlockageFactory(title=title, description=description, domains=["schulden"])
        for title, description in [*DEBT, UNRELATED[0]]
    ]
    for blockage in blockages:
        store_vector(blockage)
    pattern = Pattern(title="Wachttijd schuldhulp", key_terms=[], state=PatternState.NEW)
    pattern.members = [PatternMember(blockage=b, status=status) for b in blockages]
    _db.session.add(pattern)
    _db.session.flush()
    return pattern, blockages[-1].id


def test_stray_member_is_flagged_and_left_out_of_the_dossier_quotes(db):
    pattern, stray = pattern_with_stray()

    assert low_fit_blockages(pattern) == {stray}
    quotes = build_evidence(pattern)["quotes"]
    assert not any("parkeervergunning" in quote for quote in quotes)
    assert build_evidence(pattern)["reports"] == len(DEBT) + 1


def test_a_confirmed_member_is_kept(db):
    pattern, _stray = pattern_with_stray(MemberStatus.CONFIRMED)

    assert low_fit_blockages(pattern) == set()


def test_pattern_page_shows_the_flag(client, db):
    pattern, stray = pattern_with_stray()
    sign_in(client, UserFactory())
    _db.session.commit()

    body = text_of(client.get(f"/patronen/{pattern.id}"))

    card = body.split(f'id="member-{stray}"', 1)[1].split("</li>", 1)[0]
    assert "Past minder goed" in card
