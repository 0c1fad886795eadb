"""The knelpunt form: one minute to fill in, no personal data."""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning.blockages.models import (
    DESCRIPTION_MAX,
    DOMAINS,
    HANDLING_LABELS,
    IMPACTS,
    TITLE_MAX,
)
from learning.blockages.services import BlockageInput


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BlockageForm(FlaskForm):
    title = StringField(
        _l("Korte titel"),
        validators=[InputRequired(_l("Geef het knelpunt een korte titel.")), Length(max=TITLE_MAX)],
    )
    description = TextAreaField(
        _l("Wat blokkeerde de hulp?"),
        description=_l(
            "Beschrijf de regel, procedure of het systeem — niet de persoon. "
            "Geen namen, BSN, adressen of contactgegevens."
        ),
        validators=[
            InputRequired(_l("Beschrijf kort wat de hulp blokkeerde.")),
            Length(min=10, max=DESCRIPTION_MAX),
        ],
    )
    domains = CheckboxesField(
        _l("Domein / wet"),
        choices=list(DOMAINS.items()),
        validators=[InputRequired(_l("Kies minstens één domein of wet."))],
    )
    involved_organisations = CheckboxesField(_l("Betrokken organisaties"), coerce=int)
    handling = RadioField(
        _l("Hoe is het nu opgepakt?"),
        choices=[(str(k), v) for k, v in HANDLING_LABELS.items()],
        validators=[InputRequired(_l("Kies hoe het knelpunt nu is opgepakt."))],
    )
    impacts = CheckboxesField(_l("Gevolgen voor de inwoner"), choices=list(IMPACTS.items()))
    organisation = SelectField(_l("Gemeld namens"), coerce=int, validators=[Optional()])
    area = SelectField(_l("Wijk (optioneel)"), coerce=int, validators=[Optional()])
    reported_on = DateField(_l("Datum"), validators=[Optional()])
    submission_key = HiddenField(default=lambda: uuid.uuid4().hex)
    version = HiddenField()

    def to_input(self, mask_personal_data: bool = False) -> BlockageInput:
        return BlockageInput(
            title=self.title.data or "",
            description=self.description.data or "",
            domains=list(self.domains.data or []),
            handling=self.handling.data or "",
            organisation_id=self.organisation.data or None,
            involved_organisation_ids=list(self.involved_organisations.data or []),
            impacts=list(self.impacts.data or []),
            area_id=self.area.data or None,
            reported_on=self.reported_on.data,
            submission_key=self.submission_key.data or None,
            mask_personal_data=mask_personal_data,
        )
