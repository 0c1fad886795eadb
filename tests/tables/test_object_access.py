"""Object-level authorisation in the services (security probe M2, M3, L3, L4, L7).

Each test reproduces what the probe did and checks that it is refused now, and that
nothing changed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.errors import Forbidden
from learning.patterns import triage
from learning.patterns.models import MemberStatus, Pattern, PatternMember, PatternState
from learning.patterns.queries import member_of
from learning.tables import actions, escalation
from learning.tables.actions import ActionInput
from learning.tables.models import ActionStatus, TableAction
from learning.timeutil import today, utcnow
from tests.factories import BlockageFactory, LearningTableFactory, OrganisationFactory, UserFactory
from tests.tables.conftest import make_pattern
from tests.tables.helpers import dossier_input


def _sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _action(owner) -> ActionInput:
    return ActionInput("Werkinstructie herschrijven", owner.id, today() + timedelta(days=10))


# --- M2: table actions by role in the table, not by organisation -----------------------------


def test_a_director_of_a_member_organisation_cannot_add_or_close_actions(db, pattern, ladder):
    """The probe: a directeur of a member organisation created an action and closed another's."""
    director = UserFactory(roles=["executive"], organisations=[ladder.gemeente])
    action = actions.add_action(ladder.chair, pattern, _action(ladder.member))

    with pytest.raises(Forbidden):
        actions.add_action(director, pattern, _action(ladder.chair))
    with pytest.raises(Forbidden):
        actions.update_action(director, action, "Ik zet hem op gedaan", ActionStatus.DONE)

    assert action.status == ActionStatus.OPEN
    assert db.session.scalars(select(TableAction)).all() == [action]


def test_the_director_gets_a_403_over_http_and_nothing_changes(client, db, pattern, ladder):
    director = UserFactory(roles=["executive"], organisations=[ladder.gemeente])
    action = actions.add_action(ladder.chair, pattern, _action(ladder.member))
    db.session.commit()
    _sign_in(client, director)

    added = client.post(
        f"/tafels/patronen/{pattern.id}/acties",
        data={
            "action-what": "Directeur wijst een actie toe",
            "action-owner": ladder.chair.id,
            "action-due_on": (today() + timedelta(days=10)).isoformat(),
        },
    )
    closed = client.post(
        f"/tafels/acties/{action.id}",
        data={f"action{action.id}-note": "Klaar", f"action{action.id}-status": "gedaan"},
    )

    assert (added.status_code, closed.status_code) == (403, 403)
    db.session.expire_all()
    assert action.status == ActionStatus.OPEN
    assert len(db.session.scalars(select(TableAction)).all()) == 1


def test_explicit_members_and_the_owner_may_work_on_actions(db, pattern, ladder):
    owner_elsewhere = UserFactory(organisations=[OrganisationFactory()])
    action = actions.add_action(ladder.member, pattern, _action(owner_elsewhere))
    actions.update_action(owner_elsewhere, action, "Gedaan bij ons", ActionStatus.DONE)
    assert action.status == ActionStatus.DONE


# --- M3: attach checks the chair of the source pattern too -----------------------------------


def test_a_chair_cannot_pull_a_knelpunt_out_of_a_pattern_held_by_another_table(
    db, ladder, reporters
):
    """The probe: a werktafel chair moved a knelpunt out of a pattern at the stuurgroep."""
    escalated = make_pattern(ladder.werktafel, reporters)
    triage.confirm(ladder.chair, escalated, escalated.title, "", "uitvoering", "third")
    escalation.escalate(ladder.chair, escalated, dossier_input())
    assert escalated.table_id == ladder.ambtelijk.id
    other_chair = UserFactory(roles=["chair"])
    own_table = LearningTableFactory(name="Werktafel Wonen", domains=["wonen"], chair=other_chair)
    own = make_pattern(own_table, [UserFactory()], title="Wonen")
    taken = escalated.members[0].blockage_id

    with pytest.raises(Forbidden):
        triage.attach(other_chair, own, taken)

    assert member_of(taken).pattern_id == escalated.id


def test_a_chair_may_still_attach_a_loose_knelpunt(db, ladder, reporters):
    pattern = make_pattern(ladder.werktafel, reporters)
    loose = BlockageFactory()
    triage.attach(ladder.chair, pattern, loose.id)
    assert member_of(loose.id).pattern_id == pattern.id


# --- L7: candidate patterns are not readable by id for non-chairs -----------------------------


def test_a_candidate_pattern_is_not_found_for_a_professional(client, db, ladder):
    candidate = Pattern(title="Nog geen patroon", key_terms=[], state=PatternState.CANDIDATE)
    candidate.members.append(PatternMember(blockage=BlockageFactory(), reasons=["x"]))
    db.session.add(candidate)
    db.session.commit()

    _sign_in(client, UserFactory())
    assert client.get(f"/patronen/{candidate.id}").status_code == 404
    assert client.get(f"/tafels/patronen/{candidate.id}").status_code == 404
    listed = client.get("/patronen?state=kandidaat").get_data(as_text=True)
    assert "Nog geen patroon" not in listed
    _sign_in(client, ladder.chair)
    assert client.get(f"/patronen/{candidate.id}").status_code == 200


def test_a_reporter_sees_the_candidate_of_their_own_knelpunt(client, db):
    reporter = UserFactory()
    candidate = Pattern(title="Nog geen patroon", key_terms=[], state=PatternState.CANDIDATE)
    candidate.members.append(PatternMember(blockage=BlockageFactory(reporter=reporter)))
    db.session.add(candidate)
    db.session.commit()
    _sign_in(client, reporter)
    assert client.get(f"/patronen/{candidate.id}").status_code == 200


# --- L3: withdrawn knelpunten of others are never listed --------------------------------------


def test_withdrawn_knelpunten_of_others_are_never_listed(client, db):
    reporter = UserFactory()
    withdrawn = BlockageFactory(reporter=reporter, title="Probe knelpunt om in te trekken")
    withdrawn.withdrawn_at = utcnow()
    db.session.commit()

    _sign_in(client, UserFactory())
    listed = client.get("/knelpunten?status=ingetrokken").get_data(as_text=True)
    assert "Probe knelpunt om in te trekken" not in listed
    _sign_in(client, reporter)
    own = client.get("/knelpunten?status=ingetrokken").get_data(as_text=True)
    assert "Probe knelpunt om in te trekken" in own


# --- L4: reporter names never in the pattern history others see -------------------------------


def test_a_reporter_who_reopens_a_pattern_is_not_named_to_others(client, db, ladder):
    reporter = UserFactory(name="Sanne Wijkteam")
    pattern = make_pattern(ladder.werktafel, [UserFactory(), UserFactory()])
    triage.reject(ladder.chair, pattern, "Eenmalig, maatwerk volstond.")
    own = BlockageFactory(reporter=reporter, domains=["schulden"])
    db.session.commit()
    _sign_in(client, reporter)
    client.post(f"/knelpunten/{own.id}/patroon/{pattern.id}")
    db.session.expire_all()
    assert pattern.state == PatternState.REOPENED

    _sign_in(client, UserFactory(name="Joost UWV"))
    page = client.get(f"/patronen/{pattern.id}").get_data(as_text=True)
    assert "Heropend" in page
    assert "Sanne Wijkteam" not in page


def test_member_status_is_kept_when_a_loose_knelpunt_is_attached(db, ladder, reporters):
    pattern = make_pattern(ladder.werktafel, reporters)
    loose = BlockageFactory()
    triage.attach(ladder.chair, pattern, loose.id)
    assert member_of(loose.id).status == MemberStatus.CONFIRMED
