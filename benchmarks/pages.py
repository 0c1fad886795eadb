"""Benchmark every page under load at national scale, against hello-world Flask served alike.

Usage: python benchmarks/pages.py [--n 100000] [--requests 300] [--concurrency 8] [--reuse]

Builds a scratch PostgreSQL database (`flask db upgrade`, then the small Maasdal demo for its
accounts, tables, sessions and homes), adds `n` knelpunten with COPY (not the ORM), most of
them in patterns at the demo's werktafels, plus one pattern of exactly 50 members at Karin's
werktafel, and rebuilds the dashboard rollups. `--reuse` keeps and reuses that database.

Then it serves the app with gunicorn as the Procfile does (gthread, 2 workers, 4 threads,
production settings, debug off) and a hello-world Flask app the same way, and drives each page
at `concurrency` clients for `requests` requests, logged in as the demo account of the right
role. Before the load it counts the SQL queries of one request per page in-process.

Prints one JSON line: {"n", "hello_rps", "pages": {"<name>": {"rps", "p95_ms", "queries"}}}
with, per page, "ratio" (page rps / hello rps; the target is >= 0.30), "p50_ms" and
"alone_ms" (the median of five requests one at a time, in-process), and "loadavg_1m".
`--queries-only` prints the query counts and alone_ms without serving anything.
`--page-cache off` serves the app without its page cache (the figures before it); with it on
(the default) the in-process figures add "hit_queries" and "hit_ms" (a page the cache holds),
and the driven pages are, after each client's first request, answered from the cache: the
same user opening the same page again with no commit in between, as the cache is meant for.
Set PAGES_REDIS_URL to use another Redis database than 14 (broker and page cache).
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._bulk import copy_blockages, copy_rows, noon, reset_sequences  # noqa: E402

BENCH_DB = "pages_bench"
# Celery broker and page cache of the served app; --redis-url moves both.
REDIS_URL = os.environ.get("PAGES_REDIS_URL", "redis://127.0.0.1:6379/14")
# The driver's User-Agent: the session cookies are made for it (Flask-Login's session check).
USER_AGENT = "leernetwerk-pages-benchmark"
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{BENCH_DB}"
GUNICORN = [
    "--worker-class",
    "gthread",
    "--workers",
    "2",
    "--threads",
    "4",
    "--timeout",
    "60",
    "--keep-alive",
    "5",
]
DAYS = 3 * 365
BIG_PATTERN_TITLE = "Benchmark: patroon met vijftig knelpunten"
SEARCH = "wachttijd beschikking"

# Sentences the knelpunten are made of: enough variety for search and member comparison.
SUBJECTS = (
    "De wachttijd voor een Wmo-beschikking",
    "Het stopzetten van de bijstandsuitkering",
    "De terugvordering van toeslagen",
    "Het ontbreken van een briefadres",
    "De overgang van jeugdhulp naar volwassenenzorg",
    "De beslagvrije voet bij schuldhulp",
    "De intake bij de woningcorporatie",
    "De herindicatie van huishoudelijke hulp",
    "De wachtlijst voor beschermd wonen",
    "Het inkomen tijdens re-integratie",
)
PROBLEMS = (
    "duurt langer dan de wettelijke termijn",
    "houdt geen rekening met de situatie van de inwoner",
    "vraagt documenten die de inwoner niet heeft",
    "valt tussen twee loketten",
    "leidt tot nieuwe schulden",
    "stopt zonder overdracht",
)
EFFECTS = (
    "waardoor de huur niet betaald kan worden.",
    "waardoor de zorg stilvalt.",
    "waardoor het gezin zonder inkomen zit.",
    "en de professional moet eindeloos bellen.",
    "terwijl maatwerk wel mogelijk zou zijn.",
)
DOMAINS = ("participatiewet", "wmo", "jeugdwet", "schulden", "wonen", "inkomen", "werk", "zvw")
# Patterns of the bulk: mostly at work in the network, some waiting on the triage queue.
STATES = (
    ("kandidaat", 0.35),
    ("nieuw", 0.03),
    ("in_behandeling", 0.2),
    ("besluit", 0.07),
    ("in_uitvoering", 0.1),
    ("opgelost", 0.15),
    ("afgewezen", 0.1),
)


def _admin(sql: str) -> None:
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(sql))
    admin.dispose()


def _database_ready(n: int) -> bool:
    """A database from an earlier run with `n` bulk knelpunten and the big pattern."""
    try:
        engine = sa.create_engine(BENCH_URL)
        with engine.connect() as connection:
            count = connection.scalar(sa.text("SELECT count(*) FROM blockages"))
            big = connection.scalar(
                sa.text("SELECT count(*) FROM patterns WHERE title = :t"), {"t": BIG_PATTERN_TITLE}
            )
        engine.dispose()
    except sa.exc.OperationalError:
        return False
    return big == 1 and count >= n


def _scratch_files() -> dict[str, str]:
    """The benchmark's index, caught mail and served-url file: never the instance folder's."""
    scratch = Path(tempfile.gettempdir()) / BENCH_DB
    scratch.mkdir(exist_ok=True)
    return {
        "VECTOR_INDEX_PATH": str(scratch / "vectors.idx"),
        "CAUGHT_MAIL_DIR": str(scratch / "sent-mail"),
        "SERVED_URL_FILE": str(scratch / "served-url"),
    }


def _flask(*args: str) -> None:
    env = dict(
        os.environ,
        DATABASE_URL=BENCH_URL,
        FLASK_APP="learning",
        CELERY_ALWAYS_EAGER="true",
        PAGE_CACHE_URL=REDIS_URL,  # the demo's commits bump the benchmark's generation only
        **_scratch_files(),
    )
    subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True, stdout=sys.stderr
    )


def _text(rng: random.Random) -> tuple[str, str]:
    subject, problem = rng.choice(SUBJECTS), rng.choice(PROBLEMS)
    return f"{subject} {problem}"[:120], f"{subject} {problem}, {rng.choice(EFFECTS)}"


def _next_id(connection, table: str) -> int:
    return (connection.scalar(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")) or 0) + 1


def load(n: int, rng: random.Random) -> None:
    """The bulk on top of the demo: knelpunten, patterns, members, events, actions (COPY)."""
    from learning.extensions import db
    from learning.timeutil import today

    session = db.session
    connection = session.connection()
    users = dict(session.execute(sa.text("SELECT email, id FROM users")).all())
    organisations = list(session.scalars(sa.text("SELECT id FROM organisations")))
    areas = list(session.scalars(sa.text("SELECT id FROM areas")))
    work_tables = list(
        session.scalars(sa.text("SELECT id FROM learning_tables WHERE kind = 'work_table'"))
    )
    karin = users["karin@maasdal.example"]
    karin_tables = list(
        session.scalars(sa.text("SELECT id FROM learning_tables WHERE chair_id = :k"), {"k": karin})
    )
    demo_professionals = [
        users[k + "@maasdal.example"]
        for k in ("sanne", "mehmet", "ingrid", "joost", "fatima", "pieter", "lotte", "ravi")
    ]
    first_user = _next_id(connection, "users")
    bench_users = list(range(first_user, first_user + 3000))
    cursor = connection.connection.driver_connection.cursor()
    copy_rows(
        cursor,
        "users",
        (
            "id",
            "email",
            "name",
            "active",
            "calendar_token",
            "digest_frequency",
            "digest_weekday",
            "digest_skip_empty",
            "notification_mail",
            "session_version",
            "created_at",
        ),
        (
            (
                u,
                f"melder{u}@bench.test",
                f"Melder {u}",
                True,
                secrets.token_urlsafe(12),
                "weekly",
                0,
                False,
                "daily",
                1,
                noon(date(2024, 1, 1)),
            )
            for u in bench_users
        ),
    )
    copy_rows(cursor, "user_roles", ("user_id", "role"), ((u, "professional") for u in bench_users))
    home = {u: rng.choice(organisations) for u in bench_users}
    copy_rows(cursor, "user_organisations", ("user_id", "organisation_id"), home.items())
    demo_homes = dict(
        session.execute(
            sa.text("SELECT user_id, min(organisation_id) FROM user_organisations GROUP BY user_id")
        ).all()
    )
    home.update({u: demo_homes[u] for u in demo_professionals})

    end = today()
    start = end - timedelta(days=DAYS - 1)
    first = _next_id(connection, "blockages")
    ids = list(range(first, first + n))
    reported: dict[int, date] = {}
    reporter_of: dict[int, int] = {}

    def blockages():
        for i in ids:
            day = min(end, start + timedelta(days=int(DAYS * (1 - rng.random() ** 1.6))))
            reported[i] = day
            # One in a hundred by a demo professional: their homes list a realistic backlog.
            reporter = (
                rng.choice(demo_professionals) if rng.random() < 0.01 else rng.choice(bench_users)
            )
            reporter_of[i] = reporter
            title, description = _text(rng)
            moment = noon(day)
            area = rng.choice(areas) if areas and rng.random() < 0.8 else None
            yield (
                i,
                title,
                description,
                rng.choice(("maatwerk", "omweg", "niet_opgelost")),
                "[]",
                reporter,
                home[reporter],
                area,
                day,
                moment,
                moment,
                1,
            )

    copy_blockages(cursor, blockages())
    copy_rows(
        cursor,
        "blockage_domains",
        ("blockage_id", "domain"),
        ((i, d) for i in ids for d in rng.sample(DOMAINS, 1 if rng.random() < 0.7 else 2)),
    )

    # Patterns: 60 % of the knelpunten in patterns of about 24; the big one has exactly 50.
    in_patterns = [i for i in ids if rng.random() < 0.6]
    rng.shuffle(in_patterns)
    big_members, rest = in_patterns[:50], in_patterns[50:]
    first_pattern = _next_id(connection, "patterns")
    groups: list[list[int]] = [big_members]
    while rest:
        size = max(3, int(rng.expovariate(1 / 24)))
        groups.append(rest[:size])
        rest = rest[size:]
    states, weights = zip(*STATES, strict=True)
    patterns = []
    for offset, members in enumerate(groups):
        pid = first_pattern + offset
        if offset == 0:
            state, table = "in_behandeling", karin_tables[0]
        else:
            state = rng.choices(states, weights)[0]
            table = rng.choice(work_tables) if state != "kandidaat" else None
        earliest = min(reported[m] for m in members)
        confirmed = (
            noon(min(end, earliest + timedelta(days=rng.randrange(5, 60))))
            if state not in {"kandidaat", "nieuw"}
            else None
        )
        patterns.append((pid, members, state, table, noon(earliest), confirmed))
    title_of = {pid: _text(rng)[0] for pid, *_rest in patterns}
    title_of[first_pattern] = BIG_PATTERN_TITLE
    copy_rows(
        cursor,
        "patterns",
        (
            "id",
            "title",
            "description",
            "key_terms",
            "state",
            '"order"',
            "table_id",
            "recurring",
            "queued_at",
            "confirmed_at",
            "created_at",
            "updated_at",
            "version",
        ),
        (
            (
                pid,
                title_of[pid],
                "",
                '["wachttijd", "beschikking"]',
                state,
                "second" if confirmed else None,
                table,
                False,
                queued,
                confirmed,
                queued,
                confirmed or queued,
                1,
            )
            for pid, _m, state, table, queued, confirmed in patterns
        ),
    )
    reasons = '["Lijkt qua betekenis op #1", "Gedeelde woorden: wachttijd, beschikking"]'
    copy_rows(
        cursor,
        "pattern_members",
        ("pattern_id", "blockage_id", "status", "score", "reasons", "added_at"),
        (
            (pid, b, "confirmed" if confirmed else "candidate", 0.7, reasons, noon(reported[b]))
            for pid, members, _s, _t, _q, confirmed in patterns
            for b in members
        ),
    )
    copy_rows(
        cursor,
        "pattern_events",
        ("pattern_id", "at", "actor_id", "kind", "summary", "details"),
        (
            (pid, moment, karin if kind != "state:nieuw" else None, kind, summary, "{}")
            for pid, _m, state, _t, queued, confirmed in patterns
            if state != "kandidaat"
            for moment, kind, summary in (
                (queued, "state:nieuw", "Op de triagelijst van de werktafel"),
                *(
                    ((confirmed, "state:in_behandeling", "Bevestigd door de werktafel"),)
                    if confirmed
                    else ()
                ),
            )
        ),
    )
    copy_rows(
        cursor,
        "endorsements",
        ("user_id", "pattern_id", "organisation_id", "created_at"),
        (
            (u, pid, home[u], queued)
            for pid, _m, state, _t, queued, _c in patterns
            if state != "kandidaat"
            for u in rng.sample(bench_users, rng.randrange(0, 4))
        ),
    )
    owners = [karin, *demo_professionals[:3]]
    copy_rows(
        cursor,
        "table_actions",
        (
            "pattern_id",
            "table_id",
            "what",
            "owner_id",
            "due_on",
            "status",
            "result",
            "created_at",
            "version",
        ),
        (
            (
                pid,
                table,
                "Werkwijze aanpassen en terugkoppelen",
                rng.choice(owners),
                confirmed.date() + timedelta(days=42),
                rng.choice(("open", "gedaan")),
                "",
                confirmed,
                1,
            )
            for pid, _m, state, table, _q, confirmed in patterns
            if state in {"in_behandeling", "in_uitvoering"} and confirmed
            for _a in range(rng.randrange(1, 3))
        ),
    )
    reset_sequences(
        session,
        (
            "users",
            "blockages",
            "patterns",
            "pattern_members",
            "pattern_events",
            "endorsements",
            "table_actions",
            "user_roles",
        ),
    )
    session.commit()


def build(n: int, seed: int) -> None:
    """Schema through the migrations (indexes included), the demo, then the bulk and rollups."""
    from learning import create_app
    from learning.extensions import db
    from learning.insight import rollups

    _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    started = time.perf_counter()
    _flask("db", "upgrade")
    _flask("demo", "load", "--small")
    print(f"demo: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": BENCH_URL, "TESTING": False})
    with app.app_context():
        started = time.perf_counter()
        load(n, random.Random(seed))
        rollups.rebuild()
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        print(f"bulk: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


# --- what is driven ------------------------------------------------------------------------


def targets() -> dict[str, tuple[str, str]]:
    """Page name: (path, demo account that opens it)."""
    from learning import create_app
    from learning.extensions import db

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": BENCH_URL, "TESTING": False})
    with app.app_context():
        big = db.session.scalar(
            sa.text("SELECT id FROM patterns WHERE title = :t"), {"t": BIG_PATTERN_TITLE}
        )
    query = SEARCH.replace(" ", "+")
    return {
        "knelpunten": ("/knelpunten", "sanne"),
        "search": (f"/knelpunten?q={query}", "sanne"),
        "patterns": ("/patronen", "sanne"),
        "pattern_50": (f"/patronen/{big}", "karin"),
        "triage": ("/patronen/triage", "karin"),
        "home_professional": ("/", "sanne"),
        "home_chair": ("/", "karin"),
        "home_champion": ("/", "lotte"),
        "home_manager": ("/", "marloes"),
        "home_executive": ("/", "wethouder"),
        "home_programme": ("/", "beheer"),
        "dashboard": ("/inzicht", "wethouder"),
    }


def count_queries(
    pages: dict[str, tuple[str, str]], repeats: int = 5, cache: bool = False
) -> dict[str, dict]:
    """SQL statements of one request per page (after a warm-up request), in-process, and the
    median time of `repeats` more requests one at a time (what one request costs alone).
    With `cache`, also "hit_queries" and "hit_ms": the same for a page the page cache holds."""
    from learning import create_app
    from learning.accounts.models import User
    from learning.extensions import db

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": BENCH_URL, "TESTING": False})
    statements: list[str] = []
    with app.app_context():
        ids = {
            account: db.session.scalar(
                sa.select(User).where(User.email == f"{account}@maasdal.example")
            ).get_id()
            for _path, account in pages.values()
        }
        sa.event.listen(
            db.engine, "before_cursor_execute", lambda *args: statements.append(args[2])
        )
        started: list[float] = []
        sa.event.listen(
            db.engine, "before_cursor_execute", lambda *args: started.append(time.perf_counter())
        )
        sa.event.listen(
            db.engine,
            "after_cursor_execute",
            lambda *args: (
                os.environ.get("PAGES_SHOW_QUERIES")
                and print(
                    f"  {(time.perf_counter() - started[-1]) * 1000:7.1f} ms",
                    " ".join(args[2].split())[:140],
                    file=sys.stderr,
                )
            ),
        )
        db.session.remove()
    counts: dict[str, dict] = {}
    for name, (path, account) in pages.items():
        client = app.test_client()  # no app context held: each request gets its own
        with client.session_transaction() as session:
            session["_user_id"] = ids[account]
            session["_fresh"] = True
        client.get(path)
        statements.clear()
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} as {account} answered {response.status_code}")
        count = len(statements)
        alone = []
        for _ in range(repeats):
            began = time.perf_counter()
            client.get(path)
            alone.append((time.perf_counter() - began) * 1000)
        counts[name] = {
            "queries": count,
            "alone_ms": round(statistics.median(alone), 1),
        }
        if os.environ.get("PAGES_SHOW_QUERIES"):
            print(f"^ {name}: {count} queries", file=sys.stderr)
    if cache:
        app.config.update(PAGE_CACHE=True, PAGE_CACHE_URL=REDIS_URL)
        for name, (path, account) in pages.items():
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = ids[account]
            for _ in range(2):  # the first settles the session (CSRF secret), the second is kept
                client.get(path)
            statements.clear()
            timed = []
            for _ in range(repeats):
                began = time.perf_counter()
                client.get(path)
                timed.append((time.perf_counter() - began) * 1000)
            counts[name]["hit_queries"] = len(statements) / repeats
            counts[name]["hit_ms"] = round(statistics.median(timed), 2)
    return counts


def session_cookies(secret: str, accounts: set[str]) -> dict[str, str]:
    """Signed session cookies for the demo accounts as a browser holds them after logging in
    and opening a page: Flask-Login's keys (its `_id` made for the driver's address and
    User-Agent), permanent, and the CSRF secret the first page gave it."""
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from learning import create_app
    from learning.accounts.models import User
    from learning.extensions import db

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": BENCH_URL, "SECRET_KEY": secret})
    serializer = app.session_interface.get_signing_serializer(app)
    cookies = {}
    for account in accounts:
        with app.test_request_context(
            "/", headers={"User-Agent": USER_AGENT}, environ_base={"REMOTE_ADDR": "127.0.0.1"}
        ):
            user = db.session.scalar(
                sa.select(User).where(User.email == f"{account}@maasdal.example")
            )
            login_user(user)
            session.permanent = True
            generate_csrf()
            cookies[account] = serializer.dumps(dict(session))
            db.session.remove()
    return cookies


# --- serving and driving -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app_spec: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *GUNICORN, "--bind", f"127.0.0.1:{port}", app_spec],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn {app_spec} stopped at start-up") from None
            time.sleep(0.3)
    raise SystemExit(f"gunicorn {app_spec} did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def drive(port: int, path: str, cookie: str | None, requests: int, concurrency: int) -> dict:
    """`requests` GETs over `concurrency` keep-alive connections: req/s and p95 latency."""
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    remaining = list(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[int] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not remaining:
                    break
                remaining.pop()
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures.append(response.status)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.close()

    for _ in range(concurrency):  # warm up every worker thread and connection
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", path, headers=headers)
        connection.getresponse().read()
        connection.close()
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{path}: {len(failures)} answers were not 200 (e.g. {failures[0]})")
    ordered = sorted(latencies)
    return {
        "rps": round(requests / wall, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000),
        "p50_ms": round(statistics.median(ordered) * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="per page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--reuse", action="store_true", help="keep and reuse the database")
    parser.add_argument("--only", nargs="*", help="page names to drive (default: all)")
    parser.add_argument("--queries-only", action="store_true", help="count queries, no load")
    parser.add_argument(
        "--page-cache", choices=("on", "off"), default="on", help="the app's PAGE_CACHE"
    )
    args = parser.parse_args()
    logging.disable(logging.INFO)
    # A stopped benchmark still stops its servers (they run in their own process groups).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from tests.backing_services import postgres_available

    if not postgres_available():
        print(json.dumps({"error": "PostgreSQL is not reachable on 127.0.0.1:5432"}))
        sys.exit(1)
    if not (args.reuse and _database_ready(args.n)):
        build(args.n, args.seed)
    try:
        pages = targets()
        if args.only:
            pages = {name: pages[name] for name in args.only}
        queries = count_queries(pages, cache=args.page_cache == "on")
        if args.queries_only:
            print(json.dumps({"n": args.n, "queries": queries}))
            return
        secret = secrets.token_hex(32)
        cookies = session_cookies(secret, {account for _path, account in pages.values()})
        env = dict(
            os.environ,
            LEERNETWERK_ENV="production",
            DATABASE_URL=BENCH_URL,
            REDIS_URL=REDIS_URL,
            PAGE_CACHE="true" if args.page_cache == "on" else "false",
            RATELIMIT_STORAGE_URI="memory://",
            SECRET_KEY=secret,
            MAIL_SERVER="127.0.0.1",
            MAIL_DEFAULT_SENDER="Leernetwerk <noreply@bench.test>",
            BASE_URL="http://127.0.0.1",
            SESSION_COOKIE_SECURE="false",
            CELERY_ALWAYS_EAGER="false",
            WARM_UP_MODELS="false",
            FLASK_DEBUG="false",
            **_scratch_files(),
        )
        hello, port = serve("benchmarks._hello:app", env)
        try:
            hello_rps = drive(port, "/", None, args.requests, args.concurrency)["rps"]
        finally:
            stop(hello)
        results = {}
        server, port = serve("learning:create_app()", env)
        try:
            for name, (path, account) in pages.items():
                figures = drive(port, path, cookies[account], args.requests, args.concurrency)
                figures["ratio"] = round(figures["rps"] / hello_rps, 2)
                figures.update(queries[name])
                results[name] = figures
                print(name, figures, file=sys.stderr, flush=True)
        finally:
            stop(server)
    finally:
        if not args.reuse:
            _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    print(
        json.dumps(
            {
                "n": args.n,
                "hello_rps": hello_rps,
                "pages": results,
                # Two cores shared with other work: read the figures against the load.
                "loadavg_1m": round(os.getloadavg()[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
