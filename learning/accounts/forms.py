"""Forms for signing in, invitations and organisations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from learning.accounts.models import ORGANISATION_KIND_LABELS, ROLE_LABELS


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=200)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nieuw wachtwoord"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        _l("Herhaal wachtwoord"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("De wachtwoorden verschillen.")),
        ],
    )


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    roles = SelectMultipleField(
        _l("Rollen"),
        choices=[(str(role), label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired(message=_l("Kies minstens één rol."))],
    )
    organisations = SelectMultipleField(
        _l("Organisaties"),
        coerce=int,
        validators=[DataRequired(message=_l("Kies een organisatie."))],
    )


class OrganisationForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Soort"),
        choices=[(str(kind), label) for kind, label in ORGANISATION_KIND_LABELS.items()],
    )
