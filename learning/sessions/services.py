"""Run the leersessie ladder: series, sessions, the agenda, outcomes, afspraken and guests."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.audit.services import record
from learning.blockages.models import Area, Handling
from learning.blockages.services import BlockageInput, PersonalDataFound, log_blockage
from learning.errors import Conflict, DomainError, Forbidden, NotFound
from learning.extensions import db
from learning.patterns.models import LearningOrder, Pattern, PatternState
from learning.patterns.services import endorse, get_pattern, join_pattern
from learning.patterns.states import transition
from learning.privacy import Finding, mask, mask_text, scan
from learning.sessions import notify
from learning.sessions.models import (
    AGREEMENT_WEEKS,
    ANSWERS,
    LEVEL_LABELS,
    SUBMITTABLE_KINDS,
    AgendaItem,
    Agreement,
    AgreementStatus,
    Guest,
    GuestKind,
    ItemKind,
    ItemSource,
    ItemStatus,
    LearningSession,
    Outcome,
    SessionLevel,
    SessionSeries,
    SessionStatus,
    new_token,
)
from learning.sessions.queries import (
    agenda,
    can_facilitate,
    can_view,
    first_session_on_or_after,
    higher_series,
    is_member,
    next_session,
    overlapping,
)
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import local_date, to_utc, today, utcnow
from learning.unit_of_work import enqueue_after_commit

logger = logging.getLogger(__name__)

TITLE_MAX = 200
TEXT_MAX = 5000


# --- lookups and permission checks ---------------------------------------------------------


def _get(model, object_id: int, message: str):
    found = db.session.get(model, object_id)
    if found is None:
        raise NotFound(message)
    return found


def get_series(series_id: int) -> SessionSeries:
    return _get(SessionSeries, series_id, _("Deze leersessiereeks bestaat niet."))


def get_session(session_id: int) -> LearningSession:
    return _get(LearningSession, session_id, _("Deze leersessie bestaat niet."))


def get_item(item_id: int) -> AgendaItem:
    return _get(AgendaItem, item_id, _("Dit agendapunt bestaat niet."))


def get_agreement(agreement_id: int) -> Agreement:
    return _get(Agreement, agreement_id, _("Deze afspraak bestaat niet."))


def get_user(user_id: int | None) -> User:
    user = db.session.get(User, user_id) if user_id else None
    if user is None or not user.active:
        raise DomainError(_("Kies een actieve gebruiker."))
    return user


def check_facilitator(user: User, series: SessionSeries) -> None:
    if not can_facilitate(user, series):
        raise Forbidden(_("Alleen de aanjager van deze leersessiereeks kan dit doen."))


def check_viewer(user: User, series: SessionSeries) -> None:
    if not can_view(user, series):
        raise Forbidden(_("U neemt geen deel aan deze leersessiereeks."))


def _check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != obj.version:
        raise Conflict(_("Dit is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."))


# --- series --------------------------------------------------------------------------------


@dataclass
class SeriesInput:
    name: str
    level: str
    facilitator_id: int | None = None
    area_id: int | None = None
    location: str = ""
    weekday: int | None = None
    week_of_month: int | None = None
    start_time: time | None = None
    duration_minutes: int = 120
    escalates_to_id: int | None = None
    member_ids: list[int] = field(default_factory=list)


def create_series(actor: User, data: SeriesInput) -> SessionSeries:
    """Programme team and aanjagers set up a series; an aanjager facilitates by default."""
    if not actor.has_role(Role.CHAMPION):
        raise Forbidden(_("Alleen aanjagers en het programmateam maken leersessiereeksen aan."))
    name = mask_text((data.name or "").strip())
    problems = []
    if not name:
        problems.append(_("Geef de reeks een naam."))
    elif db.session.scalar(select(SessionSeries.id).where(SessionSeries.name == name)):
        problems.append(_("Er bestaat al een leersessiereeks met deze naam."))
    if data.level not in {level.value for level in SessionLevel}:
        problems.append(_("Kies het niveau: uitvoering, management of bestuur."))
    if data.duration_minutes is None or not 15 <= data.duration_minutes <= 600:
        problems.append(_("Een leersessie duurt tussen 15 minuten en 10 uur."))
    recurrence = (data.weekday, data.week_of_month, data.start_time)
    if any(v is not None for v in recurrence) and None in recurrence:
        problems.append(_("Vul voor de herhaling de weekdag, de week van de maand en de tijd in."))
    if data.area_id is not None and db.session.get(Area, data.area_id) is None:
        problems.append(_("Deze wijk bestaat niet."))
    escalates_to = get_series(data.escalates_to_id) if data.escalates_to_id else None
    if (
        escalates_to is not None
        and data.level in {level.value for level in SessionLevel}
        and escalates_to.level != SessionLevel(data.level).higher
    ):
        problems.append(_("Doorzetten kan alleen naar een reeks precies één niveau hoger."))
    if problems:
        raise DomainError(" ".join(problems))
    facilitator = get_user(data.facilitator_id) if data.facilitator_id else actor
    series = SessionSeries(
        name=name[:200],
        level=data.level,
        area_id=data.area_id,
        facilitator=facilitator,
        location=mask_text(data.location.strip())[:200],
        weekday=data.weekday,
        week_of_month=data.week_of_month,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        escalates_to=escalates_to,
        members=[get_user(i) for i in dict.fromkeys(data.member_ids)],
    )
    db.session.add(series)
    record(actor, "session_series.created", series, name=series.name, level=series.level)
    return series


def add_member(actor: User, series: SessionSeries, user: User) -> None:
    """A new member is also invited to the sessions already planned."""
    check_facilitator(actor, series)
    if not user.active:
        raise DomainError(_("Dit account is niet (meer) actief."))
    if user in series.members:
        return
    series.members.append(user)
    for session in _planned(series):
        if user not in session.attendees:
            session.attendees.append(user)
            session.sequence += 1
    record(actor, "session_series.member_added", series, user=user.id)


def remove_member(
    actor: User, series: SessionSeries, user: User, new_owner: User | None = None
) -> int:
    """A member leaves: their open afspraken in this series get a new owner, nothing is lost."""
    check_facilitator(actor, series)
    if user in series.members:
        series.members.remove(user)
    for session in _planned(series):
        if user in session.attendees:
            session.attendees.remove(user)
    moved = handover_agreements(actor, user, new_owner, series=series)
    record(actor, "session_series.member_removed", series, user=user.id, agreements=moved)
    return moved


def _planned(series: SessionSeries) -> list[LearningSession]:
    return list(
        db.session.scalars(
            select(LearningSession).where(
                LearningSession.series_id == series.id,
                LearningSession.status == SessionStatus.PLANNED,
                LearningSession.starts_at >= utcnow(),
            )
        )
    )


# --- sessions ------------------------------------------------------------------------------


def occurrences(series: SessionSeries, after: date, count: int) -> list[date]:
    """The next `count` dates of the series' rule (e.g. every second Tuesday) from `after`."""
    if not series.has_recurrence:
        return []
    found: list[date] = []
    month = after.replace(day=1)
    while len(found) < count:
        next_month = (month + timedelta(days=32)).replace(day=1)
        matching = [
            month + timedelta(days=n)
            for n in range((next_month - month).days)
            if (month + timedelta(days=n)).weekday() == series.weekday
        ]
        # Every month has at least four of each weekday, so the index always exists.
        chosen = matching[series.week_of_month - 1 if series.week_of_month > 0 else -1]
        if chosen >= after:
            found.append(chosen)
        month = next_month
    return found


