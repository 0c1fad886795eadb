"""Patterns: live suggestions, endorsements, the pattern page and the werktafel triage."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import Role
from learning.blockages.services import get_blockage
from learning.errors import DomainError
from learning.patterns import queries, services
from learning.patterns.forms import ConfirmForm, MergeForm, RejectForm, VersionForm
from learning.patterns.models import PatternState
from learning.patterns.suggestions import suggest as suggest_similar
from learning.permissions import login_required, roles_required
from learning.unit_of_work import commit
from learning.web import render

bp = Blueprint("patterns", __name__)


def _version(form_value: str | None) -> int | None:
    return int(form_value) if form_value and form_value.isdigit() else None


def _back(pattern_id: int):
    target = url_for("patterns.show_pattern", pattern_id=pattern_id)
    if request.headers.get("HX-Request") == "true":
        return "", 204, {"HX-Redirect": target}
    return redirect(target)


@bp.post("/patronen/suggesties")
@login_required
def suggest():
    text = f"{request.form.get('title', '')}. {request.form.get('description', '')}".strip(". ")
    result = suggest_similar(text, request.form.getlist("domains"))
    return render_template("partials/patterns/_suggestions.html", suggestions=result, live=True)


@bp.get("/patronen")
@login_required
def list_patterns():
    state = request.args.get("state", "")
    if state and state not in {s.value for s in PatternState}:
        state = ""
    patterns = queries.visible_patterns(current_user, state)
    return render(
        "patterns/list.html",
        "partials/patterns/_list.html",
        patterns=patterns,
        state=state,
        queries=queries,
    )


@bp.get("/patronen/triage")
@roles_required(Role.CHAIR)
def triage_queue():
    queue = queries.triage_queue(current_user)
    return render(
        "patterns/triage.html", "partials/patterns/_queue.html", queue=queue, queries=queries
    )


@bp.get("/patronen/<int:pattern_id>")
@login_required
def show_pattern(pattern_id: int):
    pattern = services.get_pattern(pattern_id)
    if (
        pattern.state == PatternState.MERGED
        and pattern.merged_into_id
        and not current_user.has_role(Role.CHAIR)
    ):
        return redirect(url_for("patterns.show_pattern", pattern_id=pattern.merged_into_id))
    can_triage = _can_triage(pattern)
    confirm_form = ConfirmForm(
        formdata=None,
        title=pattern.title,
        description=pattern.description,
        root_cause=pattern.root_cause or "uitvoering",
        version=pattern.version,
    )
    merge_form = MergeForm(formdata=None, version=pattern.version)
    merge_form.other.choices = [
        (p.id, f"#{p.id} {p.title}")
        for p in queries.visible_patterns(current_user)
        if p.id != pattern.id
    ]
    return render_template(
        "patterns/show.html",
        pattern=pattern,
        members=queries.active_members(pattern),
        months=queries.reports_per_month(pattern),
        domains=queries.domain_counts(pattern),
        endorsements=queries.endorsement_count(pattern),
        following=services.is_following(current_user, pattern),
        can_triage=can_triage,
        confirm_form=confirm_form,
        reject_form=RejectForm(formdata=None, version=pattern.version),
        merge_form=merge_form,
        version_form=VersionForm(formdata=None, version=pattern.version),
        events=_events(pattern),
    )


def _events(pattern):
    from sqlalchemy import select

    from learning.extensions import db
    from learning.patterns.models import PatternEvent

    return db.session.scalars(
        select(PatternEvent)
        .where(PatternEvent.pattern_id == pattern.id)
        .order_by(PatternEvent.at.desc())
    ).all()


def _can_triage(pattern) -> bool:
    try:
        services.check_chair(current_user, pattern)
    except DomainError:
        return False
    return True


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
    pattern = services.get_pattern(pattern_id)
    form = ConfirmForm()
    if not form.validate():
        raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
    services.confirm(
        current_user,
        pattern,
        form.title.data,
        form.description.data or "",
        form.root_cause.data,
        form.order.data,
        _version(form.version.data),
    )
    commit()
    flash(_("Patroon bevestigd."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/samenvoegen")
@roles_required(Role.CHAIR)
def merge(pattern_id: int):
    keep = services.get_pattern(pattern_id)
    other_id = request.form.get("other", type=int)
    if other_id is None:
        raise DomainError(_("Kies het patroon om mee samen te voegen."))
    services.merge(
        current_user, keep, services.get_pattern(other_id), _version(request.form.get("version"))
    )
    commit()
    flash(_("Patronen samengevoegd. Ongedaan maken kan via het opgenomen patroon."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/splitsen")
@roles_required(Role.CHAIR)
def split(pattern_id: int):
    pattern = services.get_pattern(pattern_id)
    target_id = request.form.get("target", type=int)
    target = services.get_pattern(target_id) if target_id else None
    new = services.split(
        current_user,
        pattern,
        request.form.getlist("blockage_ids", type=int),
        target,
        request.form.get("title", ""),
        _version(request.form.get("version")),
    )
    commit()
    flash(_("Knelpunten verplaatst naar '%(t)s'.", t=new.title), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/losmaken/<int:blockage_id>")
@roles_required(Role.CHAIR)
def detach(pattern_id: int, blockage_id: int):
    services.detach(
        current_user,
        services.get_pattern(pattern_id),
        blockage_id,
        _version(request.form.get("version")),
    )
    commit()
    flash(_("Knelpunt losgemaakt uit het patroon."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/toevoegen")
@roles_required(Role.CHAIR)
def attach(pattern_id: int):
    blockage_id = request.form.get("blockage_id", type=int)
    if blockage_id is None:
        raise DomainError(_("Geef het nummer van het knelpunt."))
    services.attach(current_user, services.get_pattern(pattern_id), blockage_id)
    commit()
    flash(_("Knelpunt toegevoegd aan het patroon."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/afwijzen")
@roles_required(Role.CHAIR)
def reject(pattern_id: int):
    form = RejectForm()
    if not form.validate():
        raise DomainError(_("Geef kort aan waarom dit eenmalig is en maatwerk volstond."))
    services.reject(
        current_user,
        services.get_pattern(pattern_id),
        form.reason.data,
        _version(form.version.data),
    )
    commit()
    flash(_("Patroon afgewezen als eenmalig."), "info")
    return _back(pattern_id)


@bp.post("/patronen/<int:pattern_id>/heropenen")
@roles_required(Role.CHAIR)
def reopen(pattern_id: int):
    services.reopen(
        current_user, services.get_pattern(pattern_id), _version(request.form.get("version"))
    )
    commit()
    flash(_("Patroon heropend en terug op de triagelijst."), "info")
    return _back(pattern_id)
