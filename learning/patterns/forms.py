"""Forms of the werktafel triage."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from learning.patterns.models import ORDER_LABELS, ROOT_CAUSE_LABELS
from learning.tables.forms import LongSelect


class ConfirmForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(_l("Beschrijving"), validators=[Length(max=5000)])
    root_cause = SelectField(
        _l("Type oorzaak"), choices=[(str(k), v) for k, v in ROOT_CAUSE_LABELS.items()]
    )
    order = RadioField(
        _l("Orde van leren"),
        choices=[(str(k), v) for k, v in ORDER_LABELS.items()],
        validators=[InputRequired(_l("Kies de orde van leren."))],
    )
    version = HiddenField()


class ClassifyForm(FlaskForm):
    """Root cause and learning order, still editable after confirmation."""

    root_cause = SelectField(
        _l("Type oorzaak"), choices=[(str(k), v) for k, v in ROOT_CAUSE_LABELS.items()]
    )
    order = SelectField(
        _l("Orde van leren"), choices=[(str(k), v) for k, v in ORDER_LABELS.items()]
    )
    version = HiddenField()


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom is dit eenmalig? Welk maatwerk volstond?"),
        validators=[InputRequired(), Length(min=5, max=2000)],
    )
    version = HiddenField()


class MergeForm(FlaskForm):
    other = SelectField(_l("Samenvoegen met"), coerce=int, widget=LongSelect())
    version = HiddenField()


class VersionForm(FlaskForm):
    version = HiddenField()