def plan_session(
    actor: User,
    series: SessionSeries,
    day: date,
    start: time,
    end: time | None = None,
    location: str = "",
) -> LearningSession:
    check_facilitator(actor, series)
    starts_at = to_utc(day, start)
    ends_at = (
        to_utc(day, end)
        if end is not None
        else starts_at + timedelta(minutes=series.duration_minutes)
    )
    if starts_at < utcnow():
        raise DomainError(
            _("Deze datum en tijd liggen in het verleden. Kies een moment in de toekomst.")
        )
    if ends_at <= starts_at:
        raise DomainError(_("De eindtijd moet na de begintijd liggen."))
    clash = overlapping(series, starts_at, ends_at)
    if clash is not None:
        raise DomainError(
            _(
                "Deze leersessie overlapt met een andere leersessie van dezelfde reeks "
                "(%(when)s). Kies een ander moment.",
                when=local_date(clash.starts_at).strftime("%d-%m-%Y"),
            )
        )
    session = LearningSession(
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        location=mask_text(location.strip())[:200] or series.location,
        attendees=[u for u in {*series.members, series.facilitator} if u is not None and u.active],
    )
    db.session.add(session)
    record(actor, "session.planned", session, starts_at=starts_at.isoformat())
    refresh_agenda(session)
    return session


