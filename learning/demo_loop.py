"""The learning loop of the demo: a few of Maasdal's patterns and leersessies walked through it.

Why: the demo year alone shows knelpunten and candidate patterns, but nothing the network does
with them. Here the demo users take the steps a real network takes, through the same service
functions the views call (so permissions, the privacy guard and the audit trail all apply):
a pattern rejected, one confirmed with an action and a werkwijze, beslisvragen waiting at both
stuurgroepen, one decided with a follow-up action, and a chain of leersessie series with a
closed session and a planned one. Deterministic: the patterns are picked by size, then id.

Dates are the services' "now": an action's deadline or a session's date in the past is refused
by the services, so the demo does not fake them; the one exception the services themselves
offer is closing a session with the day it really took place (`held_on`).
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.blockages.models import Area
from learning.extensions import db
from learning.patterns.models import LearningOrder, Pattern, PatternMember, PatternState, RootCause
from learning.patterns.triage import confirm, reject
from learning.sessions.agenda import ItemInput, submit_item
from learning.sessions.agreements import AgreementInput
from learning.sessions.closing import close_meeting
from learning.sessions.models import ItemKind, Outcome, SessionLevel
from learning.sessions.outcomes import OutcomeInput, record_outcome
from learning.sessions.planning import plan_meeting
from learning.sessions.series import SeriesInput, create_series, set_champion_areas
from learning.tables.actions import ActionInput, add_action
from learning.tables.escalation import DecisionInput, DossierInput, decide, escalate
from learning.tables.models import DecisionRequest
from learning.tables.practices import record_practice
from learning.timeutil import today

PATTERNS_NEEDED = 5


def _patterns() -> list[Pattern]:
    """The largest candidate patterns first: the ones a werktafel would pick up."""
    size = (
        select(PatternMember.pattern_id, func.count().label("n"))
        .group_by(PatternMember.pattern_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Pattern)
            .join(size, size.c.pattern_id == Pattern.id)
            .where(Pattern.state.in_([PatternState.CANDIDATE, PatternState.NEW]))
            .order_by(size.c.n.desc(), Pattern.id)
        )
    )


def _confirm(chair: User, pattern: Pattern, order: str = LearningOrder.SECOND) -> Pattern:
    return confirm(
        chair,
        pattern,
        pattern.title or "Patroon uit de demo",
        pattern.description or "Meerdere organisaties melden hetzelfde knelpunt.",
        RootCause.REGULATION,
        order,
    )


def _escalate(chair: User, pattern: Pattern, question: str) -> DecisionRequest:
    return escalate(
        chair,
        pattern,
        DossierInput(
            question=question,
            options=["Ruimte voor maatwerk vastleggen", "Landelijk agenderen"],
            tried="De werktafel loste losse gevallen op met maatwerk; het patroon bleef.",
            impact="Huishoudens raken verder achter en melden zich later opnieuw.",
        ),
    )


def walk_patterns(users: dict[str, User]) -> dict[str, Pattern]:
    """Each pattern a step further along the ladder; returns them by what was done."""
    patterns = _patterns()
    if len(patterns) < PATTERNS_NEEDED:
        raise RuntimeError(f"De demo vond {len(patterns)} patronen; nodig: {PATTERNS_NEEDED}.")
    karin, bas = users["karin"], users["bas"]
    rejected, confirmed, civil, executive, decided = patterns[:PATTERNS_NEEDED]

    reject(karin, rejected, "Eenmalig: maatwerk van de consulent volstond in deze gevallen.")

    _confirm(karin, confirmed)
    add_action(
        karin,
        confirmed,
        ActionInput(
            what="Werkinstructie aanpassen en bespreken in het teamoverleg",
            owner_id=users["marloes"].id,
            due_on=today(),  # the earliest deadline the service accepts
        ),
    )
    record_practice(
        karin,
        confirmed,
        "Eerst samen bellen, dan pas de brief",
        "De consulent belt samen met het huishouden de instantie en legt de afspraak direct "
        "vast; zo komt er geen tweede aanmaning.",
    )

    _confirm(karin, civil)
    _escalate(karin, civil, "Mag de werktafel afwijken van de standaardtermijn bij schuldhulp?")

    _confirm(karin, executive)
    _escalate(karin, executive, "Kan de ambtelijke stuurgroep ruimte geven voor maatwerk?")
    _escalate(bas, executive, "Stelt het college budget beschikbaar voor een vast loket?")

    _confirm(karin, decided)
    request = _escalate(karin, decided, "Kunnen de organisaties één aanmeldroute afspreken?")
    work_table = request.from_table
    decide(
        bas,
        request,
        DecisionInput(
            text="De organisaties werken met één gezamenlijke aanmeldroute vanaf het komend "
            "kwartaal.",
            follow_up_table_id=work_table.id,
            follow_ups=[
                ActionInput(
                    what="Gezamenlijke aanmeldroute uitwerken en invoeren",
                    owner_id=karin.id,
                    due_on=today() + timedelta(weeks=6),
                )
            ],
        ),
    )
    return {
        "afgewezen": rejected,
        "bevestigd": confirmed,
        "ambtelijk": civil,
        "bestuurlijk": executive,
        "besloten": decided,
    }


def walk_sessions(users: dict[str, User]) -> dict[str, object]:
    """The series the sessions helper recommends, chained upward, with one session held."""
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
    # Sessions can only be planned in the future; the one already held is closed with the day
    # it took place, which the closing service allows.
    held = plan_meeting(lotte, uitvoering, today() + timedelta(days=1), time(15, 0))
    db.session.flush()
    item = submit_item(
        users["sanne"],
        uitvoering,
        ItemInput(
            kind=ItemKind.CASUS,
            title="Huishouden valt tussen wijkteam en schuldhulp",
            description="Niemand voelt zich eigenaar zodra beide trajecten tegelijk lopen.",
            meeting_id=held.id,
        ),
    )
    record_outcome(
        lotte,
        item,
        OutcomeInput(
            outcome=Outcome.SOLVED,
            notes="Afgesproken wie de regie houdt zolang beide trajecten lopen.",
            summary="Het wijkteam houdt de regie; schuldhulp sluit aan.",
            agreements=[
                AgreementInput(
                    what="Regieafspraak opnemen in de werkinstructie van het wijkteam",
                    owner_id=users["sanne"].id,
                )
            ],
        ),
    )
    close_meeting(
        lotte,
        held,
        went_well="Concrete casus, iedereen bracht iets in.",
        can_improve="Meer tijd voor de tweede casus.",
        held_on=today() - timedelta(days=14),
    )
    upcoming = plan_meeting(lotte, uitvoering, today() + timedelta(days=28), time(15, 0))
    db.session.flush()
    submit_item(
        users["mehmet"],
        uitvoering,
        ItemInput(
            kind=ItemKind.DILEMMA,
            title="Terugvordering toeslag tijdens een schuldregeling",
            description="Wachten op de terugvordering of de regeling toch starten?",
            meeting_id=upcoming.id,
        ),
    )
    return {"series": [bestuur, management, uitvoering], "held": held, "upcoming": upcoming}
