"""`flask demo load`: a small Dutch network (fictional municipality Maasdal) to try the app."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from learning.accounts.models import Organisation, OrganisationKind, Role, User
from learning.accounts.services import create_organisation, create_user
from learning.blockages.models import Area, Blockage
from learning.blockages.services import BlockageInput, log_blockage
from learning.extensions import db
from learning.patterns.models import EmergenceRule
from learning.progress import Progress, silent
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import today
from learning.unit_of_work import commit, discard_queued

demo_cli = AppGroup("demo", help="Demodata laden.")

GROUPING_TASK = "learning.patterns.tasks.process_blockage"
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


def load_demo(progress: Progress | None = None, small: bool = False) -> dict[str, int]:
    """Create the demo network; returns counts. Refuses when the demo is already loaded.

    Every phase reports to `progress`: the first run builds the privacy filter's lookup
    structures (about a minute) and embeds every knelpunt, and must never look hung.
    """
    from learning.demo_loop import walk_patterns, walk_sessions
    from learning.patterns.grouping import recluster
    from learning.patterns.vectors import store_vectors
    from learning.privacy import warm_up

    progress = progress or silent()
    with progress.phase("privacyfilter voorbereiden") as phase:
        warm_up(on_step=phase.step)
    with progress.phase("organisaties en gebruikers", len(ORGANISATIONS) + len(USERS)) as phase:
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
    blockages = []
    with progress.phase("knelpunten inlezen", len(records)) as phase:
        for record in records:
            blockages.append(_log(record, users, organisations, areas))
            phase.advance()
    db.session.flush()
    with progress.phase("knelpunten vectoriseren", len(blockages)) as phase:
        store_vectors(blockages, on_batch=phase.advance)
    with progress.phase("patronen vormen"):
        recluster()  # one batch: the demo starts with the patterns the engine finds
        discard_queued(GROUPING_TASK)  # done above, for all knelpunten at once
    with progress.phase("de leercyclus doorlopen", 2) as phase:
        walked = walk_patterns(users)
        phase.advance()
        sessions = walk_sessions(users)
        phase.advance()
    return {
        "organisations": len(organisations),
        "users": len(users),
        "knelpunten": len(blockages),
        "patterns_walked": len(walked),
        "series": len(sessions["series"]),
    }


def _log(record: dict, users: dict, organisations: dict, areas: dict) -> Blockage:
    data = BlockageInput(
        title=record["title"],
        description=record["description"],
        domains=record["domains"],
        handling=record["handling"],
        impacts=record["impacts"],
        organisation_id=organisations[record["organisation"]].id,
        area_id=areas[record["area"]].id if record.get("area") else None,
        reported_on=today() - timedelta(days=record["days_ago"]),
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
            with progress.phase("opslaan en e-mail versturen"):
                commit()
        finally:
            package_logger.setLevel(level)
        click.echo(
            f"Demodata geladen: {counts['organisations']} organisaties, {counts['users']} "
            f"gebruikers, {counts['knelpunten']} knelpunten; {counts['patterns_walked']} "
            f"patronen door de leercyclus, {counts['series']} leersessiereeksen."
        )
    else:
        click.echo("Demodata stond er al.")
    click.echo(f"\nInloggen op http://127.0.0.1:5000 — wachtwoord voor iedereen: {PASSWORD}")
    for key, (name, _org, roles) in USERS.items():
        role_names = ", ".join(sorted(str(r) for r in roles))
        click.echo(f"  {_email(key):32} {role_names:28} {name}")
