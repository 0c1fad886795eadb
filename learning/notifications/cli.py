"""`flask notifications flush`: send the notification mail bundles that are due now."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from learning.notifications import delivery

notifications_cli = AppGroup("notifications", help="Meldingen per e-mail (gebundeld).")


@notifications_cli.command("flush")
def flush() -> None:
    """Bundle and send the notifications whose mail is due (daily, weekly or immediately)."""
    result = delivery.flush(deliver_now=True)
    click.echo(
        f"Bundels: {result.queued}, verstuurd: {result.sent}, "
        f"in de wachtrij voor een nieuwe poging: {result.waiting}, fouten: {result.errors}."
    )