def plan_recurring(actor: User, series: SessionSeries, count: int = 3) -> list[LearningSession]:
    """Plan the next sessions of the series' rule; dates already planned are skipped."""
    check_facilitator(actor, series)
    if not series.has_recurrence:
        raise DomainError(_("Deze reeks heeft geen vaste herhaling. Plan de leersessie los in."))
    planned = []
    for day in occurrences(series, today(), count):
        starts_at = to_utc(day, series.start_time)
        ends_at = starts_at + timedelta(minutes=series.duration_minutes)
        if starts_at < utcnow() or overlapping(series, starts_at, ends_at) is not None:
            continue
        planned.append(plan_session(actor, series, day, series.start_time))
    return planned


def cancel_session(actor: User, session: LearningSession) -> None:
    """Cancelled sessions pass their agenda on to the next one."""
    check_facilitator(actor, session.series)
    if session.status != SessionStatus.PLANNED:
        raise DomainError(_("Alleen een geplande leersessie kan worden geannuleerd."))
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    moved = _postpone_open_items(session)
    record(actor, "session.cancelled", session, moved=moved)


def refresh_agenda(session: LearningSession) -> None:
    """Put on the agenda what belongs there: waiting items and afspraken due for their check.

    Idempotent: safe to call whenever a session is planned or the day starts.
    """
    if session.status != SessionStatus.PLANNED:
        return
    db.session.flush()
    if next_session(session.series) is session:
        for item in db.session.scalars(
            select(AgendaItem).where(
                AgendaItem.series_id == session.series_id,
                AgendaItem.session_id.is_(None),
                AgendaItem.status != ItemStatus.HANDLED,
                AgendaItem.kind != ItemKind.AGREEMENT_CHECK,
            )
        ):
            _place(item, session)
    for agreement in db.session.scalars(
        select(Agreement).where(
            Agreement.series_id == session.series_id,
            Agreement.status == AgreementStatus.OPEN,
            Agreement.due_on <= local_date(session.starts_at),
        )
    ):
        schedule_check(agreement)


def refresh_agendas() -> int:
    """The daily safety net: every upcoming session gets what is due."""
    sessions = db.session.scalars(
        select(LearningSession).where(
            LearningSession.status == SessionStatus.PLANNED, LearningSession.ends_at >= utcnow()
        )
    ).all()
    for session in sessions:
        refresh_agenda(session)
    return len(sessions)


def _place(item: AgendaItem, session: LearningSession | None) -> None:
    """Append the item to the session's agenda, or let it wait for the next session."""
    item.session = session
    if session is None:
        item.position = 0
        return
    db.session.flush()
    last = db.session.scalar(
        select(func.max(AgendaItem.position)).where(
            AgendaItem.session_id == session.id, AgendaItem.id != item.id
        )
    )
    item.position = (last or 0) + 1


def _postpone(item: AgendaItem) -> None:
    current = item.session
    target = next_session(item.series, after=current.starts_at) if current else None
    item.postponed_count += 1
    _place(item, target)


def _postpone_open_items(session: LearningSession) -> int:
    """Nothing is lost: what a session did not handle moves on to the next one."""
    items = [item for item in agenda(session) if not item.is_handled]
    for item in items:
        _postpone(item)
    return len(items)


# --- guests --------------------------------------------------------------------------------


def add_guest(
    actor: User,
    session: LearningSession,
    kind: str = GuestKind.RESIDENT,
    name: str = "",
    email: str = "",
    invite: bool = False,
) -> Guest:
    """Residents and others without an account; by e-mail only when an address is given."""
    check_facilitator(actor, session.series)
    if session.status != SessionStatus.PLANNED:
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
    guest = Guest(session=session, kind=kind, name=name.strip()[:120] or None, email=address)
    db.session.add(guest)
    db.session.flush()
    if invite:
        notify.guest_invitation(guest)
        guest.invited_at = utcnow()
    record(actor, "session.guest_added", session, guest=guest.id, invited=invite)
    return guest


