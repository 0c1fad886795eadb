"""The learning loop of the demo: Maasdal's patterns walked through the year, step by step.

Why: knelpunten alone show nothing of what the network does with them. Here the demo users
take the steps a real network takes, each on its own day (see demo_timeline), through the
same service functions the views call, so permissions, the privacy guard, the audit trail,
notifications and deadlines all apply as they would have:

- beslagvrije voet: confirmed, a werkwijze, an action done, solved by a structural fix (the
  werkwijze retired), evaluated; the reports stopped (the before/after effect);
- energieschuld: decided by the ambtelijke stuurgroep in summer, carried out and solved; with
  the cold the reports came back and the pattern reopened (recurrence after a decision);
- uitstroom beschermd wonen: up the ladder to the bestuurlijke stuurgroep, decided there; the
  follow-up action is overdue;
- Wmo-doorlooptijd: confirmed, an endorsed werkwijze, an overdue action, and now a beslisvraag
  waiting at the ambtelijke stuurgroep; kostendelersnorm: one waiting at the bestuurlijke;
- gegevensdeling UWV: split in two; tolk: two patterns merged; pgb: rejected.
The engine may group two themes into one pattern; each story claims a pattern of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from learning.accounts.models import User
from learning.demo_timeline import Timeline, day
from learning.demo_year import THEMES
from learning.extensions import db
from learning.patterns.models import LearningOrder, Pattern, RootCause
from learning.patterns.queries import active_members
from learning.patterns.services import endorse
from learning.patterns.states import TRIAGEABLE
from learning.patterns.triage import confirm, merge, reject, split
from learning.tables.actions import ActionInput, add_action, update_action
from learning.tables.escalation import DecisionInput, DossierInput, decide, escalate
from learning.tables.models import ActionStatus, DecisionRequest, Practice, TableAction
from learning.tables.practices import endorse_practice, record_practice
from learning.tables.resolution import close_pattern, evaluate

# The theme whose pattern each story is told on (see PatternWalk.pattern).
SOLVED = "beslagvrije-voet-berekening"
RETURNS = "energieschuld-afsluiting"
EXECUTIVE_DECIDED = "uitstroom-beschermd-wonen-urgentie"
WORKAROUND = "wmo-doorlooptijd"
AT_EXECUTIVE = "kostendelersnorm-inwonend-kind"
SPLIT = "gegevensdeling-uwv-gemeente"
SPLIT_OFF_TITLE = "Dubbele intake bij UWV en gemeente voor dezelfde werkzoekende"
MERGED = "tolk-sociaal-domein"
REJECTED = "pgb-betaling-svb"
THEME_ORDER = tuple(theme.key for theme in THEMES)
TITLES = {
    SOLVED: "Beslagvrije voet te laag door verouderde gegevens",
    RETURNS: "Afsluiting van energie terwijl schuldhulp loopt",
    EXECUTIVE_DECIDED: "Uitstroom uit beschermd wonen stokt op de urgentieregeling",
    WORKAROUND: "Wachttijd Wmo-indicatie: geen hulp in de tussentijd",
    AT_EXECUTIVE: "Kostendelersnorm bij een inwonend volwassen kind",
    SPLIT: "UWV en gemeente mogen re-integratiegegevens niet delen",
}


MIN_MEMBERS = 3


class _NoPattern(LookupError):
    """No pattern of its own for a story (the small demo has few knelpunten)."""


def _dossier(question: str) -> DossierInput:
    return DossierInput(
        question=question,
        options=["Ruimte voor maatwerk vastleggen", "Landelijk agenderen"],
        tried="De werktafel loste losse gevallen op met maatwerk; het patroon bleef.",
        impact="Huishoudens raken verder achter en melden zich later opnieuw.",
    )


class PatternWalk:
    """The steps on the patterns, registered on the timeline; `done` keeps what they made."""

    def __init__(self, timeline: Timeline, users: dict[str, User]) -> None:
        self.timeline = timeline
        self.users = users
        self.done: dict[str, object] = {}
        self.claimed: dict[str, int] = {}  # theme -> the pattern its story is told on

    def on(self, days_ago: int, hour: int, name: str, run: Callable[[], object]) -> None:
        def step() -> None:
            with suppress(_NoPattern):  # the small demo may lack a pattern for this story
                self.done[name] = run()

        self.timeline.at(days_ago, hour, name, step)

    def pattern(self, theme: str) -> Pattern:
        """The pattern this theme's story is told on: claimed at its first step, so that two
        stories never act on one pattern when the engine grouped two themes together."""
        if theme not in self.claimed:
            taken = set(self.claimed.values())
            options = [p for p in self.timeline.patterns_of(theme) if p.id not in taken]
            if not options or len(active_members(options[0])) < MIN_MEMBERS:
                raise _NoPattern(theme)
            self.claimed[theme] = options[0].id
        pattern = db.session.get(Pattern, self.claimed[theme])
        while pattern.merged_into_id is not None:
            pattern = db.session.get(Pattern, pattern.merged_into_id)
        return pattern

    def confirm(self, theme: str, order: str = LearningOrder.SECOND) -> Pattern:
        """The werktafel takes the pattern up under the title its chair writes for it (the
        engine's title is one knelpunt's, and may come from another theme it grouped in)."""
        pattern = self.pattern(theme)
        return confirm(
            self.users["karin"],
            pattern,
            TITLES.get(theme) or pattern.title or "Patroon uit de demo",
            pattern.description or "Meerdere organisaties melden hetzelfde knelpunt.",
            RootCause.REGULATION,
            order,
        )

    def action(self, theme: str, what: str, owner: str, due_days_ago: int) -> TableAction:
        return add_action(
            self.users["karin"],
            self.pattern(theme),
            ActionInput(what=what, owner_id=self.users[owner].id, due_on=day(due_days_ago)),
        )

    def finish(self, name: str, owner: str, note: str) -> TableAction:
        action = self.done.get(name)
        if not isinstance(action, TableAction):
            raise _NoPattern(name)
        return update_action(self.users[owner], action, note, ActionStatus.DONE)

    def practice(self, name: str) -> Practice:
        practice = self.done.get(name)
        if not isinstance(practice, Practice):
            raise _NoPattern(name)
        return practice

    def request(self, name: str) -> DecisionRequest:
        request = self.done.get(name)
        if not isinstance(request, DecisionRequest):
            raise _NoPattern(name)
        return request


def walk_patterns(timeline: Timeline, users: dict[str, User]) -> PatternWalk:
    """Register every pattern step of the year on the timeline (run by `timeline.play`)."""
    walk = PatternWalk(timeline, users)
    karin, bas = users["karin"], users["bas"]
    _solved_with_effect(walk)
    _decided_and_returning(walk, karin, bas)
    _decided_by_the_bestuur(walk, karin, bas)
    _regrouped(walk, karin)
    walk.on(185, 11, "wmo bevestigd", lambda: walk.confirm(WORKAROUND))
    walk.on(
        180,
        11,
        "wmo werkwijze",
        lambda: record_practice(
            karin,
            walk.pattern(WORKAROUND),
            "Tijdelijke hulp uit de wijkteampot zolang de indicatie loopt",
            "Het wijkteam zet huishoudelijke hulp voor zes weken in vanuit het eigen budget en "
            "vraagt de Wmo-indicatie tegelijk aan, zodat niemand zonder hulp thuiskomt.",
        ),
    )
    for key, days_ago in (("sanne", 150), ("ravi", 96)):
        walk.on(
            days_ago,
            14,
            f"wmo werkwijze onderschreven door {key}",
            lambda key=key: endorse_practice(users[key], walk.practice("wmo werkwijze")),
        )
    walk.on(
        75,
        11,
        "wmo actie",
        lambda: walk.action(
            WORKAROUND,
            "Afspraken over een tussenvoorziening vastleggen met de Wmo-consulenten",
            "marloes",
            due_days_ago=14,  # now overdue: not done
        ),
    )
    walk.on(185, 14, "kostendelersnorm bevestigd", lambda: walk.confirm(AT_EXECUTIVE))
    walk.on(
        38,
        15,
        "kostendelersnorm naar ambtelijk",
        lambda: escalate(
            karin,
            walk.pattern(AT_EXECUTIVE),
            _dossier("Kan de ambtelijke stuurgroep ruimte geven voor maatwerk?"),
        ),
    )
    walk.on(
        20,
        10,
        "kostendelersnorm naar bestuurlijk",
        lambda: escalate(
            bas,
            walk.pattern(AT_EXECUTIVE),
            _dossier("Stelt het college budget beschikbaar voor een vast loket?"),
        ),
    )
    for key, days_ago in (("sanne", 18), ("mehmet", 17), ("lotte", 15)):
        walk.on(
            days_ago,
            12,
            f"kostendelersnorm onderschreven door {key}",
            lambda key=key: endorse(users[key], walk.pattern(AT_EXECUTIVE)),
        )
    walk.on(
        10,
        15,
        "wmo naar ambtelijk",
        lambda: escalate(
            karin,
            walk.pattern(WORKAROUND),
            _dossier("Mag het wijkteam hulp inzetten voordat de Wmo-indicatie er is?"),
        ),
    )
    walk.on(
        1,
        16,
        "pgb afgewezen",
        lambda: reject(
            karin,
            walk.pattern(REJECTED),
            "Geen knelpunt in regels of werkwijze: de SVB heeft de storing in de betalingen "
            "inmiddels verholpen.",
        ),
    )
    return walk


def _solved_with_effect(walk: PatternWalk) -> None:
    karin = walk.users["karin"]
    walk.on(195, 11, "beslag bevestigd", lambda: walk.confirm(SOLVED))
    walk.on(
        190,
        11,
        "beslag werkwijze",
        lambda: record_practice(
            karin,
            walk.pattern(SOLVED),
            "Beslagvrije voet samen met het huishouden nalopen",
            "De schuldhulpverlener loopt bij elk nieuw beslag de woonsituatie en het inkomen na "
            "en stuurt de beslaglegger direct de juiste gegevens.",
        ),
    )
    walk.on(
        188,
        11,
        "beslag actie",
        lambda: walk.action(
            SOLVED,
            "Afspraak met de beslagleggers: wijzigingen in de woonsituatie direct doorgeven",
            "karin",
            due_days_ago=140,
        ),
    )
    walk.on(
        150,
        10,
        "beslag actie gedaan",
        lambda: walk.finish(
            "beslag actie", "karin", "Convenant met de drie grootste beslagleggers getekend."
        ),
    )
    walk.on(
        120,
        16,
        "beslag opgelost",
        lambda: close_pattern(
            karin,
            walk.pattern(SOLVED),
            "De Kredietbank geeft wijzigingen in de woonsituatie direct door aan de "
            "beslagleggers; de beslagvrije voet wordt vooraf samen gecontroleerd.",
        ),
    )
    walk.on(
        30,
        11,
        "beslag geëvalueerd",
        lambda: evaluate(
            karin,
            walk.pattern(SOLVED),
            "Sinds de nieuwe afspraak met de beslagleggers zijn er geen meldingen meer.",
        ),
    )


def _decided_and_returning(walk: PatternWalk, karin: User, bas: User) -> None:
    walk.on(198, 11, "energie bevestigd", lambda: walk.confirm(RETURNS))
    walk.on(
        196,
        15,
        "energie naar ambtelijk",
        lambda: escalate(
            karin,
            walk.pattern(RETURNS),
            _dossier("Kunnen schuldhulp en de leveranciers één aanpak afspreken bij afsluiting?"),
        ),
    )
    walk.on(
        170,
        15,
        "energie besloten",
        lambda: decide(
            bas,
            walk.request("energie naar ambtelijk"),
            DecisionInput(
                text="De Kredietbank meldt elk lopend schuldhulptraject direct bij de "
                "leverancier, zodat die niet afsluit.",
                follow_up_table_id=walk.request("energie naar ambtelijk").from_table.id,
                follow_ups=[
                    ActionInput(
                        what="Meldroute naar de energieleveranciers inrichten",
                        owner_id=karin.id,
                        due_on=day(140),
                    )
                ],
            ),
        ),
    )
    walk.on(
        142,
        10,
        "energie actie gedaan",
        lambda: update_action(
            karin,
            _first_action(walk.pattern(RETURNS)),
            "De meldroute werkt; de Kredietbank meldt elk nieuw traject.",
            ActionStatus.DONE,
        ),
    )
    walk.on(
        130,
        16,
        "energie opgelost",
        lambda: close_pattern(
            karin,
            walk.pattern(RETURNS),
            "Lopende schuldhulptrajecten worden direct gemeld bij de energieleverancier.",
        ),
    )


def _decided_by_the_bestuur(walk: PatternWalk, karin: User, bas: User) -> None:
    walk.on(175, 11, "wonen bevestigd", lambda: walk.confirm(EXECUTIVE_DECIDED))
    walk.on(
        172,
        15,
        "wonen naar ambtelijk",
        lambda: escalate(
            karin,
            walk.pattern(EXECUTIVE_DECIDED),
            _dossier("Mag de corporatie afwijken van de urgentieregeling bij uitstroom?"),
        ),
    )
    walk.on(
        150,
        10,
        "wonen naar bestuurlijk",
        lambda: escalate(
            bas,
            walk.pattern(EXECUTIVE_DECIDED),
            _dossier("Reserveert het college woningen voor uitstroom uit beschermd wonen?"),
        ),
    )
    walk.on(
        120,
        15,
        "wonen besloten",
        lambda: decide(
            walk.users["wethouder"],
            walk.request("wonen naar bestuurlijk"),
            DecisionInput(
                text="Het college en De Linde reserveren elk jaar twintig woningen voor "
                "uitstroom uit beschermd wonen, met begeleiding vanaf de verhuizing.",
                follow_up_table_id=walk.request("wonen naar bestuurlijk").from_table.id,
                follow_ups=[
                    ActionInput(
                        what="Convenant over uitstroomwoningen met Woonstichting De Linde",
                        owner_id=bas.id,
                        due_on=day(20),  # overdue now: the convenant is not signed yet
                    )
                ],
            ),
        ),
    )


def _regrouped(walk: PatternWalk, karin: User) -> None:
    walk.on(100, 11, "gegevensdeling bevestigd", lambda: walk.confirm(SPLIT))

    def split_off() -> Pattern:
        pattern = walk.pattern(SPLIT)
        moving = [
            m.blockage_id for m in active_members(pattern) if m.blockage.title == SPLIT_OFF_TITLE
        ]
        if not moving or len(moving) == len(active_members(pattern)):
            raise _NoPattern(SPLIT)
        return split(
            karin,
            pattern,
            moving,
            title="Dubbele intake bij UWV en gemeente",
            reason="Twee knelpunten: het delen van gegevens, en de dubbele intake zelf.",
        )

    walk.on(99, 11, "gegevensdeling gesplitst", split_off)

    def solved_with_maatwerk() -> Pattern:
        """First order: the split-off part needs no new rule; the professionals' maatwerk is
        enough, and the werktafel records how they do it."""
        part = walk.done.get("gegevensdeling gesplitst")
        if not isinstance(part, Pattern):
            raise _NoPattern(SPLIT)
        confirm(
            karin,
            part,
            "Dubbele intake bij UWV en gemeente",
            "Werkzoekenden doen twee keer hetzelfde intakegesprek, bij UWV en bij de gemeente.",
            RootCause.COOPERATION,
            LearningOrder.FIRST,
        )
        record_practice(
            karin,
            part,
            "Eén gezamenlijke intake plannen",
            "De klantmanager nodigt de UWV-adviseur uit voor het eerste gesprek; het verslag "
            "gaat met toestemming van de werkzoekende naar beide.",
        )
        return part

    walk.on(60, 11, "dubbele intake: maatwerk volstaat", solved_with_maatwerk)

    def merge_two() -> Pattern:
        """Two patterns the engine made of one theme's reports: the smaller goes into the
        larger (the first theme, in a fixed order, that the engine split in two)."""
        for theme in (MERGED, *THEME_ORDER):
            found = [p for p in walk.timeline.patterns_of(theme) if p.state in TRIAGEABLE]
            claimed = set(walk.claimed.values())
            absorb = [p for p in found[1:] if p.id not in claimed]
            if found and absorb:
                return merge(karin, found[0], absorb[0])
        raise _NoPattern(MERGED)

    walk.on(190, 11, "tolk samengevoegd", merge_two)  # before the werktafel takes them up


def _first_action(pattern: Pattern) -> TableAction:
    from learning.tables.actions import open_actions

    still_open = open_actions(pattern)
    if not still_open:
        raise _NoPattern("actie")
    return still_open[0]
