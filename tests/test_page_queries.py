"""Pages cost a fixed number of SQL queries whatever their size (issue #14, national scale).

Each page is opened once to warm up, then once counted; it is counted again after its data
grew tenfold, and the two counts must be equal: a query per row would show up as a difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from learning.extensions import db as _db
from learning.patterns.models import Endorsement, Pattern, PatternMember, PatternState
from learning.tables.models import TableAction
from learning.timeutil import today, utcnow
from tests.factories import (
    BlockageFactory,
    LearningTableFactory,
    OrganisationFactory,
    UserFactory,
)


@contextmanager
def counted() -> Iterator[list[str]]:
    """The SQL statements sent while the block runs."""
    statements: list[str] = []

    def listener(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    target = _db.engine  # in a test: the connection that holds the rolled-back transaction
    event.listen(target, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(target, "before_cursor_execute", listener)


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def queries_for(client, path: str) -> tuple[int, str]:
    """Queries of one request after a warm-up request, and the page it answered."""
    _db.session.commit()
    assert client.get(path).status_code == 200
    _db.session.expire_all()
    with counted() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


@pytest.fixture
def network(db):
    """A werktafel with its chair, an organisation of professionals, and a pattern at work."""
    organisation = OrganisationFactory()
    chair = UserFactory(roles=["chair"], organisations=[organisation])
    table = LearningTableFactory(chair=chair, domains=["schulden"])
    table.organisations = [organisation]
    pattern = Pattern(
        title="Beslagvrije voet te laag berekend",
        key_terms=["beslagvrije", "voet"],
        state=PatternState.IN_PROGRESS,
        table=table,
        order="second",
        confirmed_at=utcnow(),
    )
    _db.session.add(pattern)
    _db.session.flush()
    _db.session.add(
        TableAction(
            pattern_id=pattern.id,
            table_id=table.id,
            what="Werkwijze aanpassen",
            owner_id=chair.id,
            due_on=today() + timedelta(days=42),
        )
    )
    return {"organisation": organisation, "chair": chair, "table": table, "pattern": pattern}


def grow(pattern: Pattern, organisation, count: int) -> None:
    """`count` more knelpunten in the pattern, each by another professional with an endorsement."""
    _db.session.add(pattern)
    _db.session.flush()
    for i in range(count):
        reporter = UserFactory(organisations=[organisation, OrganisationFactory()])
        blockage = BlockageFactory(
            reporter=reporter,
            organisation=organisation,
            title=f"Beslagvrije voet te laag {i}",
            domains=["schulden", "inkomen"] if i % 2 else ["schulden"],
            reported_on=today() - timedelta(days=i),
        )
        pattern.members.append(PatternMember(blockage=blockage, reasons=["Gedeelde woorden"]))
        _db.session.add(Endorsement(user=UserFactory(), pattern_id=pattern.id))
    _db.session.flush()


def test_a_pattern_page_with_50_members_costs_the_queries_of_one_with_5(client, network):
    pattern, chair = network["pattern"], network["chair"]
    grow(pattern, network["organisation"], 5)
    sign_in(client, chair)
    path = f"/patronen/{pattern.id}"

    small, page = queries_for(client, path)
    assert len(re.findall(r'id="member-\d+"', page)) == 5
    grow(pattern, network["organisation"], 45)
    large, page = queries_for(client, path)

    assert len(re.findall(r'id="member-\d+"', page)) == 50
    assert large == small


def test_the_knelpunten_list_costs_the_same_queries_for_a_few_or_many_in_patterns(client, network):
    viewer = UserFactory(organisations=[network["organisation"]])
    grow(network["pattern"], network["organisation"], 3)
    sign_in(client, viewer)

    few, page = queries_for(client, "/knelpunten")
    assert "3 knelpunten" in page
    for i in range(6):  # more patterns, each with its own members, than fit on one page
        pattern = Pattern(title=f"Patroon {i}", state=PatternState.NEW, table=network["table"])
        _db.session.add(pattern)
        grow(pattern, network["organisation"], 5)
    many, page = queries_for(client, "/knelpunten")

    assert "33 knelpunten" in page
    assert page.count("In patroon:") == 20  # one page of 20, every status shown
    assert many == few


def test_the_triage_queue_costs_the_same_queries_for_two_or_twelve_patterns(client, network):
    table, organisation = network["table"], network["organisation"]

    def queued(size: int) -> None:
        pattern = Pattern(title=f"Nieuw {size}", state=PatternState.NEW, table=table)
        _db.session.add(pattern)
        grow(pattern, organisation, size)

    for size in (2, 3):
        queued(size)
    sign_in(client, network["chair"])
    short, page = queries_for(client, "/patronen/triage")
    assert len(re.findall(r'href="/patronen/\d+"', page)) == 2
    for size in range(3, 13):
        queued(size)
    long, page = queries_for(client, "/patronen/triage")

    assert len(re.findall(r'href="/patronen/\d+"', page)) == 12
    assert long == short


def test_the_triage_queue_pages_by_fifty_largest_growth_first(client, network):
    table, organisation = network["table"], network["organisation"]
    for i in range(52):
        pattern = Pattern(title=f"Wachtend {i}", state=PatternState.NEW, table=table)
        _db.session.add(pattern)
        grow(pattern, organisation, 1 + (i == 51))
    sign_in(client, network["chair"])

    _count, first = queries_for(client, "/patronen/triage")
    _count, second = queries_for(client, "/patronen/triage?page=2")

    assert len(re.findall(r'href="/patronen/\d+"', first)) == 50
    assert "Wachtend 51" in first  # grew most: on top of the first page
    assert "Pagina 1 van 2" in first
    assert len(re.findall(r'href="/patronen/\d+"', second)) == 2
    assert "Pagina 2 van 2" in second


def test_the_patterns_list_costs_the_same_queries_for_3_or_61_patterns(client, network):
    table, organisation = network["table"], network["organisation"]

    def patterns(count: int) -> None:
        for i in range(count):
            pattern = Pattern(title=f"Lopend {i}", state=PatternState.IN_PROGRESS, table=table)
            grow(pattern, organisation, 1 + i % 4)

    grow(network["pattern"], organisation, 5)
    patterns(2)
    sign_in(client, UserFactory(organisations=[organisation]))
    few, page = queries_for(client, "/patronen")
    assert len(re.findall(r'href="/patronen/\d+"', page)) == 3
    assert "5 knelpunten" in page  # the pattern at work: counted without loading members
    patterns(58)
    many, page = queries_for(client, "/patronen?state=in_behandeling&page=2")

    assert len(re.findall(r'href="/patronen/\d+"', page)) == 11  # 61 at work, 50 a page
    assert "Pagina 2 van 2" in page
    assert many == few


@pytest.mark.parametrize("role", ["professional", "chair", "manager", "executive"])
def test_each_home_costs_the_same_queries_with_little_or_much_to_show(client, network, role):
    organisation, table = network["organisation"], network["table"]
    user = UserFactory(roles=[role], organisations=[organisation])
    if role == "chair":
        table.chair = user

    def own_knelpunten(count: int) -> None:
        for i in range(count):
            pattern = Pattern(title=f"Thuis {i}", state=PatternState.NEW, table=table)
            _db.session.add(pattern)
            pattern.members.append(
                PatternMember(blockage=BlockageFactory(reporter=user, organisation=organisation))
            )
            grow(pattern, organisation, 2)

    own_knelpunten(1)
    sign_in(client, user)
    little, _page = queries_for(client, "/")
    own_knelpunten(10)
    much, _page = queries_for(client, "/")

    assert much == little
