"""The notification mail preference form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from learning.notifications.models import MAIL_FREQUENCY_LABELS


class MailPreferenceForm(FlaskForm):
    frequency = RadioField(
        _l("Wanneer wilt u een e-mail over uw meldingen?"),
        choices=[(str(f), label) for f, label in MAIL_FREQUENCY_LABELS.items()],
    )
