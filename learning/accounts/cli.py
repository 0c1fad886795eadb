"""`flask users ...`: create the first admin from the shell."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from learning.accounts import services
from learning.accounts.models import OrganisationKind, Role
from learning.errors import DomainError
from learning.unit_of_work import commit

users_cli = AppGroup("users", help="Gebruikers beheren.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True, default="Programmateam")
@click.option("--organisation", prompt=True, default="Gemeente")
@click.password_option()
def create_admin(email: str, name: str, organisation: str, password: str) -> None:
    """Create a programme admin (and their organisation if it does not exist)."""
    from sqlalchemy import select

    from learning.accounts.models import Organisation
    from learning.extensions import db

    org = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
    try:
        if org is None:
            org = services.create_organisation(None, organisation, OrganisationKind.MUNICIPALITY)
        services.create_user(email, name, {Role.PROGRAMME_ADMIN}, [org], password=password)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    commit()
    click.echo(f"Beheerder {email} aangemaakt.")
