"""The leersessies of the demo year: three chained series, held on their own days.

Why: a series with only a planned meeting shows nothing of how leersessies work. Here, on
the timeline (see demo_timeline), the Ruwaard professionals, the managers and the bestuurders
meet all half-year: each meeting is planned a month ahead, items are submitted, residents
come as guests, outcomes and afspraken are recorded, six-week checks are done at the meeting
they land on (one is left overdue), and a dilemma goes up two levels (professionals ->
managers -> bestuur) and its answer comes back down. Two more dilemmas are on their way up
now, on the agendas of the coming meetings. All through the services the views call.
"""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from learning.accounts.models import User
from learning.blockages.models import Area
from learning.demo_timeline import Timeline, day, weekday_ago
from learning.extensions import db
from learning.sessions.agenda import ItemInput, submit_item
from learning.sessions.agreements import AgreementInput, check_agreement
from learning.sessions.attendance import add_guest, record_presence
from learning.sessions.closing import close_meeting
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    CheckResult,
    GuestKind,
    ItemKind,
    LearningSession,
    Outcome,
    Presence,
    SessionLevel,
    SessionSeries,
)
from learning.sessions.outcomes import OutcomeInput, record_outcome
from learning.sessions.planning import plan_meeting
from learning.sessions.series import SeriesInput, create_series, set_champion_areas

STARTED = 190  # days ago: the series begin
# Days ago of each series' meetings; negative: still to come.
RUWAARD = (170, 135, 100, 65, 35, 14, -14, -42)
MANAGEMENT = (160, 125, 95, 60, 25, -10)
BESTUUR = (150, 90, 30, -30)
# Days a meeting is planned before it takes place: the bestuur plans two months ahead, so a
# dilemma from below always finds its next meeting.
PLAN_AHEAD = {"ruwaard": 30, "management": 30, "bestuur": 60}
OVERDUE_CHECK_LEFT_AT = 14  # the meeting where one six-week check was not done

# (series key, days ago of the meeting) -> what is brought in: (who, kind, title, description)
ITEMS: dict[tuple[str, int], list[tuple[str, str, str, str]]] = {
    ("ruwaard", 170): [
        (
            "sanne",
            ItemKind.CASUS,
            "Huishouden valt tussen wijkteam en schuldhulp",
            "Niemand voelt zich eigenaar zodra beide trajecten tegelijk lopen.",
        ),
    ],
    ("ruwaard", 135): [
        (
            "fatima",
            ItemKind.CASUS,
            "Beslag laat te weinig leefgeld over",
            "Drie beslagleggers houden elk geld in; samen blijft er te weinig over.",
        ),
    ],
    ("ruwaard", 100): [
        (
            "mehmet",
            ItemKind.DILEMMA,
            "Terugvordering toeslag tijdens een schuldregeling",
            "Wachten op de terugvordering of de regeling toch starten?",
        ),
        (
            "ingrid",
            ItemKind.CASUS,
            "Huurachterstand na inwoning van een volwassen kind",
            "De huur blijft liggen sinds de uitkering is verlaagd.",
        ),
    ],
    ("ruwaard", 65): [
        (
            "ravi",
            ItemKind.CASUS,
            "Wachten op de Wmo-indicatie na ontslag uit het ziekenhuis",
            "Thuis is hulp nodig, de indicatie laat weken op zich wachten.",
        ),
    ],
    ("ruwaard", 35): [
        (
            "sanne",
            ItemKind.CASUS,
            "Jongere net achttien, jeugdhulp stopt",
            "De Wmo-begeleiding is nog niet aangevraagd; wie neemt het over?",
        ),
    ],
    ("ruwaard", 14): [
        (
            "mehmet",
            ItemKind.DILEMMA,
            "Kostendelersnorm bij een kind dat tijdelijk terugkeert",
            "Mag de consulent de norm een paar maanden niet toepassen?",
        ),
    ],
    ("ruwaard", -14): [
        (
            "fatima",
            ItemKind.DILEMMA,
            "Energieschuld terwijl de aanmelding bij schuldhulp loopt",
            "Direct een garantie afgeven of wachten op het garantiefonds?",
        ),
    ],
    ("management", 125): [
        (
            "marloes",
            ItemKind.CASUS,
            "Wie houdt de regie bij wijkteam en schuldhulp samen?",
            "De werkinstructies van beide teams zeggen iets anders.",
        ),
    ],
    ("management", 25): [
        (
            "marloes",
            ItemKind.DILEMMA,
            "Budget voor tolken in het sociaal domein",
            "Geen van de organisaties vergoedt een tolk; wie betaalt?",
        ),
    ],
    ("bestuur", 150): [
        (
            "directeur",
            ItemKind.QUESTION,
            "Hoe voorkomen we huisuitzetting bij huurachterstand?",
            "De corporatie wil eerder samen met het wijkteam op bezoek.",
        ),
    ],
}
# (series key, meeting days ago, title) -> what the meeting did with it
OUTCOMES: dict[tuple[str, int, str], tuple[str, str, str, str | None]] = {}
ESCALATE = {  # items the meeting could not solve: up one level, with these notes
    ("ruwaard", 100): "Ligt buiten wat de professionals zelf kunnen afspreken.",
    ("management", 95): "Vraagt om een keuze van het college.",
    ("ruwaard", 14): "Vraagt om ruimte van de managers.",
    ("management", 25): "Vraagt om budget: naar de bestuurlijke leersessie.",
}


