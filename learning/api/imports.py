"""API: import jobs (upload a list, follow its status) and the knelpunten export."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response, request, stream_with_context
from flask_babel import gettext as _

from learning.accounts.models import Organisation
from learning.api.auth import api_user
from learning.api.schemas import ExportQuery, ImportFile, ImportIn, ImportOut
from learning.api.setup import api_blueprint, problems
from learning.errors import NotFound
from learning.exchange import services
from learning.exchange.export import export_blockages, mimetype
from learning.exchange.mapping import mapping_from_options
from learning.exchange.models import ImportSource
from learning.exchange.permissions import can_export, can_view_job
from learning.exchange.sources import DEFAULT_MAX_BYTES, limit
from learning.extensions import db
from learning.permissions import require
from learning.timeutil import today
from learning.unit_of_work import commit

imports_bp = api_blueprint("imports", "/imports", "Knelpuntenlijsten importeren.")
export_bp = api_blueprint("export", "/export", "Alle knelpunten exporteren.")


@imports_bp.before_request
def allow_uploads() -> None:
    if request.endpoint == "imports.create_import":
        request.max_content_length = limit("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES) + 1024 * 1024


@imports_bp.route("", methods=["POST"])
@imports_bp.arguments(ImportIn, location="form")
@imports_bp.arguments(ImportFile, location="files")
@imports_bp.response(202, ImportOut)
@problems(imports_bp, 403, 413, 422)
def create_import(data: dict[str, Any], files: dict[str, Any]):
    """Upload een lijst (.xlsx of .csv): kolommen worden geraden (of via `mapping` gekozen),
    daarna loopt de (proef)import op de achtergrond. Volg de status via GET /imports/{id}."""
    user = api_user()
    organisation = db.session.get(Organisation, data["organisation_id"])
    if organisation is None or organisation.is_deleted:
        raise NotFound(_("Deze organisatie bestaat niet."))
    upload = files["file"]
    job = services.create_job(
        user, organisation, upload.filename or "", upload.stream, ImportSource.API
    )
    services.configure(user, job, data.get("sheet"), data.get("header_row"), None)
    if data["mapping"]:
        headers = services.preview(job, count=0).headers
        base = {int(k): v for k, v in job.mapping.items()}
        services.configure(
            user, job, job.sheet, None, mapping_from_options(headers, data["mapping"], base)
        )
    services.start(user, job, dry_run=data["dry_run"])
    commit()
    return services.get_job(job.id)


@imports_bp.route("/<int:job_id>", methods=["GET"])
@imports_bp.response(200, ImportOut)
@problems(imports_bp, 404)
def get_import(job_id: int):
    """Status, aantallen en waarschuwingen van een import (nooit de inhoud van rijen)."""
    job = services.get_job(job_id)
    if not can_view_job(api_user(), job):
        raise NotFound(_("Deze import bestaat niet."))
    return job


@export_bp.route("/knelpunten", methods=["GET"])
@export_bp.arguments(ExportQuery, location="query", as_kwargs=True, unknown=ma.RAISE)
@export_bp.response(
    200,
    content_type="application/x-ndjson",
    description="JSON lines (CSV met format=csv): id, title, text, domain, organisation, "
    "created, pattern.",
)
@export_bp.alt_response(200, content_type="text/csv", success=True, description="CSV")
@problems(export_bp, 403, 422)
def export_knelpunten(format: str = "jsonl"):
    """Alle knelpunten die niet zijn ingetrokken (programmateam en voorzitters)."""
    require(can_export(api_user()), _("Alleen het programmateam en voorzitters exporteren."))
    filename = f"knelpunten-{today().isoformat()}.{format}"
    return Response(
        stream_with_context(export_blockages(format)),
        mimetype=mimetype(format),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
