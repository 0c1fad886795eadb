"""`flask patterns cluster FILE`: JSON lines in, one {"id", "pattern"} line out per knelpunt."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from learning.patterns.cli import patterns_cli

LINES = [
    {
        "id": "a1",
        "text": "Mantelzorger krijgt geen parkeervergunning omdat die alleen voor "
        "bewoners van de wijk is.",
        "domain": "wmo",
        "reporter": "wijkcoach",
        "created": "2025-03-01",
    },
    {
        "id": "a2",
        "text": "Parkeervergunning voor mantelzorgers bestaat niet, dus dochter betaalt "
        "elke dag parkeergeld bij haar vader.",
        "domain": ["wmo", "wonen"],
    },
    {
        "id": 3,
        "text": "Zwerfafval rond de sportvelden wordt niet opgehaald omdat niemand "
        "verantwoordelijk is.",
    },
]


def run(tmp_path: Path, lines: list[str]):
    data = tmp_path / "knelpunten.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return CliRunner().invoke(patterns_cli, ["cluster", str(data)])


def test_cluster_writes_one_line_per_knelpunt_in_input_order(tmp_path: Path) -> None:
    result = run(tmp_path, [json.dumps(line) for line in LINES])

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["a1", "a2", 3]
    assert rows[0]["pattern"] == rows[1]["pattern"]
    assert rows[2]["pattern"] != rows[0]["pattern"]
    assert all(row["pattern"].startswith("p-") for row in rows)


def test_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps(LINES[0]),
        "{not json",
        json.dumps({"id": "x"}),
        json.dumps({"id": "y", "text": "tekst", "domain": 5}),
        "",
        json.dumps(LINES[2]),
    ]

    result = run(tmp_path, lines)

    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a1", 3]
    assert "regel 2: ongeldige JSON" in result.stderr
    assert 'regel 3: veld "text" ontbreekt' in result.stderr
    assert 'regel 4: veld "domain"' in result.stderr


def test_empty_file(tmp_path: Path) -> None:
    result = run(tmp_path, [])

    assert result.exit_code == 0
    assert result.stdout == ""


def run_confirmed(tmp_path: Path, lines: list[dict], confirmed: list[str]):
    data = tmp_path / "knelpunten.jsonl"
    data.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    conf = tmp_path / "bevestigd.jsonl"
    conf.write_text("\n".join(confirmed) + "\n", encoding="utf-8")
    return CliRunner().invoke(patterns_cli, ["cluster", str(data), "--confirmed", str(conf)])


def test_confirmed_reports_keep_their_group_and_name(tmp_path: Path) -> None:
    # A chair confirmed the parking report together with the litter one: odd, but the chair
    # knows best, so the two stay together under the chair's name.
    confirmed = [
        json.dumps({"id": "a1", "pattern": "mantelzorg-parkeren"}),
        json.dumps({"id": 3, "pattern": "mantelzorg-parkeren"}),
    ]

    result = run_confirmed(tmp_path, LINES, confirmed)

    assert result.exit_code == 0, result.output
    rows = {row["id"]: row["pattern"] for row in map(json.loads, result.stdout.splitlines())}
    assert rows["a1"] == rows[3] == "mantelzorg-parkeren"


def test_two_confirmed_names_are_never_fused(tmp_path: Path) -> None:
    confirmed = [
        json.dumps({"id": "a1", "pattern": "x"}),
        json.dumps({"id": "a2", "pattern": "y"}),
    ]

    result = run_confirmed(tmp_path, LINES, confirmed)

    rows = {row["id"]: row["pattern"] for row in map(json.loads, result.stdout.splitlines())}
    assert rows["a1"] == "x"
    assert rows["a2"] == "y"
    assert rows[3] not in {"x", "y"}


def test_unknown_and_conflicting_confirmations_are_reported(tmp_path: Path) -> None:
    confirmed = [
        json.dumps({"id": "zzz", "pattern": "x"}),
        json.dumps({"id": "a1", "pattern": "x"}),
        json.dumps({"id": "a1", "pattern": "y"}),
        "{kapot",
        json.dumps({"id": "a2"}),
    ]

    result = run_confirmed(tmp_path, LINES, confirmed)

    assert result.exit_code == 0
    assert "id zzz staat niet in FILE" in result.stderr
    assert "id a1 heeft al een patroon" in result.stderr
    assert "ongeldige JSON" in result.stderr
    assert '"id" en "pattern" zijn nodig' in result.stderr
    rows = {row["id"]: row["pattern"] for row in map(json.loads, result.stdout.splitlines())}
    assert rows["a1"] == "x"


def test_generated_names_never_collide_with_a_chairs_name(tmp_path: Path) -> None:
    confirmed = [json.dumps({"id": 3, "pattern": "p-1"})]

    result = run_confirmed(tmp_path, LINES, confirmed)

    rows = {row["id"]: row["pattern"] for row in map(json.loads, result.stdout.splitlines())}
    assert rows[3] == "p-1"
    assert rows["a1"] != "p-1"
