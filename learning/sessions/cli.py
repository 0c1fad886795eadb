"""`flask sessions champion-areas`: record for which wijken an aanjager starts the
professionals' series (the programme team's step before an aanjager can begin)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from learning.accounts.models import User
from learning.blockages.models import Area
from learning.errors import DomainError
from learning.extensions import db
from learning.sessions.series import set_champion_areas
from learning.unit_of_work import commit

sessions_cli = AppGroup("sessions", help="Leersessies: aanjagers en hun wijken.")


@sessions_cli.command("champion-areas")
@click.argument("admin_email")
@click.argument("champion_email")
@click.argument("areas", nargs=-1)
def champion_areas_command(admin_email: str, champion_email: str, areas: tuple[str, ...]) -> None:
    """Set the wijken (by name) CHAMPION_EMAIL works for, as programme admin ADMIN_EMAIL."""
    admin = db.session.scalar(select(User).where(User.email == admin_email))
    champion = db.session.scalar(select(User).where(User.email == champion_email))
    if admin is None or champion is None:
        raise click.ClickException("Onbekend e-mailadres.")
    found = {a.name: a.id for a in db.session.scalars(select(Area).where(Area.name.in_(areas)))}
    missing = [name for name in areas if name not in found]
    if missing:
        raise click.ClickException(f"Onbekende wijk: {', '.join(missing)}.")
    try:
        set_champion_areas(admin, champion, [found[name] for name in areas])
    except DomainError as error:
        raise click.ClickException(error.message) from error
    commit()
    click.echo(f"{champion.name} is aanjager voor: {', '.join(areas) or 'geen wijk'}.")
