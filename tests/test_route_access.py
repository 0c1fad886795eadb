"""Every route of the app, for every kind of visitor: who gets in, who is sent to the login
page, who is refused, who is told that the thing does not exist.

The table below is the access policy. A route that is added without a line in it fails
`test_every_route_has_a_rule`, so nobody adds a page without deciding who may see it.

Each route is requested with the ids of real objects (`tests/world.py`) by anonymous, a
person in each role and a professional of another organisation, with every method the route
accepts. A POST carries an empty form: "ok" means the request got past the gates (the page,
a redirect, or the form's own refusal: 400/409/422), not that something was saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask, url_for

from learning.extensions import db
from tests.world import PRINCIPALS, World, build_world, client_for, isolated, world_transaction

OK = "ok"  # 2xx, a redirect elsewhere than the login page, or the form's own 400/409/422
LOGIN = "login"  # to the login page (pages) or 401 (API, htmx)
FORBIDDEN = "403"
MISSING = "404"

ROLES = tuple(p for p in PRINCIPALS if p != "anonymous")


def everyone(anonymous: str = LOGIN) -> dict[str, str]:
    """Every logged-in principal gets in."""
    rule = dict.fromkeys(ROLES, OK)
    rule["anonymous"] = anonymous
    return rule


def only(*allowed: str, refused: str = FORBIDDEN, anonymous: str = LOGIN) -> dict[str, str]:
    """The named principals get in, the other logged-in ones get `refused`."""
    rule = {principal: (OK if principal in allowed else refused) for principal in ROLES}
    rule["anonymous"] = anonymous
    return rule


def public() -> dict[str, str]:
    return dict.fromkeys(PRINCIPALS, OK)


# What each URL parameter is filled with; per endpoint where one name means different things.
def _args(world: World) -> dict[str, int | str]:
    return {
        "blockage_id": world.blockage.id,
        "pattern_id": world.pattern.id,
        "organisation_id": world.other_organisation.id,
        "item_id": world.item.id,
        "decision_id": world.decision.id,
        "token_id": 0,  # replaced per principal: the token of whoever asks
        "job_id": world.import_job.id,
        "mail_id": world.failed_mail.id,
        "notification_id": world.notification.id,
        "meeting_id": world.meeting.id,
        "session_id": world.meeting.id,
        "series_id": world.series.id,
        "user_id": world.users["professional"].id,
        "agreement_id": world.agreement.id,
        "table_id": world.werktafel.id,
        "request_id": world.decision_request.id,
        "action_id": world.action.id,
        "practice_id": world.practice.id,
        "fmt": "csv",
    }


TOKENS = {
    "accounts.accept_invitation": "invite",
    "accounts.reset_password": "reset",
    "digests.unsubscribe": "digest_unsubscribe",
    "notifications.unsubscribe": "notification_unsubscribe",
    "sessions.calendar_feed": "calendar",
}

# Routes walked a second time with other objects: "endpoint[variant]".
VARIANTS: dict[str, Callable[[World], dict[str, int]]] = {
    "patterns.show_pattern[candidate]": lambda w: {"pattern_id": w.candidate.id},
    "patterns.show_pattern[escalated]": lambda w: {"pattern_id": w.escalated.id},
    "blockages.show_blockage[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "blockages.edit_blockage[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "sessions.show_series[bestuur]": lambda w: {"series_id": w.bestuur.id},
    "sessions.show_series[management]": lambda w: {"series_id": w.management.id},
    "tables.pattern_flow[escalated]": lambda w: {"pattern_id": w.escalated.id},
    "knelpunten.get_blockage[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "patronen.get_pattern[candidate]": lambda w: {"pattern_id": w.candidate.id},
    "sessions.put_on_agenda[bestuur]": lambda w: {"series_id": w.bestuur.id},
    "blockages.withdraw_blockage[other organisation]": lambda w: {
        "blockage_id": w.other_blockage.id
    },
    "patterns.join_pattern[other organisation]": lambda w: {"blockage_id": w.other_blockage.id},
    "exchange.show_import[other organisation]": lambda w: {"job_id": w.other_import_job.id},
    "imports.get_import[other organisation]": lambda w: {"job_id": w.other_import_job.id},
    "api_tokens.revoke_token[the professional's]": lambda w: {
        "token_id": w.api_token_ids["professional"]
    },
}

# Query parameters a page needs to show anything at all.
QUERIES: dict[str, Callable[[dict], dict]] = {
    "sessions.flag_pattern": lambda args: {"patroon": args["pattern_id"]},
}


def _payloads(walk: Walk) -> dict[str, dict[str, str]]:
    """Valid forms for the POSTs whose gate sits in the service, behind the form check: with
    an empty form everyone would get the form's 422 and the walk would prove nothing."""
    args, users = walk.args, walk.user_pks
    action = args["action_id"]
    return {
        "tables.update_action": {
            f"action{action}-note": "Besproken",
            f"action{action}-status": "open",
        },
        "tables.record_practice": {
            "practice-title": "Bewindvoering vooraf",
            "practice-text": "De gemeente betaalt de bewindvoering de eerste maanden voor.",
        },
        "sessions.add_member": {"user": users["outsider"]},
        "sessions.reassign_agreement": {"user": users["chair"]},
        "sessions.check_agreement": {"result": "uitgevoerd", "note": "Uitgevoerd"},
        "sessions.record_outcome": {"outcome": "besproken", "notes": "Besproken in de sessie"},
        "sessions.plan_meeting": {"day": "2030-01-08", "start": "10:00"},
        "sessions.flag_pattern": {"patroon": args["pattern_id"], "series": args["series_id"]},
    }