# --- submitting to the agenda --------------------------------------------------------------


@dataclass
class ItemInput:
    kind: str
    title: str
    description: str = ""
    pattern_id: int | None = None
    session_id: int | None = None
    mask_personal_data: bool = False


def scan_item(data: ItemInput) -> dict[str, list[Finding]]:
    found = {name: scan(getattr(data, name)) for name in ("title", "description")}
    return {name: findings for name, findings in found.items() if findings}


def mask_item(data: ItemInput) -> ItemInput:
    for name, findings in scan_item(data).items():
        setattr(data, name, mask(getattr(data, name), findings))
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


def _target_session(series: SessionSeries, session_id: int | None) -> LearningSession | None:
    if not session_id:
        return next_session(series)
    session = db.session.get(LearningSession, session_id)
    if (
        session is None
        or session.series_id != series.id
        or session.status != SessionStatus.PLANNED
        or session.end < utcnow()
    ):
        raise DomainError(
            _("U kunt alleen punten inbrengen voor een komende leersessie van deze reeks.")
        )
    return session


def submit_item(user: User, series: SessionSeries, data: ItemInput) -> AgendaItem:
    """A participant brings in a casus, dilemma, pattern or question before the session."""
    if not (is_member(user, series) or can_facilitate(user, series)):
        raise Forbidden(_("Alleen deelnemers van deze leersessiereeks kunnen punten inbrengen."))
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
    _place(item, _target_session(series, data.session_id))
    record(user, "agenda_item.submitted", item, kind=item.kind, session=item.session_id)
    return item


def flag_pattern(
    actor: User, series: SessionSeries, pattern: Pattern, note: str = ""
) -> AgendaItem:
    """A learning table (its chair) or the facilitator puts a pattern up for discussion."""
    table_chair = pattern.table is not None and pattern.table.is_run_by(actor)
    if not (table_chair or can_facilitate(actor, series)):
        raise Forbidden(
            _("Alleen de voorzitter van de tafel van dit patroon of de aanjager kan dit agenderen.")
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
    _place(item, next_session(series))
    record(actor, "agenda_item.pattern_flagged", item, pattern=pattern.id)
    return item


@dataclass
class SystemBlockageInput:
    title: str
    description: str
    domains: list[str]
    mask_personal_data: bool = False


def executive_steering_table() -> LearningTable | None:
    return db.session.scalar(
        select(LearningTable)
        .where(LearningTable.kind == TableKind.EXECUTIVE_STEERING)
        .order_by(LearningTable.id)
        .limit(1)
    )


def put_system_blockage_on_agenda(
    executive: User, series: SessionSeries, data: SystemBlockageInput
) -> AgendaItem:
    """A bestuurder puts a systeemknelpunt on the agenda: a knelpunt plus a pattern that goes
    straight to third-order learning at the bestuurlijke stuurgroep."""
    if series.level != SessionLevel.BESTUUR:
        raise DomainError(
            _("Systeemknelpunten agenderen kan alleen in de bestuurlijke leersessie.")
        )
    if not executive.has_role(Role.EXECUTIVE) or not (
        is_member(executive, series) or executive.is_admin
    ):
        raise Forbidden(
            _("Alleen bestuurders in deze leersessie kunnen een systeemknelpunt agenderen.")
        )
    table = executive_steering_table()
    if table is None:
        raise DomainError(
            _("Er is nog geen bestuurlijke stuurgroep. Vraag het programmateam die aan te maken.")
        )
    blockage = log_blockage(
        executive,
        BlockageInput(
            title=data.title,
            description=data.description,
            domains=data.domains,
            handling=Handling.NOT_SOLVED,
            mask_personal_data=data.mask_personal_data,
        ),
    )
    now = utcnow()
    pattern = Pattern(
        title=blockage.title,
        description=blockage.description,
        state=PatternState.CANDIDATE,
        order=LearningOrder.THIRD,
        table=table,
        confirmed_at=now,  # the bestuurder's title stays; the engine does not rename it
        queued_at=now,
    )
    db.session.add(pattern)
    db.session.flush()
    join_pattern(executive, blockage, pattern)
    transition(
        executive,
        pattern,
        PatternState.IN_PROGRESS,
        _("Door een bestuurder geagendeerd bij %(table)s: derde orde leren.", table=table.name),
        session_series=series.id,
    )
    item = AgendaItem(
        series=series,
        kind=ItemKind.SYSTEM,
        source=ItemSource.EXECUTIVE,
        status=ItemStatus.ACCEPTED,
        title=blockage.title,
        description=blockage.description,
        blockage=blockage,
        pattern=pattern,
        submitted_by=executive,
    )
    db.session.add(item)
    _place(item, next_session(series))
    record(executive, "agenda_item.system_blockage", item, blockage=blockage.id, pattern=pattern.id)
    return item


# --- the facilitator runs the agenda -------------------------------------------------------


def _check_open(item: AgendaItem) -> None:
    if item.is_handled:
        raise DomainError(_("Dit agendapunt is al behandeld."))


def accept_item(actor: User, item: AgendaItem) -> None:
    check_facilitator(actor, item.series)
    _check_open(item)
    item.status = ItemStatus.ACCEPTED
    record(actor, "agenda_item.accepted", item)


def postpone_item(actor: User, item: AgendaItem) -> LearningSession | None:
    """Move the item to the next session of the series (or let it wait for one)."""
    check_facilitator(actor, item.series)
    _check_open(item)
    _postpone(item)
    record(actor, "agenda_item.postponed", item, to=item.session_id)
    return item.session


def move_item(actor: User, item: AgendaItem, direction: str) -> None:
    """Swap the item with its neighbour on the agenda ('up' or 'down')."""
    check_facilitator(actor, item.series)
    if item.session is None:
        raise DomainError(_("Dit punt staat nog niet op een leersessie."))
    items = agenda(item.session)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position


# --- outcomes ------------------------------------------------------------------------------


@dataclass
class AgreementInput:
    what: str
    owner_id: int | None
    due_on: date | None = None


@dataclass
class OutcomeInput:
    outcome: str
    notes: str = ""
    summary: str = ""
    agreements: list[AgreementInput] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)  # for a new systeemknelpunt
    pattern_id: int | None = None  # link an existing pattern instead


