"""Patterns: live suggestions, endorsements, the pattern page and the werktafel triage."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import Role
from learning.blockages.services import get_blockage
from learning.errors import Conflict, DomainError, Forbidden, IllegalTransition, NotFound
from learning.exchange.services import import_sources_of
from learning.page_cache import cached_page
from learning.patterns import queries, services, triage
from learning.patterns.adapters import low_fit_blockages
from learning.patterns.forms import ClassifyForm, ConfirmForm, MergeForm, RejectForm, VersionForm
from learning.patterns.models import LearningOrder, Pattern
from learning.patterns.permissions import can_see, can_triage, is_chair, require_triage
from learning.patterns.states import ENDED, STATE_LABELS, TRIAGEABLE, PatternState
from learning.patterns.status import next_step
from learning.patterns.suggestions import pattern_ids
from learning.patterns.suggestions import suggest as suggest_similar
from learning.permissions import login_required, roles_required
from learning.security import MAX_ID
from learning.tables.pattern_panel import build_panel
from learning.tables.practices import similar_practices
from learning.unit_of_work import commit, rollback
from learning.web import (
    expected_version,
    form_error,
    form_errors_text,
    go,
    is_htmx,
    page_number,
    render,
)

bp = Blueprint("patterns", __name__)

PAGE = "patterns/show.html"


def _form_id(name: str) -> int | None:
    """An id from the form, or None when absent or out of the database's range."""
    value = request.form.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def _reason() -> str:
    """Split and detach ask a short reason, which the reporters are told."""
    reason = request.form.get("reason", "").strip()[:500]
    if len(reason) < 3:
        raise DomainError(_("Geef kort de reden (een paar woorden); die lezen de melders."))
    return reason


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
        "partials/patterns/_suggestions.html",
        suggestions=result,
        practices=practices,
        endorsed=services.endorsed_ids(current_user, pattern_ids(result)),
        live=True,
    )


