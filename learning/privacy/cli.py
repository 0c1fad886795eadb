"""`flask privacy scan`: run the guard over a JSON-lines file, for audits and bulk checks."""

from __future__ import annotations

import json
from typing import IO, Any

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from learning.privacy.finding import mask
from learning.privacy.scanner import scan

privacy_cli = AppGroup("privacy", help="Persoonsgegevens in knelpuntteksten opsporen.")


@privacy_cli.command("scan", with_appcontext=False)
@click.argument("file", type=click.File("r", encoding="utf-8"))
def scan_command(file: IO[str]) -> None:
    """Scan FILE (JSON lines with "id" and "text"; "-" for stdin) and print one result line each.

    Needs no app or database, so it can check an export anywhere. A bad line is reported
    on stderr by number only (its content may be personal data) and the run goes on;
    the exit code is 1 if any line was bad.
    """
    bad_lines = 0
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        record, error = _parse(line)
        if error:
            bad_lines += 1
            click.echo(_("regel %(number)d: %(error)s", number=number, error=error), err=True)
            continue
        text = record["text"]
        findings = scan(text)
        result = {
            "id": record.get("id"),
            "findings": [{"kind": f.kind, "start": f.start, "end": f.end} for f in findings],
            "masked": mask(text, findings),
        }
        click.echo(json.dumps(result, ensure_ascii=False))
    if bad_lines:
        raise click.exceptions.Exit(1)


def _parse(line: str) -> tuple[dict[str, Any], str | None]:
    """The record on one line, or an error message without any of the line's content."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {}, _("geen geldige JSON (kolom %(column)d)", column=exc.colno)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return {}, _('veld "text" ontbreekt of is geen tekst')
    return record, None
