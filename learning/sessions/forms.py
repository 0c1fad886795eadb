"""Forms of the leersessies: series, sessions, agenda items, outcomes, checks and guests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from learning.blockages.forms import CheckboxesField
from learning.blockages.models import DOMAINS
from learning.sessions.agenda import ItemInput
from learning.sessions.agreements import AgreementInput
from learning.sessions.changes import MeetingChange
from learning.sessions.models import (
    CHECK_RESULT_LABELS,
    GUEST_KIND_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    SERIES_ROLE_LABELS,
    SUBMITTABLE_KINDS,
    ItemKind,
)
from learning.sessions.outcomes import OutcomeInput, SystemBlockageInput
from learning.sessions.series import SeriesInput

WEEKDAYS = [
    (0, _l("maandag")),
    (1, _l("dinsdag")),
    (2, _l("woensdag")),
    (3, _l("donderdag")),
    (4, _l("vrijdag")),
    (5, _l("zaterdag")),
    (6, _l("zondag")),
]
WEEKS = [
    (1, _l("eerste")),
    (2, _l("tweede")),
    (3, _l("derde")),
    (4, _l("vierde")),
    (-1, _l("laatste")),
]


def _optional_int(value):
    """'' (the empty choice) is None; 0 stays 0 (Monday)."""
    return None if value in (None, "") else int(value)


class SeriesForm(FlaskForm):
    name = StringField(
        _l("Naam"), validators=[InputRequired(_l("Geef de reeks een naam.")), Length(max=200)]
    )
    level = RadioField(
        _l("Niveau"),
        choices=[(str(k), v) for k, v in LEVEL_LABELS.items()],
        validators=[InputRequired(_l("Kies het niveau."))],
    )
    area = SelectField(_l("Wijk (optioneel)"), coerce=_optional_int, validators=[Optional()])
    facilitators = SelectMultipleField(
        _l("Facilitators (leeg: uzelf)"),
        coerce=int,
        description=_l("Zij plannen, wijzigen en sluiten de leersessies af."),
    )
    secretary = SelectField(_l("Secretaris (optioneel)"), coerce=_optional_int)
    members = SelectMultipleField(_l("Deelnemers"), coerce=int)
    location = StringField(_l("Vaste locatie"), validators=[Length(max=200)])
    weekday = SelectField(_l("Weekdag"), coerce=_optional_int, validators=[Optional()])
    week_of_month = SelectField(
        _l("Week van de maand"), coerce=_optional_int, validators=[Optional()]
    )
    start_time = TimeField(_l("Begintijd"), validators=[Optional()])
    duration_minutes = IntegerField(
        _l("Duur in minuten"), default=120, validators=[NumberRange(min=15, max=600)]
    )
    escalates_to = SelectField(_l("Zet door naar (optioneel)"), coerce=_optional_int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = [("", _l("— geen vaste dag —")), *WEEKDAYS]
        self.week_of_month.choices = [("", _l("—")), *WEEKS]

    def to_input(self) -> SeriesInput:
        return SeriesInput(
            name=self.name.data or "",
            level=self.level.data or "",
            facilitator_ids=list(self.facilitators.data or []),
            secretary_id=self.secretary.data,
            area_id=self.area.data,
            location=self.location.data or "",
            weekday=self.weekday.data,
            week_of_month=self.week_of_month.data,
            start_time=self.start_time.data,
            duration_minutes=self.duration_minutes.data or 0,
            escalates_to_id=self.escalates_to.data,
            member_ids=list(self.members.data or []),
        )


class SessionForm(FlaskForm):
    day = DateField(_l("Datum"), validators=[InputRequired(_l("Kies een datum."))])
    start = TimeField(_l("Van"), validators=[InputRequired(_l("Kies een begintijd."))])
    end = TimeField(_l("Tot"), validators=[Optional()])
    location = StringField(_l("Locatie"), validators=[Length(max=200)])


class ItemForm(FlaskForm):
    kind = RadioField(
        _l("Wat brengt u in?"),
        choices=[(str(k), KIND_LABELS[k]) for k in SUBMITTABLE_KINDS],
        default=ItemKind.DILEMMA.value,
        validators=[InputRequired(_l("Kies wat u inbrengt."))],
    )
    title = StringField(_l("Korte titel"), validators=[Length(max=200)])
    description = TextAreaField(
        _l("Toelichting"),
        description=_l(
            "Anoniem: beschrijf de situatie en de vraag, niet de persoon. "
            "Geen namen, BSN, adressen of contactgegevens."
        ),
        validators=[Length(max=5000)],
    )
    pattern = SelectField(
        _l("Patroon (bij 'Patroon')"), coerce=_optional_int, validators=[Optional()]
    )
    session = SelectField(
        _l("Voor de leersessie van"), coerce=_optional_int, validators=[Optional()]
    )

    def to_input(self) -> ItemInput:
        return ItemInput(
            kind=self.kind.data or "",
            title=self.title.data or "",
            description=self.description.data or "",
            pattern_id=self.pattern.data,
            meeting_id=self.session.data,
        )


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("Uitkomst"), validators=[InputRequired(_l("Kies de uitkomst."))])
    notes = TextAreaField(_l("Aantekeningen van dit niveau"), validators=[Length(max=5000)])
    summary = TextAreaField(_l("Korte samenvatting (optioneel)"), validators=[Length(max=5000)])
    agreement_what = TextAreaField(_l("Afspraak: wat"), validators=[Length(max=5000)])
    agreement_owner = SelectField(
        _l("Afspraak: wie"), coerce=_optional_int, validators=[Optional()]
    )
    agreement_due = DateField(
        _l("Afspraak: uiterlijk (standaard over zes weken)"), validators=[Optional()]
    )
    domains = CheckboxesField(_l("Domein / wet (nieuw knelpunt)"), choices=list(DOMAINS.items()))
    pattern = SelectField(
        _l("Of koppel aan bestaand patroon"), coerce=_optional_int, validators=[Optional()]
    )
    version = HiddenField()

    def to_input(self) -> OutcomeInput:
        agreements = []
        if (self.agreement_what.data or "").strip():
            agreements.append(
                AgreementInput(
                    what=self.agreement_what.data,
                    owner_id=self.agreement_owner.data,
                    due_on=self.agreement_due.data,
                )
            )
        return OutcomeInput(
            outcome=self.outcome.data or "",
            notes=self.notes.data or "",
            summary=self.summary.data or "",
            agreements=agreements,
            domains=list(self.domains.data or []),
            pattern_id=self.pattern.data,
        )


class CheckForm(FlaskForm):
    result = RadioField(
        _l("Is de afspraak uitgevoerd?"),
        choices=[(str(result), _l(label)) for result, label in CHECK_RESULT_LABELS.items()],
        validators=[InputRequired(_l("Kies de uitkomst van de controle."))],
    )
    note = TextAreaField(_l("Toelichting"), validators=[Length(max=5000)])
    new_due = DateField(_l("Nieuwe datum (bij verlengen)"), validators=[Optional()])


class CloseForm(FlaskForm):
    went_well = TextAreaField(_l("Wat ging goed?"), validators=[Length(max=5000)])
    can_improve = TextAreaField(_l("Wat kan beter?"), validators=[Length(max=5000)])
    held_on = DateField(
        _l("Vond de leersessie op een andere dag plaats? Datum (optioneel)"),
        validators=[Optional()],
    )
    version = HiddenField()


class MinutesForm(FlaskForm):
    """Correcting the minutes in the week after closing."""

    went_well = TextAreaField(_l("Wat ging goed?"), validators=[Length(max=5000)])
    can_improve = TextAreaField(_l("Wat kan beter?"), validators=[Length(max=5000)])
    version = HiddenField()


class MeetingForm(FlaskForm):
    """Edit or reschedule one planned session."""

    title = StringField(_l("Titel (optioneel)"), validators=[Length(max=200)])
    day = DateField(_l("Datum"), validators=[InputRequired(_l("Kies een datum."))])
    start = TimeField(_l("Van"), validators=[InputRequired(_l("Kies een begintijd."))])
    end = TimeField(_l("Tot"), validators=[Optional()])
    location = StringField(_l("Locatie"), validators=[Length(max=200)])
    online_url = StringField(_l("Link om online deel te nemen"), validators=[Length(max=500)])
    version = HiddenField()

    def to_change(self) -> MeetingChange:
        return MeetingChange(
            day=self.day.data,
            start=self.start.data,
            end=self.end.data,
            title=self.title.data or "",
            location=self.location.data or "",
            online_url=self.online_url.data or "",
        )


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom gaat de leersessie niet door?"),
        validators=[
            InputRequired(_l("Schrijf kort op waarom de leersessie niet doorgaat.")),
            Length(max=2000),
        ],
    )
    version = HiddenField()


class RoleForm(FlaskForm):
    """Someone in a series with a role."""

    user = SelectField(_l("Persoon"), coerce=_optional_int, validators=[InputRequired()])
    role = SelectField(
        _l("Rol"), choices=[(str(k), v) for k, v in SERIES_ROLE_LABELS.items()], default="member"
    )


class GuestForm(FlaskForm):
    kind = SelectField(
        _l("Soort gast"), choices=[(str(k), v) for k, v in GUEST_KIND_LABELS.items()]
    )
    name = StringField(_l("Naam (optioneel)"), validators=[Length(max=120)])
    email = StringField(_l("E-mailadres (optioneel)"), validators=[Length(max=254)])
    invite = BooleanField(_l("Uitnodiging per e-mail sturen"))


class SystemBlockageForm(FlaskForm):
    title = StringField(
        _l("Systeemknelpunt"),
        validators=[InputRequired(_l("Geef het knelpunt een titel.")), Length(max=120)],
    )
    description = TextAreaField(
        _l("Wat blokkeert, en waarom is een besluit nodig?"), validators=[Length(max=5000)]
    )
    domains = CheckboxesField(_l("Domein / wet"), choices=list(DOMAINS.items()))

    def to_input(self, mask_personal_data: bool = False) -> SystemBlockageInput:
        return SystemBlockageInput(
            title=self.title.data or "",
            description=self.description.data or "",
            domains=list(self.domains.data or []),
            mask_personal_data=mask_personal_data,
        )


class PersonForm(FlaskForm):
    """Pick one user: a new member, or the new owner of an afspraak."""

    user = SelectField(_l("Persoon"), coerce=_optional_int, validators=[InputRequired()])
