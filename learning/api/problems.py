"""RFC 9457 problem details for every API error, with a Dutch `detail`.

Handlers are registered on each API blueprint, so the web pages keep their HTML errors. Paths
under /api/v1 that match no operation are answered by `learning.api.setup`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import marshmallow as ma
from flask import Blueprint, Response, json, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from learning.errors import DomainError
from learning.unit_of_work import rollback

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    413: "Te groot",
    415: "Verkeerd formaat",
    422: "Ongeldige invoer",
    429: "Te veel verzoeken",
    500: "Serverfout",
}

DETAILS = {
    400: "Het verzoek is ongeldig.",
    401: "Geef een geldig persoonlijk API-token mee: Authorization: Bearer <token>.",
    403: "U heeft geen rechten voor deze actie.",
    404: "Deze bron bestaat niet (meer), of u mag hem niet zien.",
    405: "Deze methode kan hier niet.",
    409: "Iemand anders was u voor. Haal de bron opnieuw op.",
    413: "Wat u verstuurde is te groot.",
    415: "Stuur JSON (Content-Type: application/json).",
    422: "De invoer is ongeldig; zie `errors`.",
    429: "Te veel verzoeken met dit token. Wacht even en probeer het opnieuw.",
    500: "Er ging iets mis aan onze kant. Er is niets half opgeslagen; probeer het opnieuw.",
}

# marshmallow's and webargs' messages, in Dutch.
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), dutch)
    for pattern, dutch in (
        (r"^Missing data for required field\.$", "Dit veld is verplicht."),
        (r"^Unknown field\.$", "Onbekend veld."),
        (r"^Field may not be null\.$", "Dit veld mag niet leeg (null) zijn."),
        (r"^Not a valid string\.$", "Geen geldige tekst."),
        (r"^Not a valid integer\.$", "Geen geldig geheel getal."),
        (r"^Not a valid number\.$", "Geen geldig getal."),
        (r"^Not a valid boolean\.$", "Geen geldige waarde voor ja/nee."),
        (r"^Not a valid date\.$", "Geen geldige datum (JJJJ-MM-DD)."),
        (r"^Not a valid datetime\.$", "Geen geldig tijdstip."),
        (r"^Not a valid list\.$", "Geen geldige lijst."),
        (r"^Invalid input type\.$", "Verkeerd type."),
        (r"^Invalid value\.$", "Ongeldige waarde."),
        (r"^Must be one of: (.*)\.$", r"Moet een van deze zijn: \1."),
        (
            r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$",
            r"Moet tussen \1 en \2 liggen.",
        ),
        (r"^Must be greater than or equal to (\S+)\.$", r"Moet minstens \1 zijn."),
        (r"^Must be less than or equal to (\S+)\.$", r"Mag hoogstens \1 zijn."),
        (r"^Length must be between (\d+) and (\d+)\.$", r"Lengte moet tussen \1 en \2 liggen."),
        (r"^Shorter than minimum length (\d+)\.$", r"Korter dan de minimale lengte \1."),
        (r"^Longer than maximum length (\d+)\.$", r"Langer dan de maximale lengte \1."),
        (r"^Invalid JSON body\.$", "De body is geen geldige JSON."),
    )
)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details; `errors` holds field errors, `findings` personal data found."""

    class Meta:
        unknown = ma.INCLUDE

    type = ma.fields.String(metadata={"description": "URI van het soort probleem"})
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True, metadata={"description": "Uitleg in het Nederlands"})
    instance = ma.fields.String()
    errors = ma.fields.Dict(metadata={"description": "Fouten per veld"})
    findings = ma.fields.List(
        ma.fields.Dict(), metadata={"description": "Gevonden persoonsgegevens (soort en plaats)"}
    )


def dutch(messages: Any) -> Any:
    """Field errors (nested dicts and lists of strings) with the messages in Dutch."""
    if isinstance(messages, dict):
        return {str(k): dutch(v) for k, v in messages.items()}
    if isinstance(messages, list | tuple):
        return [dutch(m) for m in messages]
    if isinstance(messages, str):
        for pattern, replacement in MESSAGES:
            if pattern.match(messages):
                return pattern.sub(replacement, messages)
    return messages


def problem(status: int, detail: str | None = None, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail or DETAILS.get(status, DETAILS[400]),
        "instance": request.path,
        **{k: v for k, v in extra.items() if v is not None},
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="leernetwerk"'
    return response


def http_problem(error: HTTPException) -> Response:
    status = error.code or 500
    if status >= 500:
        rollback()
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    if isinstance(errors, dict) and set(errors) <= {"json", "query", "form", "files", "path"}:
        errors = (
            {k: v for location in errors.values() for k, v in location.items()}
            if all(isinstance(v, dict) for v in errors.values())
            else errors
        )
    detail = data.get("message") if isinstance(data.get("message"), str) else None
    if errors and status in (400, 422):
        status = 422
        detail = _("De invoer is ongeldig; zie `errors` per veld.")
    response = problem(status, detail, errors=dutch(errors) if errors else None)
    for name, value in (getattr(error, "headers", None) or data.get("headers") or {}).items():
        if name.lower() not in {"content-type", "content-length"}:
            response.headers[name] = value
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _domain(error: DomainError) -> Response:
    findings = getattr(error, "findings", None)
    if findings:
        findings = [
            {"field": field, "kind": f.kind, "label": f.label, "start": f.start, "end": f.end}
            for field, items in findings.items()
            for f in items
        ]
    rollback()
    return problem(error.status_code, error.message, findings=findings)


def _stale(_error: StaleDataError) -> Response:
    rollback()
    return problem(409)


def _data(_error: DataError) -> Response:
    rollback()
    return problem(422, _("Een van de waarden is te groot of ongeldig."))


def _integrity(_error: IntegrityError) -> Response:
    rollback()
    return problem(409, _("Dit is al opgeslagen (dubbel verzoek)."))


def _unexpected(error: Exception) -> Response:
    rollback()
    logger.error("API error on %s: %s", request.path, type(error).__name__)
    return problem(500)


def register_problem_handlers(bp: Blueprint) -> None:
    """Flask looks for a handler by status code in the app before a class in the blueprint, so
    every code the web answers with a page gets its own handler here."""
    for code in (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500):
        bp.register_error_handler(code, http_problem)
    bp.register_error_handler(HTTPException, http_problem)
    bp.register_error_handler(DomainError, _domain)
    bp.register_error_handler(StaleDataError, _stale)
    bp.register_error_handler(DataError, _data)
    bp.register_error_handler(IntegrityError, _integrity)
    bp.register_error_handler(Exception, _unexpected)
