"""Import pages (upload, map, dry run, import with progress, report) and the export download."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, Response, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import Organisation, Role
from learning.accounts.services import live_organisations
from learning.errors import DomainError
from learning.exchange import services
from learning.exchange.export import FORMATS, export_blockages, mimetype
from learning.exchange.forms import ActionForm, MappingForm, UploadForm, mapping_from_form
from learning.exchange.mapping import FIELDS, column_letter
from learning.exchange.models import OUTCOME_LABELS, ImportJob, ImportStatus, RowOutcome
from learning.exchange.permissions import can_view_job
from learning.exchange.sources import DEFAULT_MAX_BYTES, limit
from learning.extensions import db
from learning.permissions import require, roles_required
from learning.timeutil import today
from learning.unit_of_work import commit, rollback
from learning.web import expected_version, form_error, form_errors_text, go, is_htmx, render

bp = Blueprint("exchange", __name__)

UPLOAD_OVERHEAD = 1024 * 1024  # multipart framing and the other fields


@bp.before_request
def allow_uploads() -> None:
    """Uploads may be larger than the app's form limit, up to the import limit."""
    if request.endpoint == "exchange.upload_import":
        request.max_content_length = limit("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES) + UPLOAD_OVERHEAD


def _upload_form() -> UploadForm:
    form = UploadForm()
    if current_user.is_admin:
        organisations = live_organisations()
    else:
        organisations = [o for o in current_user.organisations if not o.is_deleted]
    form.organisation.choices = [(o.id, o.name) for o in organisations]
    return form


def _list_page(form: UploadForm, error: str | None = None, status: int = 200):
    context = {"form": form, "jobs": services.jobs_of(current_user), "formats": FORMATS}
    if error:
        return form_error("exchange/list.html", None, error, **context)
    return render("exchange/list.html", http_status=status, **context)


@bp.get("/importeren")
@roles_required(Role.CHAIR)
def list_imports():
    return _list_page(_upload_form())


@bp.post("/importeren")
@roles_required(Role.CHAIR)
def upload_import():
    form = _upload_form()
    if not form.validate_on_submit():
        return _list_page(form, form_errors_text(form.errors))
    organisation = db.session.get(Organisation, form.organisation.data)
    upload = form.file.data
    try:
        job = services.create_job(current_user, organisation, upload.filename, upload.stream)
    except DomainError as refused:
        rollback()
        return _list_page(form, refused.message)
    commit()
    return go(url_for("exchange.show_import", job_id=job.id))


def _job(job_id: int) -> ImportJob:
    job = services.get_job(job_id)
    require(can_view_job(current_user, job), _("Dit is niet uw import."))
    return job


def _job_context(job: ImportJob) -> dict:
    context: dict = {"job": job, "fields": FIELDS, "column_letter": column_letter}
    context["action_form"] = ActionForm(formdata=None, version=job.version)
    if job.status == ImportStatus.UPLOADED and job.stored_as:
        preview = services.preview(job)
        form = MappingForm(formdata=None, sheet=preview.sheet, header_row=preview.header_row)
        form.sheet.choices = [
            (s.name, s.name + (_(" (verborgen)") if s.hidden else "")) for s in preview.sheets
        ]
        form.version.data = job.version
        context.update(preview=preview, form=form)
    outcome = request.args.get("uitkomst", "")
    outcome = outcome if outcome in {o.value for o in RowOutcome} else None
    context.update(
        outcome=outcome,
        report=services.report_rows(job, outcome),
        outcomes=OUTCOME_LABELS,
        statuses=ImportStatus,
    )
    return context


@bp.get("/importeren/<int:job_id>")
@roles_required(Role.CHAIR)
def show_import(job_id: int):
    job = _job(job_id)
    return render("exchange/job.html", "partials/exchange/_job.html", **_job_context(job))


@bp.get("/importeren/<int:job_id>/voortgang")
@roles_required(Role.CHAIR)
def import_progress(job_id: int):
    """Polled by the progress bar; once the pass is over, htmx reloads the whole page."""
    job = _job(job_id)
    if not job.is_running and is_htmx():
        return Response(status=204, headers={"HX-Redirect": url_for(".show_import", job_id=job.id)})
    return render("exchange/job.html", "partials/exchange/_progress.html", **_job_context(job))


@bp.post("/importeren/<int:job_id>/koppeling")
@roles_required(Role.CHAIR)
def configure_import(job_id: int):
    """Save sheet, header row and columns; with the dry-run button, start the dry run too."""
    job = _job(job_id)
    form = MappingForm()
    form.sheet.choices = []
    if not form.validate_on_submit():
        return _job_refused(job, form_errors_text(form.errors))
    try:
        version = expected_version(form.version.data)
        unchanged = form.sheet.data == job.sheet and form.header_row.data in (None, job.header_row)
        services.configure(
            current_user,
            job,
            form.sheet.data,
            form.header_row.data,
            mapping_from_form(request.form),
            version,
        )
        if request.form.get("action") == "proef" and unchanged:
            services.start(current_user, job, dry_run=True)
    except DomainError as refused:
        rollback()
        return _job_refused(services.get_job(job_id), refused)
    commit()
    return go(url_for(".show_import", job_id=job.id))


def _job_refused(job: ImportJob, error):
    return form_error(
        "exchange/job.html", "partials/exchange/_job.html", error, **_job_context(job)
    )


@bp.post("/importeren/<int:job_id>/start")
@roles_required(Role.CHAIR)
def start_import(job_id: int):
    """Import after the dry run, or retry a failed import where it stopped."""
    job = _job(job_id)
    form = ActionForm()
    try:
        if not form.validate_on_submit():
            raise DomainError(form_errors_text(form.errors))
        services.start(
            current_user, job, dry_run=False, expected_version=expected_version(form.version.data)
        )
    except DomainError as refused:
        rollback()
        return _job_refused(services.get_job(job_id), refused)
    commit()
    return go(url_for(".show_import", job_id=job.id))


@bp.post("/importeren/<int:job_id>/verwijderen")
@roles_required(Role.CHAIR)
def discard_import(job_id: int):
    job = _job(job_id)
    form = ActionForm()
    try:
        if not form.validate_on_submit():
            raise DomainError(form_errors_text(form.errors))
        services.discard(current_user, job)
    except DomainError as refused:
        rollback()
        return _job_refused(services.get_job(job_id), refused)
    commit()
    return go(url_for(".list_imports"))


@bp.get("/export/knelpunten.<fmt>")
@roles_required(Role.CHAIR)
def export_blockages_file(fmt: str):
    """Every knelpunt as CSV, XLSX or JSON lines: the same export as the CLI and the API."""
    if fmt not in FORMATS:
        raise DomainError(_("Kies als formaat jsonl, csv of xlsx."))
    filename = f"knelpunten-{today().isoformat()}.{FORMATS[fmt][1]}"
    return Response(
        stream_with_context(export_blockages(fmt)),
        mimetype=mimetype(fmt),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.app_template_global("import_sources")
def import_sources(pattern) -> list[tuple[str, int]]:
    """The imports that brought a pattern's knelpunten in: (name, how many), for triage."""
    ids = [member.blockage_id for member in getattr(pattern, "members", [])]
    jobs = services.sources_of(ids)
    return sorted(Counter(job.name for job in jobs.values()).items())
