"""Template filters and globals."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_datetime

from learning.timeutil import as_utc


def _date(value: date | datetime | None, style: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(as_utc(value), "d MMM yyyy HH:mm")
    return format_date(value, style)


def register_template_helpers(app: Flask) -> None:
    from learning.blockages.models import DOMAINS, HANDLING_LABELS, IMPACTS

    app.jinja_env.filters["date"] = _date
    from learning.blockages.status import blockage_status, statuses
    from learning.patterns.models import STATE_LABELS

    app.jinja_env.globals.update(
        DOMAINS=DOMAINS,
        HANDLING_LABELS=HANDLING_LABELS,
        IMPACTS=IMPACTS,
        nav_links=nav_links,
        blockage_status=blockage_status,
        page_statuses=statuses,
        STATE_LABELS=STATE_LABELS,
    )


# Menu entries of the domain packages: (endpoint, label, roles that see it; empty = all).
NAV_LINKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("patterns.list_patterns", "Patronen", ()),
    ("patterns.triage_queue", "Triage", ("chair",)),
    ("tables.list_tables", "Tafels", ()),
    ("tables.my_patterns", "Mijn patronen", ()),
    ("sessions.list_series", "Leersessies", ()),
    ("digests.preview", "Digest", ()),
    ("digests.failed_mail", "Mislukte e-mail", ("programme_admin",)),
)


def nav_links() -> list[tuple[str, str]]:
    from flask import current_app
    from flask_babel import gettext
    from flask_login import current_user

    from learning.accounts.models import Role

    links = []
    for endpoint, label, roles in NAV_LINKS:
        if endpoint not in current_app.view_functions:
            continue
        if roles and not current_user.has_role(*(Role(r) for r in roles)):
            continue
        links.append((endpoint, gettext(label)))
    return links
