"""Each loop figure against values counted by hand on a small network (period: 2025).

Five patterns at the Wmo werktafel and one at the Jeugd werktafel, with these moments:

    pattern  emerged     triaged     decided     first action   days: triage / decision / action
    P1       2025-01-01  2025-01-11  2025-02-10  2025-02-12     10 / 30 / 2
    P2       2025-02-01  2025-02-21  2025-03-23  2025-03-27     20 / 30 / 4
    P3       2025-03-01  2025-03-31  2025-05-30  2025-06-05     30 / 60 / 6
    P4       2025-04-01  2025-04-05  2025-04-15  2025-04-23      4 / 10 / 8
    P5       2025-05-01  2025-05-03  2025-06-02  2025-06-12      2 / 30 / 10
    P6       2025-06-01  2025-06-08  -           -               7 (Jeugd)

Medians at the Wmo table: 10, 30 and 6 days; for the network emergence→triage is the median
of 2, 4, 7, 10, 20, 30 = 8.5. The Jeugd table has one case: no median (–), count "< 5".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from learning.extensions import db
from learning.insight import ladder, loop, pattern_counts, queries, rollups
from learning.insight.forms import parse_filters
from learning.notifications.models import Notification
from learning.patterns.models import PatternEvent, PatternState
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    ItemKind,
    LearningSession,
    Outcome,
    SessionSeries,
    SessionStatus,
)
from learning.tables.models import Decision, DecisionRequest, TableAction
from tests.insight.conftest import pattern_of, report

MOMENTS = [
    ("2025-01-01", "2025-01-11", "2025-02-10", "2025-02-12"),
    ("2025-02-01", "2025-02-21", "2025-03-23", "2025-03-27"),
    ("2025-03-01", "2025-03-31", "2025-05-30", "2025-06-05"),
    ("2025-04-01", "2025-04-05", "2025-04-15", "2025-04-23"),
    ("2025-05-01", "2025-05-03", "2025-06-02", "2025-06-12"),
]


def _noon(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=11, tzinfo=UTC)


def _decide(pattern, table, day: str) -> None:
    request = DecisionRequest(
        pattern_id=pattern.id,
        from_table_id=table.id,
        to_table_id=table.id,
        question="Mag de werktafel de termijn verlengen?",
        due_on=date.fromisoformat(day),
    )
    db.session.add(request)
    db.session.flush()
    db.session.add(
        Decision(
            request_id=request.id,
            pattern_id=pattern.id,
            table_id=table.id,
            text="De termijn wordt verlengd.",
            decided_on=date.fromisoformat(day),
            decided_by="Ambtelijke stuurgroep",
        )
    )


def _action(pattern, table, owner, created: str, due: str, status: str, finished: str | None):
    db.session.add(
        TableAction(
            pattern_id=pattern.id,
            table_id=table.id,
            what="Werkinstructie aanpassen",
            owner_id=owner.id,
            due_on=date.fromisoformat(due),
            status=status,
            finished_at=_noon(finished) if finished else None,
            created_at=_noon(created),
        )
    )


def _told(user, pattern, day: str) -> None:
    db.session.add(
        Notification(
            user_id=user.id,
            kind="decided",
            text="Er is besloten.",
            pattern_id=pattern.id,
            created_at=_noon(day),
        )
    )


@pytest.fixture
def loop_network(network):
    r, table = network.reporters, network.table
    members = [
        # P1: two reports before its decision (2025-02-10)
        [report(r[0], date(2025, 1, 5), ["wmo"]), report(r[1], date(2025, 1, 20), ["wmo"])],
        # P2: one before (2025-03-23) and one after: not fewer reports after the decision
        [report(r[2], date(2025, 2, 1), ["wmo"]), report(r[2], date(2025, 4, 1), ["wmo"])],
        [report(r[3], date(2025, 3, 1), ["wmo"])],
        [report(r[4], date(2025, 4, 1), ["wmo"])],
        [report(r[5], date(2025, 5, 1), ["wmo"])],
    ]
    patterns = []
    for i, ((emerged, triaged, decided, _acted), blockages) in enumerate(
        zip(MOMENTS, members, strict=True)
    ):
        pattern = pattern_of(
            blockages,
            table,
            state=PatternState.DECIDED,
            title=f"Patroon {i + 1}",
            queued_at=_noon(emerged),
            confirmed_at=_noon(triaged),
        )
        _decide(pattern, table, decided)
        patterns.append(pattern)
    p1, p2, p3, p4, p5 = patterns
    jeugd = pattern_of(
        [report(r[0], date(2025, 6, 1), ["jeugdwet"])],
        network.other_table,
        title="Patroon 6",
        queued_at=_noon("2025-06-01"),
        confirmed_at=_noon("2025-06-08"),
    )
    owner = network.chair
    # First actions (on or after the decision); an action before P1's decision does not count.
    _action(p1, table, owner, "2025-01-20", "2025-01-31", "gedaan", "2025-01-25")
    _action(p1, table, owner, "2025-02-12", "2025-03-01", "gedaan", "2025-02-20")  # on time
    _action(p2, table, owner, "2025-03-27", "2025-04-01", "gedaan", "2025-04-10")  # late
    _action(p3, table, owner, "2025-06-05", "2025-07-01", "open", None)  # overdue
    _action(p4, table, owner, "2025-04-23", "2025-05-01", "gedaan", "2025-05-01")  # on time
    _action(p5, table, owner, "2025-06-12", "2025-07-01", "gedaan", "2025-06-30")  # on time
    _action(p5, table, owner, "2025-06-13", "2025-08-01", "niet_gedaan", None)  # not done
    # Told the outcome: r0 (P1), r2 (P2), r4 (P4), r5 (P5) after the decision; r1 before it.
    _told(r[0], p1, "2025-02-11")
    _told(r[1], p1, "2025-02-01")
    _told(r[2], p2, "2025-03-23")
    _told(r[4], p4, "2025-04-20")
    _told(r[5], p5, "2025-06-03")
    db.session.add(
        PatternEvent(
            pattern_id=p4.id, kind="state:heropend", summary="Heropend", at=_noon("2025-09-01")
        )
    )
    db.session.flush()
    rollups.rebuild()
    return network, patterns, jeugd


def _board(viewer_tables=None, **args):
    filters = parse_filters(MultiDict({"periode": "2025", **args}), viewer_tables)
    return queries.dashboard(filters, viewer_tables)


def _rows(board) -> dict[str, list[str]]:
    figure = board.figure("doorlooptijden-en-effect")
    return {row[0].text: [cell.text for cell in row[1:]] for row in figure.rows}


def test_medians_per_table_and_for_the_network(loop_network):
    rows = _rows(_board())
    # triage, n, decision, n, first action, n
    assert rows["Werktafel Wmo"][:6] == ["10", "5", "30", "5", "6", "5"]
    assert rows["Hele netwerk"][:2] == ["8,5", "6"]
    assert rows["Werktafel Jeugd"][:2] == ["–", "< 5"]


def test_share_of_actions_on_time(loop_network):
    # Due in 2025 and finished or overdue: 7 actions; on time: the early one before the
    # decision, P1's, P4's and P5's first = 4 of 7.
    assert _rows(_board())["Werktafel Wmo"][6] == "57,1%"


def test_share_of_reporters_told_the_outcome(loop_network):
    # Reporters of decided patterns: r0, r1 (P1), r2 (P2), r3, r4, r5 = 6; told after the
    # decision: r0, r2, r4, r5 = 4 of 6.
    assert _rows(_board())["Werktafel Wmo"][7] == "66,7%"


def test_reports_fell_after_the_decision_and_patterns_that_came_back(loop_network):
    row = _rows(_board())["Werktafel Wmo"]
    # Fewer reports in the 90 days after than before: P1, P3, P4, P5 (4 of 5: "< 5 van 5").
    assert row[8] == "< 5 van 5"
    assert row[9] == "< 5"  # P4 came back
    figure = _board().figure("terug-na-besluit")
    assert [row[0].text for row in figure.rows] == ["Patroon 4"]


def test_the_loop_figures_read_the_same_from_raw_tables(loop_network):
    for args in ({"periode": "2025"}, {"periode": "2025-K2"}, {"orde": "first"}):
        filters = parse_filters(MultiDict({"periode": "2025", **args}), None)
        from_rollups = loop.loop_figures(filters, raw=False)
        assert from_rollups == loop.loop_figures(filters, raw=True), args
        summary = pattern_counts.summary(filters, raw=False)
        assert summary == pattern_counts.summary(filters, raw=True), args
    whole_year = parse_filters(MultiDict({"periode": "2025"}), None)
    assert loop.loop_figures(whole_year, raw=False).to_triage[loop.NETWORK] == loop.Span(6, 8.5)


def test_a_period_without_those_moments_has_no_medians(loop_network):
    rows = _rows(_board(periode="2024"))
    assert list(rows) == ["Hele netwerk"]
    assert rows["Hele netwerk"][:2] == ["–", "0"]


def test_table_and_order_filters(loop_network):
    network = loop_network[0]
    rows = _rows(_board(tafel=str(network.other_table.id)))
    assert rows["Gekozen tafel"][:2] == ["–", "< 5"]
    assert "Werktafel Wmo" not in rows
    rows = _rows(_board(orde="third"))
    assert rows["Hele netwerk"][1] == "0"


def test_a_viewer_sees_only_the_rows_of_her_tables(loop_network):
    network = loop_network[0]
    rows = _rows(_board(viewer_tables={network.table.id}))
    assert set(rows) == {"Hele netwerk", "Werktafel Wmo"}


def test_afspraken_checked_within_six_weeks(network):
    series = SessionSeries(name="Leersessie Noord", level="uitvoering")
    db.session.add(series)
    db.session.flush()
    item = AgendaItem(series_id=series.id, kind=ItemKind.DILEMMA, title="Dilemma")
    db.session.add(item)
    db.session.flush()
    for created, checked in [
        ("2025-01-10", "2025-02-01"),  # 22 days: in time
        ("2025-01-10", "2025-03-10"),  # 59 days: late
        ("2025-02-01", None),  # never checked: late
        ("2025-03-01", "2025-04-12"),  # 42 days: in time
        ("2025-05-01", "2025-05-02"),  # in time
    ]:
        db.session.add(
            Agreement(
                item_id=item.id,
                series_id=series.id,
                what="Bellen met de corporatie",
                owner_id=network.chair.id,
                due_on=date.fromisoformat(created) + timedelta(days=42),
                created_at=_noon(created),
                checked_at=_noon(checked) if checked else None,
            )
        )
    db.session.flush()
    assert _rows(_board())["Hele netwerk"][10] == "60%"


def test_leersessies_per_level(network):
    series = {
        level: SessionSeries(name=f"Reeks {level}", level=level)
        for level in ("uitvoering", "management")
    }
    db.session.add_all(series.values())
    db.session.flush()
    for i in range(5):
        start = _noon(f"2025-0{i + 1}-15")
        db.session.add(
            LearningSession(
                series_id=series["uitvoering"].id,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                status=SessionStatus.CLOSED,
            )
        )
    start = _noon("2025-03-20")
    db.session.add(
        LearningSession(
            series_id=series["management"].id,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            status=SessionStatus.CLOSED,
        )
    )
    outcomes = [Outcome.SOLVED] * 5 + [Outcome.ESCALATED]
    for i, outcome in enumerate(outcomes):
        db.session.add(
            AgendaItem(
                series_id=series["uitvoering"].id,
                kind=ItemKind.DILEMMA,
                title=f"Dilemma {i}",
                created_at=_noon("2025-02-01"),
                outcome=outcome,
                decided_at=_noon("2025-02-15"),
                answered_at=_noon("2025-03-01") if outcome == Outcome.ESCALATED else None,
            )
        )
    db.session.flush()
    filters = parse_filters(MultiDict({"periode": "2025"}), None)
    data = ladder.ladder_figures(filters)
    assert data["uitvoering"] == {"held": 5, "raised": 6, "solved": 5, "up": 1, "down": 1}
    assert data["management"]["held"] == 1
    figure = queries.ladder_figure(filters)
    assert [c.text for c in figure.rows[0]][1:] == ["5", "6", "5", "< 5", "< 5"]
    assert [c.text for c in figure.rows[1]][1:3] == ["< 5", "0"]


def test_a_pattern_without_a_table_counts_once_for_the_network(network):
    for day in ("2025-03-01", "2025-04-01"):
        blockage = report(network.reporters[0], date.fromisoformat(day), ["wmo"])
        pattern_of(
            [blockage],
            None,
            queued_at=_noon(day),
            confirmed_at=_noon(day) + timedelta(days=3),
        )
    rollups.rebuild()
    filters = parse_filters(MultiDict({"periode": "2025"}), None)
    for raw in (False, True):
        assert loop.loop_figures(filters, raw=raw).to_triage == {loop.NETWORK: loop.Span(2, 3.0)}
