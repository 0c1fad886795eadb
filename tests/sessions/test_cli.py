"""`flask sessions champion-areas`: the programme team records an aanjager's wijken."""

from __future__ import annotations

from learning.blockages.models import Area
from learning.sessions.permissions import can_create_series, champion_area_ids
from tests.factories import UserFactory


def test_the_programme_team_gives_an_aanjager_a_wijk(app, db):
    admin = UserFactory(roles=["programme_admin"])
    lotte = UserFactory(roles=["champion"])
    area = Area(name="Schadewijk")
    db.session.add(area)
    db.session.flush()
    runner = app.test_cli_runner()
    unknown = runner.invoke(
        args=["sessions", "champion-areas", admin.email, lotte.email, "Atlantis"]
    )
    assert unknown.exit_code != 0
    assert "Onbekende wijk: Atlantis" in unknown.output
    refused = runner.invoke(
        args=["sessions", "champion-areas", lotte.email, lotte.email, "Schadewijk"]
    )
    assert "Alleen het programmateam" in refused.output
    done = runner.invoke(
        args=["sessions", "champion-areas", admin.email, lotte.email, "Schadewijk"]
    )
    assert done.exit_code == 0, done.output
    assert champion_area_ids(lotte) == {area.id}
    assert can_create_series(lotte, "uitvoering", area.id)