EXPECTED: dict[str, dict[str, dict[str, str]]] = {
    "accounts.accept_invitation": {"GET": public(), "POST": public()},
    "accounts.delete_organisation": {"POST": only("programme_admin")},
    "accounts.forgot_password": {"GET": public(), "POST": public()},
    "accounts.invite_user": {"GET": only("programme_admin"), "POST": only("programme_admin")},
    "accounts.list_organisations": {
        "GET": only("programme_admin"),
        "POST": only("programme_admin"),
    },
    "accounts.list_users": {"GET": only("programme_admin")},
    "accounts.login": {"GET": public(), "POST": public()},
    "accounts.logout": {"POST": only(refused=LOGIN)},
    "accounts.reset_password": {"GET": public(), "POST": public()},
    "agendapunten.get_item": {
        "GET": only("professional", "champion", "programme_admin", refused=MISSING)
    },
    "api-docs.openapi_json": {"GET": public()},
    "api_tokens.api_docs": {"GET": public()},
    "api_tokens.create_token": {"POST": everyone()},
    "api_tokens.list_tokens": {"GET": everyone()},
    "api_tokens.revoke_token": {"POST": everyone()},
    "api_tokens.revoke_token[the professional's]": {
        "POST": only("professional", "programme_admin")
    },
    "besluiten.get_decision": {"GET": everyone()},
    "besluiten.list_decisions": {"GET": everyone()},
    "blockages.edit_blockage": {
        "GET": only("professional", "programme_admin"),
        "POST": only("professional", "programme_admin"),
    },
    "blockages.edit_blockage[other organisation]": {
        "GET": only("programme_admin", "outsider"),
        "POST": only("programme_admin", "outsider"),
    },
    "blockages.list_blockages": {"GET": everyone()},
    "blockages.new_blockage": {"GET": everyone(), "POST": everyone()},
    "blockages.privacy_check": {"POST": everyone()},
    "blockages.show_blockage": {"GET": everyone()},
    "blockages.show_blockage[other organisation]": {"GET": everyone()},
    "blockages.withdraw_blockage": {"POST": only("professional", "programme_admin")},
    "blockages.withdraw_blockage[other organisation]": {
        "POST": only("programme_admin", "outsider")
    },
    "dashboard.blockage_counts": {"GET": everyone()},
    "digests.failed_mail": {"GET": only("programme_admin")},
    "digests.preferences": {"GET": everyone(), "POST": everyone()},
    "digests.preview": {"GET": everyone()},
    "digests.retry_mail": {"POST": only("programme_admin")},
    "digests.unsubscribe": {"GET": public(), "POST": public()},
    "exchange.configure_import": {"POST": only("chair", "programme_admin")},
    "exchange.discard_import": {"POST": only("chair", "programme_admin")},
    "exchange.export_blockages_file": {"GET": only("chair", "programme_admin")},
    "exchange.import_progress": {"GET": only("chair", "programme_admin")},
    "exchange.list_imports": {"GET": only("chair", "programme_admin")},
    "exchange.show_import": {"GET": only("chair", "programme_admin")},
    "exchange.show_import[other organisation]": {"GET": only("programme_admin")},
    "exchange.start_import": {"POST": only("chair", "programme_admin")},
    "exchange.upload_import": {"POST": only("chair", "programme_admin")},
    "export.export_knelpunten": {"GET": only("chair", "programme_admin")},
    "home.healthz": {"GET": public()},
    "home.index": {"GET": everyone()},
    "imports.create_import": {"POST": everyone()},
    "imports.get_import": {"GET": only("chair", "programme_admin", refused=MISSING)},
    "imports.get_import[other organisation]": {"GET": only("programme_admin", refused=MISSING)},
    "knelpunten.create_blockage": {"POST": everyone()},
    "knelpunten.get_blockage": {"GET": everyone()},
    "knelpunten.get_blockage[other organisation]": {"GET": everyone()},
    "knelpunten.list_blockages": {"GET": everyone()},
    "knelpunten.withdraw_blockage": {"POST": only("professional", "programme_admin")},
    "leersessies.get_session": {
        "GET": only("professional", "champion", "programme_admin", refused=MISSING)
    },
    "leersessies.list_sessions": {"GET": everyone()},
    "notifications.list_notifications": {"GET": everyone()},
    "notifications.mark_all_read": {"POST": everyone()},
    "notifications.open_notification": {"POST": only("professional", refused=MISSING)},
    "notifications.preferences": {"GET": everyone(), "POST": everyone()},
    "notifications.unsubscribe": {"GET": public(), "POST": public()},
    "patronen.endorse_pattern": {"POST": everyone()},
    "patronen.follow_pattern": {"POST": everyone()},
    "patronen.get_pattern": {"GET": everyone()},
    "patronen.get_pattern[candidate]": {"GET": only("chair", "programme_admin", refused=MISSING)},
    "patronen.list_patterns": {"GET": everyone()},
    "patronen.pattern_members": {"GET": everyone()},
    "patronen.unfollow_pattern": {"DELETE": everyone()},
    "patterns.attach": {"POST": only("chair", "programme_admin")},
    "patterns.classify": {"POST": only("chair", "programme_admin")},
    "patterns.confirm": {"POST": only("chair", "programme_admin")},
    "patterns.detach": {"POST": only("chair", "programme_admin")},
    "patterns.endorse": {"POST": everyone()},
    "patterns.follow": {"POST": everyone()},
    "patterns.join_pattern": {"POST": only("professional", "programme_admin")},
    "patterns.join_pattern[other organisation]": {"POST": only("programme_admin", "outsider")},
    "patterns.list_patterns": {"GET": everyone()},
    "patterns.merge": {"POST": only("chair", "programme_admin")},
    "patterns.reject": {"POST": only("chair", "programme_admin")},
    "patterns.reopen": {"POST": only("chair", "programme_admin")},
    "patterns.search_loose": {"GET": only("chair", "programme_admin")},
    "patterns.show_pattern": {"GET": everyone()},
    "patterns.show_pattern[candidate]": {"GET": only("chair", "programme_admin", refused=MISSING)},
    "patterns.show_pattern[escalated]": {"GET": everyone()},
    "patterns.split": {"POST": only("chair", "programme_admin")},
    "patterns.suggest": {"POST": everyone()},
    "patterns.triage_queue": {"GET": only("chair", "programme_admin")},
    "sessions.accept_item": {"POST": only("champion", "programme_admin")},
    "sessions.add_guest": {"POST": only("champion", "programme_admin")},
    "sessions.add_member": {"POST": only("champion", "programme_admin")},
    "sessions.calendar_feed": {"GET": public()},
    "sessions.cancel_meeting": {"POST": only("champion", "programme_admin")},
    "sessions.check_agreement": {"POST": only("champion", "programme_admin")},
    "sessions.close_meeting": {"POST": only("champion", "programme_admin")},
    "sessions.dashboard": {"GET": only("professional", "champion", "programme_admin")},
    "sessions.flag_pattern": {
        "GET": only("chair", "champion", "programme_admin"),
        "POST": only("chair", "champion", "programme_admin"),
    },
    "sessions.list_series": {"GET": everyone()},
    "sessions.meeting_ics": {
        "GET": only("professional", "champion", "programme_admin", anonymous=FORBIDDEN)
    },
    "sessions.move_item": {"POST": only("champion", "programme_admin")},
    "sessions.my_items": {"GET": everyone()},
    "sessions.new_item": {
        "GET": only("professional", "champion", "programme_admin"),
        "POST": only("professional", "champion", "programme_admin"),
    },
    "sessions.new_series": {
        "GET": only("champion", "programme_admin"),
        "POST": only("champion", "programme_admin"),
    },
    "sessions.plan_meeting": {"POST": only("champion", "programme_admin")},
    "sessions.plan_recurring": {"POST": only("champion", "programme_admin")},
    "sessions.postpone_item": {"POST": only("champion", "programme_admin")},
    "sessions.print_agenda": {"GET": only("professional", "champion", "programme_admin")},
    "sessions.privacy_check": {"POST": everyone()},
    "sessions.put_on_agenda": {"GET": only("programme_admin"), "POST": only("programme_admin")},
    "sessions.put_on_agenda[bestuur]": {
        "GET": only("executive", "programme_admin"),
        "POST": only("executive", "programme_admin"),
    },
    "sessions.reassign_agreement": {"POST": only("champion", "programme_admin")},
    "sessions.record_outcome": {"POST": only("champion", "programme_admin")},
    "sessions.remove_member": {"POST": only("champion", "programme_admin")},
    "sessions.reset_calendar_token": {"POST": everyone()},
    "sessions.show_item": {"GET": only("professional", "champion", "programme_admin")},
    "sessions.show_meeting": {"GET": only("professional", "champion", "programme_admin")},
    "sessions.show_series": {"GET": only("professional", "champion", "programme_admin")},
    "sessions.show_series[bestuur]": {"GET": only("executive", "champion", "programme_admin")},
    "sessions.show_series[management]": {"GET": only("manager", "champion", "programme_admin")},
    "tables.add_action": {"POST": only("chair", "secretary", "programme_admin")},
    "tables.close_pattern": {"POST": only("chair", "secretary", "programme_admin")},
    "tables.decide": {"POST": only("programme_admin")},
    "tables.delete_table": {"POST": only("programme_admin")},
    "tables.dossier": {"GET": everyone()},
    "tables.download_dossier": {"GET": everyone()},
    "tables.edit_table": {"GET": only("programme_admin"), "POST": only("programme_admin")},
    "tables.email_preference": {"POST": everyone()},
    "tables.endorse_practice": {"POST": everyone()},
    "tables.escalate": {"POST": only("chair", "secretary", "programme_admin")},
    "tables.evaluate": {"POST": only("chair", "secretary", "programme_admin")},
    "tables.list_practices": {"GET": everyone()},
    "tables.list_tables": {"GET": everyone()},
    "tables.my_patterns": {"GET": everyone()},
    "tables.new_table": {"GET": only("programme_admin"), "POST": only("programme_admin")},
    "tables.pattern_flow": {"GET": everyone()},
    "tables.pattern_flow[escalated]": {"GET": everyone()},
    "tables.record_practice": {
        "POST": only("professional", "chair", "secretary", "programme_admin")
    },
    "tables.send_back": {"POST": only("programme_admin")},
    "tables.show_table": {"GET": everyone()},
    "tables.update_action": {"POST": only("professional", "chair", "secretary", "programme_admin")},
    "tafels.get_table": {"GET": everyone()},
    "tafels.list_tables": {"GET": everyone()},
}


