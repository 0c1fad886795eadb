"""The demo year of Maasdal: deterministic, seasonal, free of personal data, loaded quickly."""

from __future__ import annotations

import collections

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from learning.blockages.models import Blockage
from learning.demo import demo_records, load_command, load_demo
from learning.demo_year import THEMES, generate
from learning.patterns.models import Pattern
from learning.privacy import scan


def test_the_year_is_the_same_every_time_and_about_a_thousand_knelpunten():
    records = demo_records()
    assert records == demo_records()
    assert 950 <= len(records) <= 1100
    assert 60 <= len(demo_records(small=True)) <= 150
    assert {r["organisation"] for r in records} >= {
        "Gemeente Maasdal",
        "Sociaal Wijkteam Maasdal",
        "Woonstichting De Linde",
        "UWV Maasdal",
        "GGZ Oost-Brabant",
        "Kredietbank Maasdal",
        "Welzijn Maasdal",
    }
    assert max(r["days_ago"] for r in records) >= 330  # the whole year


def _per_season(theme: str) -> tuple[int, int]:
    months = collections.Counter(r["days_ago"] // 30 for r in demo_records() if r["theme"] == theme)
    winter = months[0] + months[1] + months[10] + months[11]
    summer = months[4] + months[5] + months[6] + months[7]
    return winter, summer


def test_energy_debts_come_in_winter_waves_and_a_decided_pattern_returns():
    winter, summer = _per_season("energieschuld-afsluiting")
    assert winter > 3 * summer
    returning = collections.Counter(
        r["days_ago"] // 30  # the generated year; the curated cases are from before
        for r in generate()
        if r["theme"] == "toeslagen-terugvordering-schuldregeling"
    )
    assert returning[0] + returning[1] > 0  # back in the last two months
    assert returning[3] + returning[4] == 0  # quiet after the decision
    assert returning[7] + returning[8] > 0  # before it


def test_growing_patterns_grow():
    growing = [t.key for t in THEMES if t.months[0] > t.months[11] * 2]
    assert growing
    for key in growing:
        months = collections.Counter(
            r["days_ago"] // 30 for r in demo_records() if r["theme"] == key
        )
        assert sum(months[m] for m in range(3)) > sum(months[m] for m in range(9, 12))


@pytest.mark.slow
def test_every_demo_text_passes_the_privacy_guard():
    texts = {text for r in demo_records() for text in (r["title"], r["description"])}
    flagged = {text: scan(text) for text in texts}
    assert not {text: found for text, found in flagged.items() if found}


def test_the_small_demo_texts_pass_the_privacy_guard():
    for record in demo_records(small=True):
        assert scan(record["title"]) == [], record["title"]
        assert scan(record["description"]) == [], record["description"]


def test_the_small_demo_loads_knelpunten_from_every_organisation_into_patterns(db):
    counts = load_demo(small=True)
    assert counts["knelpunten"] == len(demo_records(small=True))
    assert db.session.scalar(select(func.count(Blockage.id))) == counts["knelpunten"]
    assert db.session.scalar(select(func.count(Blockage.id)).where(Blockage.vector.is_(None))) == 0
    assert db.session.scalar(select(func.count(Pattern.id))) >= 5


def test_demo_load_prints_its_phases_and_fits_a_screen(app, db):
    result = CliRunner().invoke(load_command, ["--small"], obj=None, standalone_mode=False)
    assert result.exception is None, result.output
    lines = result.output.splitlines()
    assert len(lines) <= 40
    output = result.output
    for phase in ("privacyfilter voorbereiden", "knelpunten inlezen", "patronen vormen"):
        assert phase in output
    assert f"{len(demo_records(small=True))}/{len(demo_records(small=True))}" in output
    assert "INFO" not in output


def test_work_a_bulk_load_already_did_is_not_queued_again(db):
    from learning.unit_of_work import discard_queued, enqueue_after_commit

    enqueue_after_commit("learning.patterns.tasks.process_blockage", 1)
    enqueue_after_commit("learning.patterns.tasks.process_blockage", 2)
    enqueue_after_commit("learning.mail.tasks.deliver_mail", 3)
    assert discard_queued("learning.patterns.tasks.process_blockage") == 2
    remaining = db.session.info["after_commit_callbacks"]
    assert [c.task_name for c in remaining] == ["learning.mail.tasks.deliver_mail"]
    db.session.info.pop("after_commit_callbacks")
