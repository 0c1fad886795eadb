"""The agenda of a leersessie: what goes on it, in which order, and recording that an item was
handled (the answer of a higher level flows back down from here)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError
from learning.extensions import db
from learning.patterns.models import Pattern
from learning.patterns.services import get_pattern
from learning.permissions import require
from learning.privacy import Finding, PersonalDataFound, mask_text, scan
from learning.sessions import notify
from learning.sessions.models import (
    ANSWERS,
    SUBMITTABLE_KINDS,
    TEXT_MAX,
    TITLE_MAX,
    AgendaItem,
    ItemKind,
    ItemSource,
    ItemStatus,
    LearningSession,
    Outcome,
    SessionSeries,
    SessionStatus,
)
from learning.sessions.permissions import (
    can_facilitate,
    can_flag_pattern,
    can_record_outcome,
    can_submit,
)
from learning.sessions.queries import agenda, next_meeting
from learning.timeutil import utcnow

PRIVACY_FIELDS = ("title", "description")


def require_facilitator(actor: User, series: SessionSeries) -> None:
    require(
        can_facilitate(actor, series),
        _("Alleen de aanjager van deze leersessiereeks kan dit doen."),
    )


def require_outcome_right(actor: User, item: AgendaItem) -> None:
    require(
        can_record_outcome(actor, item),
        _(
            "Alleen de facilitator, wie het punt inbracht of (bij management en bestuur) de "
            "deelnemers van deze leersessie leggen de uitkomst vast."
        ),
    )


def require_open(item: AgendaItem) -> None:
    if item.is_handled:
        raise DomainError(_("Dit agendapunt is al behandeld."))


# --- placing items on meetings ---------------------------------------------------------------


def place(item: AgendaItem, meeting: LearningSession | None) -> None:
    """Append the item to the meeting's agenda, or let it wait for the next meeting."""
    item.meeting = meeting
    if meeting is None:
        item.position = 0
        return
    db.session.flush()
    last = db.session.scalar(
        select(func.max(AgendaItem.position)).where(
            AgendaItem.session_id == meeting.id, AgendaItem.id != item.id
        )
    )
    item.position = (last or 0) + 1


def postpone(item: AgendaItem) -> None:
    current = item.meeting
    target = next_meeting(item.series, after=current.starts_at) if current else None
    item.postponed_count += 1
    place(item, target)


def postpone_open_items(meeting: LearningSession) -> int:
    """Nothing is lost: what a meeting did not handle moves on to the next one."""
    items = [item for item in agenda(meeting) if not item.is_handled]
    for item in items:
        postpone(item)
    return len(items)


# --- submitting to the agenda --------------------------------------------------------------


@dataclass
class ItemInput:
    kind: str
    title: str
    description: str = ""
    pattern_id: int | None = None
    meeting_id: int | None = None
    mask_personal_data: bool = False


def scan_item(data: ItemInput) -> dict[str, list[Finding]]:
    found = {name: scan(getattr(data, name)) for name in PRIVACY_FIELDS}
    return {name: findings for name, findings in found.items() if findings}


def mask_item(data: ItemInput) -> ItemInput:
    """Mask every field until the guard finds nothing more (one pass can reveal a name)."""
    for name in PRIVACY_FIELDS:
        setattr(data, name, mask_text(getattr(data, name)))
    return data


def _guard_privacy(data: ItemInput) -> None:
    """The same guard as for knelpunten: mask on request, otherwise refuse personal data."""
    if data.mask_personal_data:
        mask_item(data)
    findings = scan_item(data)
    if findings:
        raise PersonalDataFound(findings)