def record_outcome(actor: User, item: AgendaItem, data: OutcomeInput) -> AgendaItem:
    """The one entry for what a session decided about an item."""
    handlers = {
        Outcome.SOLVED: lambda: solve_item(actor, item, data.notes, data.summary, data.agreements),
        Outcome.ESCALATED: lambda: escalate_item(actor, item, data.notes),
        Outcome.SYSTEM: lambda: mark_system_blockage(
            actor, item, data.notes, data.summary, data.domains, data.pattern_id
        ),
        Outcome.DISCUSSED: lambda: mark_discussed(actor, item, data.notes, data.summary),
    }
    handler = handlers.get(data.outcome)
    if handler is None:
        raise DomainError(_("Kies de uitkomst van dit agendapunt."))
    handler()
    return item


def _decide(actor: User, item: AgendaItem, outcome: Outcome, notes: str, summary: str) -> None:
    check_facilitator(actor, item.series)
    _check_open(item)
    if item.session is None or item.session.status == SessionStatus.CANCELLED:
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


def mark_discussed(actor: User, item: AgendaItem, notes: str = "", summary: str = "") -> None:
    _decide(actor, item, Outcome.DISCUSSED, notes, summary)


def solve_item(
    actor: User,
    item: AgendaItem,
    notes: str,
    summary: str,
    agreements: list[AgreementInput],
) -> list[Agreement]:
    """Solved at this level: at least one afspraak (what, who, by when; default six weeks)."""
    wanted = [a for a in agreements if (a.what or "").strip()]
    if not wanted:
        raise DomainError(
            _("Leg bij een oplossing minstens één afspraak vast: wat, wie en wanneer.")
        )
    made = [_make_agreement(actor, item, each) for each in wanted]
    _decide(actor, item, Outcome.SOLVED, notes, summary or "; ".join(a.what for a in made))
    return made