@bp.get("/patronen")
@cached_page
@login_required
def list_patterns():
    state = request.args.get("state", "")
    if state and state not in {s.value for s in PatternState}:
        state = ""
    page = page_number()
    rows, total = queries.listed_patterns(
        current_user, state, LIST_PAGE_SIZE, (page - 1) * LIST_PAGE_SIZE
    )
    return render(
        "patterns/list.html",
        "partials/patterns/_list.html",
        rows=rows,
        page=page,
        pages=max(1, -(-total // LIST_PAGE_SIZE)),
        total=total,
        state=state,
        state_choices=[(s.value, label) for s, label in STATE_LABELS.items() if s in _LISTED],
    )


LIST_PAGE_SIZE = 50
_LISTED = frozenset(PatternState) - {PatternState.MERGED}


@bp.get("/patronen/triage")
@cached_page
@roles_required(Role.CHAIR)
def triage_queue():
    page = page_number()
    rows, total = queries.triage_rows(
        current_user, limit=QUEUE_PAGE_SIZE, offset=(page - 1) * QUEUE_PAGE_SIZE
    )
    return render(
        "patterns/triage.html",
        "partials/patterns/_queue.html",
        rows=rows,
        sources=import_sources_of([row.pattern.id for row in rows]),
        page=page,
        pages=max(1, -(-total // QUEUE_PAGE_SIZE)),
        total=total,
    )


QUEUE_PAGE_SIZE = 50


_TRIAGE_FORMS = {"confirm_form", "reject_form"}


def _page(pattern: Pattern, **forms: Any) -> dict[str, Any]:
    """What the pattern page shows; `forms` replaces a refused form so the typed input stays."""
    merge_form = forms.get("merge_form") or MergeForm(formdata=None, version=pattern.version)
    merge_form.other.choices = [
        (pattern_id, f"#{pattern_id} {title}")
        for pattern_id, title in queries.merge_candidates(current_user, pattern)
    ]
    members = queries.active_members(pattern)
    triaging = can_triage(current_user, pattern)
    return {
        "pattern": pattern,
        "members": members,
        "low_fit": low_fit_blockages(pattern),
        "months": queries.reports_per_month(pattern),
        "domains": queries.domain_counts(pattern),
        "endorsements": queries.endorsement_count(pattern),
        "following": services.is_following(current_user, pattern),
        "endorsed": services.has_endorsed(current_user, pattern),
        "can_triage": triaging,
        # A refused form stays on the page with what was typed, even if the pattern moved on.
        "can_confirm": pattern.state in TRIAGEABLE or bool(forms.keys() & _TRIAGE_FORMS),
        "can_reopen": pattern.state in ENDED,
        "can_merge": not pattern.is_merged and bool(merge_form.other.choices),
        "can_classify": (pattern.confirmed_at is not None and not pattern.is_merged)
        or "classify_form" in forms,
        "classify_form": forms.get("classify_form")
        or ClassifyForm(
            formdata=None,
            root_cause=pattern.root_cause or "uitvoering",
            order=pattern.order or "second",
            version=pattern.version,
        ),
        "next_step": next_step(pattern),
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
        "history": queries.history_lines(pattern, current_user),
        "detached": queries.detached_blockages(pattern) if triaging else [],
        "absorbed": queries.absorbed_into(pattern) if triaging else [],
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
@cached_page
@login_required
def show_pattern(pattern_id: int):
    pattern = services.get_pattern(pattern_id)
    if not can_see(current_user, pattern):
        raise NotFound(_("Dit patroon bestaat niet."))
    if pattern.is_merged and pattern.merged_into_id and not is_chair(current_user):
        return redirect(url_for("patterns.show_pattern", pattern_id=pattern.merged_into_id))
    return render(PAGE, **_page(pattern))


@bp.post("/patronen/<int:pattern_id>/steun")
@login_required
def endorse(pattern_id: int):
    """'Dit speelt bij mij ook', or with stop=1 its withdrawal; htmx swaps the toggle itself."""
    pattern = services.get_pattern(pattern_id)
    if request.form.get("stop") == "1":
        services.withdraw_endorsement(current_user, pattern)
        message = _("Uw steun is ingetrokken.")
    else:
        services.endorse(current_user, pattern)
        message = _("Dank u. Uw ervaring telt mee als signaal voor dit patroon.")
    commit()
    if is_htmx():  # the toggle swaps itself; a half-typed knelpunt form stays as it is
        return render_template(
            "partials/patterns/_endorse.html",
            pattern=pattern,
            endorsed=services.has_endorsed(current_user, pattern),
            message=message,
        )
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
    target = url_for("patterns.show_pattern", pattern_id=pattern_id)
    if form.order.data == LearningOrder.THIRD:  # a decision is needed: the dossier comes next
        flash(_("Patroon bevestigd. Leg nu de beslisvraag voor aan de tafel erboven."), "info")
        return go(target + "#escaleren")
    flash(_("Patroon bevestigd."), "info")
    return go(target)


@bp.post("/patronen/<int:pattern_id>/indeling")
@roles_required(Role.CHAIR)
def classify(pattern_id: int):
    form = ClassifyForm()
    try:
        if not form.validate():
            raise DomainError(form_errors_text(form.errors))
        triage.classify(
            current_user,
            services.get_pattern(pattern_id),
            form.root_cause.data,
            form.order.data,
            expected_version(form.version.data),
        )
    except DomainError as error:
        return _refused(pattern_id, error, classify_form=form)
    commit()
    flash(_("Oorzaak en orde opgeslagen."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/samenvoegen")
@roles_required(Role.CHAIR)
def merge(pattern_id: int):
    form = MergeForm()
    try:
        other_id = _form_id("other")
        if other_id is None:
            raise DomainError(_("Kies het patroon om mee samen te voegen."))
        keep, absorb = services.get_pattern(pattern_id), services.get_pattern(other_id)
        version = expected_version(form.version.data)
        if request.form.get("confirmed") != "1":  # first show what will be combined
            triage.check_merge(current_user, keep, absorb)
            return render(
                "patterns/merge_preview.html",
                keep=keep,
                absorb=absorb,
                keep_members=queries.active_members(keep),
                absorb_members=queries.active_members(absorb),
                version=version,
            )
        triage.merge(current_user, keep, absorb, version)
    except DomainError as error:
        return _refused(pattern_id, error)
    commit()
    flash(_("Patronen samengevoegd. Ongedaan maken kan via het opgenomen patroon."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/splitsen")
@roles_required(Role.CHAIR)
def split(pattern_id: int):
    try:
        target_id = _form_id("target")
        pattern = services.get_pattern(pattern_id)
        require_triage(current_user, pattern)  # before asking for a reason
        new = triage.split(
            current_user,
            pattern,
            request.form.getlist("blockage_ids", type=int),
            services.get_pattern(target_id) if target_id else None,
            request.form.get("title", ""),
            expected_version(request.form.get("version")),
            reason=_reason(),
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
        pattern = services.get_pattern(pattern_id)
        require_triage(current_user, pattern)  # before asking for a reason
        triage.detach(
            current_user,
            pattern,
            blockage_id,
            expected_version(request.form.get("version")),
            reason=_reason(),
        )
    except DomainError as error:
        return _refused(pattern_id, error)
    commit()
    flash(_("Knelpunt losgemaakt uit het patroon."), "info")
    return _back(pattern_id)


@bp.get("/patronen/<int:pattern_id>/losse-knelpunten")
@roles_required(Role.CHAIR)
def search_loose(pattern_id: int):
    """While the chair types a title: loose knelpunten to attach (htmx fragment)."""
    pattern = services.get_pattern(pattern_id)
    require_triage(current_user, pattern)
    q = request.args.get("q", "")[:200]
    return render_template(
        "partials/patterns/_loose.html", pattern=pattern, found=queries.loose_blockages(q), q=q
    )


@bp.post("/patronen/<int:pattern_id>/toevoegen")
@roles_required(Role.CHAIR)
def attach(pattern_id: int):
    try:
        blockage_id = _form_id("blockage_id")
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
