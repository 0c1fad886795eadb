"""Benchmark the network dashboard at national scale: rollups against a plain GROUP BY.

Usage: python benchmarks/dashboard.py [--n 1000000] [--renders 50] [--keep] [--reuse]

The scratch database is `dashboard_bench_<n>` (1M: `dashboard_bench_1m`). With `--reuse` an
existing one keeps its raw tables (loading 1M rows takes minutes) and only the rollups are
rebuilt; `--reuse-rollups` keeps those too (only when the rollup code did not change).

Builds a scratch PostgreSQL database with `n` knelpunten over three years (loaded with COPY,
not the ORM), patterns holding 40 % of them, decisions, actions and reopenings. Then:

1. builds the rollups from scratch (`rollup_refresh_s`) and refreshes one day as a write does;
2. renders `/inzicht` through the Flask test client `renders` times with varied filters
   (period, domain, organisation, wijk, table, learning order), as a bestuurder who sees all;
3. computes the same figures for the same filters from the raw tables (the plain GROUP BY over
   knelpunten, domains and patterns, and the pattern facts computed from the raw tables) and
   checks that every figure is identical.

Prints one JSON line: n, p50_ms, p95_ms, naive_sql_p50_ms, naive_sql_p95_ms, rollup_refresh_s,
incremental_refresh_ms, regroup_refresh_ms, rollup_rows, figures_identical, load_s.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._bulk import copy_blockages, copy_rows, noon, reset_sequences  # noqa: E402

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DAYS = 3 * 365
DOMAINS = (
    "participatiewet",
    "wmo",
    "jeugdwet",
    "zvw",
    "schulden",
    "wonen",
    "onderwijs",
    "werk",
    "inkomen",
    "veiligheid",
    "overig",
)
STATES = (
    "nieuw",
    "in_behandeling",
    "geescaleerd",
    "besluit",
    "in_uitvoering",
    "opgelost",
    "geevalueerd",
    "afgewezen",
)
DECIDED = {"besluit", "in_uitvoering", "opgelost", "geevalueerd"}
ORDERS = ("first", "second", "third", None)
PERIODS = ("12m", "laatste-kwartaal", "2024", "2025", "2026", "2025-K2", "2026-03", "dit-jaar")


def database_name(n: int) -> str:
    """One scratch database per size, so a 1M build can be kept beside a small one."""
    size = f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else n
    return f"dashboard_bench_{size}"


def _create_database(name: str, reuse: bool) -> tuple[str, bool]:
    """The database's URL, and whether it already held a loaded network (only with `reuse`)."""
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if reuse and exists:
            scratch = sa.create_engine(url)
            with scratch.connect() as probe:
                loaded = probe.scalar(
                    sa.text("SELECT to_regclass('blockages') IS NOT NULL")
                ) and probe.scalar(sa.text("SELECT EXISTS (SELECT 1 FROM blockages)"))
            scratch.dispose()
            if loaded:
                admin.dispose()
                return url, True
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url, False


def _drop_database(name: str) -> None:
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def loaded_world() -> dict:
    """The ids `load` returned, read back from a reused database."""
    from learning.accounts.models import Organisation, User
    from learning.blockages.models import Area
    from learning.extensions import db
    from learning.patterns.models import Pattern
    from learning.tables.models import LearningTable

    def ids(model) -> list[int]:
        return list(db.session.scalars(sa.select(model.id).order_by(model.id)))

    return {
        "viewer": db.session.scalar(
            sa.select(User.id).where(User.email == "bestuurder@bench.test")
        ),
        "organisations": ids(Organisation),
        "areas": ids(Area),
        "tables": ids(LearningTable),
        "patterns": db.session.scalar(sa.select(sa.func.count()).select_from(Pattern)),
    }


