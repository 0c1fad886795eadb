"""The outbox: one message per dedupe key even when callers race, subjects that can always be
sent, and failed mail that only the programme team can send again."""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from learning.errors import Forbidden
from learning.extensions import db as _db
from learning.mail import services
from learning.mail.models import MailStatus, OutgoingMail
from tests.backing_services import require
from tests.factories import UserFactory


def count(key: str) -> int:
    return _db.session.scalar(select(func.count()).where(OutgoingMail.dedupe_key == key))


def test_a_second_message_with_the_same_key_is_not_stored(db):
    first = services.queue_mail("a@oss.test", "Eerste", "tekst", dedupe_key="once:1")
    again = services.queue_mail("a@oss.test", "Tweede", "tekst", dedupe_key="once:1")

    assert first is not None
    assert again is None
    assert count("once:1") == 1
    assert db.session.scalar(select(OutgoingMail.subject)) == "Eerste"


def test_messages_without_a_key_are_all_stored(db):
    services.queue_mail("a@oss.test", "Een", "tekst")
    services.queue_mail("a@oss.test", "Twee", "tekst")

    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 2


def test_two_callers_racing_for_one_key_store_one_message(app: Flask):
    """The second caller waits for the first one's transaction, then stores nothing; with a
    look-up before the insert it would not see the uncommitted row and fail on the key."""
    with app.app_context():
        require("PostgreSQL", _db.engine.dialect.name == "postgresql")
    key = "race:1"
    first_flushed, first_may_commit = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        with app.app_context():
            results["first"] = services.queue_mail("a@oss.test", "Een", "x", dedupe_key=key)
            first_flushed.set()
            first_may_commit.wait(10)
            _db.session.commit()

    def second() -> None:
        first_flushed.wait(10)
        with app.app_context():
            try:
                results["second"] = services.queue_mail("a@oss.test", "Twee", "x", dedupe_key=key)
                _db.session.commit()
            except Exception as exc:  # the race this test is about
                results["second"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        for thread in threads:
            thread.start()
        first_flushed.wait(10)
        time.sleep(0.5)  # the second caller is now waiting on the first one's row
        first_may_commit.set()
        for thread in threads:
            thread.join(15)
        with app.app_context():
            assert count(key) == 1
        assert results["first"] is not None
        assert results["second"] is None
    finally:
        with app.app_context():
            _db.session.execute(delete(OutgoingMail).where(OutgoingMail.dedupe_key == key))
            _db.session.commit()


def test_a_multi_line_subject_becomes_one_line_and_is_delivered(db, smtp_server):
    mail = services.queue_mail(
        "eigenaar@oss.test", "Nieuwe actie voor u: bel UWV\nen daarna de corporatie", "tekst"
    )
    db.session.commit()

    assert services.deliver(mail.id)
    assert smtp_server[0]["Subject"] == "Nieuwe actie voor u: bel UWV en daarna de corporatie"


def test_a_long_subject_is_cut_to_fit(db):
    mail = services.queue_mail("a@oss.test", "Beslisvraag " + "lang " * 100, "tekst")

    assert len(mail.subject) == services.SUBJECT_MAX
    assert mail.subject.endswith("…")


def _failed(db) -> OutgoingMail:
    mail = services.queue_mail("a@oss.test", "Mislukt", "tekst")
    mail.status = MailStatus.FAILED
    mail.attempts = services.MAX_ATTEMPTS
    db.session.flush()
    return mail


def test_failed_mail_lists_only_what_the_outbox_gave_up_on(db):
    failed = _failed(db)
    services.queue_mail("b@oss.test", "Wacht nog", "tekst")

    assert services.failed_mails() == [failed]


def test_only_the_programme_team_may_send_failed_mail_again(db):
    mail = _failed(db)
    professional = UserFactory(roles=["professional"])
    admin = UserFactory(roles=["programme_admin"])

    with pytest.raises(Forbidden):
        services.retry_failed_mail(professional, mail.id)
    assert mail.status == MailStatus.FAILED

    assert services.retry_failed_mail(admin, mail.id)
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 0)
    assert not services.retry_failed_mail(admin, mail.id)  # not failed any more
