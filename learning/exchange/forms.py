"""Forms of the import pages; column choices are plain selects named `kolom-<index>`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from learning.exchange.mapping import FIELDS

MAX_COLUMN_FIELDS = 200


class UploadForm(FlaskForm):
    file = FileField(
        _l("Bestand (.xlsx of .csv)"),
        validators=[FileRequired(_l("Kies een bestand."))],
        description=_l("Een oud .xls-bestand? Sla het in Excel eerst op als .xlsx."),
    )
    organisation = SelectField(_l("Namens organisatie"), coerce=int)


class MappingForm(FlaskForm):
    sheet = SelectField(_l("Tabblad"), validate_choice=False)
    header_row = IntegerField(
        _l("Kopregel (rijnummer)"), validators=[Optional(), NumberRange(min=1, max=1000)]
    )
    version = HiddenField()


class ActionForm(FlaskForm):
    """Buttons that only need the CSRF token and the version the page showed."""

    version = HiddenField()


def mapping_from_form(form: MultiDict) -> dict[int, str]:
    """`kolom-3=description` → {3: "description"}; unknown fields are left for the service to
    refuse, hostile keys are ignored."""
    mapping: dict[int, str] = {}
    for key, value in form.items():
        if not key.startswith("kolom-"):
            continue
        index = key.removeprefix("kolom-")
        if index.isascii() and index.isdigit() and int(index) < MAX_COLUMN_FIELDS and value:
            mapping[int(index)] = value if value in FIELDS else value[:40]
    return mapping
