"""`flask digests send|preview`: send due digests now, or show one in the terminal."""

from __future__ import annotations

import logging

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from learning.accounts.models import User
from learning.digests import delivery
from learning.digests.periods import period_for_key
from learning.errors import DomainError
from learning.extensions import db
from learning.timeutil import utcnow
from learning.unit_of_work import commit, rollback

logger = logging.getLogger(__name__)

digests_cli = AppGroup("digests", help="Digests per e-mail: versturen en bekijken.")


@digests_cli.command("send")
@click.option(
    "--period", help="Wat uiterlijk in deze week (JJJJ-Www) of maand (JJJJ-MM) klaar stond."
)
@click.option("--dry-run", is_flag=True, help="Laat zien wat er verstuurd zou worden.")
def send(period: str | None, dry_run: bool) -> None:
    """Build and send the digests that are due and were not sent yet."""
    try:
        due = delivery.due_digests(period)
    except DomainError as exc:
        raise click.BadParameter(exc.message, param_hint="--period") from exc
    if not due:
        click.echo("Geen digests te versturen: alles is al verstuurd.")
        return
    if dry_run:
        _show_due(due)
        return
    result = delivery.SendResult()
    cache: dict = {}  # recipients with the same scope share sections, for this run only
    now = utcnow()  # one moment of sending for the whole run
    with click.progressbar(
        due, label=f"{len(due)} digests", item_show_func=lambda d: d.email if d else ""
    ) as bar:
        for item in bar:
            try:
                digest = delivery.queue_digest(item.user_id, item.period.key, cache, now)
                commit()
            except Exception:  # one broken digest must not hold back the others
                rollback()
                logger.exception("Digest %s for user %s failed", item.period.key, item.user_id)
                result.errors += 1
                continue
            delivery.send_now(digest, result)
    click.echo(
        f"Verstuurd: {result.sent}, overgeslagen (niets nieuws): {result.skipped}, "
        f"in de wachtrij voor een nieuwe poging: {result.waiting}, fouten: {result.errors}."
    )
    if result.waiting:
        click.echo(
            "Wat niet verstuurd kon worden blijft in de outbox en gaat met backoff opnieuw "
            "(celery beat), of bij een volgende `flask digests send`."
        )


def _show_due(due: list[delivery.Due]) -> None:
    for item in due:
        user = db.session.get(User, item.user_id)
        content, rendered = delivery.preview(user, item.period)
        count = content.item_count
        state = "niets nieuws" if content.is_empty else f"{count} punt{'' if count == 1 else 'en'}"
        skip = " (wordt overgeslagen)" if content.is_empty and user.digest_skip_empty else ""
        click.echo(f"{item.email}\t{item.period.key}\t{state}{skip}\t{rendered.subject}")
    click.echo(f"{len(due)} digests klaar om te versturen (droog: er is niets verstuurd).")


@digests_cli.command("preview")
@click.argument("email")
@click.option("--period", help="Een periode in de frequentie van de gebruiker, bv. 2025-W10.")
@click.option("--html", "as_html", is_flag=True, help="Toon het HTML-deel in plaats van de tekst.")
def preview(email: str, period: str | None, as_html: bool) -> None:
    """Show the digest EMAIL would get now (nothing is stored or sent)."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise click.BadParameter(f"Geen gebruiker met e-mailadres {email}.", param_hint="EMAIL")
    window = None
    if period:
        try:
            window = period_for_key(user.digest_frequency, user.digest_weekday, period)
        except DomainError as exc:
            raise click.BadParameter(exc.message, param_hint="--period") from exc
    _content, rendered = delivery.preview(user, window)
    if as_html:
        click.echo(rendered.html)
        return
    click.echo(f"Aan: {user.email}\nOnderwerp: {rendered.subject}\n")
    click.echo(rendered.text)
