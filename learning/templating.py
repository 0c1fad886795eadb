"""Template filters (Dutch dates) and the few globals every page uses (menu, domain labels)."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import Role
from learning.blockages.models import DOMAINS
from learning.mail.catcher import delivery_note
from learning.timeutil import as_utc


def _date(value: date | datetime | None, style: str = "d MMMM yyyy") -> str:
    """Dutch dates everywhere: '3 december 2026', with the local time for a moment."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(as_utc(value), "d MMMM yyyy HH:mm")
    return format_date(value, style)


def long_date(value: date | datetime | str | None) -> str:
    """'3 december 2026': the date as Dutch text, in sentences and stored summaries."""
    if not value:
        return ""
    if isinstance(value, str):  # an ISO date kept in JSON (dossier evidence)
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = as_utc(value)
    return format_date(value, "d MMMM yyyy")


def month_name(key: str) -> str:
    """'2026-10' (a month key) as 'oktober 2026'."""
    try:
        year, month = (int(part) for part in key.split("-"))
        return format_date(date(year, month, 1), "MMMM yyyy")
    except (ValueError, AttributeError):
        return key


def number(value: float | int | None, digits: int = 1) -> str:
    """0.7 as '0,7': numbers in Dutch notation."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0." + "#" * digits if digits else "#,##0")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["month_name"] = month_name
    app.jinja_env.filters["number"] = number
    app.jinja_env.globals.update(
        DOMAINS=DOMAINS, nav_links=nav_links, mail_delivery_note=delivery_note
    )


# Menu entries of the domain packages: (endpoint, label, roles that see it; empty = all).
NAV_LINKS: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("patterns.list_patterns", "Patronen", ()),
    ("patterns.triage_queue", "Triage", (Role.CHAIR,)),
    ("tables.list_tables", "Tafels", ()),
    ("tables.my_patterns", "Mijn patronen", ()),
    ("sessions.list_series", "Leersessies", ()),
    ("digests.preview", "Digest", ()),
    ("digests.failed_mail", "Mislukte e-mail", (Role.PROGRAMME_ADMIN,)),
    # Registered in development without a mail server only (learning.mail.catcher).
    ("mail.caught_mail", "Verzonden e-mail (ontwikkeling)", (Role.PROGRAMME_ADMIN,)),
)


def nav_links() -> list[tuple[str, str]]:
    links = []
    for endpoint, label, roles in NAV_LINKS:
        if endpoint not in current_app.view_functions:
            continue
        if roles and not current_user.has_role(*roles):
            continue
        links.append((endpoint, _(label)))
    return links