def load(n: int, rng: random.Random, today: date) -> dict[str, int]:
    """Small dimensions through SQLAlchemy Core, the large tables through COPY."""
    from learning.accounts.models import Organisation, User, UserRole, user_organisations
    from learning.blockages.models import Area
    from learning.extensions import db
    from learning.tables.models import LearningTable

    def insert(table, rows) -> list[int]:
        result = db.session.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return list(result.scalars())

    organisations = insert(
        Organisation.__table__,
        [{"name": f"Organisatie {i}", "kind": "wijkteam"} for i in range(25)],
    )
    areas = insert(Area.__table__, [{"name": f"Wijk {i}"} for i in range(15)])
    users = insert(
        User.__table__,
        [{"email": f"melder{i}@bench.test", "name": f"Melder {i}"} for i in range(3000)]
        + [{"email": "bestuurder@bench.test", "name": "Bestuurder"}],
    )
    reporters, viewer = users[:-1], users[-1]
    db.session.execute(
        sa.insert(UserRole.__table__),
        [{"user_id": u, "role": "professional"} for u in reporters]
        + [{"user_id": viewer, "role": "executive"}],
    )
    home = {u: rng.choice(organisations) for u in users}
    db.session.execute(
        sa.insert(user_organisations),
        [{"user_id": u, "organisation_id": o} for u, o in home.items()],
    )
    tables = insert(
        LearningTable.__table__,
        [
            {"name": f"Werktafel {i}", "kind": "work_table", "domains": [DOMAINS[i]]}
            for i in range(8)
        ],
    )
    cursor = db.session.connection().connection.driver_connection.cursor()
    start = today - timedelta(days=DAYS - 1)
    days: list[date] = []

    def blockages():
        for i in range(1, n + 1):
            # More reports lately: the network grows.
            day = start + timedelta(days=int(DAYS * (1 - rng.random() ** 1.6)))
            day = min(day, today)
            days.append(day)
            reporter = rng.choice(reporters)
            area = rng.choice(areas) if rng.random() < 0.8 else None
            moment = noon(day)
            yield (
                i,
                f"Knelpunt {i}",
                "De regel past niet bij de situatie van de inwoner.",
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

    def domains():
        for i in range(1, n + 1):
            for domain in rng.sample(DOMAINS, 1 if rng.random() < 0.7 else 2):
                yield (i, domain)

    copy_rows(cursor, "blockage_domains", ("blockage_id", "domain"), domains())
    n_patterns = max(n // 50, 10)
    patterns = []
    for p in range(1, n_patterns + 1):
        state = rng.choice(STATES)
        queued = start + timedelta(days=rng.randrange(DAYS))
        confirmed = queued + timedelta(days=rng.randrange(1, 60)) if state != "nieuw" else None
        if confirmed and confirmed > today:
            confirmed = today
        closed = (
            noon(min(today, (confirmed or queued) + timedelta(days=rng.randrange(30, 200))))
            if state in {"opgelost", "geevalueerd", "afgewezen"}
            else None
        )
        table = rng.choice(tables) if rng.random() < 0.9 else None
        order = rng.choice(ORDERS) if state != "nieuw" else None
        patterns.append((p, state, queued, confirmed, closed, table, order))
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
            "closed_at",
            "created_at",
            "updated_at",
            "version",
        ),
        (
            (
                p,
                f"Patroon {p}",
                "",
                "[]",
                s,
                o,
                t,
                False,
                noon(q),
                c and noon(c),
                cl,
                noon(q),
                noon(q),
                1,
            )
            for p, s, q, c, cl, t, o in patterns
        ),
    )
    members = (
        (i, rng.randrange(1, n_patterns + 1), i, "confirmed", "[]", noon(days[i - 1]))
        for i in range(1, n + 1)
        if rng.random() < 0.4
    )
    copy_rows(
        cursor,
        "pattern_members",
        ("id", "pattern_id", "blockage_id", "status", "reasons", "added_at"),
        members,
    )
    requests, decisions, actions, events = [], [], [], []
    for p, state, _queued, confirmed, _closed, table, _order in patterns:
        if state in DECIDED and confirmed and table:
            decided = min(today, confirmed + timedelta(days=rng.randrange(5, 120)))
            moment = noon(decided)
            requests.append(
                (
                    p,
                    p,
                    table,
                    table,
                    "Beslisvraag",
                    "[]",
                    "",
                    "",
                    "",
                    "{}",
                    "besloten",
                    decided,
                    moment,
                    1,
                )
            )
            decisions.append((p, p, p, table, "Besluit", decided, "Stuurgroep", moment))
            for a in range(rng.randrange(1, 3)):
                created = min(today, decided + timedelta(days=rng.randrange(0, 30)))
                due = created + timedelta(days=42)
                status = rng.choice(("gedaan", "gedaan", "open", "niet_gedaan"))
                finished = (
                    noon(created + timedelta(days=rng.randrange(1, 60)))
                    if status == "gedaan"
                    else None
                )
                actions.append(
                    (
                        p * 3 + a,
                        p,
                        table,
                        "Actie",
                        viewer,
                        due,
                        status,
                        "",
                        finished,
                        noon(created),
                        1,
                    )
                )
        if rng.random() < 0.03 and confirmed:
            events.append(
                (p, noon(confirmed + timedelta(days=90)), "state:heropend", "Heropend", "{}")
            )
    copy_rows(
        cursor,
        "decision_requests",
        (
            "id",
            "pattern_id",
            "from_table_id",
            "to_table_id",
            "question",
            "options",
            "tried",
            "impact",
            "summary",
            "evidence",
            "status",
            "due_on",
            "created_at",
            "version",
        ),
        requests,
    )
    copy_rows(
        cursor,
        "decisions",
        (
            "id",
            "request_id",
            "pattern_id",
            "table_id",
            "text",
            "decided_on",
            "decided_by",
            "created_at",
        ),
        decisions,
    )
    copy_rows(
        cursor,
        "table_actions",
        (
            "id",
            "pattern_id",
            "table_id",
            "what",
            "owner_id",
            "due_on",
            "status",
            "result",
            "finished_at",
            "created_at",
            "version",
        ),
        actions,
    )
    copy_rows(cursor, "pattern_events", ("pattern_id", "at", "kind", "summary", "details"), events)
    reset_sequences(
        db.session,
        (
            "blockages",
            "patterns",
            "pattern_members",
            "decision_requests",
            "decisions",
            "table_actions",
        ),
    )
    db.session.commit()
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()
    return {
        "viewer": viewer,
        "organisations": organisations,
        "areas": areas,
        "tables": tables,
        "patterns": n_patterns,
    }


