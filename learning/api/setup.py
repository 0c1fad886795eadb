"""The API as a flask-smorest `Api`: OpenAPI 3.1 document, per-blueprint problem handlers,
bearer auth, a rate limit per token, no CSRF. Every resource blueprint is listed here."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException

from learning.api.auth import authenticate, rate_limit_key
from learning.api.problems import (
    PROBLEM_TYPE,
    TITLES,
    ProblemSchema,
    http_problem,
    register_problem_handlers,
)
from learning.extensions import csrf, limiter

PREFIX = "/api/v1"
DEFAULT_RATE = "300 per minute"


class LeernetwerkApi(Api):
    """flask-smorest without its app-wide JSON error handler: the web keeps its HTML pages."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def _register_error_handlers(self) -> None:
        return None

    def _register_responses(self) -> None:
        """The error responses flask-smorest documents by itself are problem+json too."""
        saved = self.DEFAULT_RESPONSE_CONTENT_TYPE
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_TYPE
        try:
            super()._register_responses()
        finally:
            self.DEFAULT_RESPONSE_CONTENT_TYPE = saved


api = LeernetwerkApi()

API_CONFIG = {
    "API_TITLE": "Leernetwerk API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "De JSON-API van Leernetwerk. Authenticatie met een persoonlijk API-token "
                "(`Authorization: Bearer <token>`), aan te maken onder Mijn API-tokens of met "
                "`flask api token create EMAIL`. Fouten volgen RFC 9457 (problem+json) met een "
                "Nederlandse `detail`."
            )
        },
        "servers": [{"url": "/", "description": "Deze installatie"}],
        "security": [{"bearerAuth": []}],
    },
}


def api_blueprint(name: str, url: str, description: str) -> Blueprint:
    """A resource blueprint with the API's authentication, errors, limit and CSRF exemption."""
    bp = Blueprint(name, __name__, url_prefix=PREFIX + url, description=description)
    bp.before_request(authenticate)
    register_problem_handlers(bp)
    return bp


def problems(bp: Blueprint, *statuses: int):
    """Document the problem+json answers an operation can give (401 and 429 always)."""

    def decorate(func):
        for status in sorted({401, 429, *statuses}, reverse=True):
            func = bp.alt_response(
                status,
                schema=ProblemSchema,
                content_type=PROBLEM_TYPE,
                description=TITLES.get(status, "Fout"),
            )(func)
        return func

    return decorate


def init_api(app: Flask, blueprints: list[Blueprint]) -> None:
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "Persoonlijk API-token"}
    )
    for bp in blueprints:
        csrf.exempt(bp)
        limiter.limit(_rate, key_func=rate_limit_key)(bp)
        api.register_blueprint(bp)
    app.before_request(_routing_problem)


def _rate() -> str:
    """Read per request, so the limit can be set (and tested) without a restart."""
    return current_app.config.get("API_RATE_LIMIT", DEFAULT_RATE)


def _routing_problem():
    """A path under /api/v1 that no operation has (or not for this method) is answered as a
    problem before any web error page can be: Flask runs this before raising the routing
    error (an id too large for the database is such a miss too)."""
    error = request.routing_exception
    if isinstance(error, HTTPException) and request.path.startswith(PREFIX + "/"):
        return http_problem(error)
    return None
