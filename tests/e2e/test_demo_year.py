"""Issue 11 §2 end to end: on the data of `flask demo load`, each role's pages show the year.

The demo year is loaded into the live server's database once (as `flask demo load` does,
without its mail delivery). Then the wethouder, the chair of the ambtelijke stuurgroep and
managersoverleg, the werktafel chair, a teamleider, a professional and the aanjager log in with
their demo accounts. Each home is screenshot to test-results/demo-<role>.png; the checks are
what a first user should see: a series with past sessions, a decided pattern with its effect,
an overdue afspraak, and a dilemma from below on the managers' and the bestuur's agenda.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, log_out

pytestmark = pytest.mark.slow  # loads the full demo year (embedding, grouping, the year)

SHOTS = Path("test-results")
PASSWORD = "leernetwerk-demo"


@pytest.fixture(scope="module")
def demo(live_server) -> dict[str, int]:
    from sqlalchemy import select

    from learning.demo import DELIVER_TASK, load_demo
    from learning.extensions import db
    from learning.patterns.models import Pattern, PatternState
    from learning.sessions.models import LearningSession, SessionSeries, SessionStatus
    from learning.timeutil import utcnow
    from learning.unit_of_work import commit, discard_queued

    with live_server.app.app_context():
        load_demo()
        discard_queued(DELIVER_TASK)
        commit()
        series = {s.name: s.id for s in db.session.scalars(select(SessionSeries))}

        def upcoming(name: str) -> int:
            return db.session.scalar(
                select(LearningSession.id)
                .where(
                    LearningSession.series_id == series[name],
                    LearningSession.status == SessionStatus.PLANNED,
                    LearningSession.starts_at > utcnow(),
                )
                .order_by(LearningSession.starts_at)
                .limit(1)
            )

        evaluated = db.session.scalar(
            select(Pattern.id).where(Pattern.state == PatternState.EVALUATED)
        )
        reopened = db.session.scalar(select(Pattern.id).where(Pattern.recurring.is_(True)))
        orders = set(db.session.scalars(select(Pattern.order).where(Pattern.order.is_not(None))))
        assert orders == {"first", "second", "third"}, orders  # confirmed at each order
        maatwerk = db.session.scalar(
            select(Pattern.id).where(Pattern.order == "first", Pattern.state == PatternState.SOLVED)
        )
        return {
            "ruwaard": series["Leersessie Ruwaard"],
            "management": series["Managersoverleg Maasdal"],
            "bestuur": series["Bestuurlijke leersessie"],
            "next_management": upcoming("Managersoverleg Maasdal"),
            "next_bestuur": upcoming("Bestuurlijke leersessie"),
            "solved": evaluated,
            "recurring": reopened,
            "maatwerk": maatwerk,
        }


def _home(page, live_server, key: str) -> None:
    log_in(page, live_server, f"{key}@maasdal.example", PASSWORD)
    page.goto(live_server("/"))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"demo-{key}.png"), full_page=True)


def test_each_role_sees_the_demo_year(page, live_server, demo):
    # The wethouder: a beslisvraag waiting, decisions with their effect, and on the next
    # bestuurlijke leersessie a dilemma that came up from the managers.
    _home(page, live_server, "wethouder")
    expect(page.locator("#wacht-op-besluit")).to_contain_text(
        "Stelt het college budget beschikbaar voor een vast loket?"
    )
    expect(page.locator("body")).to_contain_text("Genomen besluiten en hun effect")
    page.goto(live_server(f"/leersessies/{demo['next_bestuur']}"))
    expect(page.locator("main")).to_contain_text("Budget voor tolken in het sociaal domein")
    page.screenshot(path=str(SHOTS / "demo-wethouder-leersessie.png"), full_page=True)
    log_out(page)

    # The pattern solved by a structural fix shows its before/after effect; the one that came
    # back after a decision says it was reopened.
    _home(page, live_server, "karin")
    expect(page.locator("#acties-over-tijd")).to_be_visible()
    page.goto(live_server(f"/patronen/{demo['solved']}"))
    expect(page.locator("main")).to_contain_text("Effect")
    expect(page.locator("main")).to_contain_text("per maand erna")
    effect = page.locator("section", has=page.get_by_role("heading", name="Effect", exact=True))
    effect.last.screenshot(path=str(SHOTS / "demo-effect.png"))
    page.goto(live_server(f"/patronen/{demo['recurring']}"))
    expect(page.locator("main")).to_contain_text("Heropend")
    # First order: solved with the professionals' maatwerk, and how they do it.
    page.goto(live_server(f"/patronen/{demo['maatwerk']}"))
    expect(page.locator("main")).to_contain_text("Eerste orde")
    expect(page.locator("main")).to_contain_text("Eén gezamenlijke intake plannen")
    log_out(page)

    # The teamleider: the dilemma from the Ruwaard professionals on the next managersoverleg.
    _home(page, live_server, "marloes")
    page.goto(live_server(f"/leersessies/{demo['next_management']}"))
    expect(page.locator("main")).to_contain_text(
        "Kostendelersnorm bij een kind dat tijdelijk terugkeert"
    )
    log_out(page)

    # The aanjager: her series with past sessions and an overdue afspraak on its dashboard.
    _home(page, live_server, "lotte")
    page.goto(live_server(f"/leersessies/reeksen/{demo['ruwaard']}/dashboard"))
    expect(page.locator("main")).to_contain_text("verlopen: 1")
    page.screenshot(path=str(SHOTS / "demo-lotte-dashboard.png"), full_page=True)
    log_out(page)

    for key in ("bas", "sanne"):
        _home(page, live_server, key)
        log_out(page)