def filter_sets(rng: random.Random, world: dict, count: int) -> list[dict[str, str]]:
    """`count` different filter sets, so no render can be answered from an earlier one."""
    sets: list[dict[str, str]] = []
    while len(sets) < count:
        args = {"periode": rng.choice(PERIODS)}
        if rng.random() < 0.3:
            args["domein"] = rng.choice(DOMAINS)
        if rng.random() < 0.2:
            args["organisatie"] = str(rng.choice(world["organisations"]))
        if rng.random() < 0.15:
            args["wijk"] = str(rng.choice(world["areas"]))
        if rng.random() < 0.3:
            args["tafel"] = str(rng.choice(world["tables"]))
        if rng.random() < 0.15:
            args["orde"] = rng.choice(("first", "second", "third"))
        if rng.random() < 0.2:
            args["per"] = rng.choice(("week", "maand"))
        if args not in sets:
            sets.append(args)
    return sets


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse a kept database's raw tables (implies --keep)"
    )
    parser.add_argument(
        "--reuse-rollups", action="store_true", help="with --reuse: do not rebuild the rollups"
    )
    parser.add_argument(
        "--no-naive", action="store_true", help="skip the plain GROUP BY side (while tuning)"
    )
    args = parser.parse_args()
    logging.disable(logging.INFO)

    from tests.backing_services import postgres_available

    if not postgres_available():
        print(json.dumps({"error": "PostgreSQL is not reachable on 127.0.0.1:5432"}))
        sys.exit(1)
    from werkzeug.datastructures import MultiDict

    from learning import create_app
    from learning.extensions import db
    from learning.insight import counts, loop, pattern_counts, rollups
    from learning.insight.forms import parse_filters
    from learning.insight.models import BlockageDayCount, BlockageMonthCount, PatternFact
    from learning.timeutil import today

    rng = random.Random(args.seed)
    name = database_name(args.n)
    keep = args.keep or args.reuse
    url, reused = _create_database(name, args.reuse)
    try:
        app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
        with app.app_context():
            db.create_all()
            load_s = None
            if reused:
                world = loaded_world()
            else:
                started = time.perf_counter()
                world = load(args.n, rng, today())
                load_s = round(time.perf_counter() - started, 1)

            rollup_refresh_s = None
            if not (reused and args.reuse_rollups):
                # New rollup tables, so a changed index or column of the models applies.
                for model in (BlockageDayCount, BlockageMonthCount, PatternFact):
                    model.__table__.drop(db.engine, checkfirst=True)
                    model.__table__.create(db.engine)
                started = time.perf_counter()
                rollups.rebuild()
                db.session.commit()
                rollup_refresh_s = round(time.perf_counter() - started, 2)
                db.session.execute(sa.text("ANALYZE"))
                db.session.commit()
            rollup_rows = {
                "days": db.session.scalar(sa.select(sa.func.count()).select_from(BlockageDayCount)),
                "months": db.session.scalar(
                    sa.select(sa.func.count()).select_from(BlockageMonthCount)
                ),
                "patterns": db.session.scalar(sa.select(sa.func.count()).select_from(PatternFact)),
            }
            started = time.perf_counter()
            rollups.refresh([today() - timedelta(days=3)], [1, 2, 3])
            db.session.commit()
            incremental_ms = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            rollups.refresh([], [], [], [4])  # a pattern moved to another table
            db.session.commit()
            regroup_ms = (time.perf_counter() - started) * 1000
            viewer = world["viewer"]
            # Their own generator: a reused database draws the same filter sets as a fresh one.
            sets = filter_sets(random.Random(args.seed + 1), world, args.renders)
            db.session.remove()

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = f"{viewer}.1"
            session["_fresh"] = True
        client.get("/inzicht")  # warm up templates and connections
        render_ms = []
        for query in sets:
            started = time.perf_counter()
            response = client.get("/inzicht", query_string=query)
            render_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"/inzicht?{query} answered {response.status_code}")

        load_at_renders = [round(x, 2) for x in os.getloadavg()]  # the machine may be shared
        print(  # the renders' figures early: the naive side takes long at 1M
            f"renders: p50 {statistics.median(render_ms):.1f} ms, "
            f"p95 {_percentile(render_ms, 0.95):.1f} ms",
            file=sys.stderr,
            flush=True,
        )
        naive_ms, identical = [], True
        with app.app_context():
            for query in [] if args.no_naive else sets:
                filters = parse_filters(MultiDict(query), None)
                started = time.perf_counter()
                raw_counts = counts.blockage_counts(filters, raw=True)
                raw_facts = loop.facts(filters, raw=True)  # once for both figure sets
                raw_loop = loop.loop_figures(filters, raw=True, rows=raw_facts)
                raw_patterns = pattern_counts.summary(filters, raw=True, rows=raw_facts)
                naive_ms.append((time.perf_counter() - started) * 1000)
                rolled_counts = counts.blockage_counts(filters, raw=False)
                rolled_loop = loop.loop_figures(filters, raw=False)
                rolled_patterns = pattern_counts.summary(filters, raw=False)
                if (raw_counts, raw_loop, raw_patterns) != (
                    rolled_counts,
                    rolled_loop,
                    rolled_patterns,
                ):
                    identical = False
                    parts = [
                        name
                        for name, a, b in (
                            ("time", raw_counts["time"], rolled_counts["time"]),
                            ("domain", raw_counts["domain"], rolled_counts["domain"]),
                            (
                                "organisation",
                                raw_counts["organisation"],
                                rolled_counts["organisation"],
                            ),
                            ("area", raw_counts["area"], rolled_counts["area"]),
                            ("loop", raw_loop, rolled_loop),
                            ("patterns", raw_patterns, rolled_patterns),
                        )
                        if a != b
                    ]
                    print(f"figures differ for {query}: {parts}", file=sys.stderr)
                    if "loop" in parts:
                        for field in vars(raw_loop):
                            if getattr(raw_loop, field) != getattr(rolled_loop, field):
                                print(
                                    field,
                                    dict(getattr(raw_loop, field)),
                                    dict(getattr(rolled_loop, field))
                                    if not isinstance(getattr(raw_loop, field), list)
                                    else getattr(rolled_loop, field),
                                    file=sys.stderr,
                                )
                db.session.remove()
    finally:
        if not keep:
            _drop_database(name)
    print(
        json.dumps(
            {
                "n": args.n,
                "renders": len(render_ms),
                "p50_ms": round(statistics.median(render_ms), 1),
                "p95_ms": round(_percentile(render_ms, 0.95), 1),
                "naive_sql_p50_ms": round(statistics.median(naive_ms), 1) if naive_ms else None,
                "naive_sql_p95_ms": round(_percentile(naive_ms, 0.95), 1) if naive_ms else None,
                "rollup_refresh_s": rollup_refresh_s,
                "incremental_refresh_ms": round(incremental_ms, 1),
                "regroup_refresh_ms": round(regroup_ms, 1),
                "rollup_rows": rollup_rows,
                "figures_identical": identical if naive_ms else None,
                "load_s": load_s,
                "database": name,
                "reused": reused,
                "page_cache": False,  # every render computes its figures afresh
                "distinct_filter_sets": len({json.dumps(q, sort_keys=True) for q in sets}),
                "load_average_renders": load_at_renders,
                "load_average_end": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