def _status_outcome(response) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if status == 401 or (300 <= status < 400 and "/inloggen" in location):
        return LOGIN
    if status in (403, 404, 405):
        return str(status)
    if status >= 500:
        return f"error {status}"
    return OK


@dataclass
class Walk:
    """What the walk needs of the world, as plain values that outlive the ORM session."""

    connection: object
    args: dict[str, int | str]
    variants: dict[str, dict[str, int]]
    user_ids: dict[str, str]  # as in the session cookie
    user_pks: dict[str, int]
    api_tokens: dict[str, str]
    api_token_ids: dict[str, int]
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def walk(app: Flask) -> Iterator[Walk]:
    with world_transaction(app) as connection:
        with app.test_request_context():
            world = build_world()
            built = Walk(
                connection=connection,
                args=_args(world),
                variants={key: make(world) for key, make in VARIANTS.items()},
                user_ids={name: user.get_id() for name, user in world.users.items()},
                user_pks={name: user.id for name, user in world.users.items()},
                api_tokens=world.api_tokens,
                api_token_ids=world.api_token_ids,
                tokens=world.tokens,
            )
            db.session.remove()
        yield built


def url_of(app: Flask, walk: Walk, endpoint: str, principal: str) -> str:
    """The route's URL with the ids of the world's objects (and the principal's own token)."""
    base, _, variant = endpoint.partition("[")
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == base)
    args = dict(walk.args)
    if base in TOKENS:
        args["token"] = walk.tokens[TOKENS[base]]
    if principal in walk.api_token_ids:
        args["token_id"] = walk.api_token_ids[principal]  # one's own, unless a variant says
    if variant:
        args.update(walk.variants[endpoint])
    with app.test_request_context():
        query = QUERIES.get(base, lambda _args: {})(args)
        return url_for(base, **{name: args[name] for name in rule.arguments}, **query)


