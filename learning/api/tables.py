"""API: learning tables and their decisions (read)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from learning.api.schemas import DecisionList, DecisionOut, TableList, TableOut
from learning.api.setup import api_blueprint, problems
from learning.errors import NotFound
from learning.extensions import db
from learning.tables import admin, queries
from learning.tables.models import Decision

tables_bp = api_blueprint("tafels", "/tafels", "Werktafels en stuurgroepen (lezen).")
decisions_bp = api_blueprint("besluiten", "/besluiten", "Besluiten van tafels (lezen).")
MAX_DECISIONS = 500


@tables_bp.route("", methods=["GET"])
@tables_bp.response(200, TableList)
@problems(tables_bp)
def list_tables():
    """Alle tafels van de ladder."""
    return {"items": queries.all_tables()}


@tables_bp.route("/<int:table_id>", methods=["GET"])
@tables_bp.response(200, TableOut)
@problems(tables_bp, 404)
def get_table(table_id: int):
    """Eén tafel."""
    return admin.get_table(table_id)


def _decision_view(decision: Decision) -> dict:
    return {
        "id": decision.id,
        "pattern_id": decision.pattern_id,
        "table": {"id": decision.table.id, "name": decision.table.name},
        "text": decision.text,
        "decided_on": decision.decided_on,
        "decided_by": decision.decided_by,
        "created_at": decision.created_at,
    }


@decisions_bp.route("", methods=["GET"])
@decisions_bp.response(200, DecisionList)
@problems(decisions_bp)
def list_decisions():
    """Besluiten, nieuwste eerst (hoogstens 500)."""
    decisions = db.session.scalars(
        select(Decision)
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
        .limit(MAX_DECISIONS)
    )
    return {"items": [_decision_view(d) for d in decisions]}


@decisions_bp.route("/<int:decision_id>", methods=["GET"])
@decisions_bp.response(200, DecisionOut)
@problems(decisions_bp, 404)
def get_decision(decision_id: int):
    """Eén besluit."""
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(_("Dit besluit bestaat niet."))
    return _decision_view(decision)