def _clean_item(data: ItemInput) -> Pattern | None:
    data.title = (data.title or "").strip()
    data.description = (data.description or "").strip()
    problems = []
    if data.kind not in {k.value for k in SUBMITTABLE_KINDS}:
        problems.append(_("Kies wat u inbrengt: een casus, dilemma, patroon of vraag."))
    pattern = None
    if data.kind == ItemKind.PATTERN:
        if not data.pattern_id:
            problems.append(_("Kies het patroon dat u wilt bespreken."))
        else:
            pattern = get_pattern(data.pattern_id)
            data.title = data.title or pattern.title
    if not data.title:
        problems.append(_("Geef het agendapunt een korte titel."))
    elif len(data.title) > TITLE_MAX:
        problems.append(_("De titel is te lang (maximaal %(n)s tekens).", n=TITLE_MAX))
    if data.kind in {ItemKind.CASUS, ItemKind.DILEMMA} and len(data.description) < 10:
        problems.append(_("Beschrijf de casus of het dilemma kort (minstens 10 tekens)."))
    if len(data.description) > TEXT_MAX:
        problems.append(_("De beschrijving is te lang (maximaal %(n)s tekens).", n=TEXT_MAX))
    if problems:
        raise DomainError(" ".join(problems))
    return pattern


def _target_meeting(series: SessionSeries, meeting_id: int | None) -> LearningSession | None:
    if not meeting_id:
        return next_meeting(series)
    meeting = db.session.get(LearningSession, meeting_id)
    if (
        meeting is None
        or meeting.series_id != series.id
        or meeting.status != SessionStatus.PLANNED
        or meeting.end < utcnow()
    ):
        raise DomainError(
            _("U kunt alleen punten inbrengen voor een komende leersessie van deze reeks.")
        )
    return meeting


def submit_item(user: User, series: SessionSeries, data: ItemInput) -> AgendaItem:
    """A participant brings in a casus, dilemma, pattern or question before the meeting."""
    require(
        can_submit(user, series),
        _("Alleen deelnemers van deze leersessiereeks kunnen punten inbrengen."),
    )
    pattern = _clean_item(data)
    _guard_privacy(data)
    item = AgendaItem(
        series=series,
        kind=data.kind,
        source=ItemSource.SUBMITTED,
        status=ItemStatus.ACCEPTED if can_facilitate(user, series) else ItemStatus.PROPOSED,
        title=data.title,
        description=data.description,
        pattern=pattern,
        submitted_by=user,
    )
    db.session.add(item)
    place(item, _target_meeting(series, data.meeting_id))
    record(user, "agenda_item.submitted", item, kind=item.kind, session=item.session_id)
    return item


def flag_pattern(
    actor: User, series: SessionSeries, pattern: Pattern, note: str = ""
) -> AgendaItem:
    """A learning table (its chair) or the facilitator puts a pattern up for discussion."""
    require(
        can_flag_pattern(actor, series, pattern),
        _("Alleen de voorzitter van de tafel van dit patroon of de aanjager kan dit agenderen."),
    )
    existing = db.session.scalar(
        select(AgendaItem).where(
            AgendaItem.series_id == series.id,
            AgendaItem.pattern_id == pattern.id,
            AgendaItem.status != ItemStatus.HANDLED,
        )
    )
    if existing is not None:
        return existing
    item = AgendaItem(
        series=series,
        kind=ItemKind.PATTERN,
        source=ItemSource.TABLE,
        status=ItemStatus.ACCEPTED,
        title=pattern.title[:TITLE_MAX],
        description=mask_text(note.strip())[:TEXT_MAX] or pattern.description,
        pattern=pattern,
        submitted_by=actor,
    )
    db.session.add(item)
    place(item, next_meeting(series))
    record(actor, "agenda_item.pattern_flagged", item, pattern=pattern.id)
    return item


# --- the facilitator runs the agenda -------------------------------------------------------


def accept_item(actor: User, item: AgendaItem) -> None:
    require_facilitator(actor, item.series)
    require_open(item)
    item.status = ItemStatus.ACCEPTED
    record(actor, "agenda_item.accepted", item)


def postpone_item(actor: User, item: AgendaItem) -> LearningSession | None:
    """Move the item to the next meeting of the series (or let it wait for one)."""
    require_facilitator(actor, item.series)
    require_open(item)
    postpone(item)
    record(actor, "agenda_item.postponed", item, to=item.session_id)
    return item.meeting


