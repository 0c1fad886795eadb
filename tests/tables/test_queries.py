"""Boards, response times, the effect report, the own page and the dossier export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine

from learning.patterns.models import PatternState
from learning.patterns.services import follow
from learning.tables import actions, dossier, escalation, queries, resolution
from learning.tables.actions import ActionInput
from learning.tables.escalation import DecisionInput, DossierInput
from learning.timeutil import today
from tests.factories import BlockageFactory, UserFactory
from tests.tables.conftest import make_pattern


def _column(columns, state):
    return next(c for c in columns if c.state == state)


def test_board_shows_patterns_by_state_and_escalated_ones_stay_visible(
    db, pattern, ladder, reporters
):
    waiting = make_pattern(ladder.werktafel, reporters[:1], title="Nieuw patroon")
    columns = queries.board(ladder.werktafel)
    assert [c.pattern for c in _column(columns, PatternState.NEW).cards] == [waiting]
    assert [c.pattern for c in _column(columns, PatternState.IN_PROGRESS).cards] == [pattern]
    assert PatternState.SOLVED not in {c.state for c in columns}

    escalation.escalate(ladder.chair, pattern, DossierInput(question="Mag bewindvoering vooraf?"))
    card = _column(queries.board(ladder.werktafel), PatternState.ESCALATED).cards[0]
    assert card.elsewhere == ladder.ambtelijk
    above = _column(queries.board(ladder.ambtelijk), PatternState.ESCALATED).cards[0]
    assert above.request is not None
    assert above.elsewhere is None


def test_closed_patterns_only_when_asked(db, pattern, ladder):
    resolution.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    assert all(not c.cards for c in queries.board(ladder.werktafel))
    solved = _column(queries.board(ladder.werktafel, show_closed=True), PatternState.SOLVED)
    assert [c.pattern for c in solved.cards] == [pattern]


def test_a_new_pattern_not_taken_up_within_four_weeks_is_flagged(db, ladder, reporters):
    with time_machine.travel(datetime(2026, 1, 5, 9, tzinfo=UTC), tick=False) as clock:
        waiting = make_pattern(ladder.werktafel, reporters[:1])
        clock.shift(timedelta(days=27))
        assert not queries.take_up_overdue(waiting)
        clock.shift(timedelta(days=2))
        assert queries.take_up_overdue(waiting)
        assert _column(queries.board(ladder.werktafel), PatternState.NEW).cards[0].overdue
        assert queries.ladder()[-1].overdue >= 1


def test_overdue_actions_are_listed_per_table(db, pattern, ladder):
    with time_machine.travel(datetime(2026, 1, 5, 9, tzinfo=UTC), tick=False) as clock:
        action = actions.add_action(
            ladder.chair,
            pattern,
            ActionInput("Werkinstructie aanpassen", ladder.member.id, today() + timedelta(days=3)),
        )
        assert queries.actions_of_table(ladder.werktafel, overdue_only=True) == []
        clock.shift(timedelta(days=4))
        assert queries.actions_of_table(ladder.werktafel, overdue_only=True) == [action]
        assert (
            _column(queries.board(ladder.werktafel), PatternState.IN_PROGRESS)
            .cards[0]
            .overdue_actions
            == 1
        )


def test_effect_compares_reports_per_month_before_and_after_the_decision(db, ladder, reporters):
    from learning.patterns.triage import attach, confirm

    with time_machine.travel(datetime(2026, 6, 15, 9, tzinfo=UTC), tick=False):
        pattern = make_pattern(ladder.werktafel, reporters)  # three reports today
        confirm(ladder.chair, pattern, pattern.title, "", "uitvoering", "second")
        for days_ago in (150, 120, 60, 60):
            earlier = BlockageFactory(
                reporter=reporters[0], reported_on=today() - timedelta(days=days_ago)
            )
            attach(ladder.chair, pattern, earlier.id)
        request = escalation.escalate(
            ladder.chair, pattern, DossierInput(question="Vooraf vergoeden?")
        )
        escalation.decide(
            ladder.civil_chair,
            request,
            DecisionInput(text="Vooraf vergoeden, akkoord.", decided_on=date(2026, 5, 1)),
        )
        effect = queries.effect(pattern)
    assert effect.since == date(2026, 5, 1)
    assert effect.label == "decided"
    months = {m: n for m, n, _after in effect.months}
    assert effect.months[0][0] == "2025-11"
    assert months["2026-01"] == 1
    assert months["2026-04"] == 2
    assert [m for m, _n, after in effect.months if after] == ["2026-06"]
    assert months["2026-06"] == 3
    assert months["2026-02"] == 1
    assert effect.before_average == 0.7  # 4 reports over November to April
    assert effect.after_average == 3.0


def test_the_effect_reads_in_dutch_numbers_and_months(db, ladder, reporters, client):
    from learning.patterns.triage import confirm

    with time_machine.travel(datetime(2026, 6, 15, 9, tzinfo=UTC), tick=False):
        pattern = make_pattern(ladder.werktafel, reporters)
        confirm(ladder.chair, pattern, pattern.title, "", "uitvoering", "second")
        earlier = BlockageFactory(reporter=reporters[0], reported_on=date(2026, 3, 2))
        from learning.patterns.triage import attach

        attach(ladder.chair, pattern, earlier.id)
        request = escalation.escalate(
            ladder.chair, pattern, DossierInput(question="Vooraf vergoeden?")
        )
        escalation.decide(
            ladder.civil_chair,
            request,
            DecisionInput(text="Vooraf vergoeden, akkoord.", decided_on=date(2026, 5, 1)),
        )
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = reporters[0].get_id()
            session["_fresh"] = True
        page = client.get(f"/tafels/patronen/{pattern.id}").get_data(as_text=True)
    assert "Gemiddeld 0,2 per maand ervoor" in page  # 1 report over six months
    assert "november 2025" in page
    assert "2025-11" not in page


def test_no_effect_report_before_a_fix(db, pattern):
    assert queries.effect(pattern) is None


def test_own_page_lists_reported_and_followed_patterns_with_every_step(
    db, pattern, ladder, reporters
):
    follower = UserFactory()
    follow(follower, pattern)
    escalation.escalate(ladder.chair, pattern, DossierInput(question="Mag bewindvoering vooraf?"))
    mine = queries.my_patterns(reporters[0])
    assert [m.pattern for m in mine] == [pattern]
    assert mine[0].reported
    assert not mine[0].following
    assert [e.kind for e in mine[0].events][:2] == ["state:geescaleerd", "state:in_behandeling"]
    assert queries.my_patterns(follower)[0].following
    assert queries.my_patterns(UserFactory()) == []


def test_dossier_export_hides_small_counts_and_quotes_masked_texts(db, ladder, reporters):
    pattern = make_pattern(
        ladder.werktafel,
        reporters,
        description="Mevrouw met BSN 111222333 wacht drie maanden op de vergoeding voor "
        "bewindvoering.",
    )
    from learning.patterns.triage import confirm

    confirm(ladder.chair, pattern, pattern.title, "", "uitvoering", "third")
    request = escalation.escalate(
        ladder.chair,
        pattern,
        DossierInput(
            question="Mag de gemeente bewindvoering vooraf vergoeden?",
            options=["Vooraf vergoeden", "Landelijk regelen"],
            impact="Ongeveer 1.200 euro extra schuld per huishouden.",
        ),
    )
    text = dossier.markdown(request, pattern)
    assert "# Dossier: Bewindvoering pas na drie maanden vergoed" in text
    assert "**Meldingen:** < 5" in text
    assert "Mag de gemeente bewindvoering vooraf vergoeden?" in text
    assert "1. Vooraf vergoeden" in text
    assert "2. Landelijk regelen" in text
    assert "111222333" not in text
    assert "[BSN]" in text
    assert "1.200 euro" in text
