"""The digest preferences form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from learning.digests.periods import FREQUENCY_LABELS, WEEKDAY_LABELS


class PreferencesForm(FlaskForm):
    frequency = SelectField(
        _l("Hoe vaak wilt u de digest ontvangen?"),
        choices=[(str(f), label) for f, label in FREQUENCY_LABELS.items()],
    )
    weekday = SelectField(
        _l("Op welke dag?"),
        choices=[(i, label) for i, label in enumerate(WEEKDAY_LABELS)],
        coerce=int,
        description=_l("Bij 'elke maand': de eerste deze dag van de maand."),
    )
    skip_empty = BooleanField(_l("Geen digest sturen als er niets nieuws is"))
    opt_in = BooleanField(
        _l("Stuur mij ook wat er met mijn eigen knelpunten en gevolgde patronen gebeurde")
    )
