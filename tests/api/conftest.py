"""API fixtures: users with personal tokens in the test database, and bearer headers."""

from __future__ import annotations

import pytest

from learning.api.tokens import create_token
from tests.factories import BlockageFactory, OrganisationFactory, UserFactory


@pytest.fixture
def token_for(db):
    """A token for a new user with `role` (and optionally an organisation); returns
    (user, headers)."""

    def make(role: str = "professional", **kwargs):
        user = UserFactory(roles=[role], **kwargs)
        _token, plain = create_token(user, "test")
        db.session.commit()
        return user, {"Authorization": f"Bearer {plain}"}

    return make


@pytest.fixture
def api(app, db):
    """A client that sends no cookies between requests (each test client is fresh)."""
    return app.test_client(use_cookies=False)


@pytest.fixture
def some_blockages(db):
    organisation = OrganisationFactory(name="Wijkteam API")
    reporter = UserFactory(organisations=[organisation])
    blockages = [
        BlockageFactory(
            reporter=reporter,
            title=f"API-knelpunt {n}",
            description=f"De regel {n} past niet bij de situatie, waardoor hulp uitblijft.",
        )
        for n in range(7)
    ]
    db.session.commit()
    return blockages
