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


def read_confirmed(stream: TextIO, known: set[str]) -> dict[str, str]:
    """Item id -> confirmed pattern name from {"id", "pattern"} lines; bad lines go to stderr.

    An id that is not in FILE, or that is confirmed under two names, is reported and skipped
    (its first name stays): a confirmation must never silently move a report.
    """
    confirmed: dict[str, str] = {}
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            click.echo(f"bevestigd, regel {number}: ongeldige JSON ({exc.msg})", err=True)
            continue
        if (
            not isinstance(row, dict)
            or row.get("id") in (None, "")
            or row.get("pattern")
            in (
                None,
                "",
            )
        ):
            click.echo(f'bevestigd, regel {number}: "id" en "pattern" zijn nodig', err=True)
            continue
        item_id, name = str(row["id"]), str(row["pattern"])
        if item_id not in known:
            click.echo(f"bevestigd, regel {number}: id {item_id} staat niet in FILE", err=True)
        elif confirmed.setdefault(item_id, name) != name:
            click.echo(f"bevestigd, regel {number}: id {item_id} heeft al een patroon", err=True)
    return confirmed


@patterns_cli.command("cluster", with_appcontext=False)
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "--confirmed",
    "confirmed_file",
    type=click.File("r", encoding="utf-8"),
    help='JSON lines {"id", "pattern"}: reports of FILE a chair confirmed together.',
)
def cluster_command(file: TextIO, confirmed_file: TextIO | None) -> None:
    """Group the knelpunten in FILE (JSON lines) into patterns; print {"id", "pattern"} lines.

    Uses the engine with the same default settings as the live app and writes nothing to a
    database. Same label = same pattern; a knelpunt that fits no pattern gets its own label.
    With --confirmed, reports confirmed under one name stay in one group (labelled with that
    name), two names are never fused, and the other reports are placed around them.
    """
    rows = read_items(file)
    items = [item for _id, item in rows]
    confirmed = read_confirmed(confirmed_file, {i.id for i in items}) if confirmed_file else {}
    names = [confirmed.get(item.id) for item in items]
    labels = engine.cluster(items, engine.EngineSettings(), names if confirmed else None)
    if rows and not engine.semantic_available():
        click.echo("let op: taalmodel niet beschikbaar, alleen op woorden gegroepeerd", err=True)
    output = label_names(labels, names)
    for (given_id, _item), label in zip(rows, labels, strict=True):
        click.echo(json.dumps({"id": given_id, "pattern": output[label]}, ensure_ascii=False))


def label_names(labels: list[int], confirmed: list[str | None]) -> dict[int, str]:
    """A group holding confirmed reports is named after them; others p-1, p-2, ... (skipping
    any name a chair already used, so two groups never print the same name)."""
    names = {label: name for label, name in zip(labels, confirmed, strict=True) if name}
    used = set(names.values())
    number = 0
    for label in dict.fromkeys(labels):
        if label in names:
            continue
        number += 1
        while f"p-{number}" in used:
            number += 1
        names[label] = f"p-{number}"
    return names


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
