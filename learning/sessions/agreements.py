"""Afspraken: who does what by when, their six-week check on the agenda, hand-overs and
reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError
from learning.extensions import db
from learning.privacy import mask_text
from learning.sessions import notify
from learning.sessions.agenda import decide, place, require_facilitator
from learning.sessions.models import (
    AGREEMENT_WEEKS,
    TEXT_MAX,
    TITLE_MAX,
    AgendaItem,
    Agreement,
    AgreementStatus,
    CheckResult,
    ItemKind,
    ItemSource,
    ItemStatus,
    Outcome,
    SessionSeries,
)
from learning.sessions.queries import first_meeting_on_or_after, get_user
from learning.timeutil import today, utcnow


@dataclass
class AgreementInput:
    what: str
    owner_id: int | None
    due_on: date | None = None


def make_agreement(actor: User, item: AgendaItem, data: AgreementInput) -> Agreement:
    """An afspraak made on an item; its owner hears by e-mail, its check is scheduled."""
    owner = get_user(data.owner_id)
    due_on = data.due_on or today() + timedelta(weeks=AGREEMENT_WEEKS)
    if due_on < today():
        raise DomainError(_("De datum van de afspraak ligt in het verleden."))
    agreement = Agreement(
        item=item,
        series_id=item.series_id,
        what=mask_text(data.what.strip())[:TEXT_MAX],
        owner=owner,
        due_on=due_on,
        created_by_id=actor.id,
    )
    db.session.add(agreement)
    record(actor, "agreement.made", agreement, owner=owner.id, due_on=due_on.isoformat())
    schedule_check(agreement)
    notify.agreement_made(agreement)
    return agreement


def schedule_check(agreement: Agreement) -> AgendaItem | None:
    """Put the six-week check on the first meeting on or after the due date (when planned)."""
    if not agreement.is_open:
        return None
    meeting = first_meeting_on_or_after(agreement.series, agreement.due_on)
    item = agreement.check_item
    if item is not None and not item.is_handled:
        if item.meeting is None and meeting is not None:  # a postponed check stays put
            place(item, meeting)
        return item
    if meeting is None:
        return None
    item = AgendaItem(
        series_id=agreement.series_id,
        kind=ItemKind.AGREEMENT_CHECK,
        source=ItemSource.PLATFORM,
        status=ItemStatus.ACCEPTED,
        title=_("Controle afspraak: %(what)s", what=agreement.what)[:TITLE_MAX],
        description=agreement.what,
        pattern_id=agreement.item.pattern_id,
    )
    db.session.add(item)
    place(item, meeting)
    agreement.check_item = item
    return item


def check_agreement(
    actor: User,
    agreement: Agreement,
    result: str,
    note: str = "",
    new_due_on: date | None = None,
) -> Agreement:
    """The facilitator records the check: done, not done, or extended to a new date."""
    require_facilitator(actor, agreement.series)
    if not agreement.is_open:
        raise DomainError(_("Deze afspraak is al gecontroleerd."))
    note = mask_text(note.strip())[:TEXT_MAX]
    if result == CheckResult.EXTENDED:
        if new_due_on is None or new_due_on <= today():
            raise DomainError(
                _("Kies een nieuwe datum in de toekomst om de afspraak te verlengen.")
            )
        agreement.due_on = new_due_on
        agreement.times_extended += 1
        summary = _("Verlengd tot %(d)s.", d=new_due_on.strftime("%d-%m-%Y"))
    elif result in {CheckResult.DONE, CheckResult.NOT_DONE}:
        agreement.status = AgreementStatus(result)
        agreement.checked_at = utcnow()
        agreement.checked_by_id = actor.id
        summary = _("Uitgevoerd.") if result == CheckResult.DONE else _("Niet uitgevoerd.")
    else:
        raise DomainError(_("Kies: uitgevoerd, niet uitgevoerd of verlengd."))
    agreement.check_note = note
    item = agreement.check_item
    if item is not None and not item.is_handled:
        if item.meeting is None:  # never reached an agenda: nothing to keep
            agreement.check_item = None
            db.session.delete(item)
        else:
            decide(actor, item, Outcome.CHECKED, note, summary)
    record(actor, "agreement.checked", agreement, result=result, note=bool(note))
    if result == CheckResult.EXTENDED:
        agreement.check_item = None
        schedule_check(agreement)
    return agreement


def reassign_agreement(actor: User, agreement: Agreement, new_owner: User) -> Agreement:
    require_facilitator(actor, agreement.series)
    if not new_owner.active:
        raise DomainError(_("De nieuwe eigenaar moet een actief account hebben."))
    previous = agreement.owner_id
    agreement.owner = new_owner
    record(actor, "agreement.reassigned", agreement, previous=previous, owner=new_owner.id)
    notify.agreement_made(agreement)
    return agreement


def handover_agreements(
    actor: User | None,
    leaving: User,
    new_owner: User | None = None,
    series: SessionSeries | None = None,
) -> int:
    """Someone leaves: their open afspraken go to `new_owner` or else the series' facilitator.

    Afspraken without anyone to take them stay with the old owner and show on the dashboard.
    """
    query = select(Agreement).where(
        Agreement.owner_id == leaving.id, Agreement.status == AgreementStatus.OPEN
    )
    if series is not None:
        query = query.where(Agreement.series_id == series.id)
    moved = 0
    for agreement in db.session.scalars(query).all():
        facilitators = agreement.series.facilitators
        owner = new_owner or (facilitators[0] if facilitators else None)
        if owner is None or not owner.active or owner.id == leaving.id:
            continue
        agreement.owner = owner
        record(actor, "agreement.reassigned", agreement, previous=leaving.id, owner=owner.id)
        notify.agreement_made(agreement)
        moved += 1
    return moved


def send_agreement_reminders() -> int:
    """Daily: owners hear a week before and on the due date; owners who left are replaced."""
    inactive = db.session.scalars(
        select(User)
        .join(Agreement, Agreement.owner_id == User.id)
        .where(Agreement.status == AgreementStatus.OPEN, User.active.is_(False))
        .distinct()
    ).all()
    for user in inactive:
        handover_agreements(None, user)
    sent = 0
    for agreement in db.session.scalars(
        select(Agreement).where(
            Agreement.status == AgreementStatus.OPEN,
            Agreement.due_on <= today() + timedelta(days=7),
        )
    ):
        if agreement.owner.active and notify.agreement_reminder(agreement):
            sent += 1
    return sent
