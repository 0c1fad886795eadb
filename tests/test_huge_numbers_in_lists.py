"""A typed or hostile huge number in a list's URL gives a page or a Dutch 400, never a 500 —
also on SQLite, the first run's database, which cannot bind such a number at all."""

from __future__ import annotations

import pytest

from tests.factories import BlockageFactory, OrganisationFactory, UserFactory
from tests.test_page_queries import sign_in

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("path", ["/knelpunten", "/patronen", "/meldingen"])
def test_a_huge_page_number_shows_the_last_reachable_page(client, db, path):
    organisation = OrganisationFactory()
    sign_in(client, UserFactory(organisations=[organisation]))
    BlockageFactory(organisation=organisation)
    db.session.commit()

    response = client.get(f"{path}?page={HUGE}")

    assert response.status_code == 200


def test_a_huge_organisation_filter_is_refused_in_dutch(client, db):
    organisation = OrganisationFactory()
    sign_in(client, UserFactory(organisations=[organisation]))
    db.session.commit()

    response = client.get(f"/knelpunten?organisation={HUGE}")

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "Ongeldige invoer" in response.get_data(as_text=True)
