"""A digest as e-mail: subject, plain text, HTML with inlined CSS, and list headers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import css_inline
from flask import render_template
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _

from learning.digests.content import DigestContent
from learning.digests.periods import FREQUENCY_LABELS, Frequency, Period
from learning.digests.services import unsubscribe_token
from learning.links import external_url, link_host
from learning.mail.unsubscribe import list_headers

_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


@dataclass
class RenderedDigest:
    subject: str
    text: str
    html: str
    headers: dict[str, str]


def period_label(period: Period) -> str:
    if period.frequency == Frequency.MONTHLY:
        return format_date(period.due_on, "MMMM yyyy")
    week = int(period.key.rsplit("W", 1)[1])
    if period.frequency == Frequency.BIWEEKLY:
        return _("week %(a)s en %(b)s", a=week, b=week + 1)
    return _("week %(n)s", n=week)


# What the subject names, in the order of the sections: "1 besluit nodig, 2 nieuwe patronen".
_SUBJECT_PARTS = {
    "awaiting_decision": ("%(num)s besluit nodig", "%(num)s besluiten nodig"),
    "triage_queue": ("%(num)s patroon wacht op triage", "%(num)s patronen wachten op triage"),
    "new_patterns": ("%(num)s nieuw patroon", "%(num)s nieuwe patronen"),
    "decisions": ("%(num)s besluit genomen", "%(num)s besluiten genomen"),
    "dilemmas": ("%(num)s dilemma", "%(num)s dilemma's"),
    "overdue_actions": ("%(num)s actie over tijd", "%(num)s acties over tijd"),
    "overdue_agreements": ("%(num)s afspraak over tijd", "%(num)s afspraken over tijd"),
    "my_blockages": ("nieuws over %(num)s patroon", "nieuws over %(num)s patronen"),
}
SUBJECT_PARTS_MAX = 3


def summary(content: DigestContent) -> str:
    """What is inside, in a few words."""
    parts = [
        ngettext(*_SUBJECT_PARTS[section.key], section.count)
        for section in content.sections
        if section.key in _SUBJECT_PARTS
    ]
    if not parts:
        return _("niets nieuws") if content.is_empty else _("wat er veranderde")
    return ", ".join(parts[:SUBJECT_PARTS_MAX])


def subject_for(content: DigestContent) -> str:
    return _(
        "Leernetwerk-digest %(period)s: %(summary)s",
        period=period_label(content.period),
        summary=summary(content),
    )


def digest_context(content: DigestContent) -> dict[str, Any]:
    """What the e-mail templates (and the preview page, which includes them) need."""
    user = content.recipient
    return {
        "content": content,
        "user": user,
        "subject": subject_for(content),
        "period_label": period_label(content.period),
        "window_from": format_date(content.period.window_start, "d MMMM"),
        "window_to": format_date(content.period.window_end, "d MMMM yyyy"),
        "frequency_label": FREQUENCY_LABELS[Frequency(content.period.frequency)],
        "roles": content.roles,
        "preferences_url": external_url("digests.preferences"),
        "preview_url": external_url("digests.preview"),
        "unsubscribe_url": external_url("digests.unsubscribe", token=unsubscribe_token(user)),
        "home_url": external_url("home.index"),
    }


def render_digest(content: DigestContent) -> RenderedDigest:
    """Both parts from one context, the HTML with its CSS inlined for mail clients."""
    with force_locale("nl"):
        context = digest_context(content)
        text = render_template("digests/email.txt", **context)
        html = _INLINER.inline(render_template("digests/email.html", **context))
    headers = list_headers(context["unsubscribe_url"], "Leernetwerk digest <digest.leernetwerk>")
    return RenderedDigest(context["subject"], text, html, headers)


def message_id(user_id: int, period: str) -> str:
    """The same Message-ID for every attempt, so a resend after a crash is one mail to clients."""
    domain = link_host() or "leernetwerk.local"
    return f"<digest.{user_id}.{period}@{domain}>"
