"""`flask api token create|revoke`: personal API tokens from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from learning.accounts.models import User
from learning.api import tokens
from learning.errors import DomainError
from learning.extensions import db
from learning.unit_of_work import commit, rollback

api_cli = AppGroup("api", help="De JSON-API: persoonlijke tokens.")
token_cli = AppGroup("token", help="Persoonlijke API-tokens.")
api_cli.add_command(token_cli)


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        raise click.BadParameter(f"Gebruiker '{email}' bestaat niet of is niet actief.")
    return user


@token_cli.command("create")
@click.argument("email")
@click.option("--name", default="CLI", show_default=True, help="Waar het token voor is.")
def create_command(email: str, name: str) -> None:
    """Create a token for EMAIL; the token is the last line on stdout (shown only once)."""
    user = _user(email)
    try:
        token, plain = tokens.create_token(user, name)
        commit()
    except DomainError as exc:
        rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(f"Token {token.id} voor {user.email} ({token.name}); bewaar het nu:", err=True)
    click.echo(plain)


@token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke token TOKEN_ID (as the programme team)."""
    from learning.api.models import ApiToken

    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException("Dit token bestaat niet.")
    tokens.revoke_token(token.user, token_id)
    commit()
    click.echo(f"Token {token_id} ingetrokken.")
