"""Exactly once: a real SMTP server receives each digest once, through crashes and outages."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from learning.digests import delivery
from learning.digests.models import Digest
from learning.digests.tasks import build_digests, send_due_digests
from learning.extensions import db
from learning.mail import services as mail_services
from learning.mail.models import MailStatus, OutgoingMail
from learning.mail.tasks import flush_outbox
from learning.unit_of_work import commit
from tests.smtp import free_port


def parts(message: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def message_user_id() -> int:
    return db.session.scalar(select(Digest.user_id))


def digest_rows() -> int:
    return db.session.scalar(select(func.count(Digest.id)))


def test_digest_is_multipart_with_plain_text_and_inlined_html(clock, news, executive, smtp_server):
    send_due_digests.delay()

    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "wethouder@oss.test"
    assert message["Subject"] == "Leernetwerk-digest week 11: 1 nieuw patroon"
    assert message.get_content_type() == "multipart/alternative"
    body = parts(message)
    assert "NIEUWE PATRONEN" in body["text/plain"]
    assert "Wmo-indicatie verloopt tijdens verhuizing" in body["text/plain"]
    html = body["text/html"]
    assert '<html lang="nl">' in html
    assert "<style" not in html  # inlined by css_inline
    assert 'style="' in html
    assert 'role="presentation"' in html
    assert "< 5" not in body["text/plain"] or "&lt; 5" in html
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # long, so folded
    assert unsubscribe.startswith("<http")
    assert "/digests/afmelden/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].startswith(f"<digest.{message_user_id()}.2025-W11@")


def test_a_second_run_sends_nothing_new(clock, news, executive, manager, smtp_server):
    send_due_digests.delay()
    assert len(smtp_server) == 2

    send_due_digests.delay()
    flush_outbox.delay()

    assert len(smtp_server) == 2
    assert delivery.due_digests() == []
    assert digest_rows() == 2


def test_building_the_same_digest_again_sends_it_once(clock, news, executive, smtp_server):
    due = delivery.due_digests()
    assert [d.period.key for d in due] == ["2025-W11"]
    for _ in range(3):  # a repeated beat or a redelivered task builds the same digest again
        build_digests.delay([[executive.id, "2025-W11"]])

    assert len(smtp_server) == 1
    assert digest_rows() == 1
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 1


def test_worker_dies_between_build_and_send(clock, news, executive, smtp_server, monkeypatch):
    monkeypatch.setattr(
        mail_services, "enqueue_after_commit", lambda *args: None
    )  # never reached Redis
    build_digests.delay([[executive.id, "2025-W11"]])
    assert smtp_server == []
    assert db.session.scalar(select(OutgoingMail.status)) == MailStatus.PENDING

    build_digests.delay([[executive.id, "2025-W11"]])  # redelivered (acks_late): nothing new
    flush_outbox.delay()  # the periodic outbox flush finds the waiting digest

    assert len(smtp_server) == 1
    assert digest_rows() == 1


def test_worker_dies_before_the_commit(clock, news, executive, smtp_server):
    db.session.commit()
    delivery.queue_digest(executive.id, "2025-W11")
    db.session.rollback()  # the worker died: nothing of the build was stored
    assert digest_rows() == 0
    assert [d.user_id for d in delivery.due_digests()] == [executive.id]

    send_due_digests.delay()

    assert len(smtp_server) == 1


def _killed(self, fail_silently=False):
    raise KeyboardInterrupt


def test_worker_dies_while_sending(clock, news, executive, smtp_server, monkeypatch):
    monkeypatch.setattr(mail_services, "enqueue_after_commit", lambda *args: None)
    digest = delivery.queue_digest(executive.id, "2025-W11")
    commit()
    with monkeypatch.context() as killed:
        killed.setattr(mail_services.EmailMultiAlternatives, "send", _killed)
        with pytest.raises(KeyboardInterrupt):  # claimed the row, then the worker was killed
            mail_services.deliver(digest.mail_id)
    db.session.rollback()
    assert db.session.get(OutgoingMail, digest.mail_id).status == MailStatus.SENDING

    flush_outbox.delay()
    assert smtp_server == []  # another worker may still be sending it: wait for the lease

    clock.shift(mail_services.LEASE + timedelta(minutes=1))
    flush_outbox.delay()
    flush_outbox.delay()

    assert len(smtp_server) == 1


def test_smtp_down_then_back_sends_each_digest_once(
    app, clock, news, executive, manager, smtp_server
):
    state = app.extensions["mailman"]
    live_port, state.port = state.port, free_port()  # nothing listens there

    send_due_digests.delay()
    mails = list(db.session.scalars(select(OutgoingMail)))
    assert [m.status for m in mails] == [MailStatus.PENDING] * 2
    assert all(m.attempts == 1 and m.last_error for m in mails)
    first_retry = min(m.next_attempt_at for m in mails)

    state.port = live_port  # the SMTP server is back
    flush_outbox.delay()
    assert smtp_server == []  # backoff: not yet

    clock.move_to(first_retry + timedelta(seconds=1))
    flush_outbox.delay()
    send_due_digests.delay()
    flush_outbox.delay()

    assert sorted(m["To"] for m in smtp_server) == ["manager@oss.test", "wethouder@oss.test"]


def test_last_failed_try_is_visible_to_the_admin_who_can_retry(
    app, clock, news, executive, smtp_server, client, login_as
):
    state = app.extensions["mailman"]
    live_port, state.port = state.port, free_port()
    send_due_digests.delay()
    for _ in range(mail_services.MAX_ATTEMPTS):
        clock.shift(timedelta(hours=5))
        flush_outbox.delay()
    mail = db.session.scalar(select(OutgoingMail))
    assert mail.status == MailStatus.FAILED
    assert mail.attempts == mail_services.MAX_ATTEMPTS

    login_as("programme_admin")
    page = client.get("/digests/mislukt").get_data(as_text=True)
    assert "wethouder@oss.test" in page
    assert "2025-W11" in page

    state.port = live_port
    response = client.post(f"/digests/mislukt/{mail.id}/opnieuw")
    assert response.status_code == 302
    assert len(smtp_server) == 1
    assert "Er zijn geen mislukte berichten" in client.get("/digests/mislukt").get_data(
        as_text=True
    )


def test_empty_digest_says_so_in_one_line(clock, executive, smtp_server):
    send_due_digests.delay()

    message = smtp_server[0]
    assert message["Subject"] == "Leernetwerk-digest week 11: niets nieuws"
    assert "Er is deze periode niets nieuws voor u." in parts(message)["text/plain"]


def test_empty_digest_is_skipped_when_the_user_chose_so(clock, executive, smtp_server):
    executive.digest_skip_empty = True
    db.session.flush()

    send_due_digests.delay()
    send_due_digests.delay()

    assert smtp_server == []
    digest = db.session.scalar(select(Digest))
    assert digest.skipped
    assert delivery.due_digests() == []


def test_users_who_chose_never_or_have_no_digest_role_get_nothing(clock, news, executive):
    from tests.factories import UserFactory

    executive.digest_frequency = "never"
    UserFactory(roles=["professional"])  # did not opt in
    UserFactory(roles=["manager"], active=False)
    db.session.flush()

    assert delivery.due_digests() == []


def test_frequency_and_day_decide_when_a_digest_is_due(clock, executive):
    executive.digest_weekday = 2  # Wednesday: last week's Wednesday digest is the due one
    db.session.flush()
    assert [d.period.key for d in delivery.due_digests()] == ["2025-W10"]

    executive.digest_frequency = "monthly"
    executive.digest_weekday = 0  # first Monday of March was the 3rd
    db.session.flush()
    assert [d.period.key for d in delivery.due_digests()] == ["2025-03"]