class SessionWalk:
    def __init__(self, timeline: Timeline, users: dict[str, User]) -> None:
        self.timeline = timeline
        self.users = users
        self.series: dict[str, SessionSeries] = {}
        self.facilitator: dict[str, User] = {}
        self.meetings: dict[tuple[str, int], LearningSession] = {}

    def create(self) -> None:
        users = self.users
        admin, lotte, karin = users["beheer"], users["lotte"], users["karin"]
        ruwaard = db.session.scalar(select(Area).where(Area.name == "Ruwaard"))
        set_champion_areas(admin, lotte, [ruwaard.id])
        bestuur = create_series(
            users["wethouder"],
            SeriesInput(
                name="Bestuurlijke leersessie",
                level=SessionLevel.BESTUUR,
                secretary_id=users["bas"].id,
                member_ids=[users["directeur"].id],
            ),
        )
        management = create_series(
            karin,
            SeriesInput(
                name="Managersoverleg Maasdal",
                level=SessionLevel.MANAGEMENT,
                facilitator_ids=[karin.id, users["marloes"].id],
                member_ids=[users["bas"].id],
                escalates_to_id=bestuur.id,
            ),
        )
        professionals = [users[k] for k in ("sanne", "mehmet", "ingrid", "fatima", "ravi")]
        uitvoering = create_series(
            lotte,
            SeriesInput(
                name="Leersessie Ruwaard",
                level=SessionLevel.UITVOERING,
                area_id=ruwaard.id,
                location="Wijkcentrum Ruwaard",
                member_ids=[u.id for u in professionals],
                escalates_to_id=management.id,
            ),
        )
        self.series = {"bestuur": bestuur, "management": management, "ruwaard": uitvoering}
        self.facilitator = {"bestuur": users["wethouder"], "management": karin, "ruwaard": lotte}

    def plan(self, key: str, days_ago: int) -> None:
        meeting = plan_meeting(
            self.facilitator[key],
            self.series[key],
            day(weekday_ago(days_ago)),
            time(15, 0),
            time(17, 0),
        )
        db.session.flush()
        self.meetings[(key, days_ago)] = meeting

    def bring_in(self, key: str, days_ago: int) -> None:
        for who, kind, title, description in ITEMS.get((key, days_ago), []):
            submit_item(
                self.users[who],
                self.series[key],
                ItemInput(
                    kind=kind,
                    title=title,
                    description=description,
                    meeting_id=self.meetings[(key, days_ago)].id,
                ),
            )

    def invite_resident(self, key: str, days_ago: int) -> None:
        add_guest(
            self.facilitator[key],
            self.meetings[(key, days_ago)],
            GuestKind.RESIDENT,
            "ervaringsdeskundige",
        )

    def hold(self, key: str, days_ago: int) -> None:
        """The meeting itself: presence, every item handled, the checks, then closing."""
        meeting = self.meetings[(key, days_ago)]
        actor = self.facilitator[key]
        db.session.expire(meeting)
        record_presence(
            actor,
            meeting,
            {u.id: Presence.PRESENT for u in meeting.attendees},
            {g.id: Presence.PRESENT for g in meeting.guests},
        )
        items = db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.session_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).all()
        for item in items:
            if item.is_handled:
                continue
            if item.kind == ItemKind.AGREEMENT_CHECK:
                if days_ago != OVERDUE_CHECK_LEFT_AT:
                    self._check(actor, item)
                continue
            self._handle(actor, key, days_ago, item)
        close_meeting(
            actor,
            meeting,
            went_well="Concrete casussen, iedereen bracht iets in.",
            can_improve="Meer tijd voor de laatste casus.",
        )

    def _check(self, actor: User, item: AgendaItem) -> None:
        agreement = db.session.scalar(select(Agreement).where(Agreement.check_item_id == item.id))
        if agreement is not None and agreement.status == AgreementStatus.OPEN:
            check_agreement(
                actor, agreement, CheckResult.DONE, "Afgerond, staat in de werkinstructie."
            )

    def _handle(self, actor: User, key: str, days_ago: int, item: AgendaItem) -> None:
        if (key, days_ago) in ESCALATE and item.kind == ItemKind.DILEMMA:
            record_outcome(
                actor, item, OutcomeInput(Outcome.ESCALATED, notes=ESCALATE[(key, days_ago)])
            )
        elif item.kind == ItemKind.FEEDBACK or key == "bestuur":
            record_outcome(
                actor,
                item,
                OutcomeInput(
                    Outcome.DISCUSSED,
                    notes="Besproken en meegenomen.",
                    summary=_answer(key, item),
                ),
            )
        else:
            owner = item.submitted_by or actor
            record_outcome(
                actor,
                item,
                OutcomeInput(
                    Outcome.SOLVED,
                    notes="Samen een werkbare afspraak gemaakt.",
                    summary="Er is een afspraak gemaakt over wie wat doet.",
                    agreements=[
                        AgreementInput(
                            what=f"Afspraak uitwerken in de werkinstructie: {item.title}"[:200],
                            owner_id=owner.id,
                        )
                    ],
                ),
            )


