"""`flask insight rebuild`: recompute the dashboard rollups from the raw tables."""

from __future__ import annotations

import json
import time

import click
from flask.cli import AppGroup

from learning.insight import rollups
from learning.unit_of_work import commit

insight_cli = AppGroup("insight", help="Inzicht: dashboardcijfers.")


@insight_cli.command("rebuild")
def rebuild_command() -> None:
    """Herbereken alle rollups van het dashboard."""
    started = time.perf_counter()
    counts = rollups.rebuild()
    commit()
    counts["seconds"] = round(time.perf_counter() - started, 2)
    click.echo(json.dumps(counts))