def send(app: Flask, walk: Walk, endpoint: str, method: str, principal: str, **kwargs):
    """One request as the principal: a browser session for pages, a bearer token for the API."""
    url = url_of(app, walk, endpoint, principal)
    if url.startswith("/api/"):
        client = app.test_client()
        if principal != "anonymous":
            kwargs.setdefault("headers", {})["Authorization"] = (
                f"Bearer {walk.api_tokens[principal]}"
            )
        if method in ("POST", "PUT", "PATCH") and "data" not in kwargs:
            kwargs.setdefault("json", {})
    else:
        client = client_for(app, walk.user_ids.get(principal))
        if method == "POST" and "data" not in kwargs:
            kwargs["data"] = _payloads(walk).get(endpoint.partition("[")[0], {})
    return client.open(url, method=method, **kwargs)


def _cases() -> list[tuple[str, str]]:
    return [(endpoint, method) for endpoint, rules in EXPECTED.items() for method in rules]


@pytest.mark.parametrize(("endpoint", "method"), _cases())
def test_route_access(app, walk, endpoint, method):
    expected = EXPECTED[endpoint][method]
    wrong = []
    for principal in PRINCIPALS:
        with isolated(walk.connection):
            response = send(app, walk, endpoint, method, principal)
        outcome = _status_outcome(response)
        if outcome != expected[principal]:
            wrong.append(
                f"{principal}: expected {expected[principal]}, got {outcome} "
                f"({response.status_code} {response.headers.get('Location', '')})"
            )
    assert not wrong, f"{method} {endpoint}:\n  " + "\n  ".join(wrong)


def test_every_route_has_a_rule(app):
    """A new route fails here until the table says who may use it."""
    missing, stale = [], []
    known = {key.partition("[")[0]: rules for key, rules in EXPECTED.items()}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for method in methods:
            if method not in known.get(rule.endpoint, {}):
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    stale = [key for key in EXPECTED if key.partition("[")[0] not in endpoints]
    assert not missing, "Routes without an access rule in EXPECTED:\n  " + "\n  ".join(missing)
    assert not stale, "Rules for routes that no longer exist: " + ", ".join(stale)
