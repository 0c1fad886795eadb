"""When grouped knelpunten become a pattern on the werktafel, and when it comes back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.extensions import db as _db
from learning.patterns import services, triage
from learning.patterns.models import (
    EmergenceRule,
    Endorsement,
    PatternState,
)
from learning.patterns.queries import active_members, pattern_of, triage_queue
from learning.tables.queries import take_up_overdue
from learning.timeutil import today, utcnow
from learning.unit_of_work import commit
from tests.factories import OrganisationFactory, UserFactory
from tests.patterns.helpers import (
    DEBT,
    audit_actions,
    report,
)


def _asked(chair) -> list:
    """The 'new pattern for your table' notifications the chair got."""
    from learning.notifications.models import Notification, NotificationKind

    return list(
        _db.session.scalars(
            select(Notification).where(
                Notification.user_id == chair.id,
                Notification.kind == NotificationKind.PATTERN_QUEUED,
            )
        )
    )


def test_three_reports_from_two_organisations_reach_the_werktafel_and_its_chair(db, werktafel):
    chair = werktafel.chair
    wijkteam, kredietbank = OrganisationFactory(), OrganisationFactory()
    first = report(DEBT[0], wijkteam)
    report(DEBT[1], wijkteam)
    pattern = pattern_of(first)
    assert pattern.state == PatternState.CANDIDATE
    assert triage_queue(chair) == []
    assert _asked(chair) == []

    report(DEBT[2], kredietbank)

    assert pattern.state == PatternState.NEW
    assert pattern.table == werktafel
    assert triage_queue(chair) == [pattern]
    jeugd_chair = db.session.scalar(
        select(User).where(User.email == "voorzitter.jeugd@example.org")
    )
    assert triage_queue(jeugd_chair) == []
    to_chair = _asked(chair)
    assert len(to_chair) == 1
    assert to_chair[0].about == pattern.title
    assert to_chair[0].link == f"/patronen/{pattern.id}"
    assert "3 meldingen uit 2 organisaties" in to_chair[0].text
    assert "pattern.transition" in audit_actions(pattern)


def test_reports_from_one_organisation_do_not_make_a_pattern(db, werktafel):
    wijkteam = OrganisationFactory()
    for text in DEBT:
        last = report(text, wijkteam)

    pattern = pattern_of(last)
    assert len(active_members(pattern)) == 4
    assert pattern.state == PatternState.CANDIDATE
    assert triage_queue(werktafel.chair) == []
    assert _asked(werktafel.chair) == []


def test_an_endorsement_from_another_organisation_counts_as_a_report(db, werktafel):
    wijkteam, corporatie = OrganisationFactory(), OrganisationFactory()
    first = report(DEBT[0], wijkteam)
    report(DEBT[1], wijkteam)
    pattern = pattern_of(first)
    colleague = UserFactory(organisations=[corporatie])

    services.endorse(colleague, pattern)
    services.endorse(colleague, pattern)  # a double click counts once
    commit()

    assert (
        db.session.scalar(
            select(func.count(Endorsement.id)).where(Endorsement.pattern_id == pattern.id)
        )
        == 1
    )
    assert pattern.state == PatternState.NEW
    assert len(_asked(werktafel.chair)) == 1


def test_reports_older_than_the_window_do_not_count(db, werktafel):
    long_ago = today() - timedelta(days=120)
    first = report(DEBT[0], reported_on=long_ago)
    report(DEBT[1], reported_on=long_ago)
    report(DEBT[2])

    pattern = pattern_of(first)
    assert len(active_members(pattern)) == 3
    assert pattern.state == PatternState.CANDIDATE


def test_the_municipality_can_set_its_own_rule(db, werktafel):
    db.session.add(EmergenceRule(min_reports=2, min_organisations=1, window_days=30))
    wijkteam = OrganisationFactory()
    first = report(DEBT[0], wijkteam)
    report(DEBT[1], wijkteam)

    assert pattern_of(first).state == PatternState.NEW


def test_a_closed_pattern_that_gets_a_new_knelpunt_is_reopened_and_recurring(db, werktafel):
    chair = werktafel.chair
    report(DEBT[0])
    report(DEBT[1])
    pattern = pattern_of(report(DEBT[2]))
    triage.confirm(chair, pattern, pattern.title, "", "uitvoering", "first")
    commit()
    assert pattern.state == PatternState.SOLVED
    assert triage_queue(chair) == []

    returned = report(DEBT[3])

    assert pattern_of(returned) == pattern
    assert pattern.state == PatternState.REOPENED
    assert pattern.recurring is True
    assert triage_queue(chair) == [pattern]


def test_a_pattern_that_comes_back_gets_a_fresh_take_up_term(db, werktafel):
    chair = werktafel.chair
    report(DEBT[0])
    report(DEBT[1])
    pattern = pattern_of(report(DEBT[2]))
    triage.confirm(chair, pattern, pattern.title, "", "uitvoering", "first")
    pattern.queued_at = utcnow() - timedelta(days=200)  # it was on the queue long ago
    commit()

    report(DEBT[3])

    assert pattern.state == PatternState.REOPENED
    assert not take_up_overdue(pattern)


def test_a_rejected_candidate_that_comes_back_lands_on_the_werktafel_queue(db, werktafel):
    chair = werktafel.chair
    wijkteam = OrganisationFactory()
    report(DEBT[0], wijkteam)
    pattern = pattern_of(report(DEBT[1], wijkteam))
    assert pattern.table is None  # a candidate has no table yet
    triage.reject(chair, pattern, "Twee meldingen, maatwerk volstond.")
    commit()

    report(DEBT[2], wijkteam)

    assert pattern.state == PatternState.REOPENED
    assert pattern.table == werktafel
    assert triage_queue(chair) == [pattern]
