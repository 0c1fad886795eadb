"""Benchmark digest building: 1,000 recipients over 100,000 knelpunten, then double history.

Usage: python benchmarks/digest.py [--recipients 1000] [--knelpunten 100000]

Seeds a scratch database (PostgreSQL when reachable, else SQLite) with synthetic history:
knelpunten spread over two years, patterns that live a few months, their events, beslisvragen,
decisions, actions and leersessies. Then it does what `flask digests send` does for every due
recipient -- claim, build, render with inlined CSS, store in the outbox, commit -- but does
not hand the mail to SMTP. Every SQL statement is counted with a SQLAlchemy event listener.

A second database holds the same recent history plus as much again before it; building there
must cost about the same (`history_ratio` near 1), because every digest query is bounded by
the period or by the few patterns it shows. The runs alternate between the two databases and
the fastest of each counts. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import bisect
import json
import logging
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "leernetwerk_bench_digest"
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CACHE_DIR = Path(__file__).parent / ".cache"
HISTORY_DAYS = 730
PATTERN_LIFETIME_DAYS = 120
SHARE_IN_PATTERNS = 0.6
CHUNK = 5_000
TODAY = date(2025, 3, 10)  # a Monday: the weekly digests of Monday are due
NOW = datetime(2025, 3, 10, 7, 0, tzinfo=UTC)
DOMAINS = ("wmo", "participatiewet", "jeugdwet", "schulden", "wonen", "werk")


def _database_url(name: str) -> str:
    from tests.backing_services import postgres_available

    database = f"{BENCH_DB}_{name}"
    if postgres_available():
        admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        return ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    CACHE_DIR.mkdir(exist_ok=True)
    path = CACHE_DIR / f"{database}.db"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _drop_databases(*names: str) -> None:
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{BENCH_DB}_{name}" WITH (FORCE)'))
    admin.dispose()


def _insert(table: sa.Table, rows: list[dict[str, Any]]) -> list[int]:
    """Core executemany in chunks; returns the new ids when the table has an id column."""
    from learning.extensions import db

    ids: list[int] = []
    returning = "id" in table.c
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        if returning:
            result = db.session.execute(
                sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk
            )
            ids.extend(result.scalars())
        else:
            db.session.execute(sa.insert(table), chunk)
    return ids


class World:
    """Synthetic organisations, people and tables; history is added in slices of time."""

    def __init__(self, rng: random.Random, recipients: int) -> None:
        self.rng = rng
        self.recipients = recipients

    def people(self) -> None:
        from learning.accounts.models import Organisation, User, UserRole, user_organisations
        from learning.digests.models import DigestOptIn
        from learning.tables.models import LearningTable, table_members, table_organisations

        rng = self.rng
        self.organisations = _insert(
            Organisation.__table__,
            [{"name": f"Organisatie {i}", "kind": "wijkteam"} for i in range(25)],
        )
        mix = {
            "executive": self.recipients // 10,
            "manager": self.recipients // 2,
            "chair": self.recipients // 5,
        }
        mix["professional"] = self.recipients - sum(mix.values())
        people = [(role, i) for role, n in mix.items() for i in range(n)]
        reporters = 3_000
        rows = [
            {"email": f"{role}{i}@bench.test", "name": f"{role} {i}", "digest_frequency": "weekly"}
            for role, i in people
        ] + [
            {"email": f"melder{i}@bench.test", "name": f"Melder {i}", "digest_frequency": "never"}
            for i in range(reporters)
        ]
        ids = _insert(User.__table__, rows)
        recipient_ids, self.reporters = ids[: len(people)], ids[len(people) :]
        roles = [
            {"user_id": uid, "role": role}
            for uid, (role, _i) in zip(recipient_ids, people, strict=True)
        ] + [{"user_id": uid, "role": "professional"} for uid in self.reporters]
        _insert(UserRole.__table__, roles)
        self.reporter_org = {uid: rng.choice(self.organisations) for uid in self.reporters}
        memberships = [
            {"user_id": uid, "organisation_id": rng.choice(self.organisations)}
            for uid in recipient_ids
        ] + [{"user_id": uid, "organisation_id": org} for uid, org in self.reporter_org.items()]
        _insert(user_organisations, memberships)
        professionals = [
            uid
            for uid, (role, _i) in zip(recipient_ids, people, strict=True)
            if role == "professional"
        ]
        self.reporters.extend(professionals)  # opted-in professionals report too
        for uid in professionals:
            self.reporter_org[uid] = rng.choice(self.organisations)
        _insert(DigestOptIn.__table__, [{"user_id": uid} for uid in professionals])
        chairs = [
            uid for uid, (role, _i) in zip(recipient_ids, people, strict=True) if role == "chair"
        ]
        executives = [
            uid
            for uid, (role, _i) in zip(recipient_ids, people, strict=True)
            if role == "executive"
        ]
        tables = [
            {
                "name": f"Werktafel {i}",
                "kind": "work_table",
                "domains": [DOMAINS[i % len(DOMAINS)]],
                "chair_id": chairs[i],
            }
            for i in range(12)
        ] + [
            {
                "name": "Ambtelijke stuurgroep",
                "kind": "civil_steering",
                "domains": [],
                "chair_id": None,
            },
            {
                "name": "Bestuurlijke stuurgroep",
                "kind": "executive_steering",
                "domains": [],
                "chair_id": None,
            },
        ]
        table_ids = _insert(LearningTable.__table__, tables)
        self.work_tables, self.civil, self.board = table_ids[:12], table_ids[12], table_ids[13]
        _insert(
            table_members,
            [{"table_id": self.board, "user_id": uid} for uid in executives[:10]],
        )
        _insert(
            table_organisations,
            [
                {"table_id": t, "organisation_id": org}
                for t in self.work_tables
                for org in rng.sample(self.organisations, 5)
            ],
        )

    def history(self, first_day: date, days: int, knelpunten: int) -> None:
        """Knelpunten reported in [first_day, first_day + days), with their patterns."""
        from learning.blockages.models import Blockage, BlockageDomain
        from learning.patterns.models import Pattern, PatternEvent, PatternMember
        from learning.sessions.models import AgendaItem, LearningSession, SessionSeries
        from learning.tables.models import Decision, DecisionRequest, Resolution, TableAction

        rng = self.rng
        last_day = first_day + timedelta(days=days)
        n_patterns = knelpunten // 20
        starts = sorted(first_day + timedelta(days=rng.randrange(days)) for _ in range(n_patterns))
        recent = TODAY - timedelta(days=PATTERN_LIFETIME_DAYS)
        patterns = []
        for i, start in enumerate(starts):
            state = "nieuw" if start >= recent else rng.choice(["opgelost", "geevalueerd"])
            if start >= recent and i % 7 == 0:
                state = "geescaleerd"
            patterns.append(
                {
                    "title": f"Patroon {start.isoformat()} {i}",
                    "state": state,
                    "table_id": rng.choice(self.work_tables),
                    "queued_at": _at(start),
                    "created_at": _at(start),
                    "updated_at": _at(start),
                    "closed_at": None if state in {"nieuw", "geescaleerd"} else _at(start),
                    "key_terms": [],
                }
            )
        pattern_ids = _insert(Pattern.__table__, patterns)
        events = []
        for pid, start, row in zip(pattern_ids, starts, patterns, strict=True):
            events.append(_event(pid, "state:nieuw", start))
            events.append(_event(pid, "state:in_behandeling", start + timedelta(days=14)))
            if row["state"] != "nieuw":
                events.append(_event(pid, f"state:{row['state']}", start + timedelta(days=60)))
        _insert(PatternEvent.__table__, [e for e in events if e["at"] < NOW])

        blockages = []
        for i in range(knelpunten):
            reporter = rng.choice(self.reporters)
            day = first_day + timedelta(days=rng.randrange(days))
            blockages.append(
                {
                    "title": f"Knelpunt {day.isoformat()} {i}",
                    "description": "De regel past niet bij de situatie van de inwoner.",
                    "handling": "niet_opgelost",
                    "impacts": [],
                    "reporter_id": reporter,
                    "organisation_id": self.reporter_org[reporter],
                    "reported_on": day,
                    "created_at": _at(day),
                    "updated_at": _at(day),
                }
            )
        blockage_ids = _insert(Blockage.__table__, blockages)
        _insert(
            BlockageDomain.__table__,
            [{"blockage_id": b, "domain": rng.choice(DOMAINS)} for b in blockage_ids],
        )
        members = []
        for bid, row in zip(blockage_ids, blockages, strict=True):
            if rng.random() > SHARE_IN_PATTERNS:
                continue
            day = row["reported_on"]
            lo = bisect.bisect_left(starts, day - timedelta(days=PATTERN_LIFETIME_DAYS))
            hi = bisect.bisect_right(starts, day)
            if hi > lo:
                members.append(
                    {
                        "pattern_id": pattern_ids[rng.randrange(lo, hi)],
                        "blockage_id": bid,
                        "status": "confirmed",
                        "reasons": [],
                        "added_at": row["created_at"],
                    }
                )
        _insert(PatternMember.__table__, members)

        escalated = pattern_ids[::10]
        requests = [
            {
                "pattern_id": pid,
                "from_table_id": self.civil,
                "to_table_id": self.board,
                "question": "Mag de regel hier wijken?",
                "options": [],
                "evidence": {},
                "status": "open" if start >= recent else "besloten",
                "due_on": start + timedelta(days=56),
                "created_at": _at(start + timedelta(days=20)),
            }
            for pid, start in zip(escalated, starts[::10], strict=True)
        ]
        request_ids = _insert(DecisionRequest.__table__, requests)
        decided = [
            (rid, req)
            for rid, req in zip(request_ids, requests, strict=True)
            if req["status"] == "besloten"
        ]
        _insert(
            Decision.__table__,
            [
                {
                    "request_id": rid,
                    "pattern_id": req["pattern_id"],
                    "table_id": self.board,
                    "text": "Besloten: de regel mag wijken.",
                    "decided_on": req["due_on"],
                    "decided_by": "Bestuurlijke stuurgroep",
                    "created_at": _at(req["due_on"]),
                }
                for rid, req in decided
            ],
        )
        _insert(
            Resolution.__table__,
            [
                {
                    "pattern_id": pid,
                    "table_id": row["table_id"],
                    "change": "Werkinstructie aangepast.",
                    "solved_on": start + timedelta(days=60),
                    "created_at": _at(start + timedelta(days=60)),
                }
                for pid, start, row in zip(
                    pattern_ids[::5], starts[::5], patterns[::5], strict=True
                )
                if row["state"] != "nieuw" and start + timedelta(days=60) < TODAY
            ],
        )
        _insert(
            TableAction.__table__,
            [
                {
                    "pattern_id": pid,
                    "table_id": row["table_id"],
                    "what": "Procedure aanpassen",
                    "owner_id": rng.choice(self.reporters),
                    "due_on": start + timedelta(days=42),
                    "status": "open" if start >= recent else "gedaan",
                    "created_at": _at(start + timedelta(days=14)),
                }
                for pid, start, row in zip(
                    pattern_ids[::3], starts[::3], patterns[::3], strict=True
                )
            ],
        )
        series = _insert(
            SessionSeries.__table__,
            [
                {"name": f"Leersessie {first_day} {level}", "level": level}
                for level in ("uitvoering", "management", "bestuur")
            ],
        )
        sessions, items = [], []
        day = first_day
        while day < min(last_day, TODAY):
            for sid in series:
                sessions.append(
                    {
                        "series_id": sid,
                        "starts_at": _at(day),
                        "ends_at": _at(day) + timedelta(hours=2),
                        "status": "afgesloten",
                        "closed_at": _at(day) + timedelta(hours=3),
                        "went_well": "Goed gesprek.",
                    }
                )
            day += timedelta(days=28)
        session_ids = _insert(LearningSession.__table__, sessions)
        for sid, row in zip(session_ids, sessions, strict=True):
            for n in range(5):
                items.append(
                    {
                        "series_id": row["series_id"],
                        "session_id": sid,
                        "kind": "dilemma",
                        "source": "doorgezet" if n == 0 else "ingediend",
                        "status": "behandeld",
                        "title": "Dilemma uit de praktijk",
                        "outcome": ("opgelost", "doorgezet", "besproken")[n % 3],
                        "created_at": row["starts_at"] - timedelta(days=3),
                    }
                )
        _insert(AgendaItem.__table__, items)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def _event(pattern_id: int, kind: str, day: date) -> dict[str, Any]:
    return {"pattern_id": pattern_id, "kind": kind, "at": _at(day), "summary": kind, "details": {}}


def build_all(engine: sa.Engine, profile: bool = False) -> dict[str, float]:
    """Build and store every due digest, as `flask digests send` does without SMTP.

    With `profile`, the statements that took the most time go to stderr.
    """
    from learning.digests import delivery
    from learning.digests.models import Digest
    from learning.mail.models import OutgoingMail
    from learning.timeutil import utcnow
    from learning.unit_of_work import commit

    statements = 0
    spent: dict[str, list[float]] = {}

    def count(_conn: Any, _cursor: Any, _sql: str, _params: Any, context: Any, _many: Any) -> None:
        nonlocal statements
        statements += 1
        context._bench_started = time.perf_counter()

    def timed(_conn: Any, _cursor: Any, sql: str, _params: Any, context: Any, _many: Any) -> None:
        entry = spent.setdefault(" ".join(sql.split())[:100], [0.0, 0])
        entry[0] += time.perf_counter() - context._bench_started
        entry[1] += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    if profile:
        sa.event.listen(engine, "after_cursor_execute", timed)
    try:
        started = time.perf_counter()
        due = delivery.due_digests(today=TODAY)
        found_due = time.perf_counter()
        built = 0
        cache: dict = {}  # as `flask digests send` and the build_digests task do
        now = utcnow()  # one moment of sending for the run, as they do too
        for item in due:
            if delivery.queue_digest(item.user_id, item.period.key, cache, now) is not None:
                built += 1
            commit()
        finished = time.perf_counter()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
        if profile:
            sa.event.remove(engine, "after_cursor_execute", timed)
    if profile:
        top = sorted(spent.items(), key=lambda kv: -kv[1][0])[:15]
        for sql, (seconds, n) in top:
            print(f"{seconds:7.2f}s {n:6d}  {sql}", file=sys.stderr)
        print(f"{sum(v[0] for v in spent.values()):7.2f}s in SQL", file=sys.stderr)
    due_statements = statements  # includes finding the due digests once
    _empty_outbox(engine, Digest, OutgoingMail)
    return {
        "recipients": built,
        "seconds": round(finished - started, 2),
        "seconds_finding_due": round(found_due - started, 2),
        "queries_per_digest": round(due_statements / max(built, 1), 1),
    }


def _empty_outbox(engine: sa.Engine, *models: Any) -> None:
    """Start every run from an empty outbox, without dead rows left by the one before."""
    from learning.extensions import db

    db.session.remove()
    tables = ", ".join(m.__tablename__ for m in models)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text(f"TRUNCATE {tables}"))
        else:
            for model in models:
                connection.execute(sa.delete(model))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1_000)
    parser.add_argument("--knelpunten", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="measured runs; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="slowest statements to stderr")
    args = parser.parse_args()
    logging.disable(logging.INFO)

    import time_machine

    from learning.mail import services as mail_services

    # Sending is not measured: digests stay in the outbox instead of going to a worker.
    mail_services._dispatch = lambda mail_id: None
    with time_machine.travel(NOW, tick=True):
        base, seeded = _seeded("base", args, extra_history=False)
        doubled, _seconds = _seeded("doubled", args, extra_history=True)
        # Alternate the two databases, so that a busier moment of the machine does not land
        # on one of them only; the fastest run of each counts.
        runs: dict[str, list[dict[str, float]]] = {"base": [], "doubled": []}
        order = [("base", base), ("doubled", doubled)]
        for round_ in range(args.runs + 1):  # the first round warms up
            for name, app in order if round_ % 2 else order[::-1]:
                with app.app_context():
                    result = build_all(_engine(), profile=args.profile and round_ == 0)
                if round_:
                    runs[name].append(result)
        first, second = (min(runs[n], key=lambda r: r["seconds"]) for n in ("base", "doubled"))
        with base.app_context():
            database = _engine().dialect.name
        for app in (base, doubled):
            with app.app_context():
                _engine().dispose()
        if database == "postgresql":
            _drop_databases("base", "doubled")

    print(
        json.dumps(
            {
                **first,
                "knelpunten": args.knelpunten,
                "database": database,
                "seed_seconds": round(seeded, 1),
                "doubled_history": {**second, "knelpunten": 2 * args.knelpunten},
                "history_ratio": round(second["seconds"] / max(first["seconds"], 1e-9), 3),
                "all_runs_seconds": {n: [r["seconds"] for r in runs[n]] for n in runs},
            },
            indent=2,
        )
    )


def _engine() -> sa.Engine:
    from learning.extensions import db

    return db.engine


def _seeded(name: str, args: argparse.Namespace, extra_history: bool) -> tuple[Any, float]:
    """A scratch database with two years of history, and two more before that if asked."""
    from learning import create_app
    from learning.extensions import db

    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": _database_url(name)})
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        world = World(random.Random(7), args.recipients)  # the same people and recent history
        world.people()
        world.history(TODAY - timedelta(days=HISTORY_DAYS), HISTORY_DAYS, args.knelpunten)
        if extra_history:
            world.history(TODAY - timedelta(days=2 * HISTORY_DAYS), HISTORY_DAYS, args.knelpunten)
        db.session.commit()
        db.session.remove()
        _settle(db.engine)
    return app, time.perf_counter() - started


def _settle(engine: sa.Engine) -> None:
    """Fresh planner statistics and no pending writes, as a while after a real import."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(sa.text("VACUUM ANALYZE"))
            autocommit.execute(sa.text("CHECKPOINT"))
        else:
            connection.execute(sa.text("ANALYZE"))
            connection.commit()


if __name__ == "__main__":
    main()