def _make_agreement(actor: User, item: AgendaItem, data: AgreementInput) -> Agreement:
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


def escalate_item(actor: User, item: AgendaItem, notes: str) -> AgendaItem:
    """Not solvable here: the item goes on the next session one level up, with these notes."""
    if not item.can_escalate:
        raise DomainError(_("Dit soort agendapunt kan niet worden doorgezet."))
    if item.series.is_top:
        raise DomainError(
            _(
                "De bestuurlijke leersessie is het hoogste niveau; doorzetten kan niet. "
                "Wat hier niet op te lossen is, gaat naar het landelijk dossier: kies "
                "'Systeemknelpunt' zodat de bestuurlijke stuurgroep het kan escaleren."
            )
        )
    higher = higher_series(item.series)
    if higher is None:
        level = SessionLevel(item.series.level).higher
        raise DomainError(
            _(
                "Er is nog geen leersessiereeks op niveau %(level)s om naar door te zetten. "
                "Vraag het programmateam die aan te maken; het agendapunt blijft staan.",
                level=_(LEVEL_LABELS[level]),
            )
        )
    if not notes.strip():
        raise DomainError(_("Schrijf kort op wat dit niveau heeft besproken; dat gaat mee omhoog."))
    _decide(actor, item, Outcome.ESCALATED, notes, "")
    upper = AgendaItem(
        series=higher,
        kind=item.kind,
        source=ItemSource.ESCALATED,
        status=ItemStatus.ACCEPTED,
        title=item.title,
        description=item.description,
        pattern_id=item.pattern_id,
        blockage_id=item.blockage_id,
        escalated_from=item,
    )
    db.session.add(upper)
    _place(upper, next_session(higher))
    item.outcome_summary = _("Doorgezet naar %(series)s.", series=higher.name)
    record(actor, "agenda_item.escalated", item, to_item=upper.id, to_series=higher.id)
    notify.escalated(item, upper)
    return upper


def mark_system_blockage(
    actor: User,
    item: AgendaItem,
    notes: str,
    summary: str = "",
    domains: list[str] | None = None,
    pattern_id: int | None = None,
) -> AgendaItem:
    """A system knelpunt: link an existing pattern, or log a knelpunt that the pattern engine
    groups, so it enters the learning tables."""
    check_facilitator(actor, item.series)
    _check_open(item)
    if pattern_id:
        pattern = get_pattern(pattern_id)
        endorse(actor, pattern)
        item.pattern = pattern
        text = _("Gekoppeld aan het patroon '%(t)s'.", t=pattern.title)
    elif item.blockage_id is None:
        description = "\n\n".join(p for p in (item.description, mask_text(notes.strip())) if p)
        blockage = log_blockage(
            actor,
            BlockageInput(
                title=item.title[:120],
                description=description,
                domains=list(domains or []),
                handling=Handling.NOT_SOLVED,
            ),
        )
        item.blockage = blockage
        text = _("Als knelpunt gemeld bij de leertafels.")
    else:
        text = _("Het knelpunt ligt al bij de leertafels.")
    _decide(actor, item, Outcome.SYSTEM, notes, summary or text)
    return item


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
        _place(feedback, next_session(lower.series))
        origin = lower
        lower = lower.escalated_from
    notify.answered(origin, item)


# --- afspraken -----------------------------------------------------------------------------


