"""Issue 4 end to end: three professionals make a pattern; the chair merges, splits, confirms.

Professionals from two organisations log the same systemic problem in their own words
through the knelpunt form; the third sees the growing pattern beside the form while typing
and saves her knelpunt into it. The pattern lands on the triage queue of the werktafel
covering the Jeugdwet and its chair is mailed (through a real SMTP server). In the browser
the chair merges a second pattern into it, splits those knelpunten off again into a new
pattern, and confirms the first one.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, log_out, make_user

PASSWORD = "e2e-wachtwoord-1"
CHAIR = "voorzitter.jeugd@example.org"
PROFESSIONALS = (
    ("wijkcoach.een@example.org", "Wijkteam Triage"),
    ("wijkcoach.twee@example.org", "Wijkteam Triage"),
    ("jeugdconsulent@example.org", "Jeugdzorg Triage"),
)
TABLE = "E2E Werktafel Jeugd"
REPORTS = (
    (
        "Jeugdhulp stopt abrupt op de achttiende verjaardag",
        "Op de dag dat een jongere achttien wordt stopt de jeugdhulp, terwijl de zorg voor "
        "volwassenen via de Wmo nog geen plek of indicatie heeft.",
    ),
    (
        "Geen aansluiting van zorg na achttien jaar",
        "Jongeren die achttien worden vallen tussen Jeugdwet en Wmo: de jeugdhulp eindigt, "
        "maar een nieuwe indicatie voor volwassenen duurt maanden.",
    ),
    (
        "Gat tussen jeugdhulp en volwassenenzorg",
        "Bij achttien jaar stopt de begeleiding vanuit de jeugdhulp en moet de jongere opnieuw "
        "beginnen bij de Wmo, met een lange wachtlijst.",
    ),
)
# Reported earlier and grouped apart: the chair sees it belongs with the first pattern.
AFTERCARE = (
    (
        "Pleegjongere verliest begeleiding bij achttien",
        "Een pleegjongere verliest op zijn achttiende de begeleiding; verlengde jeugdhulp "
        "wordt niet toegekend omdat de aanvraag te laat kwam.",
    ),
    (
        "Nazorg ontbreekt na jeugdzorg bij achttien jaar",
        "Een jongere uit een jeugdzorginstelling moet op zijn achttiende vertrekken en krijgt "
        "geen nazorg of woonbegeleiding vanuit de Wmo.",
    ),
)


def _set_up(live) -> None:
    """Users and the werktafel for the Jeugdwet, with its chair."""
    from learning.extensions import db
    from learning.tables.models import LearningTable, TableKind
    from learning.unit_of_work import commit

    chair = make_user(live, CHAIR, ["chair"], "Gemeente Triage", PASSWORD)
    for email, organisation in PROFESSIONALS:
        make_user(live, email, ["professional"], organisation, PASSWORD)
    with live.app.app_context():
        db.session.add(
            LearningTable(
                kind=TableKind.WORK_TABLE, name=TABLE, domains=["jeugdwet"], chair_id=chair
            )
        )
        commit()


def _pattern_of(live, title: str) -> tuple[int, str, str] | None:
    """(id, title, state) of the pattern holding the knelpunt with this title."""
    from sqlalchemy import select

    from learning.blockages.models import Blockage
    from learning.extensions import db
    from learning.patterns.queries import pattern_of

    with live.app.app_context():
        blockage = db.session.scalar(select(Blockage).where(Blockage.title == title))
        pattern = pattern_of(blockage)
        result = None if pattern is None else (pattern.id, pattern.title, pattern.state)
        db.session.remove()
        return result


def _second_pattern(live) -> int:
    """A second pattern on the same queue, about the same problem, made directly."""
    from sqlalchemy import select

    from learning.accounts.models import User
    from learning.blockages.models import Blockage, BlockageDomain
    from learning.extensions import db
    from learning.patterns.models import Pattern, PatternMember, PatternState
    from learning.tables.models import LearningTable
    from learning.timeutil import today, utcnow
    from learning.unit_of_work import commit

    with live.app.app_context():
        reporter = db.session.scalar(select(User).where(User.email == PROFESSIONALS[2][0]))
        pattern = Pattern(
            title="Nazorg na jeugdzorg",
            key_terms=["nazorg", "achttien"],
            state=PatternState.NEW,
            table=db.session.scalar(select(LearningTable).where(LearningTable.name == TABLE)),
            queued_at=utcnow(),
        )
        for title, description in AFTERCARE:
            blockage = Blockage(
                title=title,
                description=description,
                handling="omweg",
                reporter=reporter,
                organisation=reporter.organisations[0],
                reported_on=today(),
                domain_rows=[BlockageDomain(domain="jeugdwet")],
            )
            pattern.members.append(PatternMember(blockage=blockage, reasons=[]))
        db.session.add(pattern)
        commit()
        return pattern.id


def _ids_of(live, titles) -> list[int]:
    from sqlalchemy import select

    from learning.blockages.models import Blockage
    from learning.extensions import db

    with live.app.app_context():
        return list(db.session.scalars(select(Blockage.id).where(Blockage.title.in_(titles))))


def _asked(live, recipient: str) -> list[str]:
    """Links of the 'new pattern for your table' notifications of a user."""
    from sqlalchemy import select

    from learning.accounts.models import User
    from learning.extensions import db
    from learning.notifications.models import Notification, NotificationKind

    with live.app.app_context():
        return list(
            db.session.scalars(
                select(Notification.link)
                .join(User, User.id == Notification.user_id)
                .where(
                    User.email == recipient, Notification.kind == NotificationKind.PATTERN_QUEUED
                )
            )
        )


def _log(page, live, email: str, report: tuple[str, str], join_pattern: bool = False) -> None:
    log_in(page, live, email, PASSWORD)
    page.goto(live("/knelpunten/nieuw"))
    page.fill("#title", report[0])
    page.fill("#description", report[1])
    page.check("input[name=domains][value=jeugdwet]")
    page.check("input[name=handling][value=niet_opgelost]")
    if join_pattern:
        suggestion = page.locator("#suggestions li.card", has_text="Patroon")
        expect(suggestion).to_be_visible()  # live, while typing
        expect(suggestion).to_contain_text("2 meldingen")
        suggestion.locator("button[name=join_pattern]").click()
    else:
        page.click("button[name=action][value=save]")
    page.wait_for_url(re.compile(r"/knelpunten/\d+$"))
    expect(page.locator("h1")).to_have_text(report[0])
    log_out(page)


def test_three_reports_become_a_pattern_the_chair_merges_splits_and_confirms(page, live_server):
    page.set_default_timeout(30_000)  # the machine may be busy; a real wait fails anyway
    _set_up(live_server)

    # Two colleagues of one wijkteam: the engine groups them into a candidate.
    _log(page, live_server, PROFESSIONALS[0][0], REPORTS[0])
    _log(page, live_server, PROFESSIONALS[1][0], REPORTS[1])
    candidate = _pattern_of(live_server, REPORTS[0][0])
    assert candidate is not None
    assert candidate[2] == "kandidaat"
    assert _pattern_of(live_server, REPORTS[1][0]) == candidate

    # A consulent of a second organisation joins it from the live suggestions.
    _log(page, live_server, PROFESSIONALS[2][0], REPORTS[2], join_pattern=True)
    pattern_id, title, state = _pattern_of(live_server, REPORTS[2][0])
    assert pattern_id == candidate[0]
    assert state == "nieuw"
    assert _asked(live_server, CHAIR) == [f"/patronen/{pattern_id}"]  # mailed in the bundle

    other_id = _second_pattern(live_server)

    # The chair finds both on the queue.
    log_in(page, live_server, CHAIR, PASSWORD)
    expect(page.locator("#triage")).to_contain_text(title)  # on the chair's home
    page.goto(live_server("/patronen/triage"))
    queue = page.locator("#queue")
    expect(queue.locator(f"a[href='/patronen/{pattern_id}']")).to_be_visible()
    expect(queue.locator(f"a[href='/patronen/{other_id}']")).to_be_visible()
    queue.locator(f"a[href='/patronen/{pattern_id}']").click()
    expect(page.locator("h1")).to_have_text(title)
    cards = page.locator("#members li.card")
    expect(cards).to_have_count(3)

    # Merge: the second pattern goes into this one.
    page.select_option("select#other", str(other_id))
    page.get_by_role("button", name="Samenvoegen").click()
    expect(page.locator("h1")).to_contain_text("controleer wat samengaat")  # a preview first
    page.get_by_role("button", name="Ja, samenvoegen").click()
    expect(page.locator("#flash")).to_contain_text("Patronen samengevoegd")
    expect(cards).to_have_count(5)

    # Split: on reflection the aftercare knelpunten are a pattern of their own.
    for blockage_id in _ids_of(live_server, [t for t, _d in AFTERCARE]):
        page.check(f"#member-{blockage_id} input[name=blockage_ids]")
    page.fill("#split-form input[name=title]", "Nazorg na jeugdzorg ontbreekt")
    page.fill("#split-form input[name=reason]", "Nazorg is een eigen knelpunt")
    page.get_by_role("button", name="Splitsen", exact=True).click()
    expect(page.locator("#flash")).to_contain_text("Nazorg na jeugdzorg ontbreekt")
    expect(cards).to_have_count(3)
    for report_title, _description in REPORTS:
        expect(page.locator("#members")).to_contain_text(report_title)

    # Confirm with title, description, root cause and order.
    page.fill("#title", "Jeugdhulp stopt op achttien zonder aansluitende zorg")
    page.fill(
        "#description", "De overgang van Jeugdwet naar Wmo laat jongeren maanden zonder hulp."
    )
    page.select_option("#root_cause", "samenwerking")
    page.check("input[name=order][value=second]")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.locator("#flash")).to_contain_text("Patroon bevestigd")
    expect(page.locator("h1")).to_have_text("Jeugdhulp stopt op achttien zonder aansluitende zorg")
    expect(page.locator("p.meta .status").first).to_have_text("In behandeling")

    # The queue now holds the split-off pattern, not the confirmed one.
    page.goto(live_server("/patronen/triage"))
    expect(queue).to_contain_text("Nazorg na jeugdzorg ontbreekt")
    expect(queue.locator(f"a[href='/patronen/{pattern_id}']")).to_have_count(0)
    log_out(page)

    # The reporter sees what became of her knelpunt.
    log_in(page, live_server, PROFESSIONALS[0][0], PASSWORD)
    page.goto(live_server("/knelpunten?mine=1"))
    page.click(f"text={REPORTS[0][0]}")
    expect(page.locator(".pattern-link")).to_contain_text(
        "Jeugdhulp stopt op achttien zonder aansluitende zorg"
    )
    expect(page.locator(".pattern-link")).to_contain_text("In behandeling")
