"""The page cache (issue #14): a page seen again comes from Redis without touching the
database, and never when it could be wrong: after any committed write (from this process or
another), for another user or session, after logout, or while a flash message waits."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time

import pytest
import redis
from sqlalchemy import update

from learning.config import PROJECT_ROOT
from learning.extensions import db as _db
from learning.page_cache import page_cache
from learning.page_cache.generation import is_write
from learning.page_cache.store import GENERATION_KEY, CacheRedis
from learning.patterns.models import Pattern, PatternState
from tests.backing_services import REDIS_URL, redis_available, require
from tests.factories import BlockageFactory, LearningTableFactory, OrganisationFactory, UserFactory
from tests.test_page_queries import counted, sign_in


@pytest.fixture
def cache(app, db, monkeypatch):
    """The page cache switched on, against the tests' Redis, with no failure remembered."""
    require("Redis", redis_available())
    monkeypatch.setitem(app.config, "PAGE_CACHE", True)
    monkeypatch.setitem(app.config, "PAGE_CACHE_URL", REDIS_URL)
    the_cache = page_cache(app)
    monkeypatch.setattr(the_cache, "redis", CacheRedis(app))
    the_cache.bump()  # nothing a former test left is reachable
    return the_cache


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Wijkteam Noord")


def kept(client, path: str, **kwargs):
    """Open a page until the cache has it: the first view settles the new session (a CSRF
    secret, as any first page gives a browser), the second is rendered and stored."""
    _db.session.commit()
    for _ in range(2):
        assert client.get(path, **kwargs).status_code == 200


def cached_view(client, path: str, **kwargs):
    """One more view of a kept page; it must come without a single SQL statement."""
    with counted() as statements:
        response = client.get(path, **kwargs)
    assert response.status_code == 200
    assert statements == []
    return response


def rendered_view(client, path: str, **kwargs):
    """One more view that the cache must not answer: the app renders it from the database."""
    with counted() as statements:
        response = client.get(path, **kwargs)
    assert response.status_code == 200
    assert statements
    return response


def test_a_second_view_comes_from_the_cache_without_sql(client, cache, organisation):
    sign_in(client, UserFactory(name="Sanne de Vries", organisations=[organisation]))
    BlockageFactory(title="Wachttijd Wmo-beschikking", organisation=organisation)
    kept(client, "/knelpunten")

    first = cached_view(client, "/knelpunten")
    again = cached_view(client, "/knelpunten")

    page = first.get_data(as_text=True)
    assert "Wachttijd Wmo-beschikking" in page
    assert "Sanne de Vries" in page
    assert again.get_data() == first.get_data()
    # The same protections as a rendered page.
    assert first.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in first.headers["Content-Security-Policy"]
    assert first.headers["X-Frame-Options"] == "DENY"
    assert "HX-Request" in first.headers["Vary"]
    assert first.mimetype == "text/html"


def test_an_htmx_request_gets_its_fragment_not_the_cached_page(client, cache, organisation):
    sign_in(client, UserFactory(organisations=[organisation]))
    kept(client, "/knelpunten")

    fragment = rendered_view(client, "/knelpunten", headers={"HX-Request": "true"})

    assert "<html" not in fragment.get_data(as_text=True)
    assert "<html" in cached_view(client, "/knelpunten").get_data(as_text=True)


def test_a_knelpunt_logged_by_someone_else_shows_on_the_next_view(client, cache, organisation):
    sign_in(client, UserFactory(organisations=[organisation]))
    kept(client, "/knelpunten")
    cached_view(client, "/knelpunten")

    colleague = UserFactory(organisations=[organisation])
    BlockageFactory(title="Briefadres geweigerd", reporter=colleague, organisation=organisation)
    _db.session.commit()

    assert "Briefadres geweigerd" in rendered_view(client, "/knelpunten").get_data(as_text=True)


def test_a_core_update_shows_on_the_next_view(client, cache, organisation):
    """A write that bypasses the ORM's unit of work (Core UPDATE) moves the generation too."""
    chair = UserFactory(roles=["chair"], organisations=[organisation])
    table = LearningTableFactory(chair=chair, domains=["wmo"])
    pattern = Pattern(title="Dubbele intake", state=PatternState.NEW, table=table)
    _db.session.add(pattern)
    sign_in(client, chair)
    kept(client, "/patronen/triage")
    assert "Dubbele intake" in cached_view(client, "/patronen/triage").get_data(as_text=True)

    _db.session.execute(update(Pattern).where(Pattern.id == pattern.id).values(title="Één loket"))
    _db.session.commit()

    page = rendered_view(client, "/patronen/triage").get_data(as_text=True)
    assert "Één loket" in page
    assert "Dubbele intake" not in page


def test_after_logout_the_old_cookie_gets_no_cached_page(app, client, cache, organisation):
    sign_in(client, UserFactory(organisations=[organisation]))
    kept(client, "/knelpunten")
    cached_view(client, "/knelpunten")
    old_cookie = client.get_cookie("session", domain="leernetwerk.test").value

    assert client.post("/uitloggen").status_code == 302
    copied = app.test_client()
    copied.set_cookie("session", old_cookie, domain="leernetwerk.test")
    response = copied.get("/knelpunten")

    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_one_users_page_is_never_served_to_another(app, client, cache, organisation):
    sign_in(client, UserFactory(name="Anna Jansen", organisations=[organisation]))
    kept(client, "/knelpunten")
    cached_view(client, "/knelpunten")
    with client.session_transaction() as session:
        csrf_secret = session["csrf_token"]

    other = app.test_client()
    sign_in(other, UserFactory(name="Bram Visser", organisations=[organisation]))
    with other.session_transaction() as session:
        session["csrf_token"] = csrf_secret  # even with the same CSRF secret
    page = rendered_view(other, "/knelpunten").get_data(as_text=True)

    assert "Bram Visser" in page
    assert "Anna Jansen" not in page


