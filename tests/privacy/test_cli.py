"""`flask privacy scan` through click's CliRunner, on a real file and on stdin."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from learning.privacy.cli import privacy_cli


def run(args: list[str], stdin: str | None = None):
    return CliRunner().invoke(privacy_cli, ["scan", *args], input=stdin)


def lines_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_scan_file_writes_one_json_line_per_record(tmp_path: Path) -> None:
    source = tmp_path / "knelpunten.jsonl"
    records = [
        {"id": "k-1", "text": "Mevrouw Jansen belde vanaf 06-12345678 over haar Wmo-aanvraag."},
        {"id": 2, "text": "Gemeente Oss en het UWV verwijzen naar elkaar."},
        {"id": "k-3", "text": "BSN 123.456.782 staat op het formulier van de SVB."},
    ]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")

    result = run([str(source)])

    assert result.exit_code == 0, result.output
    assert lines_of(result.stdout) == [
        {
            "id": "k-1",
            "findings": [
                {"kind": "name", "start": 8, "end": 14},
                {"kind": "phone", "start": 27, "end": 38},
            ],
            "masked": "Mevrouw [NAAM] belde vanaf [TELEFOON] over haar Wmo-aanvraag.",
        },
        {"id": 2, "findings": [], "masked": "Gemeente Oss en het UWV verwijzen naar elkaar."},
        {
            "id": "k-3",
            "findings": [{"kind": "bsn", "start": 4, "end": 15}],
            "masked": "BSN [BSN] staat op het formulier van de SVB.",
        },
    ]


def test_scan_reads_stdin_with_a_dash_and_keeps_non_ascii() -> None:
    stdin = json.dumps({"id": "é", "text": "Cliënt mailt naar anaïs@ziggo.nl."}, ensure_ascii=False)

    result = run(["-"], stdin=stdin + "\n")

    assert result.exit_code == 0
    assert result.stdout == (
        '{"id": "é", "findings": [{"kind": "email", "start": 18, "end": 32}], '
        '"masked": "Cliënt mailt naar [EMAIL]."}\n'
    )


def test_bad_lines_are_reported_by_number_and_the_run_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        '{"id": 1, "text": "Tel. 013-1234567 van de buurvrouw."}\n'
        "{not json, 123456782}\n"
        '{"id": 3}\n'
        "\n"
        '{"id": 5, "text": 42}\n'
        '{"id": 6, "text": "Geen persoonsgegevens hier."}\n'
    )

    result = run([str(source)])

    assert result.exit_code == 1
    assert [r["id"] for r in lines_of(result.stdout)] == [1, 6]
    errors = result.stderr.splitlines()
    assert [e.split(":")[0] for e in errors] == ["regel 2", "regel 3", "regel 5"]
    assert "123456782" not in result.stderr  # never echo a bad line: it may hold a BSN


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run([str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