def schedule_check(agreement: Agreement) -> AgendaItem | None:
    """Put the six-week check on the first session on or after the due date (when planned)."""
    if not agreement.is_open:
        return None
    session = first_session_on_or_after(agreement.series, agreement.due_on)
    item = agreement.check_item
    if item is not None and not item.is_handled:
        if item.session is None and session is not None:  # a postponed check stays put
            _place(item, session)
        return item
    if session is None:
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
    _place(item, session)
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
    check_facilitator(actor, agreement.series)
    if not agreement.is_open:
        raise DomainError(_("Deze afspraak is al gecontroleerd."))
    note = mask_text(note.strip())[:TEXT_MAX]
    if result == "verlengd":
        if new_due_on is None or new_due_on <= today():
            raise DomainError(
                _("Kies een nieuwe datum in de toekomst om de afspraak te verlengen.")
            )
        agreement.due_on = new_due_on
        agreement.times_extended += 1
        summary = _("Verlengd tot %(d)s.", d=new_due_on.strftime("%d-%m-%Y"))
    elif result in {AgreementStatus.DONE, AgreementStatus.NOT_DONE}:
        agreement.status = result
        agreement.checked_at = utcnow()
        agreement.checked_by_id = actor.id
        summary = _("Uitgevoerd.") if result == AgreementStatus.DONE else _("Niet uitgevoerd.")
    else:
        raise DomainError(_("Kies: uitgevoerd, niet uitgevoerd of verlengd."))
    agreement.check_note = note
    item = agreement.check_item
    if item is not None and not item.is_handled:
        if item.session is None:  # never reached an agenda: nothing to keep
            agreement.check_item = None
            db.session.delete(item)
        else:
            _decide(actor, item, Outcome.CHECKED, note, summary)
    record(actor, "agreement.checked", agreement, result=result, note=bool(note))
    if result == "verlengd":
        agreement.check_item = None
        schedule_check(agreement)
    return agreement


def reassign_agreement(actor: User, agreement: Agreement, new_owner: User) -> Agreement:
    check_facilitator(actor, agreement.series)
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
        owner = new_owner or agreement.series.facilitator
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


# --- closing -------------------------------------------------------------------------------


def close_session(
    actor: User,
    session: LearningSession,
    went_well: str = "",
    can_improve: str = "",
    expected_version: int | None = None,
) -> int:
    """Close after the session: open items move to the next one, minutes go out by e-mail.

    Returns how many items moved on.
    """
    check_facilitator(actor, session.series)
    _check_version(session, expected_version)
    if session.status != SessionStatus.PLANNED:
        raise DomainError(_("Deze leersessie is al afgesloten of geannuleerd."))
    if session.start > utcnow():
        raise DomainError(_("Deze leersessie is nog niet begonnen. Sluit haar af na afloop."))
    moved = _postpone_open_items(session)
    session.went_well = mask_text(went_well.strip())[:TEXT_MAX]
    session.can_improve = mask_text(can_improve.strip())[:TEXT_MAX]
    session.status = SessionStatus.CLOSED
    session.closed_at = utcnow()
    session.closed_by_id = actor.id
    record(actor, "session.closed", session, moved=moved)
    enqueue_after_commit("learning.sessions.tasks.send_session_minutes", session.id)
    return moved


def send_minutes(session_id: int) -> int:
    """E-mail the minutes to attendees and guests with an address; once per session."""
    session = db.session.get(LearningSession, session_id)
    if session is None or not session.is_closed or session.minutes_sent_at is not None:
        return 0
    sent = notify.minutes(session, agenda(session))
    session.minutes_sent_at = utcnow()
    logger.info("Minutes of session %s sent to %s recipients", session.id, sent)
    return sent


def unsent_minutes() -> list[int]:
    return list(
        db.session.scalars(
            select(LearningSession.id).where(
                LearningSession.status == SessionStatus.CLOSED,
                LearningSession.minutes_sent_at.is_(None),
            )
        )
    )


# --- calendar ------------------------------------------------------------------------------


def reset_calendar_token(user: User) -> str:
    """A new secret feed address; the old one stops working (e.g. after it was shared)."""
    user.calendar_token = new_token()
    record(user, "user.calendar_token_reset", user)
    return user.calendar_token


def user_for_calendar_token(token: str) -> User:
    user = db.session.scalar(select(User).where(User.calendar_token == token)) if token else None
    if user is None or not user.active:
        raise NotFound(_("Deze agenda-link bestaat niet (meer)."))
    return user


def guest_for_token(session: LearningSession, token: str | None) -> Guest | None:
    if not token:
        return None
    return next((g for g in session.guests if g.token == token), None)


def check_can_download(user: User | None, session: LearningSession, token: str | None) -> None:
    if guest_for_token(session, token) is not None:
        return
    if user is None or not user.is_authenticated:
        raise Forbidden(_("Log in om deze uitnodiging te downloaden."))
    if not (can_view(user, session.series) or user.id in {u.id for u in session.attendees}):
        raise Forbidden(_("U neemt geen deel aan deze leersessie."))
