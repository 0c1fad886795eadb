"""E-mail around leersessies: invitations, answers down the ladder, afspraken and minutes."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _

from learning.links import external_url
from learning.mail.services import queue_mail
from learning.sessions.models import AgendaItem, Agreement, Guest, LearningSession
from learning.sessions.queries import chain
from learning.timeutil import today


def _send(
    recipient: str,
    subject: str,
    template: str,
    dedupe_key: str,
    html_template: str | None = None,
    **context: Any,
) -> bool:
    text = render_template(template, **context)
    html = render_template(html_template, **context) if html_template else None
    return queue_mail(recipient, subject[:300], text, html, dedupe_key=dedupe_key) is not None


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
            name=name,
            **context,
        ):
            sent += 1
    return sent
