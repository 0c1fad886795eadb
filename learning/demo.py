"""`flask demo load`: a small Dutch network (fictional municipality Maasdal) to try the app."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from learning.accounts.models import Organisation, OrganisationKind, Role, User
from learning.accounts.services import create_organisation, create_user
from learning.blockages.models import Area, Blockage
from learning.blockages.services import BlockageInput, log_blockage
from learning.demo_mail import deliver_past
from learning.demo_timeline import day
from learning.extensions import db
from learning.mail.models import MailStatus, OutgoingMail
from learning.patterns.models import EmergenceRule, LearningOrder, PatternState
from learning.progress import Progress, silent
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import frozen_at
from learning.unit_of_work import commit, discard_queued

demo_cli = AppGroup("demo", help="Demodata laden.")

GROUPING_TASK = "learning.patterns.tasks.process_blockage"
DELIVER_TASK = "learning.mail.tasks.deliver_mail"
DATA_FILE = Path(__file__).with_name("demo_data.json")
PASSWORD = "leernetwerk-demo"
ADMIN_EMAIL = "beheer@maasdal.example"

ORGANISATIONS = {
    "Gemeente Maasdal": OrganisationKind.MUNICIPALITY,
    "Sociaal Wijkteam Maasdal": OrganisationKind.NEIGHBOURHOOD_TEAM,
    "Woonstichting De Linde": OrganisationKind.HOUSING,
    "UWV Maasdal": OrganisationKind.UWV,
    "GGZ Oost-Brabant": OrganisationKind.CARE,
    "Kredietbank Maasdal": OrganisationKind.OTHER,
    "Welzijn Maasdal": OrganisationKind.WELFARE,
}

# key: (name, organisation, roles)
USERS = {
    "beheer": ("Programmateam Maasdal", "Gemeente Maasdal", {Role.PROGRAMME_ADMIN}),
    "sanne": ("Sanne (wijkteam)", "Sociaal Wijkteam Maasdal", {Role.PROFESSIONAL}),
    "mehmet": ("Mehmet (werk en inkomen)", "Gemeente Maasdal", {Role.PROFESSIONAL}),
    "ingrid": ("Ingrid (woonconsulent)", "Woonstichting De Linde", {Role.PROFESSIONAL}),
    "joost": ("Joost (UWV)", "UWV Maasdal", {Role.PROFESSIONAL}),
    "fatima": ("Fatima (schuldhulp)", "Kredietbank Maasdal", {Role.PROFESSIONAL}),
    "pieter": ("Pieter (GGZ)", "GGZ Oost-Brabant", {Role.PROFESSIONAL}),
    "lotte": ("Lotte (aanjager welzijn)", "Welzijn Maasdal", {Role.PROFESSIONAL, Role.CHAMPION}),
    "ravi": ("Ravi (Wmo-consulent)", "Gemeente Maasdal", {Role.PROFESSIONAL}),
    "karin": ("Karin (voorzitter werktafels)", "Gemeente Maasdal", {Role.CHAIR}),
    "bas": ("Bas (voorzitter stuurgroep)", "Gemeente Maasdal", {Role.CHAIR, Role.MANAGER}),
    "marloes": ("Marloes (teamleider wijkteam)", "Sociaal Wijkteam Maasdal", {Role.MANAGER}),
    "wethouder": ("Wethouder Sociaal Domein", "Gemeente Maasdal", {Role.EXECUTIVE}),
    "directeur": ("Directeur Woonstichting", "Woonstichting De Linde", {Role.EXECUTIVE}),
}

WORK_TABLES = {
    "Werktafel Schulden en inkomen": ["schulden", "inkomen", "participatiewet", "werk"],
    "Werktafel Jeugd en onderwijs": ["jeugdwet", "onderwijs", "veiligheid"],
    "Werktafel Wonen en zorg": ["wonen", "wmo", "zvw", "overig"],
}


def _email(key: str) -> str:
    return f"{key}@maasdal.example"


def _ladder(users: dict[str, User], organisations: dict[str, Organisation]) -> None:
    national = LearningTable(
        kind=TableKind.NATIONAL,
        name="Landelijk: OnsPact (SZW, VWS, BZK)",
        description="Knellende patronen die geen gemeente alleen kan oplossen.",
    )
    executive = LearningTable(
        kind=TableKind.EXECUTIVE_STEERING,
        name="Bestuurlijke stuurgroep Sociaal Domein",
        chair=users["wethouder"],
        secretary=users["bas"],
        parent=national,
        members=[users["wethouder"], users["directeur"], users["bas"]],
        organisations=list(organisations.values()),
    )
    civil = LearningTable(
        kind=TableKind.CIVIL_STEERING,
        name="Ambtelijke stuurgroep Sociaal Domein",
        chair=users["bas"],
        secretary=users["karin"],
        parent=executive,
        members=[users["bas"], users["karin"], users["marloes"]],
        organisations=list(organisations.values()),
    )
    db.session.add_all([national, executive, civil])
    for name, domains in WORK_TABLES.items():
        db.session.add(
            LearningTable(
                kind=TableKind.WORK_TABLE,
                name=name,
                domains=domains,
                chair=users["karin"],
                secretary=users["marloes"],
                parent=civil,
                members=[users["karin"], users["marloes"], users["sanne"], users["mehmet"]],
                organisations=list(organisations.values()),
            )
        )


FULL_YEAR = 1150  # generated knelpunten on top of the curated ones: ~1,000 in all
SMALL_YEAR = 90


def demo_records(small: bool = False) -> list[dict]:
    """The curated knelpunten and a generated year around them, oldest first (deterministic)."""
    from learning.demo_year import generate

    curated = json.loads(DATA_FILE.read_text(encoding="utf-8"))["knelpunten"]
    if small:
        curated = curated[::3]
    records = curated + generate(SMALL_YEAR if small else FULL_YEAR)
    records.sort(key=lambda r: (-r["days_ago"], r["title"]))  # as they were reported
    return records


YEAR_STARTS = 370  # days ago: the network, its accounts and tables exist before the year
# Days ago of the engine's first grouping run. Before it the network collected knelpunten;
# after it professionals saw the patterns and linked new knelpunten to them themselves
# ("hoort bij dit patroon"), which is also how a solved pattern comes back.
FIRST_GROUPING = 200


def load_demo(progress: Progress | None = None, small: bool = False) -> dict[str, int]:
    """Create the demo network and play its year; returns counts. Every step runs on its
    own day on the one clock (see demo_timeline), through the ordinary services.

    Every phase reports to `progress`: the first run builds the privacy filter's lookup
    structures (about a minute) and embeds every knelpunt, and must never look hung.
    """
    from learning.demo_loop import walk_patterns
    from learning.demo_mail import read_and_digest
    from learning.demo_sessions import walk_sessions
    from learning.demo_timeline import Timeline, moment
    from learning.patterns.grouping import recluster
    from learning.patterns.vectors import store_vectors
    from learning.privacy import warm_up

    progress = progress or silent()
    with progress.phase("privacyfilter voorbereiden") as phase:
        warm_up(on_step=phase.step)
    with (
        frozen_at(moment(YEAR_STARTS, 9)),
        progress.phase("organisaties en gebruikers", len(ORGANISATIONS) + len(USERS)) as phase,
    ):
        organisations = {}
        for name, kind in ORGANISATIONS.items():
            organisations[name] = create_organisation(None, name, kind)
            phase.advance()
        users = {}
        for key, (name, org, roles) in USERS.items():
            users[key] = create_user(
                _email(key), name, roles, [organisations[org]], password=PASSWORD
            )
            phase.advance()
        areas = {name: Area(name=name) for name in ("Centrum", "Noord", "Ruwaard", "Zuid")}
        db.session.add_all(areas.values())
        db.session.add(EmergenceRule(min_reports=3, min_organisations=2, window_days=90))
        _ladder(users, organisations)
        db.session.flush()
    records = demo_records(small)
    early = [r for r in records if r["days_ago"] > FIRST_GROUPING]
    timeline = Timeline()
    blockages = []
    with progress.phase("knelpunten inlezen", len(early)) as phase:
        for number, record in enumerate(early):
            with frozen_at(moment(record["days_ago"], 9 + number % 8)):
                blockages.append(_log(record, users, organisations, areas))
            timeline.theme_of[blockages[-1].id] = record["theme"]
            timeline.title_of[blockages[-1].id] = record["title"]
            phase.advance()
    db.session.flush()
    with progress.phase("knelpunten vectoriseren", len(blockages)) as phase:
        store_vectors(blockages, on_batch=phase.advance)
    with progress.phase("patronen vormen"), frozen_at(moment(FIRST_GROUPING, 7)):
        recluster()  # one batch: the engine's first run over what was collected
        discard_queued(GROUPING_TASK)  # done above, for all knelpunten at once
    later = [r for r in records if r["days_ago"] <= FIRST_GROUPING]
    for number, record in enumerate(later):
        timeline.at(
            record["days_ago"],
            9 + number % 8,
            "knelpunt gemeld",
            lambda record=record: _arrive(timeline, record, users, organisations, areas),
        )
    walked = walk_patterns(timeline, users)
    sessions = walk_sessions(timeline, users)
    read_and_digest(timeline, users)
    with progress.phase("het jaar doorspelen", len(timeline.steps)) as phase:
        timeline.play(advance=phase.advance)
        discard_queued(GROUPING_TASK)
    # Embedded in batches now (one at a time as they arrived would pay the model's overhead
    # for each). What no reporter linked stays loose until the next grouping run (the nightly
    # re-grouping or `flask patterns recluster`); it leaves queued patterns as they are.
    fresh = list(db.session.scalars(select(Blockage).where(Blockage.vector.is_(None))))
    with progress.phase("knelpunten van het jaar vectoriseren", len(fresh)) as phase:
        store_vectors(fresh, on_batch=phase.advance)
    return {
        "organisations": len(organisations),
        "users": len(users),
        "knelpunten": len(records),
        "patterns_walked": len(set(walked.claimed.values())),
        "series": len(sessions.series),
        "meetings": len(sessions.meetings),
    }


def _arrive(timeline, record: dict, users: dict, organisations: dict, areas: dict) -> None:
    """A knelpunt reported after the first grouping run: when a werktafel took up its pattern,
    the reporter links it there, as the form suggests (a closed one reopens). The rest stays
    loose, waiting for a chair or the next grouping run (linking to an unconfirmed pattern
    recomputes its central title over all members each time: too slow for hundreds). A
    pattern solved with maatwerk (first order) is not linked to: its werkwijze is what the
    reporter applies, so the case is handled, not reported as the pattern again."""
    from learning.patterns.services import join_pattern

    blockage = _log(record, users, organisations, areas)
    db.session.flush()
    timeline.theme_of[blockage.id] = record["theme"]
    timeline.title_of[blockage.id] = record["title"]
    pattern = timeline.pattern_of(record["theme"], record["title"])
    if pattern is None or not pattern.confirmed_at or pattern.state == PatternState.REJECTED:
        return
    if pattern.order == LearningOrder.FIRST and pattern.state == PatternState.SOLVED:
        return
    join_pattern(users[record["reporter"]], blockage, pattern)


def _log(record: dict, users: dict, organisations: dict, areas: dict) -> Blockage:
    data = BlockageInput(
        title=record["title"],
        description=record["description"],
        domains=record["domains"],
        handling=record["handling"],
        impacts=record["impacts"],
        organisation_id=organisations[record["organisation"]].id,
        area_id=areas[record["area"]].id if record.get("area") else None,
        reported_on=day(record["days_ago"]),  # relative to the real today
        mask_personal_data=True,
    )
    return log_blockage(users[record["reporter"]], data)


@demo_cli.command("load")
@click.option("--small", is_flag=True, help="Een kleine variant (voor tests): ~110 knelpunten.")
def load_command(small: bool) -> None:
    """Load the demo network into the configured database (once)."""
    if db.session.scalar(select(User).where(User.email == ADMIN_EMAIL)) is None:
        progress = Progress()
        package_logger = logging.getLogger("learning")
        level = package_logger.level
        # Each step is in the audit trail; a thousand INFO lines would push the accounts off
        # the screen. Warnings still show.
        package_logger.setLevel(logging.WARNING)
        try:
            counts = load_demo(progress, small=small)
            with progress.phase("opslaan"):
                discard_queued(DELIVER_TASK)  # delivered below, each on its own day
                commit()
            pending = db.session.scalar(
                select(func.count(OutgoingMail.id)).where(OutgoingMail.status == MailStatus.PENDING)
            )
            with progress.phase("e-mail van het demojaar bezorgen", pending) as phase:
                deliver_past(on_mail=phase.advance)
        finally:
            package_logger.setLevel(level)
        click.echo(
            f"Demodata geladen: {counts['organisations']} organisaties, {counts['users']} "
            f"gebruikers, {counts['knelpunten']} knelpunten; {counts['patterns_walked']} "
            f"patronen door de leercyclus, {counts['series']} leersessiereeksen met "
            f"{counts['meetings']} leersessies."
        )
    else:
        click.echo("Demodata stond er al.")
    click.echo(f"\nInloggen op http://127.0.0.1:5000 — wachtwoord voor iedereen: {PASSWORD}")
    for key, (name, _org, roles) in USERS.items():
        role_names = ", ".join(sorted(str(r) for r in roles))
        click.echo(f"  {_email(key):32} {role_names:28} {name}")
