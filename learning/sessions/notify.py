"""E-mail around leersessies: invitations, answers down the ladder, afspraken and minutes."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from markupsafe import Markup, escape

from learning.accounts.models import User
from learning.links import external_url
from learning.mail.services import queue_mail
from learning.mail.unsubscribe import list_headers, unsubscribe_token
from learning.notifications.mail import UNSUBSCRIBE_PURPOSE
from learning.notifications.models import NotificationKind
from learning.notifications.services import notify
from learning.sessions.calendar import scheduling_message
from learning.sessions.models import AgendaItem, Agreement, Guest, LearningSession
from learning.sessions.queries import chain
from learning.timeutil import today


def _send(
    recipient: str,
    subject: str,
    template: str,
    dedupe_key: str,
    html_template: str | None = None,
    calendar_message: str | None = None,
    user: User | None = None,
    **context: Any,
) -> bool:
    """Every leersessie mail is text and HTML, and one to an account holder carries the
    one-click unsubscribe of their notification settings, like every other mail we send."""
    text = render_template(template, user=user, **context)
    if html_template:
        html = render_template(html_template, user=user, **context)
    else:
        html = "".join(
            f"<p>{Markup('<br>').join(escape(line) for line in part.splitlines())}</p>"
            for part in text.split("\n\n")
            if part.strip()
        )
    headers = None
    if user is not None:
        token = unsubscribe_token(user, UNSUBSCRIBE_PURPOSE)
        headers = list_headers(
            external_url("notifications.unsubscribe", token=token),
            "Leernetwerk leersessies <leersessies.leernetwerk>",
        )
    mail = queue_mail(
        recipient,
        subject[:300],
        text,
        html,
        headers=headers,
        dedupe_key=dedupe_key,
        calendar=calendar_message,
    )
    return mail is not None


def calendar_update(meeting: LearningSession, change: str, only: list[User] | None = None) -> int:
    """Tell attendees and guests with an address what changed, with the .ics their calendar
    applies (same UID, higher SEQUENCE; CANCEL when cancelled). One mail per recipient and
    version, so nothing is sent twice; in the app it arrives as a notification, bundled into
    each user's notification mail like every other."""
    users = [u for u in (only if only is not None else meeting.attendees) if u.active]
    recipients = {u.email: u.name for u in users}
    accounts = {u.email: u for u in users}
    if only is None:
        recipients.update({g.email: g.display_name for g in meeting.guests if g.email})
    message = scheduling_message(meeting)
    # A path in the app, also without a request (a worker or the demo loader).
    link = current_app.url_map.bind("localhost").build(
        "sessions.show_meeting", {"meeting_id": meeting.id}
    )
    subject = (
        _("Geannuleerd: %(title)s", title=meeting.display_title)
        if meeting.is_cancelled
        else _("Leersessie %(change)s: %(title)s", change=change, title=meeting.display_title)
    )
    sent = 0
    for email, name in sorted(recipients.items()):
        if _send(
            email,
            subject,
            "sessions/email/calendar_update.txt",
            f"session-calendar:{meeting.id}:{meeting.sequence}:{email}",
            calendar_message=message,
            user=accounts.get(email),
            name=name,
            meeting=meeting,
            change=change,
            link=external_url("sessions.show_meeting", meeting_id=meeting.id),
        ):
            sent += 1
    notify(
        users,
        NotificationKind.SESSION_CHANGED,
        subject,
        link,
        about=meeting.display_title,
        session_id=meeting.id,
        key=f"session-changed:{meeting.id}:{meeting.sequence}",
    )
    return sent


def guest_invitation(guest: Guest) -> bool:
    meeting = guest.meeting
    return _send(
        guest.email,
        _("Uitnodiging: %(series)s", series=meeting.series.name),
        "sessions/email/invitation.txt",
        f"session-invitation:{meeting.id}:{guest.id}:{meeting.sequence}",
        guest=guest,
        meeting=meeting,
        ics_link=external_url("sessions.meeting_ics", meeting_id=meeting.id, gast=guest.token),
    )


def agreement_made(agreement: Agreement) -> bool:
    owner = agreement.owner
    return _send(
        owner.email,
        _("Nieuwe afspraak voor u: %(what)s", what=agreement.what[:80]),
        "sessions/email/agreement.txt",
        f"agreement-made:{agreement.id}:{owner.id}",
        user=owner,
        agreement=agreement,
        link=external_url("sessions.show_item", item_id=agreement.item_id),
    )


def agreement_reminder(agreement: Agreement) -> bool:
    """A week before the due date, and once more when it is due; False if already sent."""
    stage = "due" if agreement.due_on <= today() else "soon"
    return _send(
        agreement.owner.email,
        _("Herinnering afspraak: %(what)s", what=agreement.what[:80]),
        "sessions/email/reminder.txt",
        f"agreement-reminder:{agreement.id}:{agreement.due_on.isoformat()}:{stage}",
        user=agreement.owner,
        agreement=agreement,
        stage=stage,
        link=external_url("sessions.show_item", item_id=agreement.item_id),
    )


def escalated(item: AgendaItem, upper: AgendaItem) -> bool:
    """Tell the professional who brought the item in that it went up a level."""
    origin = chain(item)[0]
    user = origin.submitted_by
    if user is None or not user.active or not user.notify_by_email:
        return False
    return _send(
        user.email,
        _("Uw agendapunt is doorgezet: %(t)s", t=origin.title),
        "sessions/email/escalated.txt",
        f"agenda-escalated:{upper.id}",
        user=user,
        item=origin,
        upper=upper,
        link=external_url("sessions.show_item", item_id=origin.id),
    )


def answered(origin: AgendaItem, answer: AgendaItem) -> bool:
    user = origin.submitted_by
    if user is None or not user.active or not user.notify_by_email:
        return False
    return _send(
        user.email,
        _("Antwoord op uw agendapunt: %(t)s", t=origin.title),
        "sessions/email/answered.txt",
        f"agenda-answered:{answer.id}",
        user=user,
        item=origin,
        answer=answer,
        link=external_url("sessions.show_item", item_id=origin.id),
    )


def minutes(meeting: LearningSession, items: list[AgendaItem]) -> int:
    recipients = {u.email: u.name for u in meeting.attendees if u.active}
    accounts = {u.email: u for u in meeting.attendees if u.active}
    recipients.update({g.email: g.display_name for g in meeting.guests if g.email})
    context = {
        "meeting": meeting,
        "items": items,
        "link": external_url("sessions.show_meeting", meeting_id=meeting.id),
    }
    sent = 0
    for email, name in sorted(recipients.items()):
        if _send(
            email,
            _("Verslag leersessie %(series)s", series=meeting.series.name),
            "sessions/email/minutes.txt",
            f"session-minutes:{meeting.id}:{email}",
            html_template="sessions/email/minutes.html",
            user=accounts.get(email),
            name=name,
            **context,
        ):
            sent += 1
    return sent
