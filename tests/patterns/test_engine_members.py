"""Central member (title source), low-fit members and near-duplicates of one pattern."""

from __future__ import annotations

from learning.patterns import engine, members

PARKING = [
    "Mantelzorger krijgt geen parkeervergunning in de wijk van zijn moeder.",
    "Parkeervergunning voor mantelzorgers bestaat niet, dochter betaalt elke dag parkeergeld.",
    "Mantelzorgers moeten parkeergeld betalen want een parkeervergunning krijgen ze niet.",
    "Geen parkeervergunning voor de mantelzorger, dus hoge parkeerkosten bij elk bezoek.",
]
STRAY = "Zwerfafval bij de sportvelden wordt door niemand opgehaald."


def items(texts: list[str]) -> list[engine.Item]:
    return [engine.Item(id=f"k{i}", text=t) for i, t in enumerate(texts)]


def test_central_member_is_a_member_and_stays_while_still_close() -> None:
    group = items(PARKING)

    central = members.central_member(group)
    assert central in {item.id for item in group}

    grown = [*group, engine.Item(id="k9", text=PARKING[2] + " Ook in het weekend.")]
    assert members.central_member(grown, current=central) == central


def test_a_central_member_that_left_is_replaced() -> None:
    group = items(PARKING)

    assert members.central_member(group, current="gone") in {item.id for item in group}


def test_stray_member_fits_less_well_unless_a_chair_kept_it() -> None:
    group = items([*PARKING, STRAY])

    assert members.low_fit(group) == ["k4"]
    assert members.low_fit(group, kept=frozenset({"k4"})) == []


def test_near_duplicate_recognises_the_same_report_again() -> None:
    first = engine.Item(id="a", text=PARKING[0])
    again = engine.Item(id="b", text=PARKING[0].replace("zijn moeder", "zijn vader"))
    other = engine.Item(id="c", text=PARKING[1])

    assert members.near_duplicate(engine.similarity(first, again))
    assert not members.near_duplicate(engine.similarity(first, other))
