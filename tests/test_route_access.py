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

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.world import PRINCIPALS, Walk, isolated, send, walking

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
        "sessions.invite_attendee": {"user": users["outsider"]},
        "sessions.ask_lower_level": {"lower": args["series_id"], "question": "Wat merkt u?"},
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
    "insight.dashboard": {"GET": everyone()},
    "insight.export": {"GET": everyone()},
    "insight.evaluation_report": {"GET": everyone()},
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
    "sessions.edit_meeting": {
        "GET": only("champion", "programme_admin"),
        "POST": only("champion", "programme_admin"),
    },
    "sessions.correct_minutes": {"POST": only("champion", "programme_admin")},
    "sessions.time_item": {"POST": only("champion", "programme_admin")},
    # Asking goes down: nobody asks from the lowest level, the managers ask theirs.
    "sessions.ask_lower_level": {"POST": only()},
    "sessions.ask_lower_level[management]": {"POST": only("manager", "programme_admin")},
    "sessions.invite_attendee": {"POST": only("champion", "programme_admin")},
    "sessions.record_presence": {"POST": only("champion", "programme_admin")},
    "sessions.meeting_ics": {
        "GET": only("professional", "champion", "programme_admin", anonymous=FORBIDDEN)
    },
    "sessions.move_item": {"POST": only("champion", "programme_admin")},
    "sessions.my_items": {"GET": everyone()},
    "sessions.new_item": {
        "GET": only("professional", "champion", "programme_admin"),
        "POST": only("professional", "champion", "programme_admin"),
    },
    # Managers and chairs start management series, the bestuur level its own; an aanjager
    # only for an area she is aanjager of (the walk's aanjager has none).
    "sessions.new_series": {
        "GET": only("chair", "manager", "executive", "programme_admin"),
        "POST": only("chair", "manager", "executive", "programme_admin"),
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
    # Members record the outcome of their own items (the walk's item is the professional's).
    "sessions.record_outcome": {"POST": only("professional", "champion", "programme_admin")},
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


@pytest.fixture(scope="module")
def walk(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walk]:
    with walking(app, tmp_path_factory.mktemp("imports")) as built:
        yield built


def _cases() -> list[tuple[str, str]]:
    return [(endpoint, method) for endpoint, rules in EXPECTED.items() for method in rules]


@pytest.mark.parametrize(("endpoint", "method"), _cases())
def test_route_access(app, walk, endpoint, method):
    expected = EXPECTED[endpoint][method]
    wrong = []
    for principal in PRINCIPALS:
        with isolated(walk.connection):
            data = _payloads(walk).get(endpoint.partition("[")[0]) if method == "POST" else None
            response = send(
                app, walk, endpoint, method, principal, **({"data": data} if data else {})
            )
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
