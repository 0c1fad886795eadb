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
from learning.privacy_counts import bar_height, small_count
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
        DOMAINS=DOMAINS,
        nav_links=nav_links,
        admin_links=admin_links,
        unread_notifications=unread_notifications,
        small_count=small_count,
        bar_height=bar_height,
        mail_delivery_note=delivery_note,
    )


# The menu: (endpoint, label, roles that see it; empty = everyone). Each role sees what it
# uses, so that no menu wraps at 1280 px; the programme team sees its own entries, not all.
_RUNS = (Role.CHAIR, Role.MANAGER, Role.EXECUTIVE, Role.PROGRAMME_ADMIN)
_WORKS = (Role.PROFESSIONAL, Role.CHAMPION, Role.CHAIR, Role.MANAGER, Role.EXECUTIVE)
NAV_LINKS: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("home.index", "Overzicht", ()),
    ("blockages.new_blockage", "Knelpunt melden", _WORKS),
    ("blockages.list_blockages", "Knelpunten", ()),
    ("patterns.list_patterns", "Patronen", ()),
    ("patterns.triage_queue", "Triage", (Role.CHAIR, Role.PROGRAMME_ADMIN)),
    ("tables.list_tables", "Tafels", _RUNS),
    ("tables.my_patterns", "Mijn patronen", (Role.PROFESSIONAL, Role.CHAMPION)),
    ("sessions.list_series", "Leersessies", ()),
    ("digests.preview", "Digest", _RUNS),
    ("accounts.list_users", "Beheer", (Role.PROGRAMME_ADMIN,)),
    ("insight.dashboard", "Inzicht", _RUNS),
)


# The programme team's pages behind "Beheer", shown as a second menu on each of them.
ADMIN_LINKS: tuple[tuple[str, str], ...] = (
    ("accounts.list_users", "Gebruikers"),
    ("accounts.list_organisations", "Organisaties"),
    ("digests.failed_mail", "Mislukte e-mail"),
    # Registered in development without a mail server only (learning.mail.catcher).
    ("mail.caught_mail", "Verzonden e-mail (ontwikkeling)"),
)


def admin_links() -> list[tuple[str, str]]:
    """The pages of `ADMIN_LINKS` that this app has (the mail catcher only in development)."""
    return [(e, _(label)) for e, label in ADMIN_LINKS if e in current_app.view_functions]


def nav_links() -> list[tuple[str, str]]:
    """The menu entries of the roles the user holds (a user without a role: a professional's)."""
    held = current_user.roles or {Role.PROFESSIONAL}
    links = []
    for endpoint, label, roles in NAV_LINKS:
        if endpoint not in current_app.view_functions:
            continue
        if roles and not held & set(roles):
            continue
        links.append((endpoint, _(label)))
    return links


def unread_notifications() -> int:
    """The count beside 'Meldingen' in the menu: one query per page."""
    from learning.notifications.services import unread_count

    return unread_count(current_user) if current_user.is_authenticated else 0
