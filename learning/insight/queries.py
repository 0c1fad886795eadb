"""The dashboard as figures: knelpunten, patterns, the loop and the leersessies, for a viewer."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import Organisation
from learning.blockages.models import DOMAINS, Area
from learning.extensions import db
from learning.insight import counts, ladder, loop, pattern_counts
from learning.insight.figures import (
    Cell,
    Figure,
    count_cell,
    date_cell,
    label_cell,
    median_cell,
    share_cell,
    slope,
    span_cell,
)
from learning.insight.forms import Filters
from learning.patterns.models import ORDER_LABELS, STATE_LABELS, LearningOrder, PatternState
from learning.sessions.models import LEVEL_LABELS, SessionLevel
from learning.tables.models import LearningTable
from learning.templating import month_name


@dataclass
class Dashboard:
    filters: Filters
    total: Cell
    figures: list[Figure]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


def _bucket_label(start, per: str) -> str:
    if per == "week":
        year, week, _day = start.isocalendar()
        return _("week %(w)s %(y)s", w=week, y=year)
    return month_name(start.strftime("%Y-%m"))


def knelpunt_figures(filters: Filters, raw: bool | None = None) -> tuple[Cell, list[Figure]]:
    data = counts.blockage_counts(filters, raw)
    per = _("Week") if filters.per == "week" else _("Maand")
    over_time = Figure(
        "knelpunten-in-de-tijd",
        _("Knelpunten per %(per)s", per=per.lower()),
        [per, _("Begint op"), _("Aantal knelpunten")],
        [
            [label_cell(_bucket_label(start, filters.per)), date_cell(start), count_cell(n)]
            for start, n in data["time"].items()
        ],
        chart="line",
    )
    over_time.trend = slope([row[2].amount for row in over_time.rows])
    by_domain = Figure(
        "knelpunten-per-domein",
        _("Knelpunten per domein of wet"),
        [_("Domein of wet"), _("Aantal knelpunten")],
        [
            [label_cell(label), count_cell(data["domain"].get(key, 0))]
            for key, label in DOMAINS.items()
            if data["domain"].get(key, 0)
        ],
        chart="bars",
        note=_("Een knelpunt kan over meer domeinen gaan en telt dan bij elk domein."),
    )
    organisations = counts.names(Organisation, data["organisation"])
    by_organisation = Figure(
        "knelpunten-per-organisatie",
        _("Knelpunten per organisatie"),
        [_("Organisatie"), _("Aantal knelpunten")],
        _ranked(data["organisation"], organisations, _("Onbekend")),
        chart="bars",
    )
    areas = counts.names(Area, data["area"])
    by_area = Figure(
        "knelpunten-per-wijk",
        _("Knelpunten per wijk"),
        [_("Wijk"), _("Aantal knelpunten")],
        _ranked(data["area"], areas, _("Geen wijk opgegeven")),
        chart="bars",
    )
    return count_cell(data["total"]), [over_time, by_domain, by_organisation, by_area]


def _ranked(counted: dict[int, int], labels: dict[int, str], unknown: str) -> list[list[Cell]]:
    rows = sorted(counted.items(), key=lambda item: (-item[1], labels.get(item[0], unknown)))
    return [[label_cell(labels.get(key, unknown)), count_cell(n)] for key, n in rows if n]


def pattern_figures(data: pattern_counts.PatternSummary) -> list[Figure]:
    by_state = {state: data.by_state.get(state.value, 0) for state in PatternState}
    by_order = {order.value: data.by_order.get(order.value, 0) for order in LearningOrder}
    by_order[""] = data.by_order.get("", 0)
    states = Figure(
        "patronen-per-status",
        _("Patronen per status (ontstaan in de periode)"),
        [_("Status"), _("Aantal patronen")],
        [[label_cell(STATE_LABELS[state]), count_cell(n)] for state, n in by_state.items() if n],
        chart="bars",
    )
    orders = Figure(
        "patronen-per-orde",
        _("Patronen per leerorde (ontstaan in de periode)"),
        [_("Leerorde"), _("Aantal patronen")],
        [
            [
                label_cell(ORDER_LABELS[LearningOrder(key)] if key else _("Nog niet bepaald")),
                count_cell(n),
            ]
            for key, n in by_order.items()
            if n
        ],
        chart="bars",
    )
    fastest = Figure(
        "snelst-groeiende-patronen",
        _("Snelst groeiende patronen (laatste 90 dagen tegen de 90 dagen daarvoor)"),
        [_("Patroon"), _("Meldingen laatste 90 dagen"), _("Meldingen 90 dagen daarvoor")],
        [
            [
                label_cell(row.title),
                count_cell(row.reports_recent),
                count_cell(row.reports_previous),
            ]
            for row in data.growing
        ],
    )
    recurring = Figure(
        "terug-na-besluit",
        _("Patronen die na een besluit terugkwamen"),
        [_("Patroon"), _("Besluit op"), _("Meldingen na het besluit (90 dagen)")],
        [
            [label_cell(row.title), date_cell(row.decided_on), count_cell(row.reports_after)]
            for row in data.came_back
        ],
    )
    return [states, orders, fastest, recurring]


def loop_figure(filters: Filters, visible: set[int] | None, rows: list | None = None) -> Figure:
    result = loop.loop_figures(filters, rows=rows)
    table_ids = {
        key
        for part in (result.to_triage, result.to_decision, result.to_action, result.actions)
        for key in part
        if key != loop.NETWORK and (visible is None or key in visible)
    }
    names = counts.names(LearningTable, table_ids)
    figure = Figure(
        "doorlooptijden-en-effect",
        _("Doorlooptijden en effect per tafel"),
        [
            _("Tafel"),
            _("Ontstaan → triage (mediaan dagen)"),
            _("Aantal"),
            _("Triage → besluit (mediaan dagen)"),
            _("Aantal"),
            _("Besluit → eerste actie (mediaan dagen)"),
            _("Aantal"),
            _("Acties op tijd"),
            _("Melders geïnformeerd over de uitkomst"),
            _("Minder meldingen na besluit"),
            _("Teruggekomen na besluit"),
            _("Afspraken binnen zes weken gecontroleerd"),
        ],
        note=_(
            "Een mediaan of aandeel over minder dan vijf gevallen tonen we niet (–). "
            "Afspraken uit leersessies horen bij geen tafel en staan alleen bij het netwerk."
        ),
    )
    for key in [loop.NETWORK, *sorted(table_ids, key=lambda t: names.get(t, ""))]:
        label = _("Hele netwerk") if key == loop.NETWORK else names.get(key, _("Geen tafel"))
        if key == 0 and filters.table_id:
            label = _("Gekozen tafel")
        fell = result.fell.get(key, [0, 0])
        figure.rows.append(
            [
                label_cell(label),
                *_span_cells(result.to_triage.get(key)),
                *_span_cells(result.to_decision.get(key)),
                *_span_cells(result.to_action.get(key)),
                share_cell(*result.actions.get(key, [0, 0])),
                share_cell(*result.told.get(key, [0, 0])),
                _of(fell[0], fell[1]),
                count_cell(result.came_back.get(key, 0)),
                share_cell(*result.agreements) if key == loop.NETWORK else Cell("–"),
            ]
        )
    return figure


def _span_cells(span: loop.Span | None) -> tuple[Cell, Cell]:
    """The median (only over enough cases) and how many cases it covers."""
    if span is None:
        return median_cell([]), count_cell(0)
    return span_cell(span.count, span.median), count_cell(span.count)


def _of(part: int, whole: int) -> Cell:
    """'3 van 12' with both counts suppressed alike."""
    a, b = count_cell(part), count_cell(whole)
    return Cell(_("%(a)s van %(b)s", a=a.text, b=b.text), a.value)


def ladder_figure(filters: Filters) -> Figure:
    data = ladder.ladder_figures(filters)
    return Figure(
        "leersessies",
        _("Leersessies per niveau"),
        [
            _("Niveau"),
            _("Sessies gehouden"),
            _("Dilemma's ingebracht"),
            _("Dilemma's opgelost"),
            _("Doorgezet naar boven"),
            _("Antwoorden naar beneden"),
        ],
        [
            [label_cell(LEVEL_LABELS[level])]
            + [count_cell(data[level.value][name]) for name in ladder.FIGURES]
            for level in SessionLevel
        ],
    )


def dashboard(filters: Filters, visible: set[int] | None) -> Dashboard:
    """Every figure of the dashboard for these filters and a viewer who sees `visible` tables."""
    total, figures = knelpunt_figures(filters)
    # Without rollups (SQLite) both read facts computed from the raw tables: compute them once.
    rows = None if counts.use_rollups() else loop.facts(filters, raw=True)
    figures += pattern_figures(pattern_counts.summary(filters, rows=rows))
    figures.append(loop_figure(filters, visible, rows))
    figures.append(ladder_figure(filters))
    return Dashboard(filters, total, figures)


def filter_choices(visible: set[int] | None) -> dict[str, list]:
    """What the filter form offers: live organisations, wijken, and the tables one may see.
    Only ids and names: the form needs no members or relations, so no further queries."""
    tables = db.session.execute(
        select(LearningTable.id, LearningTable.name).order_by(LearningTable.name)
    )
    return {
        "organisations": list(
            db.session.execute(
                select(Organisation.id, Organisation.name)
                .where(Organisation.deleted_at.is_(None))
                .order_by(Organisation.name)
            )
        ),
        "areas": list(db.session.execute(select(Area.id, Area.name).order_by(Area.name))),
        "tables": [t for t in tables if visible is None or t.id in visible],
    }
