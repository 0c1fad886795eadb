"""Inzicht: the dashboard, its exports and the evaluation report for the raad."""

from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from learning.blockages.models import DOMAINS
from learning.errors import NotFound
from learning.exchange.export import mimetype
from learning.insight import charts, exports, queries, report
from learning.insight.forms import ORDER_CHOICES, parse_filters, period_options
from learning.insight.permissions import can_view_insight, visible_table_ids
from learning.page_cache import cached_page
from learning.permissions import login_required, require
from learning.timeutil import today
from learning.web import render

bp = Blueprint("insight", __name__, url_prefix="/inzicht")
FORMATS = ("csv", "xlsx")


def _filters():
    require(can_view_insight(current_user), _("U heeft geen inzage in deze cijfers."))
    visible = visible_table_ids(current_user)
    return parse_filters(request.args, visible), visible


@bp.get("")
@cached_page
@login_required
def dashboard():
    filters, visible = _filters()
    board = queries.dashboard(filters, visible)
    return render(
        "insight/dashboard.html",
        "partials/insight/_figures.html",
        board=board,
        charts=charts,
        choices=queries.filter_choices(visible),
        order_choices=ORDER_CHOICES,
        period_options=period_options(filters),
        DOMAINS=DOMAINS,
    )


@bp.get("/export/<name>.<fmt>")
@login_required
def export(name: str, fmt: str):
    if fmt not in FORMATS:
        raise NotFound(_("Kies als formaat csv of xlsx."))
    filters, visible = _filters()
    if name in exports.LISTS:
        chunks = exports.list_chunks(name, filters, fmt)
    else:
        figure = queries.dashboard(filters, visible).figure(name)
        if figure is None:
            raise NotFound(_("Deze tabel bestaat niet."))
        chunks = exports.figure_chunks(figure, fmt)
    filename = f"{name}-{today().isoformat()}.{fmt}"
    return Response(
        stream_with_context(chunks),
        mimetype=mimetype(fmt),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/rapport")
@login_required
def evaluation_report():
    filters, visible = _filters()
    return render("insight/report.html", data=report.yearly(filters, visible), charts=charts)
