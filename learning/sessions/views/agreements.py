"""Afspraak actions: recording the six-week check and giving an afspraak a new owner."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.errors import DomainError
from learning.permissions import login_required, require
from learning.sessions import agreements, queries
from learning.sessions.forms import CheckForm
from learning.sessions.permissions import can_view
from learning.sessions.views.agenda import item_page
from learning.sessions.views.blueprint import bp, run
from learning.sessions.views.series import dashboard_page


@bp.post("/leersessies/afspraken/<int:agreement_id>/controle")
@login_required
def check_agreement(agreement_id: int):
    agreement = queries.get_agreement(agreement_id)
    form = CheckForm(formdata=request.form)
    item = agreement.check_item or agreement.item
    if not form.validate():
        return item_page(item, _("Verbeter de gemarkeerde velden."), check_form=form)
    return run(
        lambda: agreements.check_agreement(
            current_user, agreement, form.result.data, form.note.data or "", form.new_due.data
        ),
        _("Controle van de afspraak vastgelegd."),
        url_for("sessions.show_item", item_id=item.id),
        lambda error: item_page(item, error, check_form=form),
    )


@bp.post("/leersessies/afspraken/<int:agreement_id>/eigenaar")
@login_required
def reassign_agreement(agreement_id: int):
    agreement = queries.get_agreement(agreement_id)
    series = agreement.series
    require(can_view(current_user, series), _("U neemt geen deel aan deze leersessiereeks."))
    try:
        owner = queries.get_user(request.form.get("user", type=int))
    except DomainError as error:
        return dashboard_page(series, error)
    return run(
        lambda: agreements.reassign_agreement(current_user, agreement, owner),
        _("De afspraak heeft een nieuwe eigenaar: %(name)s.", name=owner.name),
        url_for("sessions.dashboard", series_id=series.id),
        lambda error: dashboard_page(series, error),
    )
