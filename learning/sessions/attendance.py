"""Who comes to one leersessie besides the series' members: a professional invited for one
dilemma, a resident or other guest; and who was there, so an afspraak's check knows who made it."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError
from learning.extensions import db
from learning.privacy import scan
from learning.sessions import notify
from learning.sessions.agenda import require_facilitator
from learning.sessions.models import (
    Agreement,
    Attendance,
    Guest,
    GuestKind,
    LearningSession,
    Presence,
    SessionStatus,
)
from learning.sessions.permissions import is_member
from learning.timeutil import utcnow

GUEST_NAME_MAX = 60


def require_planned(meeting: LearningSession) -> None:
    if meeting.status != SessionStatus.PLANNED:
        raise DomainError(
            _(
                "Uitnodigen kan alleen voor een geplande leersessie, niet voor een afgesloten of "
                "geannuleerde."
            )
        )


def invite_attendee(actor: User, meeting: LearningSession, user: User) -> Attendance:
    """Invite someone for this one session (e.g. a professional of another organisation for
    one dilemma); they see this session and get its invitation, not the whole series."""
    require_facilitator(actor, meeting.series)
    require_planned(meeting)
    if not user.active:
        raise DomainError(_("Dit account is niet (meer) actief."))
    if is_member(user, meeting.series):
        raise DomainError(
            _(
                "%(name)s doet al mee aan deze reeks en is dus al uitgenodigd.",
                name=user.name,
            )
        )
    if db.session.get(Attendance, (meeting.id, user.id)) is not None:
        raise DomainError(_("%(name)s is al uitgenodigd voor deze leersessie.", name=user.name))
    attendance = Attendance(session_id=meeting.id, user_id=user.id, invited=True)
    db.session.add(attendance)
    db.session.flush()
    db.session.expire(meeting, ["attendees"])
    record(actor, "session.attendee_invited", meeting, user=user.id)
    notify.calendar_update(meeting, _("voor u gepland"), only=[user])
    return attendance


def invited_attendees(meeting: LearningSession) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Attendance, Attendance.user_id == User.id)
            .where(Attendance.session_id == meeting.id, Attendance.invited.is_(True))
            .order_by(User.name)
        )
    )


def presence_of(meeting: LearningSession) -> dict[int, str | None]:
    """Each attendee's recorded presence by user id (None: not recorded)."""
    rows = db.session.scalars(select(Attendance).where(Attendance.session_id == meeting.id))
    return {row.user_id: row.presence for row in rows}


def present_users(meeting: LearningSession) -> list[User]:
    """Who was there: the people an afspraak made in this session was made with."""
    return list(
        db.session.scalars(
            select(User)
            .join(Attendance, Attendance.user_id == User.id)
            .where(Attendance.session_id == meeting.id, Attendance.presence == Presence.PRESENT)
            .order_by(User.name)
        )
    )


def made_by(agreement: Agreement | None) -> list[User]:
    """Who was present when an afspraak was made: shown at its six-week check."""
    if agreement is None or agreement.item.meeting is None:
        return []
    return present_users(agreement.item.meeting)


def record_presence(
    actor: User,
    meeting: LearningSession,
    users: dict[int, str],
    guests: dict[int, str] | None = None,
) -> int:
    """Record present or excused per attendee and guest ('' clears it); once the session has
    started, also after closing. Returns how many were recorded."""
    require_facilitator(actor, meeting.series)
    if meeting.status == SessionStatus.CANCELLED:
        raise DomainError(_("Deze leersessie is geannuleerd; er is geen aanwezigheid te noteren."))
    if meeting.start > utcnow():
        raise DomainError(_("Aanwezigheid noteert u bij of na de leersessie."))
    allowed = {p.value for p in Presence}
    rows = {
        row.user_id: row
        for row in db.session.scalars(select(Attendance).where(Attendance.session_id == meeting.id))
    }
    counted = 0
    for user_id, value in users.items():
        if user_id in rows and (value in allowed or value == ""):
            rows[user_id].presence = value or None
            counted += bool(value)
    by_id = {g.id: g for g in meeting.guests}
    for guest_id, value in (guests or {}).items():
        if guest_id in by_id and (value in allowed or value == ""):
            by_id[guest_id].presence = value or None
            counted += bool(value)
    record(actor, "session.presence_recorded", meeting, count=counted)
    return counted


def _guest_name(kind: str, name: str) -> str | None:
    """A resident is named only by first name or by a role ('ervaringsdeskundige'): a single
    word is taken as a first name, anything longer must pass the privacy guard unchanged."""
    name = " ".join((name or "").split())
    if not name:
        return None
    if len(name) > GUEST_NAME_MAX:
        raise DomainError(_("Houd de naam van de gast kort (maximaal %(n)s tekens).", n=60))
    if kind == GuestKind.RESIDENT:
        findings = scan(name)
        first_name_only = " " not in name and all(f.kind == "name" for f in findings)
        if findings and not first_name_only:
            raise DomainError(
                _(
                    "Noem een wijkbewoner alleen bij voornaam of rol (bijvoorbeeld 'Fatima' of "
                    "'ervaringsdeskundige'), zonder achternaam of andere gegevens."
                )
            )
        return name
    return name  # not a resident: someone attending in a professional capacity


def add_guest(
    actor: User,
    meeting: LearningSession,
    kind: str = GuestKind.RESIDENT,
    name: str = "",
    email: str = "",
    invite: bool = False,
) -> Guest:
    """Residents and others without an account; by e-mail only when an address is given."""
    require_facilitator(actor, meeting.series)
    if meeting.status != SessionStatus.PLANNED:
        raise DomainError(_("Gasten kunnen alleen bij een geplande leersessie worden uitgenodigd."))
    if kind not in {k.value for k in GuestKind}:
        raise DomainError(_("Kies wat voor gast dit is."))
    address = None
    if email.strip():
        try:
            address = validate_email(email.strip(), check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise DomainError(
                _("Het e-mailadres van de gast is niet geldig: %(e)s", e=email.strip())
            ) from error
    if invite and address is None:
        raise DomainError(_("Vul een e-mailadres in om de gast per e-mail uit te nodigen."))
    guest = Guest(meeting=meeting, kind=kind, name=_guest_name(kind, name), email=address)
    db.session.add(guest)
    db.session.flush()
    if invite:
        notify.guest_invitation(guest)
        guest.invited_at = utcnow()
    record(actor, "session.guest_added", meeting, guest=guest.id, invited=invite)
    return guest
