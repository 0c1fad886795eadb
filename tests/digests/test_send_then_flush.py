"""Issue 12, done when: on the demo data, `flask digests send` and then `flask notifications
flush` deliver, on a real SMTP server, only multipart text+html mails with the one-click
unsubscribe headers, at most one notification mail per user, and nothing on a second run."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from learning.accounts.models import User
from learning.demo import load_demo
from learning.extensions import db
from learning.patterns.models import Pattern
from learning.patterns.states import TRIAGEABLE
from learning.patterns.triage import confirm, reject
from learning.unit_of_work import commit

pytestmark = pytest.mark.slow  # the demo is embedded and grouped by the models

MONDAY_MORNING = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # 9.30 in Maasdal
MONDAY_EVENING = datetime(2026, 12, 7, 16, 10, tzinfo=UTC)  # 17.10: the daily bundle is due


def _a_day_of_triage() -> int:
    """The chairs confirm one pattern waiting for triage and reject another (a pattern without
    a table yet is any chair's): news for their reporters."""
    patterns = list(
        db.session.scalars(
            select(Pattern).where(Pattern.state.in_(TRIAGEABLE)).order_by(Pattern.id)
        )
    )
    assert len(patterns) >= 2, "the demo has patterns waiting for triage"
    any_chair = db.session.scalar(select(User).where(User.email == "karin@maasdal.example"))

    def chair_of(pattern: Pattern) -> User:
        return pattern.table.chair if pattern.table is not None else any_chair

    first, second = patterns[:2]
    confirm(chair_of(first), first, first.title, "", "uitvoering", "second")
    reject(chair_of(second), second, "Eenmalig: maatwerk volstond.")
    commit()
    return len(patterns)


def test_digests_then_notification_flush_deliver_bundled_multipart_mail_once(app, db, smtp_server):
    runner = app.test_cli_runner()
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        load_demo()
        commit()
        _a_day_of_triage()
        clock.move_to(MONDAY_EVENING)

        digests = runner.invoke(args=["digests", "send"])
        flushed = runner.invoke(args=["notifications", "flush"])
        assert digests.exit_code == 0, digests.output
        assert flushed.exit_code == 0, flushed.output
        delivered = list(smtp_server)

        again = (
            runner.invoke(args=["digests", "send"]),
            runner.invoke(args=["notifications", "flush"]),
        )
        assert all(r.exit_code == 0 for r in again)
        assert len(smtp_server) == len(delivered)  # nothing twice

    notifications = [m for m in delivered if m["Message-ID"].startswith("<notifications.")]
    assert notifications, "the reporters of the triaged patterns get their bundle"
    assert len(delivered) > len(notifications), "the digests went out too"
    for message in delivered:
        types = {part.get_content_type() for part in message.walk()}
        assert {"text/plain", "text/html"} <= types, message["Subject"]
        assert "<http" in message["List-Unsubscribe"], message["Subject"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    per_user = Counter(m["To"] for m in notifications)
    assert max(per_user.values()) == 1
    reporters = set(db.session.scalars(select(User.email)))
    assert set(per_user) <= reporters
