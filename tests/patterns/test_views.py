"""The pattern pages through the test client: suggestions, joining, triage, access control."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from markupsafe import escape
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.blockages.models import Blockage
from learning.extensions import db as _db
from learning.patterns import embedding, engine, queries, triage
from learning.patterns.embedding import EmbeddingUnavailable
from learning.patterns.models import Endorsement, MemberStatus, Pattern, PatternMember, PatternState
from learning.patterns.queries import active_members, pattern_of
from learning.patterns.vectors import store_vector
from learning.timeutil import today
from tests.factories import BlockageFactory, LearningTableFactory, UserFactory
from tests.patterns.texts import DEBT as ALL_DEBT

DEBT = ALL_DEBT[:3]
FORM = {
    "title": "Te lang wachten op hulp bij schulden",
    "description": "Gezinnen met schulden wachten maanden op de eerste afspraak bij "
    "schuldhulpverlening, waardoor schuldeisers al deurwaarders inschakelen.",
    "domains": ["schulden"],
    "handling": "niet_opgelost",
}
FORM_TEXT = (FORM["title"], FORM["description"])


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def embedded(title: str, description: str, **kwargs) -> Blockage:
    """A saved knelpunt with its stored vector, not grouped into anything."""
    blockage = BlockageFactory(title=title, description=description, **kwargs)
    store_vector(blockage)
    return blockage


def debt_pattern(table, state=PatternState.NEW, reporters=None) -> Pattern:
    """A pattern of the three debt knelpunten, put together by hand."""
    reporters = reporters or [UserFactory() for _text in DEBT]
    pattern = Pattern(title="Wachttijd schuldhulp", key_terms=["schuldhulpverlening"], state=state)
    pattern.table = table
    for reporter, (title, description) in zip(reporters, DEBT, strict=True):
        blockage = embedded(title, description, reporter=reporter, domains=["schulden"])
        pattern.members.append(PatternMember(blockage=blockage, reasons=["Gedeelde termen: x"]))
    _db.session.add(pattern)
    _db.session.flush()
    return pattern


def small_pattern(table, title: str, recent: int, old: int = 0) -> Pattern:
    pattern = Pattern(title=title, key_terms=[], state=PatternState.NEW, table=table)
    for n in range(recent + old):
        reported_on = today() if n < recent else today() - timedelta(days=60)
        pattern.members.append(PatternMember(blockage=BlockageFactory(reported_on=reported_on)))
    _db.session.add(pattern)
    _db.session.flush()
    return pattern


@pytest.fixture
def chair(db):
    return UserFactory(roles=["chair"], name="Voorzitter Schulden")


@pytest.fixture
def werktafel(db, chair):
    return LearningTableFactory(name="Werktafel Schulden", domains=["schulden"], chair=chair)


@pytest.fixture
def pattern(db, werktafel):
    pattern = debt_pattern(werktafel)
    _db.session.commit()
    return pattern


def text_of(response) -> str:
    return response.get_data(as_text=True)


# --- live suggestions and joining ----------------------------------------------------------


def test_suggestions_need_a_login(client, htmx_client, db):
    response = client.post("/patronen/suggesties", data=FORM)
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]

    response = htmx_client.post("/patronen/suggesties", data=FORM)
    assert response.status_code == 401
    assert "/inloggen" in response.headers["HX-Redirect"]


def test_suggestions_partial_shows_the_pattern_with_reasons_and_actions(htmx_client, pattern, db):
    sign_in(htmx_client, UserFactory())
    _db.session.commit()

    response = htmx_client.post("/patronen/suggesties", data=FORM)

    assert response.status_code == 200
    body = text_of(response)
    assert "<html" not in body
    assert "Wachttijd schuldhulp" in body
    assert "3 meldingen" in body
    assert re.search(r'<ul class="reasons"><li>[^<]+</li>', body)
    assert f'name="join_pattern" value="{pattern.id}"' in body
    assert f"/patronen/{pattern.id}/steun" in body
    assert body.count('<li class="card">') <= 5


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "description": ""},
        {"title": "Schuldhulp", "description": ""},
        {"title": "", "description": "wachttijd"},
    ],
)
def test_too_little_text_gives_a_hint_instead_of_suggestions(htmx_client, pattern, db, data):
    sign_in(htmx_client, UserFactory())
    _db.session.commit()

    response = htmx_client.post("/patronen/suggesties", data=data)

    assert response.status_code == 200
    assert "Typ een paar woorden" in text_of(response)
    assert "Wachttijd schuldhulp" not in text_of(response)


@pytest.mark.parametrize(
    "description",
    [
        "schuldhulp " * 1000,  # 11,000 characters pasted in one go
        "Residents with debts wait three months for a first meeting with debt counselling.",
        "Borçları olan aileler belediyeden yardım için aylarca bekliyor, borçlar artıyor.",
    ],
)
def test_long_or_foreign_text_does_not_break_suggestions(htmx_client, pattern, db, description):
    sign_in(htmx_client, UserFactory())
    _db.session.commit()

    response = htmx_client.post(
        "/patronen/suggesties", data={"title": "Wachttijd", "description": description}
    )

    assert response.status_code == 200
    assert "<html" not in text_of(response)


def test_saving_the_form_with_join_pattern_puts_the_knelpunt_in_that_pattern(
    client, login_as, pattern, db
):
    reporter = login_as("professional")

    response = client.post("/knelpunten/nieuw", data=dict(FORM, join_pattern=str(pattern.id)))

    assert response.status_code == 302
    blockage = _db.session.scalar(select(Blockage).where(Blockage.reporter_id == reporter.id))
    assert response.headers["Location"].endswith(f"/knelpunten/{blockage.id}")
    member = queries.member_of(blockage.id)
    assert member.pattern_id == pattern.id
    assert member.status == MemberStatus.CONFIRMED
    assert blockage.vector is not None  # still embedded once after saving
    page = text_of(client.get(f"/knelpunten/{blockage.id}"))
    assert "Dit knelpunt hoort bij het patroon" in page
    _db.session.refresh(pattern)
    assert str(escape(pattern.title)) in page


def test_without_the_model_the_form_saves_and_suggestions_compare_words(
    client, htmx_client, login_as, pattern, db, monkeypatch
):
    def broken(batch, batch_size=256):
        raise EmbeddingUnavailable("model files missing")

    monkeypatch.setattr(embedding, "embed", broken)
    monkeypatch.setattr(engine, "embed", broken, raising=False)
    reporter = login_as("professional")
    sign_in(htmx_client, reporter)

    suggestions = htmx_client.post("/patronen/suggesties", data=FORM)
    response = client.post("/knelpunten/nieuw", data=FORM)

    assert suggestions.status_code == 200
    assert "Alleen op woorden vergeleken" in text_of(suggestions)
    assert response.status_code == 302
    blockage = _db.session.scalar(select(Blockage).where(Blockage.reporter_id == reporter.id))
    assert blockage.title == FORM["title"]
    assert blockage.vector is None  # embedded later by the catch-up task


def test_a_too_long_description_is_refused_with_a_message_not_an_error(client, login_as, db):
    login_as("professional")

    response = client.post("/knelpunten/nieuw", data=dict(FORM, description="x" * 10_000))

    assert response.status_code == 422
    assert _db.session.scalar(select(Blockage.id)) is None


def test_without_javascript_the_reporter_joins_from_the_knelpunt_page(client, pattern, db):
    reporter = UserFactory()
    own = embedded(*FORM_TEXT, reporter=reporter, domains=["schulden"])
    _db.session.commit()
    sign_in(client, reporter)

    page = text_of(client.get(f"/knelpunten/{own.id}"))
    action = f"/knelpunten/{own.id}/patroon/{pattern.id}"
    assert action in page
    assert "Hoort bij dit patroon" in page

    response = client.post(action)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/knelpunten/{own.id}")
    assert pattern_of(own) == pattern
    page = text_of(client.get(f"/knelpunten/{own.id}"))
    assert "Dit knelpunt hoort bij het patroon" in page
    assert "Hoort bij dit patroon</button>" not in page


def test_nobody_else_can_join_your_knelpunt_to_a_pattern(client, login_as, pattern, db):
    own = embedded(*FORM_TEXT, domains=["schulden"])
    _db.session.commit()
    login_as("professional")

    page = text_of(client.get(f"/knelpunten/{own.id}"))
    assert "Hoort bij dit patroon" not in page
    response = client.post(f"/knelpunten/{own.id}/patroon/{pattern.id}")

    assert response.status_code == 403
    assert pattern_of(own) is None


def test_the_knelpunt_page_reuses_the_stored_vector(client, pattern, db, monkeypatch):
    reporter = UserFactory()
    own = embedded(*FORM_TEXT, reporter=reporter, domains=["schulden"])
    _db.session.commit()
    sign_in(client, reporter)
    texts: list[str] = []
    real = embedding.embed

    def counting(batch, batch_size=256):
        texts.extend(batch)
        return real(batch, batch_size=batch_size)

    monkeypatch.setattr(embedding, "embed", counting)
    monkeypatch.setattr(engine, "embed", counting, raising=False)

    for _visit in range(2):
        assert "Hoort bij dit patroon" in text_of(client.get(f"/knelpunten/{own.id}"))

    assert texts == []


def test_endorsing_from_the_page_and_from_the_live_suggestions(client, htmx_client, pattern, db):
    user = UserFactory()
    _db.session.commit()
    sign_in(client, user)

    response = client.post(f"/patronen/{pattern.id}/steun")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/patronen/{pattern.id}")
    page = text_of(client.get(f"/patronen/{pattern.id}"))
    assert "1 keer gesteund" in page
    assert "Uw ervaring telt mee" in page

    other = UserFactory()
    _db.session.commit()
    sign_in(htmx_client, other)
    response = htmx_client.post(f"/patronen/{pattern.id}/steun")
    assert response.status_code == 200  # the toggle swaps itself, the page stays
    assert "U herkent dit ✓" in text_of(response)
    assert "intrekken" in text_of(response)
    count = _db.session.scalars(select(Endorsement).where(Endorsement.pattern_id == pattern.id))
    assert len(count.all()) == 2


def test_an_endorsement_keeps_its_state_everywhere_and_can_be_withdrawn(client, pattern, db):
    user = UserFactory()
    _db.session.commit()
    sign_in(client, user)
    client.post(f"/patronen/{pattern.id}/steun")

    page = text_of(client.get(f"/patronen/{pattern.id}"))
    assert "U herkent dit ✓" in page
    assert "Dit speelt bij mij ook" not in page
    suggestions = text_of(
        client.post("/patronen/suggesties", data={"title": DEBT[0][0], "description": DEBT[0][1]})
    )
    assert "U herkent dit ✓" in suggestions

    client.post(f"/patronen/{pattern.id}/steun", data={"stop": "1"})

    assert "Dit speelt bij mij ook" in text_of(client.get(f"/patronen/{pattern.id}"))
    count = _db.session.scalars(select(Endorsement).where(Endorsement.pattern_id == pattern.id))
    assert count.all() == []


def test_reporters_see_the_pattern_their_knelpunt_belongs_to(client, pattern, db):
    reporter = pattern.members[0].blockage.reporter
    sign_in(client, reporter)

    page = text_of(client.get(f"/knelpunten/{pattern.members[0].blockage_id}"))

    assert "Dit knelpunt hoort bij het patroon" in page
    assert f'href="/patronen/{pattern.id}"' in page
    assert "Nieuw" in page


# --- triage queue and pattern page ---------------------------------------------------------


def test_triage_queue_is_sorted_by_growth_then_size(client, chair, werktafel, db):
    other_table = LearningTableFactory(name="Werktafel Wonen", domains=["wonen"])
    small_pattern(werktafel, "Groeit het minst", recent=1, old=5)
    small_pattern(werktafel, "Groeit hard", recent=3)
    small_pattern(werktafel, "Groeit even hard en is groter", recent=3, old=2)
    small_pattern(werktafel, "Groeit matig", recent=2)
    small_pattern(other_table, "Van een andere tafel", recent=9)
    small_pattern(werktafel, "Kandidaat", recent=9).state = PatternState.CANDIDATE
    _db.session.commit()
    sign_in(client, chair)

    page = text_of(client.get("/patronen/triage"))

    titles = re.findall(r'<a href="/patronen/\d+">([^<]+)</a>', page)
    assert titles == [
        "Groeit even hard en is groter",
        "Groeit hard",
        "Groeit matig",
        "Groeit het minst",
    ]


def test_triage_queue_is_a_partial_for_htmx_and_closed_to_professionals(
    client, htmx_client, chair, pattern, db
):
    sign_in(htmx_client, chair)
    response = htmx_client.get("/patronen/triage")
    assert response.status_code == 200
    assert "<html" not in text_of(response)
    assert "HX-Request" in response.headers["Vary"]
    assert "Wachttijd schuldhulp" in text_of(response)

    sign_in(client, UserFactory())
    _db.session.commit()
    assert client.get("/patronen/triage").status_code == 403


def test_pattern_page_shows_the_chart_per_month_and_domains_with_small_counts_hidden(
    client, chair, pattern, db
):
    sign_in(client, chair)

    page = text_of(client.get(f"/patronen/{pattern.id}"))

    for title, _description in DEBT:
        assert title in page
    month = format_date(today().replace(day=1), "MMMM yyyy", locale="nl")
    assert f"{month} &lt; 5" in page  # the chart's text alternative, in Dutch, small counts hidden
    assert f"{month} 3" not in page
    assert "Wgs / schulden (&lt; 5)" in page  # as in digests and dossiers (MIN_GROUP_SIZE)
    assert "height: 100%" in page  # a small month is drawn at the minimum, not at its count
    assert "Waarom in dit patroon?" in page
    assert "Bevestigen" in page


def test_professionals_see_the_pattern_but_not_the_triage_actions(client, pattern, db):
    sign_in(client, UserFactory())
    _db.session.commit()

    page = text_of(client.get(f"/patronen/{pattern.id}"))

    assert "Wachttijd schuldhulp" in page
    assert "Dit speelt bij mij ook" in page
    assert "Bevestigen" not in page
    assert "Splitsen" not in page


# --- triage actions over HTTP --------------------------------------------------------------


def test_chair_confirms_a_pattern(client, chair, pattern, db):
    sign_in(client, chair)

    response = client.post(
        f"/patronen/{pattern.id}/bevestigen",
        data={
            "title": "Wachttijd schuldhulpverlening",
            "description": "Intake duurt drie maanden.",
            "root_cause": "uitvoering",
            "order": "second",
            "version": str(pattern.version),
        },
    )

    assert response.status_code == 302
    _db.session.refresh(pattern)
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.title == "Wachttijd schuldhulpverlening"
    page = text_of(client.get(f"/patronen/{pattern.id}"))
    assert "Patroon bevestigd." in page
    assert "In behandeling" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "root_cause": "uitvoering", "order": "second"}, "Dit veld is vereist"),
        ({"title": "Wachttijd", "root_cause": "uitvoering"}, "Kies de orde van leren."),
    ],
)
def test_confirm_without_title_or_order_is_refused_in_dutch(
    client, chair, pattern, db, data, message
):
    sign_in(client, chair)

    response = client.post(f"/patronen/{pattern.id}/bevestigen", data=data)

    assert response.status_code == 422
    assert "This field" not in text_of(response)
    assert message in text_of(response)
    _db.session.refresh(pattern)
    assert pattern.state == PatternState.NEW


def test_chair_merges_and_undoes_the_merge(client, chair, werktafel, pattern, db):
    other = small_pattern(werktafel, "Wachtlijst schuldhulp Oss", recent=2)
    _db.session.commit()
    sign_in(client, chair)

    response = client.post(
        f"/patronen/{pattern.id}/samenvoegen",
        data={"other": str(other.id), "version": str(pattern.version)},
    )
    assert response.status_code == 200  # first a preview of what goes together
    assert "Wachtlijst schuldhulp Oss" in text_of(response)
    assert other.state == PatternState.NEW

    response = client.post(
        f"/patronen/{pattern.id}/samenvoegen",
        data={"other": str(other.id), "version": str(pattern.version), "confirmed": "1"},
    )

    assert response.status_code == 302
    _db.session.expire_all()
    assert len(active_members(pattern)) == 5
    assert other.state == PatternState.MERGED

    response = client.post(f"/patronen/{other.id}/heropenen", data={"version": other.version})

    assert response.status_code == 302
    _db.session.expire_all()
    assert len(active_members(pattern)) == 3
    assert len(active_members(other)) == 2
    assert other.state == PatternState.REOPENED


def test_merging_a_pattern_with_itself_is_refused(client, chair, pattern, db):
    sign_in(client, chair)

    response = client.post(f"/patronen/{pattern.id}/samenvoegen", data={"other": str(pattern.id)})

    assert response.status_code == 422
    assert "niet met zichzelf" in text_of(response)
    _db.session.refresh(pattern)
    assert pattern.state == PatternState.NEW


def test_chair_splits_to_a_new_pattern_but_not_everything(client, chair, pattern, db):
    sign_in(client, chair)
    ids = [m.blockage_id for m in active_members(pattern)]

    refused = client.post(
        f"/patronen/{pattern.id}/splitsen",
        data={"blockage_ids": [str(i) for i in ids], "target": "0", "reason": "Ander knelpunt"},
    )
    assert refused.status_code == 422
    assert "leeg patroon" in text_of(refused)

    response = client.post(
        f"/patronen/{pattern.id}/splitsen",
        data={
            "blockage_ids": [str(ids[0])],
            "target": "0",
            "title": "Beslagen deurwaarder",
            "reason": "Gaat over beslag",
        },
    )

    assert response.status_code == 302
    _db.session.expire_all()
    moved = _db.session.get(Blockage, ids[0])
    assert pattern_of(moved).title == "Beslagen deurwaarder"
    assert len(active_members(pattern)) == 2


def test_chair_detaches_a_knelpunt(client, chair, pattern, db):
    sign_in(client, chair)
    leaving = pattern.members[0].blockage_id

    refused = client.post(f"/patronen/{pattern.id}/losmaken/{leaving}")
    assert refused.status_code == 422  # a short reason is asked
    assert "reden" in text_of(refused)

    response = client.post(
        f"/patronen/{pattern.id}/losmaken/{leaving}", data={"reason": "Gaat over iets anders"}
    )

    assert response.status_code == 302
    _db.session.expire_all()
    assert leaving not in {m.blockage_id for m in active_members(pattern)}
    assert "Knelpunt losgemaakt" in text_of(client.get(f"/patronen/{pattern.id}"))


def test_reject_needs_a_reason_and_can_be_reopened(client, chair, pattern, db):
    sign_in(client, chair)

    refused = client.post(f"/patronen/{pattern.id}/afwijzen", data={"reason": ""})
    assert refused.status_code == 422
    assert "eenmalig" in text_of(refused)

    response = client.post(
        f"/patronen/{pattern.id}/afwijzen",
        data={"reason": "Eenmalig, maatwerk volstond.", "version": str(pattern.version)},
    )
    assert response.status_code == 302
    _db.session.refresh(pattern)
    assert pattern.state == PatternState.REJECTED

    response = client.post(f"/patronen/{pattern.id}/heropenen")
    assert response.status_code == 302
    _db.session.refresh(pattern)
    assert pattern.state == PatternState.REOPENED
    actions = _db.session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "Pattern", AuditEntry.object_id == pattern.id
        )
    ).all()
    assert actions.count("pattern.transition") == 2


def test_two_chairs_with_the_same_version_the_second_gets_409(client, chair, werktafel, db):
    secretary = UserFactory(roles=["chair"])
    werktafel.secretary = secretary
    pattern = debt_pattern(werktafel)
    _db.session.commit()
    seen = str(pattern.version)
    sign_in(client, chair)
    first = client.post(
        f"/patronen/{pattern.id}/bevestigen",
        data={"title": "Wachttijd", "root_cause": "uitvoering", "order": "second", "version": seen},
    )
    assert first.status_code == 302

    sign_in(client, secretary)
    second = client.post(
        f"/patronen/{pattern.id}/afwijzen",
        data={"reason": "Eenmalig, maatwerk volstond.", "version": seen},
    )

    assert second.status_code == 409
    assert "intussen door iemand anders gewijzigd" in text_of(second)
    _db.session.expire_all()
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.title == "Wachttijd"


def test_detaching_from_a_stale_page_gets_409(client, chair, werktafel, db):
    secretary = UserFactory(roles=["chair"])
    werktafel.secretary = secretary
    pattern = debt_pattern(werktafel)
    _db.session.commit()
    seen = str(pattern.version)
    first, second = (m.blockage_id for m in pattern.members[:2])
    sign_in(client, chair)
    moved = client.post(
        f"/patronen/{pattern.id}/splitsen",
        data={"blockage_ids": [str(first)], "target": "0", "version": seen, "reason": "Apart"},
    )
    assert moved.status_code == 302

    sign_in(client, secretary)
    response = client.post(
        f"/patronen/{pattern.id}/losmaken/{second}", data={"version": seen, "reason": "Apart"}
    )

    assert response.status_code == 409
    assert "intussen door iemand anders gewijzigd" in text_of(response)
    _db.session.expire_all()
    assert second in {m.blockage_id for m in active_members(pattern)}


ACTIONS = [
    ("bevestigen", {"title": "T", "root_cause": "uitvoering", "order": "second"}),
    ("samenvoegen", {"other": "{other}", "confirmed": "1"}),
    ("splitsen", {"blockage_ids": "{member}", "target": "0", "reason": "Past niet"}),
    ("losmaken/{member}", {"reason": "Past niet"}),
    ("toevoegen", {"blockage_id": "{loose}"}),
    ("afwijzen", {"reason": "Eenmalig, maatwerk volstond."}),
    ("heropenen", {}),
]


@pytest.mark.parametrize(("path", "data"), ACTIONS, ids=[a[0].split("/")[0] for a in ACTIONS])
@pytest.mark.parametrize("who", ["professional", "other_chair", "anonymous"])
def test_only_the_tables_chair_may_act(client, werktafel, pattern, db, path, data, who):
    other = small_pattern(werktafel, "Ander patroon", recent=1)
    loose = BlockageFactory()
    if who == "professional":
        sign_in(client, UserFactory())
    elif who == "other_chair":
        stranger = UserFactory(roles=["chair"])
        LearningTableFactory(name="Werktafel Wonen", domains=["wonen"], chair=stranger)
        sign_in(client, stranger)
    _db.session.commit()
    values = {"other": other.id, "member": pattern.members[0].blockage_id, "loose": loose.id}
    url = f"/patronen/{pattern.id}/" + path.format(**values)
    form = {key: value.format(**values) for key, value in data.items()}
    before = (pattern.state, pattern.version, len(active_members(pattern)))

    response = client.post(url, data=form)

    if who == "anonymous":
        assert response.status_code == 302
        assert "/inloggen" in response.headers["Location"]
    else:
        assert response.status_code == 403
    _db.session.expire_all()
    assert (pattern.state, pattern.version, len(active_members(pattern))) == before


def test_an_admin_may_act_on_any_pattern(client, pattern, db):
    admin = UserFactory(roles=["programme_admin"])
    _db.session.commit()
    sign_in(client, admin)

    response = client.post(
        f"/patronen/{pattern.id}/afwijzen", data={"reason": "Eenmalig, maatwerk volstond."}
    )

    assert response.status_code == 302
    _db.session.refresh(pattern)
    assert pattern.state == PatternState.REJECTED


def test_a_merged_pattern_sends_professionals_to_the_pattern_it_went_into(
    client, chair, werktafel, pattern, db
):
    other = small_pattern(werktafel, "Opgegaan", recent=1)
    triage.merge(chair, pattern, other)
    _db.session.commit()
    sign_in(client, UserFactory())
    _db.session.commit()

    response = client.get(f"/patronen/{other.id}")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/patronen/{pattern.id}")


def test_live_endorsement_keeps_the_form_and_counts_once_per_other_reporter(htmx_client, app, db):
    """From the live suggestions the page stays put, and a reporter's own click adds nothing."""
    from learning.patterns.emergence import evidence
    from learning.patterns.models import Pattern, PatternMember, PatternState
    from tests.factories import BlockageFactory, UserFactory

    reporter = UserFactory()
    blockage = BlockageFactory(reporter=reporter)
    pattern = Pattern(title="Wachttijd schuldhulp", state=PatternState.CANDIDATE)
    db.session.add(pattern)
    db.session.flush()
    db.session.add(PatternMember(pattern_id=pattern.id, blockage_id=blockage.id))
    other = UserFactory()
    db.session.commit()
    for user in (reporter, other):
        with htmx_client.session_transaction() as session:
            session["_user_id"] = user.get_id()
        response = htmx_client.post(f"/patronen/{pattern.id}/steun", data={"stay": "1"})
        assert response.status_code == 200
        assert "HX-Redirect" not in response.headers
        assert "telt mee als signaal" in response.get_data(as_text=True)
    db.session.expire_all()
    assert evidence(db.session.get(Pattern, pattern.id), 90)[0] == 2  # knelpunt + other's
