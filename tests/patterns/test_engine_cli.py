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
