"""The privacy guard's refusal, shared by every package that stores text."""

from __future__ import annotations

from flask_babel import gettext as _

from learning.errors import DomainError
from learning.privacy.finding import Finding


class PersonalDataFound(DomainError):
    """The text holds personal data; the user must mask or edit before it can be stored."""

    status_code = 422

    def __init__(self, findings: dict[str, list[Finding]]) -> None:
        super().__init__(
            _("De tekst bevat mogelijk persoonsgegevens. Maskeer ze of pas de tekst aan.")
        )
        self.findings = findings
