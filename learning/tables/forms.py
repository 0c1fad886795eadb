"""Forms of the learning tables: set-up, actions, dossiers, decisions, werkwijzen."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget, Select

from learning.blockages.models import DOMAINS
from learning.tables.actions import ActionInput
from learning.tables.admin import TableInput
from learning.tables.escalation import DecisionInput, DossierInput
from learning.tables.models import ACTION_STATUS_LABELS, TABLE_KIND_LABELS


class LongSelect(Select):
    """A select of thousands of options (everyone who can own an action), rendered with one
    format string per option: WTForms' general attribute rendering costs half a second for
    the owners of a national network on every pattern page. Same HTML."""

    @classmethod
    def render_option(cls, choice, **kwargs) -> Markup:
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = escape(str(choice.value))
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{value}">{label}</option>')


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _id(value) -> int | None:
    return int(value) if value else None


class TableForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[InputRequired(), Length(max=200)])
    kind = SelectField(
        _l("Soort tafel"), choices=[(str(k), v) for k, v in TABLE_KIND_LABELS.items()]
    )
    description = TextAreaField(_l("Waar gaat deze tafel over?"), validators=[Length(max=5000)])
    domains = CheckboxesField(_l("Domeinen en thema's"), choices=list(DOMAINS.items()))
    chair = SelectField(_l("Voorzitter"), coerce=int)
    secretary = SelectField(_l("Secretaris"), coerce=int)
    parent = SelectField(_l("Tafel erboven (escalatie)"), coerce=int)
    members = SelectMultipleField(_l("Deelnemers"), coerce=int)
    organisations = CheckboxesField(_l("Deelnemende organisaties"), coerce=int)
    take_up_days = IntegerField(
        _l("Nieuw patroon oppakken binnen (dagen)"),
        default=28,
        validators=[InputRequired(), NumberRange(min=1, max=365)],
    )
    decision_days = IntegerField(
        _l("Beslisvraag beantwoorden binnen (dagen)"),
        default=56,
        validators=[InputRequired(), NumberRange(min=1, max=365)],
    )
    version = HiddenField()

    def to_input(self) -> TableInput:
        return TableInput(
            name=self.name.data or "",
            kind=self.kind.data or "",
            description=self.description.data or "",
            domains=list(self.domains.data or []),
            chair_id=_id(self.chair.data),
            secretary_id=_id(self.secretary.data),
            parent_id=_id(self.parent.data),
            member_ids=list(self.members.data or []),
            organisation_ids=list(self.organisations.data or []),
            take_up_days=self.take_up_days.data or 0,
            decision_days=self.decision_days.data or 0,
        )


class ActionForm(FlaskForm):
    what = TextAreaField(_l("Wat moet er gebeuren?"), validators=[Length(max=2000)])
    owner = SelectField(_l("Eigenaar"), coerce=int, validate_choice=False, widget=LongSelect())
    organisation = SelectField(_l("Organisatie"), coerce=int, validate_choice=False)
    due_on = DateField(
        _l("Deadline"), description=_l("Standaard zes weken."), validators=[Optional()]
    )

    def to_input(self) -> ActionInput:
        return ActionInput(
            what=self.what.data or "",
            owner_id=_id(self.owner.data),
            due_on=self.due_on.data,
            organisation_id=_id(self.organisation.data),
        )


class ActionUpdateForm(FlaskForm):
    note = TextAreaField(_l("Voortgang of resultaat"), validators=[Length(max=2000)])
    status = SelectField(
        _l("Status"), choices=[(str(k), v) for k, v in ACTION_STATUS_LABELS.items()]
    )
    version = HiddenField()


class DossierForm(FlaskForm):
    question = TextAreaField(
        _l("Beslisvraag"),
        description=_l("Wat moet de tafel erboven besluiten? Eén vraag, zo concreet mogelijk."),
        validators=[Length(max=2000)],
    )
    summary = TextAreaField(_l("Het patroon in het kort"), validators=[Length(max=5000)])
    tried = TextAreaField(_l("Wat is al geprobeerd?"), validators=[Length(max=5000)])
    impact = TextAreaField(_l("Kosten of gevolgen (waar bekend)"), validators=[Length(max=5000)])
    options = TextAreaField(_l("Opties (één per regel)"), validators=[Length(max=5000)])
    version = HiddenField()

    def to_input(self) -> DossierInput:
        return DossierInput(
            question=self.question.data or "",
            options=[line for line in (self.options.data or "").splitlines() if line.strip()],
            tried=self.tried.data or "",
            impact=self.impact.data or "",
            summary=self.summary.data or "",
        )


class DecisionForm(FlaskForm):
    text = TextAreaField(_l("Besluit"), validators=[Length(max=5000)])
    decided_on = DateField(_l("Datum besluit"), validators=[Optional()])
    decided_by = StringField(
        _l("Besloten door"),
        description=_l("Bijvoorbeeld: bestuurlijke stuurgroep, wethouder Zorg"),
        validators=[Length(max=300)],
    )
    follow_up_table = SelectField(_l("Uitvoering door"), coerce=int, validate_choice=False)
    follow_up_what = TextAreaField(_l("Vervolgactie (optioneel)"), validators=[Length(max=2000)])
    follow_up_owner = SelectField(
        _l("Eigenaar vervolgactie"), coerce=int, validate_choice=False, widget=LongSelect()
    )
    follow_up_due_on = DateField(_l("Deadline vervolgactie"), validators=[Optional()])
    version = HiddenField()

    def to_input(self) -> DecisionInput:
        follow_ups = []
        if (self.follow_up_what.data or "").strip():
            follow_ups.append(
                ActionInput(
                    what=self.follow_up_what.data,
                    owner_id=_id(self.follow_up_owner.data),
                    due_on=self.follow_up_due_on.data,
                )
            )
        return DecisionInput(
            text=self.text.data or "",
            decided_by=self.decided_by.data or "",
            decided_on=self.decided_on.data,
            follow_up_table_id=_id(self.follow_up_table.data),
            follow_ups=follow_ups,
        )


class ReasonForm(FlaskForm):
    """Sending a beslisvraag back, closing a pattern, evaluating it: one text and a version."""

    text = TextAreaField(validators=[Length(max=5000)])
    version = HiddenField()


class PracticeForm(FlaskForm):
    title = StringField(_l("Titel van de werkwijze"), validators=[Length(max=200)])
    text = TextAreaField(
        _l("Hoe pakt u het aan?"),
        description=_l(
            "Zo dat een collega het kan toepassen. Geen namen of andere persoonsgegevens."
        ),
        validators=[Length(max=5000)],
    )
