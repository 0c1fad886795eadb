"""`flask knelpunten import|export`: bulk migrations and tests use the web's code path.

Progress and the per-row report go to stderr; the last line on stdout is one JSON object with
the counts, so scripts can read it. Nothing printed quotes a cell: reasons are masked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from learning.accounts.models import Organisation, Role, User, UserRole
from learning.errors import DomainError
from learning.exchange import runner, services
from learning.exchange.export import FORMATS, export_blockages
from learning.exchange.mapping import mapping_from_options
from learning.exchange.models import ImportJob, ImportSource, RowOutcome
from learning.exchange.values import normalise
from learning.extensions import db
from learning.unit_of_work import commit, rollback

knelpunten_cli = AppGroup("knelpunten", help="Knelpuntenlijsten importeren en exporteren.")


def _organisation(name: str) -> Organisation:
    key = normalise(name)
    for organisation in db.session.scalars(
        select(Organisation).where(Organisation.deleted_at.is_(None))
    ):
        if normalise(organisation.name) == key:
            return organisation
    raise click.BadParameter(f"Organisatie '{name}' bestaat niet.", param_hint="--organisation")


def _importer(email: str | None) -> User:
    """The user the knelpunten are reported by: --user, else the first programme admin."""
    if email:
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None or not user.active:
            raise click.BadParameter(f"Gebruiker '{email}' bestaat niet.", param_hint="--user")
        return user
    user = db.session.scalar(
        select(User)
        .join(UserRole)
        .where(UserRole.role == Role.PROGRAMME_ADMIN, User.active.is_(True))
        .order_by(User.id)
        .limit(1)
    )
    if user is None:
        raise click.UsageError("Er is geen programmateam-account; maak er een of gebruik --user.")
    return user


def _progress(job: ImportJob) -> None:
    click.echo(f"rij {job.processed_rows}/{job.total_rows or '?'} ({job.percent}%)", err=True)


def _report(job: ImportJob) -> None:
    for row in services.report_rows(job, limit_rows=100_000):
        if row.outcome != RowOutcome.IMPORTED or row.reasons:
            click.echo(
                f"rij {row.row_number}: {row.outcome_label} — {' '.join(row.reasons)}", err=True
            )


@knelpunten_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", required=True, help="Organisatie namens wie de lijst binnenkomt.")
@click.option("--sheet", help="Tabblad (standaard het eerste zichtbare).")
@click.option("--header-row", type=click.IntRange(1, 1000), help="Rij met de kolomkoppen.")
@click.option("--map", "maps", multiple=True, metavar="KOLOM=veld", help="Kolom koppelen.")
@click.option("--user", "email", help="Melder (standaard het eerste programmateam-account).")
@click.option("--dry-run", is_flag=True, help="Laat zien wat er zou gebeuren; schrijft niets.")
def import_command(
    file: Path,
    organisation: str,
    sheet: str | None,
    header_row: int | None,
    maps: tuple[str, ...],
    email: str | None,
    dry_run: bool,
) -> None:
    """Import FILE (.xlsx or .csv) the way the web import does."""
    user = _importer(email)
    org = _organisation(organisation)
    try:
        with file.open("rb") as stream:
            job = services.create_job(user, org, file.name, stream, ImportSource.CLI)
        services.configure(user, job, sheet, header_row, None)
        if maps:
            headers = services.preview(job, count=0).headers
            base = {int(k): v for k, v in job.mapping.items()}
            services.configure(
                user, job, job.sheet, None, mapping_from_options(headers, maps, base)
            )
        services.start(user, job, dry_run=dry_run, queue=False)
        commit()
    except DomainError as exc:
        rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"Import {job.id}: {job.filename}, tabblad {job.sheet}, kopregel {job.header_row}", err=True
    )
    try:
        runner.run(job.id, checkpoint=commit, progress=_progress)
    except DomainError as exc:
        rollback()
        runner.mark_failed(job.id, exc.message)
        commit()
        raise click.ClickException(exc.message) from exc
    job = services.get_job(job.id)
    if dry_run:
        services.discard(user, job)
        commit()
    _report(job)
    click.echo(json.dumps(runner.result(job), ensure_ascii=False))


@knelpunten_cli.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="jsonl", show_default=True
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Bestand (standaard stdout).",
)
def export_command(fmt: str, output: Path | None) -> None:
    """Write every knelpunt (not withdrawn) as JSON lines, CSV or XLSX."""
    target = output.open("wb") if output else sys.stdout.buffer
    try:
        for chunk in export_blockages(fmt):
            target.write(chunk)
        target.flush()
    finally:
        if output:
            target.close()
    if output:
        click.echo(f"Geschreven: {output}", err=True)
    sys.stdout.flush()