def move_item(actor: User, item: AgendaItem, direction: str) -> None:
    """Swap the item with its neighbour on the agenda ('up' or 'down')."""
    require_facilitator(actor, item.series)
    if item.meeting is None:
        raise DomainError(_("Dit punt staat nog niet op een leersessie."))
    items = agenda(item.meeting)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    record(actor, "agenda_item.moved", item, direction=direction, position=item.position)


MAX_ITEM_MINUTES = 240


def set_item_minutes(actor: User, item: AgendaItem, minutes: int | None) -> None:
    """The time planned for an item; the printed agenda shows when each item starts."""
    require_facilitator(actor, item.series)
    require_open(item)
    if minutes is not None and not 1 <= minutes <= MAX_ITEM_MINUTES:
        raise DomainError(
            _(
                "Geef een tijd tussen 1 en %(n)s minuten (of laat het veld leeg).",
                n=MAX_ITEM_MINUTES,
            )
        )
    item.minutes = minutes
    record(actor, "agenda_item.timed", item, minutes=minutes)


# --- recording that an item was handled ----------------------------------------------------


def decide(actor: User, item: AgendaItem, outcome: Outcome, notes: str, summary: str) -> None:
    """The one place an item becomes handled; an answer to an escalated item flows down."""
    require_outcome_right(actor, item)
    require_open(item)
    if item.meeting is None or item.meeting.status == SessionStatus.CANCELLED:
        raise DomainError(
            _("Zet het punt eerst op een leersessie voordat u een uitkomst vastlegt.")
        )
    if item.kind == ItemKind.AGREEMENT_CHECK and outcome != Outcome.CHECKED:
        raise DomainError(_("Leg bij deze controle vast of de afspraak is uitgevoerd."))
    item.notes = mask_text(notes.strip())[:TEXT_MAX]
    item.outcome_summary = mask_text(summary.strip())[:TEXT_MAX]
    item.outcome = outcome
    item.status = ItemStatus.HANDLED
    item.decided_at = utcnow()
    item.decided_by_id = actor.id
    record(actor, "agenda_item.decided", item, outcome=outcome, session=item.session_id)
    if outcome in ANSWERS:
        _answer_down(item)
    if item.asked_by_series is not None and outcome != Outcome.ESCALATED:
        _answer_up(item)


def _answer_up(item: AgendaItem) -> None:
    """A question from the level above was handled: its outcome goes on the asking session's
    next agenda (see learning.sessions.questions)."""
    upper = item.asked_by_series
    feedback = AgendaItem(
        series=upper,
        kind=ItemKind.FEEDBACK,
        source=ItemSource.PLATFORM,
        status=ItemStatus.ACCEPTED,
        title=_("Antwoord van %(series)s: %(t)s", series=item.series.name, t=item.title)[
            :TITLE_MAX
        ],
        description=item.outcome_summary or item.notes,
        answer_item=item,
    )
    db.session.add(feedback)
    place(feedback, next_meeting(upper))


def _answer_down(item: AgendaItem) -> None:
    """A higher level answered: every level below gets it on its next agenda, the submitter
    hears by e-mail."""
    lower = item.escalated_from
    if lower is None:
        return
    now = utcnow()
    while lower is not None:
        lower.answered_at = now
        feedback = AgendaItem(
            series_id=lower.series_id,
            kind=ItemKind.FEEDBACK,
            source=ItemSource.PLATFORM,
            status=ItemStatus.ACCEPTED,
            title=_("Antwoord op: %(t)s", t=item.title)[:TITLE_MAX],
            description=item.outcome_summary,
            answer_item=item,
            escalated_from_id=None,
        )
        db.session.add(feedback)
        place(feedback, next_meeting(lower.series))
        origin = lower
        lower = lower.escalated_from
    notify.answered(origin, item)
