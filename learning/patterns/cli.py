"""`flask patterns ...` commands; `cluster FILE` groups a JSON-lines file without a database."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TextIO

import click
from flask.cli import AppGroup

from learning.patterns import engine

patterns_cli = AppGroup("patterns", help="Patronen: knelpunten groeperen.")


class BadLineError(ValueError):
    """A line of the input file that cannot become a knelpunt; the message is for stderr."""


def parse_line(row: Any) -> engine.Item:
    """One decoded JSON line -> Item; raises BadLineError with a Dutch reason."""
    if not isinstance(row, dict):
        raise BadLineError("geen JSON-object")
    if row.get("id") in (None, ""):
        raise BadLineError('veld "id" ontbreekt')
    if not isinstance(row.get("text"), str):
        raise BadLineError('veld "text" ontbreekt of is geen tekst')
    domain = row.get("domain")
    if domain is None:
        domains: tuple[str, ...] = ()
    elif isinstance(domain, str):
        domains = (domain,)
    elif isinstance(domain, list) and all(isinstance(d, str) for d in domain):
        domains = tuple(domain)
    else:
        raise BadLineError('veld "domain" moet tekst of een lijst met tekst zijn')
    created = row.get("created")
    try:
        created_on = date.fromisoformat(created) if created else None
    except (TypeError, ValueError):
        created_on = None  # a bad date is metadata the engine does not need
    reporter = row.get("reporter")
    return engine.Item(
        id=str(row["id"]),
        text=row["text"],
        domains=domains,
        organisation=reporter if isinstance(reporter, str) else None,
        created=created_on,
    )


def read_items(stream: TextIO) -> list[tuple[Any, engine.Item]]:
    """(id as given, Item) in input order; bad lines go to stderr with their number."""
    items: list[tuple[Any, engine.Item]] = []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append((row["id"] if isinstance(row, dict) else None, parse_line(row)))
        except json.JSONDecodeError as exc:
            click.echo(f"regel {number}: ongeldige JSON ({exc.msg}), overgeslagen", err=True)
        except BadLineError as exc:
            click.echo(f"regel {number}: {exc}, overgeslagen", err=True)
    return items


@patterns_cli.command("cluster", with_appcontext=False)
@click.argument("file", type=click.File("r", encoding="utf-8"))
def cluster_command(file: TextIO) -> None:
    """Group the knelpunten in FILE (JSON lines) into patterns; print {"id", "pattern"} lines.

    Uses the engine with the same default settings as the live app and writes nothing to a
    database. Same label = same pattern; a knelpunt that fits no pattern gets its own label.
    """
    rows = read_items(file)
    labels = engine.cluster([item for _id, item in rows], engine.EngineSettings())
    if rows and not engine.semantic_available():
        click.echo("let op: taalmodel niet beschikbaar, alleen op woorden gegroepeerd", err=True)
    for (given_id, _item), label in zip(rows, labels, strict=True):
        click.echo(json.dumps({"id": given_id, "pattern": f"p-{label + 1}"}, ensure_ascii=False))


@patterns_cli.command("recluster")
def recluster_command() -> None:
    """Recompute candidate patterns for the stored knelpunten (chairs' decisions stay)."""
    from learning.patterns.grouping import recluster
    from learning.unit_of_work import commit

    counts = recluster()
    commit()
    click.echo(
        f"{counts['knelpunten']} losse knelpunten bekeken: {counts['patterns_created']} "
        f"kandidaat-patronen gemaakt, {counts['joined_existing']} bij een bestaand patroon gevoegd."
    )