def _answer(key: str, item: AgendaItem) -> str:
    if key != "bestuur":
        return "Het antwoord van boven is besproken en wordt toegepast."
    if item.escalated_from_id is not None:
        return (
            "Het college start een proef: de schuldregeling gaat door en de terugvordering "
            "wacht tot de regeling klaar is."
        )
    return "De corporatie en het wijkteam gaan bij een huurachterstand samen op huisbezoek."


def walk_sessions(timeline: Timeline, users: dict[str, User]) -> SessionWalk:
    """Register the series and every meeting of the half-year on the timeline."""
    walk = SessionWalk(timeline, users)
    timeline.at(STARTED, 9, "leersessiereeksen gestart", walk.create)
    for key, dates in (("ruwaard", RUWAARD), ("management", MANAGEMENT), ("bestuur", BESTUUR)):
        for days_ago in dates:
            planned_on = max(0, min(STARTED - 1, days_ago + PLAN_AHEAD[key]))
            timeline.at(planned_on, 9, f"{key} gepland", lambda k=key, d=days_ago: walk.plan(k, d))
            timeline.at(
                max(days_ago + 7, 0) if days_ago >= 0 else 0,
                10,
                f"{key} agenda",
                lambda k=key, d=days_ago: walk.bring_in(k, d),
            )
            if key == "ruwaard" and days_ago in (100, 35, -14):
                timeline.at(
                    max(days_ago + 3, 0),
                    11,
                    "wijkbewoner uitgenodigd",
                    lambda k=key, d=days_ago: walk.invite_resident(k, d),
                )
            if days_ago > 0:
                timeline.at(
                    weekday_ago(days_ago),
                    17,
                    f"{key} gehouden",
                    lambda k=key, d=days_ago: walk.hold(k, d),
                )
    return walk
