"""The rollups hold what the raw tables say: after a rebuild, and after each write's commit."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from learning.blockages import services as blockage_services
from learning.extensions import db
from learning.insight import counts, grains, rollups
from learning.insight.forms import parse_filters
from learning.insight.grains import FULL
from learning.insight.models import BlockageDayCount, BlockageMonthCount, PatternFact
from learning.patterns.models import PatternState
from learning.patterns.states import transition
from learning.tables.routing import move
from learning.unit_of_work import commit, rollback
from tests.backing_services import require
from tests.insight.conftest import pattern_of, report


def _filters(**args):
    return parse_filters(MultiDict({"periode": "2026", **args}), None)


def _day_total(day: date, domain: str = "") -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(BlockageDayCount.count), 0)).where(
            BlockageDayCount.day == day,
            BlockageDayCount.domain == domain,
            BlockageDayCount.grain == FULL,
        )
    )


def _month_total(month: date) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(BlockageMonthCount.count), 0)).where(
            BlockageMonthCount.month == month,
            BlockageMonthCount.domain == "",
            BlockageMonthCount.grain == FULL,
        )
    )


def test_rebuild_counts_each_knelpunt_once_and_once_per_domain(network):
    r = network.reporters
    both = report(r[0], date(2026, 3, 2), ["wmo", "jeugdwet"], network.noord)
    report(r[1], date(2026, 3, 2), ["wmo"])
    report(r[2], date(2026, 4, 9), ["schulden"])
    withdrawn = report(r[3], date(2026, 4, 9), ["wmo"])
    withdrawn.withdrawn_at = withdrawn.created_at
    pattern_of([both], network.table)

    rollups.rebuild()

    assert _day_total(date(2026, 3, 2)) == 2
    assert _day_total(date(2026, 3, 2), "wmo") == 2
    assert _day_total(date(2026, 3, 2), "jeugdwet") == 1
    assert _day_total(date(2026, 4, 9)) == 1  # the withdrawn one is not counted
    assert _month_total(date(2026, 3, 1)) == 2
    data = counts.blockage_counts(_filters(tafel=str(network.table.id)), raw=False)
    assert data["total"] == 1
    assert data["area"] == {network.noord.id: 1}


def test_rollups_and_raw_tables_give_the_same_figures(network):
    r = network.reporters
    for i, (day, domains) in enumerate(
        [
            (date(2026, 1, 5), ["wmo"]),
            (date(2026, 1, 6), ["wmo", "schulden"]),
            (date(2026, 2, 20), ["jeugdwet"]),
            (date(2026, 2, 21), ["wmo"]),
            (date(2025, 12, 31), ["wmo"]),
        ]
    ):
        report(r[i], day, domains, network.noord if i % 2 else None)
    rollups.rebuild()
    for args in (
        {},
        {"domein": "wmo"},
        {"per": "week"},
        {"van": "2026-01-06", "tot": "2026-02-20"},
        # A whole month (read from month rows) with days on both sides (read from day rows).
        {"van": "2025-12-31", "tot": "2026-02-20", "per": "maand"},
        {"domein": "wmo", "wijk": str(network.noord.id), "per": "week"},
        {"domein": "wmo", "wijk": str(network.noord.id), "organisatie": str(network.gemeente.id)},
    ):
        filters = _filters(**args)
        assert counts.blockage_counts(filters, raw=False) == counts.blockage_counts(
            filters, raw=True
        ), args
    assert counts.blockage_counts(_filters(), raw=False)["total"] == 4
    spanning = counts.blockage_counts(_filters(van="2025-12-31", tot="2026-02-20"), raw=False)
    assert spanning["total"] == 4  # 31 December, 5 and 6 January, 20 February
    assert spanning["domain"] == {"wmo": 3, "schulden": 1, "jeugdwet": 1}


def test_a_withdrawn_knelpunt_leaves_the_counts_when_the_withdrawal_is_committed(network):
    reporter = network.reporters[0]
    blockage = report(reporter, date(2026, 5, 4), ["wmo"])
    commit()
    rollups.rebuild()
    commit()
    assert _day_total(date(2026, 5, 4)) == 1

    blockage_services.withdraw_blockage(reporter, blockage, "dubbel gemeld")
    assert _day_total(date(2026, 5, 4)) == 1  # nothing changes before the commit
    commit()

    assert _day_total(date(2026, 5, 4)) == 0
    assert _month_total(date(2026, 5, 1)) == 0


def test_moving_a_knelpunt_to_another_day_moves_its_count(network):
    reporter = network.reporters[0]
    blockage = report(reporter, date(2026, 5, 4), ["wmo"])
    commit()
    rollups.rebuild()
    commit()
    data = blockage_services.BlockageInput(
        title=blockage.title,
        description=blockage.description,
        domains=["wmo"],
        handling=blockage.handling,
        reported_on=date(2026, 6, 1),
    )
    blockage_services.update_blockage(reporter, blockage, data, blockage.version)
    commit()

    assert _day_total(date(2026, 5, 4)) == 0
    assert _day_total(date(2026, 6, 1)) == 1
    assert (_month_total(date(2026, 5, 1)), _month_total(date(2026, 6, 1))) == (0, 1)


def test_a_pattern_step_refreshes_its_facts_and_its_knelpunten_follow_its_table(network):
    blockage = report(network.reporters[0], date(2026, 5, 4), ["wmo"])
    pattern = pattern_of([blockage], None, state=PatternState.NEW, order=None)
    commit()
    rollups.rebuild()
    commit()
    assert db.session.get(PatternFact, pattern.id).state == PatternState.NEW

    move(network.chair, pattern, network.table, "taken_up")
    transition(network.chair, pattern, PatternState.IN_PROGRESS, "Opgepakt")
    commit()

    assert db.session.get(PatternFact, pattern.id).state == PatternState.IN_PROGRESS
    by_table = counts.blockage_counts(_filters(tafel=str(network.table.id)), raw=False)
    assert by_table["total"] == 1


def test_after_a_rollback_the_next_write_is_still_refreshed(network):
    reporter = network.reporters[0]
    blockage = report(reporter, date(2026, 5, 4), ["wmo"])
    commit()
    rollups.rebuild()
    commit()
    blockage_services.withdraw_blockage(reporter, blockage)
    rollback()
    blockage = db.session.get(type(blockage), blockage.id)
    assert _day_total(date(2026, 5, 4)) == 1

    blockage_services.withdraw_blockage(reporter, blockage)
    commit()
    assert _day_total(date(2026, 5, 4)) == 0


def test_the_rebuild_command_reports_what_it_built(app, network):
    report(network.reporters[0], date(2026, 5, 4), ["wmo", "jeugdwet"])
    commit()
    result = app.test_cli_runner().invoke(args=["insight", "rebuild"])
    assert result.exit_code == 0, result.output
    built = json.loads(result.output.strip().splitlines()[-1])
    full = db.session.scalar(
        select(func.count()).select_from(BlockageDayCount).where(BlockageDayCount.grain == FULL)
    )
    assert full == 3  # the all-domains row and one per domain
    # Day grains of up to two dimensions: 11 without the domain (one row each), 5 with it
    # (a row per domain): 3 + 11 + 10. Months also keep the three-dimension grains: 4 without
    # the domain, 6 with it: 24 + 4 + 12.
    assert built["days"] == 24
    assert built["months"] == 40


def test_grouping_sets_give_the_grains_one_statement_per_grain_gives(network):
    require(
        "PostgreSQL (GROUPING SETS are its path)",
        db.session.get_bind().dialect.name == "postgresql",
    )
    r = network.reporters
    for i, (day, domains) in enumerate(
        [
            (date(2026, 1, 5), ["wmo"]),
            (date(2026, 1, 5), ["wmo", "schulden"]),
            (date(2026, 1, 6), ["jeugdwet"]),
            (date(2026, 2, 21), ["wmo"]),
        ]
    ):
        report(r[i], day, domains, network.noord if i % 2 else None)
    rollups.rebuild()
    for monthly, periods in ((False, [date(2026, 1, 5), date(2026, 1, 6)]), (True, None)):
        each, grouped = (
            sorted(
                tuple(row)
                for query in grains.grain_selects(periods, monthly, sets)
                for row in db.session.execute(query)
            )
            for sets in (False, True)
        )
        assert grouped == each
        # Every grain of up to two dimensions (three for months): 1 + 5 + 10 (+ 10).
        assert len({row[-1] for row in grouped}) == (26 if monthly else 16)


def _month_rows() -> list[tuple]:
    m = BlockageMonthCount
    keys = (m.month, m.domain, m.organisation_id, m.area_id, m.table_id, m.learning_order, m.grain)
    return sorted(tuple(row) for row in db.session.execute(select(*keys, m.count)))


def test_refreshed_months_hold_what_a_rebuild_gives(network):
    r = network.reporters
    kept = report(r[0], date(2026, 5, 4), ["wmo", "jeugdwet"], network.noord)
    moved = report(r[1], date(2026, 5, 4), ["wmo"])
    withdrawn = report(r[2], date(2026, 5, 30), ["schulden"], network.noord)
    commit()
    rollups.rebuild()
    commit()
    pattern = pattern_of([kept], None, state=PatternState.NEW, order=None)
    commit()
    blockage_services.withdraw_blockage(r[2], withdrawn, "dubbel gemeld")
    data = blockage_services.BlockageInput(
        title=moved.title,
        description=moved.description,
        domains=["wmo", "schulden"],
        handling=moved.handling,
        reported_on=date(2026, 6, 1),
    )
    blockage_services.update_blockage(r[1], moved, data, moved.version)
    move(network.chair, pattern, network.table, "taken_up")
    commit()
    refreshed = _month_rows()

    rollups.rebuild()
    commit()
    assert refreshed == _month_rows()
    may = [row for row in refreshed if row[0] == date(2026, 5, 1) and row[-2] == FULL]
    assert sum(row[-1] for row in may if row[1] == "") == 1  # only `kept` is left in May
