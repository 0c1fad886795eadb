"""The demo year of Maasdal: deterministic, seasonal, free of personal data, loaded quickly."""

from __future__ import annotations

import collections

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.demo import FIRST_GROUPING, demo_records, load_command, load_demo
from learning.demo_timeline import FIXED_HOLIDAYS, day, weekday_ago
from learning.demo_year import THEMES, generate
from learning.digests.models import Digest
from learning.extensions import db as demo_db
from learning.notifications.models import Notification
from learning.patterns.models import Pattern
from learning.privacy import scan
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    Guest,
    ItemKind,
    LearningSession,
    SessionSeries,
    SessionStatus,
)
from learning.timeutil import as_utc, local_date, today, utcnow


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
    phases = ("privacyfilter voorbereiden", "knelpunten inlezen", "patronen vormen")
    for phase in (*phases, "het jaar doorspelen", "e-mail van het demojaar bezorgen"):
        assert phase in output
    early = [r for r in demo_records(small=True) if r["days_ago"] > FIRST_GROUPING]
    assert f"{len(early)}/{len(early)}" in output
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


def _home_as(client, user) -> str:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _block(html: str, key: str) -> str:
    """The home block with this id (a <section>), or '' when the home does not show it."""
    start = html.find('<section class="home-block')
    while start != -1:
        end = html.find("</section>", start)
        if f'id="{key}"' in html[start : html.find(">", start)]:
            return html[start:end]
        start = html.find('<section class="home-block', end)
    return ""


def _user(key: str) -> User:
    return demo_db.session.scalar(select(User).where(User.email == f"{key}@maasdal.example"))


def test_the_small_demo_plays_its_year_on_the_days_things_happened(db, client):
    """One clock: each row carries the day its step ran, not the day the demo was loaded."""
    load_demo(small=True)
    db.session.commit()
    for blockage in db.session.scalars(select(Blockage)):
        assert local_date(blockage.created_at) == blockage.reported_on
    confirmed = db.session.scalars(select(Pattern).where(Pattern.confirmed_at.is_not(None))).all()
    assert confirmed  # the small year is too small for every story, but some are told
    assert all(local_date(p.confirmed_at) < today() for p in confirmed)
    # The afspraken were checked at the meetings they came up at, one is overdue.
    agreements = db.session.scalars(select(Agreement)).all()
    done = [a for a in agreements if a.status == AgreementStatus.DONE]
    overdue = [a for a in agreements if a.status == AgreementStatus.OPEN and a.due_on < today()]
    assert done
    assert all(local_date(a.checked_at) < today() for a in done)
    assert len(overdue) == 1

    series = {s.name: s for s in db.session.scalars(select(SessionSeries))}
    assert series["Leersessie Ruwaard"].escalates_to is series["Managersoverleg Maasdal"]
    assert series["Managersoverleg Maasdal"].escalates_to is series["Bestuurlijke leersessie"]
    for name in series:
        meetings = db.session.scalars(
            select(LearningSession).where(LearningSession.series == series[name])
        ).all()
        assert any(
            m.status == SessionStatus.CLOSED and m.starts_at.date() < today() for m in meetings
        )
        assert any(
            m.status == SessionStatus.PLANNED and as_utc(m.starts_at) > utcnow() for m in meetings
        )
        assert all(m.starts_at.weekday() < 5 for m in meetings), "a leersessie in a weekend"
    # The dilemma of the Ruwaard professionals went up two levels and its answer came down.
    top = db.session.scalar(
        select(AgendaItem).where(
            AgendaItem.series_id == series["Bestuurlijke leersessie"].id,
            AgendaItem.title == "Terugvordering toeslag tijdens een schuldregeling",
        )
    )
    assert top.escalated_from.escalated_from.series is series["Leersessie Ruwaard"]
    assert top.escalated_from.escalated_from.answered_at is not None
    answers = db.session.scalars(
        select(AgendaItem).where(
            AgendaItem.kind == ItemKind.FEEDBACK,
            AgendaItem.title.contains("Terugvordering toeslag"),
        )
    ).all()
    assert {a.series_id for a in answers} >= {
        series["Leersessie Ruwaard"].id,
        series["Managersoverleg Maasdal"].id,
    }
    assert db.session.scalar(select(func.count(Guest.id))) >= 2

    # Digests went out on past Mondays; each user has read old messages, not the newest.
    sent = db.session.scalars(select(Digest)).all()
    assert sent
    assert all(local_date(d.created_at) < today() for d in sent)
    notifications = db.session.scalars(select(Notification)).all()
    assert any(n.read_at is not None and local_date(n.read_at) < today() for n in notifications)
    unread = [n for n in notifications if n.read_at is None]
    assert unread  # what came after each user's last visit

    # Homes: the manager sees the dilemma from below coming to the managersoverleg.
    marloes = _home_as(client, _user("marloes"))
    assert "Kostendelersnorm bij een kind dat tijdelijk terugkeert" in marloes
    lotte = _home_as(client, _user("lotte"))
    assert "Leersessie Ruwaard" in lotte


def test_the_texts_of_the_demo_year_pass_the_privacy_guard():
    """What the demo users write during the year (titles, agenda items) needs no masking."""
    from learning.demo_loop import TITLES
    from learning.demo_sessions import ESCALATE, ITEMS

    texts = [*TITLES.values(), *ESCALATE.values()]
    texts += [text for items in ITEMS.values() for _who, _kind, *words in items for text in words]
    assert {text: scan(text) for text in texts if scan(text)} == {}


def test_a_meeting_day_in_a_weekend_or_on_a_holiday_moves_to_the_working_day_before():
    for days_ago in range(-400, 400):
        moved = weekday_ago(days_ago)
        on, planned = day(moved), day(days_ago)
        assert on.weekday() < 5
        assert (on.month, on.day) not in FIXED_HOLIDAYS
        assert 0 <= moved - days_ago <= 4
        if planned.weekday() < 5 and (planned.month, planned.day) not in FIXED_HOLIDAYS:
            assert moved == days_ago  # a working day stays where it was planned