def test_a_form_from_the_cache_still_posts(client, cache, organisation, monkeypatch, app):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    chair = UserFactory(roles=["chair"], organisations=[organisation])
    table = LearningTableFactory(chair=chair, domains=["wmo"])
    pattern = Pattern(title="Dubbele intake", state=PatternState.IN_PROGRESS, table=table)
    _db.session.add(pattern)
    _db.session.flush()
    sign_in(client, chair)
    path = f"/patronen/{pattern.id}"
    kept(client, path)

    page = cached_view(client, path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"{path}/volgen", data={"csrf_token": "vervalst"}).status_code == 400
    answer = client.post(f"{path}/volgen", data={"csrf_token": token})

    assert answer.status_code == 302
    after = client.get(path).get_data(as_text=True)
    assert "U volgt dit patroon en hoort elke stap." in after  # the flash, after the redirect
    assert "Niet meer volgen" in after  # the write shows


def test_a_flash_is_shown_once_and_never_cached(client, cache, organisation):
    sign_in(client, UserFactory(organisations=[organisation]))
    kept(client, "/knelpunten")
    cached_view(client, "/knelpunten")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Knelpunt opgeslagen. Dank u wel!")]

    shown = client.get("/knelpunten").get_data(as_text=True)
    assert "Knelpunt opgeslagen. Dank u wel!" in shown
    for _ in range(2):
        later = client.get("/knelpunten").get_data(as_text=True)
        assert "Knelpunt opgeslagen" not in later
    assert "Knelpunt opgeslagen" not in cached_view(client, "/knelpunten").get_data(as_text=True)


def test_a_commit_in_another_process_invalidates(client, cache, organisation, database_url):
    """A Celery worker or CLI command is another process with the same app: its commit moves
    the generation in Redis, so the web's kept pages are no longer served."""
    sign_in(client, UserFactory(organisations=[organisation]))
    kept(client, "/knelpunten")
    cached_view(client, "/knelpunten")
    before = int(redis.Redis.from_url(REDIS_URL).get(GENERATION_KEY))

    script = textwrap.dedent(
        f"""
        from sqlalchemy import text
        from learning import create_app
        from learning.extensions import db
        app = create_app("test", {{"SQLALCHEMY_DATABASE_URI": {database_url!r},
                                   "PAGE_CACHE": True, "PAGE_CACHE_URL": {REDIS_URL!r}}})
        with app.app_context():
            print(app.extensions["page_cache"].redis.generation())  # after its start's bump
            db.session.execute(text("SELECT count(*) FROM users"))
            db.session.commit()  # a read: no new generation
            db.session.execute(text("UPDATE users SET name = name WHERE id < 0"))
            db.session.commit()  # a write that matched no row: none either
            print(app.extensions["page_cache"].redis.generation())
            db.session.execute(text("CREATE TEMPORARY TABLE scratch (x integer)"))
            db.session.execute(text("INSERT INTO scratch VALUES (1)"))
            db.session.commit()
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )

    started, after_reads = (int(line) for line in run.stdout.split()[-2:])
    assert started > before  # a new process may run new code: its start moves the generation
    assert after_reads == started  # a read or a write of no row changes nothing
    assert int(redis.Redis.from_url(REDIS_URL).get(GENERATION_KEY)) > before
    rendered_view(client, "/knelpunten")


def test_without_redis_pages_render_as_before(client, cache, organisation, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_URL", "redis://127.0.0.1:1/0")  # nobody there
    sign_in(client, UserFactory(organisations=[organisation]))
    BlockageFactory(title="Wachttijd Wmo-beschikking", organisation=organisation)
    _db.session.commit()  # the bump fails: no error

    for _ in range(3):
        started = time.perf_counter()
        page = rendered_view(client, "/knelpunten").get_data(as_text=True)
        assert "Wachttijd Wmo-beschikking" in page
    assert cache.redis.is_off  # after one failed connect it stops trying for a while
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("statement", "writes"),
    [
        ("SELECT users.id FROM users WHERE users.id = %(pk)s", False),
        ("  (SELECT 1) UNION (SELECT 2)", False),
        ("SELECT * FROM patterns FOR UPDATE", False),
        ("SAVEPOINT sa_savepoint_1", False),
        ("RELEASE SAVEPOINT sa_savepoint_1", False),
        ("WITH t AS (SELECT 1) SELECT * FROM t FOR NO KEY UPDATE", False),
        ("INSERT INTO blockages (title) VALUES (%(title)s)", True),
        ("update patterns set title = 'x'", True),
        ("DELETE FROM endorsements", True),
        ("WITH gone AS (DELETE FROM t RETURNING id) SELECT count(*) FROM gone", True),
        ("TRUNCATE insight_daily", True),
        ("COPY blockages FROM STDIN", True),
    ],
)
def test_what_counts_as_a_write(statement, writes):
    assert is_write(statement) is writes


def test_a_new_start_of_the_app_serves_no_page_the_old_code_kept(
    client, cache, organisation, database_url
):
    """A deploy brings new templates and code; the key holds the data, not the code."""
    from learning import create_app

    sign_in(client, UserFactory(organisations=[organisation]))
    kept(client, "/knelpunten")
    cached_view(client, "/knelpunten")

    create_app(
        "test",
        {"SQLALCHEMY_DATABASE_URI": database_url, "PAGE_CACHE": True, "PAGE_CACHE_URL": REDIS_URL},
    )

    rendered_view(client, "/knelpunten")
