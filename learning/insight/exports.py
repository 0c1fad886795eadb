"""Dashboard tables and the knelpunten and patterns lists as CSV or XLSX, filters applied.

Through the one streaming writer of `learning.exchange.export`: Dutch headers, ISO dates, a text
never turned into a formula, and the same "< 5" as on the page. No reporter is named: the lists
say which organisation reported, as the knelpunten list does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import Organisation
from learning.blockages.models import (
    DOMAINS,
    HANDLING_LABELS,
    Area,
    Blockage,
    BlockageDomain,
    Handling,
)
from learning.errors import NotFound
from learning.exchange.export import CHUNK_ROWS, Column, write
from learning.extensions import db
from learning.insight import loop
from learning.insight.figures import Figure, count_cell
from learning.insight.forms import Filters
from learning.patterns.models import (
    ORDER_LABELS,
    STATE_LABELS,
    LearningOrder,
    Pattern,
    PatternMember,
    PatternState,
)
from learning.tables.models import LearningTable

LISTS = ("knelpunten", "patronen")


def figure_chunks(figure: Figure, fmt: str) -> Iterator[bytes]:
    columns = [Column(str(i), label) for i, label in enumerate(figure.columns)]
    records = (
        {
            str(i): (cell.text if fmt == "csv" or cell.value is None else cell.value)
            for i, cell in enumerate(row)
        }
        for row in figure.rows
    )
    return write(fmt, columns, records, sheet=figure.key)


BLOCKAGE_COLUMNS = [
    Column("id", "Nummer"),
    Column("title", "Titel"),
    Column("reported_on", "Datum melding"),
    Column("domains", "Domeinen"),
    Column("organisation", "Organisatie"),
    Column("area", "Wijk"),
    Column("handling", "Aanpak"),
    Column("pattern", "Patroon"),
    Column("table", "Tafel"),
]


def blockage_records(filters: Filters) -> Iterator[dict[str, Any]]:
    """Knelpunten (not withdrawn) reported in the period, in batches by id (keyset)."""
    last_id = 0
    tables = dict(db.session.execute(select(LearningTable.id, LearningTable.name)).all())
    while True:
        query = (
            select(
                Blockage.id,
                Blockage.title,
                Blockage.reported_on,
                Blockage.handling,
                Organisation.name,
                Area.name,
                PatternMember.pattern_id,
                Pattern.table_id,
            )
            .join(Organisation, Organisation.id == Blockage.organisation_id)
            .outerjoin(Area, Area.id == Blockage.area_id)
            .outerjoin(PatternMember, PatternMember.blockage_id == Blockage.id)
            .outerjoin(Pattern, Pattern.id == PatternMember.pattern_id)
            .where(
                Blockage.withdrawn_at.is_(None),
                Blockage.id > last_id,
                Blockage.reported_on >= filters.start,
                Blockage.reported_on <= filters.end,
            )
            .order_by(Blockage.id)
            .limit(CHUNK_ROWS)
        )
        if filters.domain:
            query = query.where(
                Blockage.id.in_(
                    select(BlockageDomain.blockage_id).where(
                        BlockageDomain.domain == filters.domain
                    )
                )
            )
        if filters.organisation_id:
            query = query.where(Blockage.organisation_id == filters.organisation_id)
        if filters.area_id:
            query = query.where(Blockage.area_id == filters.area_id)
        if filters.table_id:
            query = query.where(Pattern.table_id == filters.table_id)
        if filters.order:
            query = query.where(Pattern.order == filters.order)
        rows = db.session.execute(query).all()
        if not rows:
            return
        domains: dict[int, list[str]] = {}
        for blockage_id, domain in db.session.execute(
            select(BlockageDomain.blockage_id, BlockageDomain.domain)
            .where(BlockageDomain.blockage_id.in_([r[0] for r in rows]))
            .order_by(BlockageDomain.domain)
        ):
            domains.setdefault(blockage_id, []).append(DOMAINS.get(domain, domain))
        for bid, title, day, handling, organisation, area, pattern_id, table_id in rows:
            yield {
                "id": bid,
                "title": title,
                "reported_on": day,
                "domains": domains.get(bid, []),
                "organisation": organisation,
                "area": area or "",
                "handling": HANDLING_LABELS.get(Handling(handling), handling),
                "pattern": pattern_id or "",
                "table": tables.get(table_id, "") if table_id else "",
            }
        last_id = rows[-1][0]


PATTERN_COLUMNS = [
    Column("id", "Nummer"),
    Column("title", "Titel"),
    Column("state", "Status"),
    Column("order", "Leerorde"),
    Column("table", "Tafel"),
    Column("emerged_on", "Ontstaan op"),
    Column("triaged_on", "Triage op"),
    Column("decided_on", "Besluit op"),
    Column("reports", "Aantal meldingen"),
]


def pattern_records(filters: Filters, fmt: str) -> Iterator[dict[str, Any]]:
    """Patterns with a step in the period; their report counts suppressed like every count."""
    tables = dict(db.session.execute(select(LearningTable.id, LearningTable.name)).all())
    for row in sorted(loop.facts(filters), key=lambda r: r.pattern_id):
        reports = count_cell(row.reports)
        yield {
            "id": row.pattern_id,
            "title": row.title,
            "state": STATE_LABELS.get(PatternState(row.state), row.state),
            "order": ORDER_LABELS[LearningOrder(row.learning_order)] if row.learning_order else "",
            "table": tables.get(row.table_id, ""),
            "emerged_on": row.emerged_on,
            "triaged_on": row.triaged_on,
            "decided_on": row.decided_on,
            "reports": reports.text if fmt == "csv" or reports.value is None else reports.value,
        }


def list_chunks(name: str, filters: Filters, fmt: str) -> Iterator[bytes]:
    if name == "knelpunten":
        return write(fmt, BLOCKAGE_COLUMNS, blockage_records(filters), sheet="Knelpunten")
    if name == "patronen":
        return write(fmt, PATTERN_COLUMNS, pattern_records(filters, fmt), sheet="Patronen")
    raise NotFound(_("Deze lijst bestaat niet."))
