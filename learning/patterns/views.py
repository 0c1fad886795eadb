"""Patterns: live suggestions, endorsements, the pattern page and the werktafel triage."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import Role
from learning.blockages.services import get_blockage
from learning.errors import Conflict, DomainError, Forbidden, IllegalTransition, NotFound
from learning.patterns import queries, services, triage
from learning.patterns.adapters import low_fit_blockages
from learning.patterns.forms import ConfirmForm, MergeForm, RejectForm, VersionForm
from learning.patterns.models import Pattern
from learning.patterns.permissions import can_triage, is_chair
from learning.patterns.states import ENDED, STATE_LABELS, TRIAGEABLE, PatternState
from learning.patterns.suggestions import pattern_ids
from learning.patterns.suggestions import suggest as suggest_similar
from learning.permissions import login_required, roles_required
from learning.tables.pattern_panel import build_panel
from learning.tables.practices import similar_practices
from learning.unit_of_work import commit, rollback
from learning.web import expected_version, form_error, form_errors_text, go, render

bp = Blueprint("patterns", __name__)

PAGE = "patterns/show.html"


def _back(pattern_id: int) -> Response:
    return go(url_for("patterns.show_pattern", pattern_id=pattern_id))


@bp.post("/patronen/suggesties")
@login_required
def suggest():
    text = f"{request.form.get('title', '')}. {request.form.get('description', '')}".strip(". ")
    domains = request.form.getlist("domains")
    result = suggest_similar(text, domains)
    practices = similar_practices(text, domains, pattern_ids=pattern_ids(result))
    return render_template(
        "partials/patterns/_suggestions.html", suggestions=result, practices=practices, live=True
    )


@bp.get("/patronen")
@login_required
def list_patterns():
    state = request.args.get("state", "")
    if state and state not in {s.value for s in PatternState}:
        state = ""
    return render(
        "patterns/list.html",
        "partials/patterns/_list.html",
        patterns=queries.visible_patterns(current_user, state),
        state=state,
        state_choices=[(s.value, label) for s, label in STATE_LABELS.items() if s in _LISTED],
    )


_LISTED = frozenset(PatternState) - {PatternState.MERGED}


@bp.get("/patronen/triage")
@roles_required(Role.CHAIR)
def triage_queue():
    queue = queries.triage_queue(current_user)
    return render(
        "patterns/triage.html",
        "partials/patterns/_queue.html",
        queue=queue,
        growth={p.id: queries.growth(p) for p in queue},
    )


def _page(pattern: Pattern, **forms: Any) -> dict[str, Any]:
    """What the pattern page shows; `forms` replaces a refused form so the typed input stays."""
    merge_form = forms.get("merge_form") or MergeForm(formdata=None, version=pattern.version)
    merge_form.other.choices = [
        (p.id, f"#{p.id} {p.title}") for p in queries.merge_candidates(current_user, pattern)
    ]
    members = queries.active_members(pattern)
    return {
        "pattern": pattern,
        "members": members,
        "low_fit": low_fit_blockages(pattern),
        "months": queries.reports_per_month(pattern),
        "domains": queries.domain_counts(pattern),
        "endorsements": queries.endorsement_count(pattern),
        "following": services.is_following(current_user, pattern),
        "can_triage": can_triage(current_user, pattern),
        "can_confirm": pattern.state in TRIAGEABLE,
        "can_reopen": pattern.state in ENDED,
        "can_merge": not pattern.is_merged and bool(merge_form.other.choices),
        "confirm_form": forms.get("confirm_form")
        or ConfirmForm(
            formdata=None,
            title=pattern.title,
            description=pattern.description,
            root_cause=pattern.root_cause or "uitvoering",
            version=pattern.version,
        ),
        "reject_form": forms.get("reject_form")
        or RejectForm(formdata=None, version=pattern.version),
        "merge_form": merge_form,
        "version_form": VersionForm(formdata=None, version=pattern.version),
        "events": queries.events_of(pattern),
        "flow": build_panel(pattern, current_user),
    }


def _refused(pattern_id: int, error: DomainError, **forms: Any) -> Response:
    """A refused triage form: the page again with the reason and what the chair typed.

    Not allowed or not found is no form problem: those go to the error page.
    """
    rollback()
    if isinstance(error, Forbidden | NotFound):
        raise error
    if isinstance(error, IllegalTransition):
        error = Conflict(error.message)  # someone moved the pattern on: answer 409
    return form_error(PAGE, None, error, **_page(services.get_pattern(pattern_id), **forms))


@bp.get("/patronen/<int:pattern_id>")
@login_required
def show_pattern(pattern_id: int):
    pattern = services.get_pattern(pattern_id)
    if pattern.is_merged and pattern.merged_into_id and not is_chair(current_user):
        return redirect(url_for("patterns.show_pattern", pattern_id=pattern.merged_into_id))
    return render(PAGE, **_page(pattern))


@bp.post("/patronen/<int:pattern_id>/steun")
@login_required
def endorse(pattern_id: int):
    services.endorse(current_user, services.get_pattern(pattern_id))
    commit()
    message = _("Dank u. Uw ervaring telt mee als signaal voor dit patroon.")
    if request.form.get("stay") == "1":  # from the live suggestions: keep the half-typed form
        return render_template("partials/patterns/_endorsed.html", message=message)
    flash(message, "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/volgen")
@login_required
def follow(pattern_id: int):
    pattern = services.get_pattern(pattern_id)
    if request.form.get("stop") == "1":
        services.unfollow(current_user, pattern)
        flash(_("U volgt dit patroon niet meer."), "info")
    else:
        services.follow(current_user, pattern)
        flash(_("U volgt dit patroon en hoort elke stap."), "info")
    commit()
    return _back(pattern_id)


@bp.post("/knelpunten/<int:blockage_id>/patroon/<int:pattern_id>")
@login_required
def join_pattern(blockage_id: int, pattern_id: int):
    services.join_pattern(current_user, get_blockage(blockage_id), services.get_pattern(pattern_id))
    commit()
    flash(_("Uw knelpunt is aan het patroon gekoppeld."), "info")
    return redirect(url_for("blockages.show_blockage", blockage_id=blockage_id))


@bp.post("/patronen/<int:pattern_id>/bevestigen")
@roles_required(Role.CHAIR)
def confirm(pattern_id: int):
    form = ConfirmForm()
    try:
        if not form.validate():
            raise DomainError(form_errors_text(form.errors))
        triage.confirm(
            current_user,
            services.get_pattern(pattern_id),
            form.title.data,
            form.description.data or "",
            form.root_cause.data,
            form.order.data,
            expected_version(form.version.data),
        )
    except DomainError as error:
        return _refused(pattern_id, error, confirm_form=form)
    commit()
    flash(_("Patroon bevestigd."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/samenvoegen")
@roles_required(Role.CHAIR)
def merge(pattern_id: int):
    form = MergeForm()
    try:
        other_id = request.form.get("other", type=int)
        if other_id is None:
            raise DomainError(_("Kies het patroon om mee samen te voegen."))
        triage.merge(
            current_user,
            services.get_pattern(pattern_id),
            services.get_pattern(other_id),
            expected_version(form.version.data),
        )
    except DomainError as error:
        return _refused(pattern_id, error)
    commit()
    flash(_("Patronen samengevoegd. Ongedaan maken kan via het opgenomen patroon."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/splitsen")
@roles_required(Role.CHAIR)
def split(pattern_id: int):
    try:
        target_id = request.form.get("target", type=int)
        new = triage.split(
            current_user,
            services.get_pattern(pattern_id),
            request.form.getlist("blockage_ids", type=int),
            services.get_pattern(target_id) if target_id else None,
            request.form.get("title", ""),
            expected_version(request.form.get("version")),
        )
    except DomainError as error:
        return _refused(pattern_id, error)
    commit()
    flash(_("Knelpunten verplaatst naar '%(t)s'.", t=new.title), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/losmaken/<int:blockage_id>")
@roles_required(Role.CHAIR)
def detach(pattern_id: int, blockage_id: int):
    try:
        triage.detach(
            current_user,
            services.get_pattern(pattern_id),
            blockage_id,
            expected_version(request.form.get("version")),
        )
    except DomainError as error:
        return _refused(pattern_id, error)
    commit()
    flash(_("Knelpunt losgemaakt uit het patroon."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/toevoegen")
@roles_required(Role.CHAIR)
def attach(pattern_id: int):
    try:
        blockage_id = request.form.get("blockage_id", type=int)
        if blockage_id is None:
            raise DomainError(_("Geef het nummer van het knelpunt."))
        triage.attach(current_user, services.get_pattern(pattern_id), blockage_id)
    except DomainError as error:
        return _refused(pattern_id, error)
    commit()
    flash(_("Knelpunt toegevoegd aan het patroon."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/afwijzen")
@roles_required(Role.CHAIR)
def reject(pattern_id: int):
    form = RejectForm()
    try:
        if not form.validate():
            raise DomainError(_("Geef kort aan waarom dit eenmalig is en maatwerk volstond."))
        triage.reject(
            current_user,
            services.get_pattern(pattern_id),
            form.reason.data,
            expected_version(form.version.data),
        )
    except DomainError as error:
        return _refused(pattern_id, error, reject_form=form)
    commit()
    flash(_("Patroon afgewezen als eenmalig."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/heropenen")
@roles_required(Role.CHAIR)
def reopen(pattern_id: int):
    triage.reopen(
        current_user,
        services.get_pattern(pattern_id),
        expected_version(request.form.get("version")),
    )
    commit()
    flash(_("Patroon heropend en terug op de triagelijst."), "info")
    return _back(pattern_id)
