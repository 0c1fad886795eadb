"""The bundled notification mail: a subject that names what happened, the events grouped by
what they are about, plain text and HTML, and the one-click unsubscribe headers."""

from __future__ import annotations

from dataclasses import dataclass

import css_inline
from flask import render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.accounts.models import User
from learning.links import base_url, external_url, link_host
from learning.mail.unsubscribe import list_headers, unsubscribe_token
from learning.notifications.models import Notification, NotificationKind
from learning.notifications.services import targets

UNSUBSCRIBE_PURPOSE = "notifications"
_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)

# One notification: the subject says what happened to what.
_SUBJECTS = {
    NotificationKind.DETACHED: _l("Uw knelpunt is losgemaakt van '%(about)s'"),
    NotificationKind.MERGED: _l("'%(about)s' is samengevoegd"),
    NotificationKind.SPLIT: _l("'%(about)s' is gesplitst"),
    NotificationKind.REJECTED: _l("'%(about)s' is afgewezen"),
    NotificationKind.ESCALATED: _l("'%(about)s' ligt nu bij een hogere tafel"),
    NotificationKind.DECIDED: _l("Besluit genomen over '%(about)s'"),
    NotificationKind.ACTION_DONE: _l("Actie afgerond voor '%(about)s'"),
    NotificationKind.EFFECT_MEASURED: _l("Effect gemeten van '%(about)s'"),
    NotificationKind.REOPENED: _l("'%(about)s' is heropend"),
    NotificationKind.SESSION_CHANGED: _l("Leersessie gewijzigd: %(about)s"),
    NotificationKind.ITEM_ESCALATED: _l("Uw agendapunt is doorgezet: %(about)s"),
    NotificationKind.ITEM_ANSWERED: _l("Antwoord op uw agendapunt: %(about)s"),
    NotificationKind.PATTERN_QUEUED: _l("Nieuw patroon voor uw tafel: '%(about)s'"),
    NotificationKind.ACTION_ASSIGNED: _l("Nieuwe actie voor u: %(about)s"),
    NotificationKind.ACTION_DUE: _l("Herinnering actie: %(about)s"),
    NotificationKind.DECISION_REQUESTED: _l("Beslisvraag voor uw tafel: '%(about)s'"),
    NotificationKind.ANSWER_LATE: _l("Wacht te lang: '%(about)s'"),
    NotificationKind.AGREEMENT_MADE: _l("Nieuwe afspraak voor u: %(about)s"),
    NotificationKind.AGREEMENT_DUE: _l("Herinnering afspraak: %(about)s"),
}


_NEWS_ABOUT = _l("Nieuws over '%(about)s'")


@dataclass
class Group:
    about: str
    notifications: list[Notification]


@dataclass
class RenderedBundle:
    subject: str
    text: str
    html: str
    headers: dict[str, str]


def subject_for(notifications: list[Notification]) -> str:
    """What happened, in the subject: one event by name, several by their number."""
    first = notifications[0]
    if len(notifications) == 1 and first.about:
        template = _SUBJECTS.get(NotificationKind(first.kind), _NEWS_ABOUT)
        return str(template) % {"about": first.about}
    abouts = {n.about for n in notifications}
    if len(abouts) == 1 and first.about:
        return ngettext(
            "%(num)s update over '%(about)s'",
            "%(num)s updates over '%(about)s'",
            len(notifications),
            about=first.about,
        )
    if any(n.asks_action for n in notifications):
        return ngettext(
            "%(num)s update over uw knelpunten en taken",
            "%(num)s updates over uw knelpunten en taken",
            len(notifications),
        )
    return ngettext(
        "%(num)s update over uw knelpunten",
        "%(num)s updates over uw knelpunten",
        len(notifications),
    )


def groups(notifications: list[Notification]) -> list[Group]:
    """Events grouped by what they are about, in the order they first happened."""
    found: dict[tuple, Group] = {}
    for notification in notifications:
        key = (notification.pattern_id, notification.session_id, notification.about)
        if key not in found:
            found[key] = Group(notification.about or _("Overig"), [])
        found[key].notifications.append(notification)
    return list(found.values())


def absolute(link: str) -> str:
    """A path in the app as a link that works from a mail client."""
    if not link:
        return external_url("notifications.list_notifications")
    return base_url() + link


def render_bundle(user: User, notifications: list[Notification]) -> RenderedBundle:
    leads_to = targets(n.link for n in notifications)
    with force_locale("nl"):
        unsubscribe_url = external_url(
            "notifications.unsubscribe", token=unsubscribe_token(user, UNSUBSCRIBE_PURPOSE)
        )
        context = {
            "user": user,
            "subject": subject_for(notifications),
            "groups": groups(notifications),
            "absolute": lambda link: absolute(leads_to.get(link, link)),
            "list_url": external_url("notifications.list_notifications"),
            "preferences_url": external_url("notifications.preferences"),
            "unsubscribe_url": unsubscribe_url,
        }
        text = render_template("notifications/email.txt", **context)
        html = _INLINER.inline(render_template("notifications/email.html", **context))
    headers = list_headers(unsubscribe_url, "Leernetwerk meldingen <meldingen.leernetwerk>")
    return RenderedBundle(context["subject"], text, html, headers)


def message_id(user_id: int, key: str) -> str:
    """The same Message-ID for every attempt at one bundle."""
    domain = link_host() or "leernetwerk.local"
    return f"<notifications.{user_id}.{key}@{domain}>"
