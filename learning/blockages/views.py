"""Knelpunten: log, list, view, edit, withdraw; privacy warnings while typing."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning.accounts.services import live_organisations
from learning.audit.lines import audit_lines
from learning.audit.services import history
from learning.blockages import queries, services
from learning.blockages.drafts import pop_draft
from learning.blockages.forms import BlockageForm
from learning.blockages.models import Area, Blockage
from learning.blockages.permissions import can_edit, can_see
from learning.errors import DomainError
from learning.extensions import db
from learning.page_cache import cached_page
from learning.patterns.queries import latest_event, pattern_of
from learning.patterns.services import endorsed_ids, get_pattern, join_pattern
from learning.patterns.status import status_label, statuses
from learning.patterns.suggestions import pattern_ids, suggest
from learning.patterns.vectors import to_array
from learning.permissions import login_required, require
from learning.privacy import PersonalDataFound
from learning.tables.practices import similar_practices
from learning.tables.queries import decisions_of
from learning.unit_of_work import commit, rollback
from learning.web import expected_version, form_error, go, page_number, render

bp = Blueprint("blockages", __name__)


def _form(blockage: Blockage | None = None, formdata=None) -> BlockageForm:
    form = BlockageForm(formdata=formdata, obj=None)
    organisations = live_organisations()
    form.involved_organisations.choices = [(o.id, o.name) for o in organisations]
    own = [o for o in current_user.organisations if not o.is_deleted] or organisations
    form.organisation.choices = [(o.id, o.name) for o in own]
    areas = db.session.scalars(select(Area).order_by(Area.name)).all()
    form.area.choices = [(0, _("— geen —"))] + [(a.id, a.name) for a in areas]
    if blockage is not None and formdata is None and request.method == "GET":
        form.title.data = blockage.title
        form.description.data = blockage.description
        form.domains.data = blockage.domains
        form.involved_organisations.data = [o.id for o in blockage.involved_organisations]
        form.handling.data = blockage.handling
        form.impacts.data = blockage.impacts
        form.organisation.data = blockage.organisation_id
        form.area.data = blockage.area_id or 0
        form.reported_on.data = blockage.reported_on
        form.version.data = str(blockage.version)
    return form


def _render_form(form: BlockageForm, blockage: Blockage | None, findings=None):
    return render(
        "blockages/form.html",
        "partials/blockages/_form.html",
        form=form,
        blockage=blockage,
        findings=findings or {},
    )


def _refused(form: BlockageForm, blockage: Blockage | None, error, findings=None):
    return form_error(
        "blockages/form.html",
        "partials/blockages/_form.html",
        error,
        form=form,
        blockage=blockage,
        findings=findings or {},
    )


def _submit(form: BlockageForm, blockage: Blockage | None):
    """Shared POST handling of the new and edit forms: mask, or validate and save."""
    if request.form.get("action") == "mask":
        data = services.mask_fields(form.to_input())
        form.title.data, form.description.data = data.title, data.description
        flash(_("Persoonsgegevens zijn gemaskeerd. Controleer de tekst en sla op."), "info")
        return _render_form(form, blockage)
    if not form.validate():
        return _refused(form, blockage, _("Verbeter de gemarkeerde velden."))
    try:
        if blockage is None:
            saved = services.log_blockage(current_user, form.to_input())
        else:
            version = expected_version(form.version.data)
            saved = services.update_blockage(current_user, blockage, form.to_input(), version)
        join_pattern_id = request.form.get("join_pattern", type=int)
        if join_pattern_id:
            join_pattern(current_user, saved, get_pattern(join_pattern_id))
    except PersonalDataFound as error:
        rollback()
        return _refused(form, blockage, error, findings=error.findings)
    except DomainError as error:
        rollback()
        return _refused(form, blockage, error)
    commit()
    flash(_("Knelpunt opgeslagen. Dank u wel!"), "info")
    return go(url_for("blockages.show_blockage", blockage_id=saved.id))


@bp.get("/knelpunten")
@cached_page
@login_required
def list_blockages():
    args = request.args
    filters = queries.BlockageFilters(
        q=args.get("q", "")[:200],
        domain=args.get("domain", ""),
        organisation_id=args.get("organisation", type=int),
        status=args.get("status", ""),
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
        mine=args.get("mine") == "1",
    )
    page = queries.page_of(current_user, filters, page_number(), current_app.config["PAGE_SIZE"])
    return render(
        "blockages/list.html",
        "partials/blockages/_results.html",
        page=page,
        statuses=statuses(page.items),
        filters=filters,
        organisations=live_organisations(),
    )


def _date_arg(name: str) -> date | None:
    value = request.args.get(name, "")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        flash(_("Ongeldige datum genegeerd: %(v)s", v=value), "error")
        return None


@bp.route("/knelpunten/nieuw", methods=["GET", "POST"])
@login_required
def new_blockage():
    if request.method == "POST":
        return _submit(_form(formdata=request.form), None)
    draft = pop_draft(current_user)
    if draft is not None:
        commit()
        flash(
            _("Het formulier was verlopen. Uw knelpunt is bewaard; controleer en sla op."), "info"
        )
        return _render_form(_form(formdata=draft), None)
    return _render_form(_form(), None)


@bp.route("/knelpunten/<int:blockage_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_blockage(blockage_id: int):
    blockage = services.get_blockage(blockage_id)
    require(can_edit(current_user, blockage), _("U kunt alleen uw eigen knelpunten wijzigen."))
    if request.method == "POST":
        return _submit(_form(blockage, formdata=request.form), blockage)
    draft = pop_draft(current_user)
    if draft is not None:
        commit()
    return _render_form(_form(blockage, formdata=draft), blockage)


@bp.post("/knelpunten/privacycheck")
@login_required
def privacy_check():
    """While typing: show what looks like personal data, without storing anything."""
    form = _form(formdata=request.form)
    findings = services.scan_fields(form.to_input())
    return render_template("partials/blockages/_privacy.html", findings=findings)


@bp.get("/knelpunten/<int:blockage_id>")
@login_required
def show_blockage(blockage_id: int):
    blockage = services.get_blockage(blockage_id)
    if not can_see(current_user, blockage):
        abort(404)
    is_owner = can_edit(current_user, blockage)
    pattern = pattern_of(blockage)
    similar = None
    practices = []
    if is_owner and pattern is None and not blockage.is_withdrawn:
        similar = suggest(
            blockage.text,
            blockage.domains,
            exclude_id=blockage.id,
            vector=to_array(blockage.vector),
        )
        practices = similar_practices(
            blockage.text, blockage.domains, pattern_ids=pattern_ids(similar)
        )
    decisions = decisions_of(pattern) if pattern is not None else []
    return render_template(
        "blockages/show.html",
        blockage=blockage,
        pattern=pattern,
        status=status_label(blockage, pattern),
        latest_step=latest_event(pattern) if pattern is not None else None,
        decision=decisions[0] if decisions else None,
        suggestions=similar,
        practices=practices,
        endorsed=endorsed_ids(current_user, pattern_ids(similar)) if similar else set(),
        history=audit_lines(history(blockage)) if is_owner else [],
        is_owner=is_owner,
    )


@bp.post("/knelpunten/<int:blockage_id>/intrekken")
@login_required
def withdraw_blockage(blockage_id: int):
    blockage = services.get_blockage(blockage_id)
    services.withdraw_blockage(current_user, blockage, request.form.get("reason", "")[:500])
    commit()
    flash(_("Knelpunt ingetrokken."), "info")
    return redirect(url_for("blockages.list_blockages", mine=1))
