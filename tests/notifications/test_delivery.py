"""The bundled notification mail on a real SMTP server: one mail per day that names what
happened, multipart with one-click unsubscribe, never twice, nothing lost while SMTP is down."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from sqlalchemy import select

from learning.extensions import db
from learning.mail.models import MailStatus, OutgoingMail
from learning.mail.tasks import flush_outbox
from learning.notifications import delivery
from learning.notifications.models import Notification, NotificationKind
from learning.notifications.tasks import flush_notification_mail
from learning.unit_of_work import commit
from tests.factories import UserFactory
from tests.notifications.conftest import AFTER_FIVE, NEXT_DAY_AFTER_FIVE, tell
from tests.smtp import free_port


def parts(message: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def test_a_day_of_events_is_one_mail_grouped_by_pattern(clock, reporter, smtp_server):
    tell(
        reporter,
        NotificationKind.ESCALATED,
        "Zoektermijn jongeren",
        "Voorgelegd aan de stuurgroep.",
    )
    tell(reporter, NotificationKind.DECIDED, "Zoektermijn jongeren", "De stuurgroep besloot: ...")
    tell(reporter, NotificationKind.DETACHED, "Kostendelersnorm", "Uw knelpunt is losgemaakt.")
    commit()

    flush_notification_mail.delay()
    assert smtp_server == []  # the daily bundle goes at 17.00

    clock.move_to(AFTER_FIVE)
    flush_notification_mail.delay()
    flush_notification_mail.delay()

    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "sanne@oss.test"
    assert message["Subject"] == "3 updates over uw knelpunten"
    assert message.get_content_type() == "multipart/alternative"
    body = parts(message)
    text = body["text/plain"]
    assert text.index("ZOEKTERMIJN JONGEREN") < text.index("Voorgelegd") < text.index("besloot")
    assert text.index("besloot") < text.index("KOSTENDELERSNORM") < text.index("losgemaakt")
    assert "http://leernetwerk.test/knelpunten/1" in text
    assert (
        "<h2>Zoektermijn jongeren</h2>"
        in body["text/html"].replace(' style="', '">').split('">')[0]
        or "Zoektermijn jongeren" in body["text/html"]
    )
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<http://leernetwerk.test/meldingen/afmelden/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert all(n.mail_id for n in db.session.scalars(select(Notification)))


def test_one_event_is_named_in_the_subject(clock, reporter, smtp_server):
    tell(reporter, NotificationKind.DECIDED, "Zoektermijn jongeren", "Besloten.")
    commit()
    clock.move_to(AFTER_FIVE)

    flush_notification_mail.delay()

    assert smtp_server[0]["Subject"] == "Besluit genomen over 'Zoektermijn jongeren'"


def test_at_most_one_mail_a_day_later_events_wait_for_the_next_day(clock, reporter, smtp_server):
    tell(reporter, key="first")
    commit()
    clock.move_to(AFTER_FIVE)
    flush_notification_mail.delay()
    clock.shift(timedelta(hours=1))
    tell(reporter, NotificationKind.DECIDED, about="Na vijven", key="second")
    commit()

    flush_notification_mail.delay()
    assert len(smtp_server) == 1

    clock.move_to(NEXT_DAY_AFTER_FIVE)
    flush_notification_mail.delay()
    flush_notification_mail.delay()

    assert [m["Subject"] for m in smtp_server][1] == "Besluit genomen over 'Na vijven'"
    assert len(smtp_server) == 2


def test_weekly_waits_for_friday(clock, reporter, smtp_server):
    reporter.notification_mail = "weekly"
    tell(reporter)
    commit()

    clock.move_to(NEXT_DAY_AFTER_FIVE)
    flush_notification_mail.delay()
    assert smtp_server == []

    clock.move_to(AFTER_FIVE + timedelta(days=4))  # Friday 14 March, 17.05
    flush_notification_mail.delay()
    assert len(smtp_server) == 1


def test_immediately_sends_after_the_commit(clock, reporter, smtp_server):
    reporter.notification_mail = "immediately"
    tell(reporter, NotificationKind.DECIDED, "Zoektermijn jongeren")
    assert smtp_server == []  # not before the event is committed

    commit()

    assert [m["Subject"] for m in smtp_server] == ["Besluit genomen over 'Zoektermijn jongeren'"]
    flush_notification_mail.delay()
    assert len(smtp_server) == 1


def test_never_mails_only_what_asks_the_user_to_act(clock, reporter, smtp_server):
    reporter.notification_mail = "never"
    tell(reporter, NotificationKind.DECIDED, "Zoektermijn jongeren")
    tell(reporter, NotificationKind.ACTION_ASSIGNED, "Werkinstructie aanpassen")
    commit()
    clock.move_to(AFTER_FIVE)

    flush_notification_mail.delay()

    assert [m["Subject"] for m in smtp_server] == ["Nieuwe actie voor u: Werkinstructie aanpassen"]


def test_what_was_read_in_the_app_is_not_mailed(clock, reporter, smtp_server):
    seen = tell(reporter)
    seen.read_at = seen.created_at
    commit()
    clock.move_to(AFTER_FIVE)

    flush_notification_mail.delay()

    assert smtp_server == []


def test_smtp_down_keeps_the_bundle_in_the_outbox_until_it_is_back(
    app, clock, reporter, smtp_server
):
    state = app.extensions["mailman"]
    live_port, state.port = state.port, free_port()
    tell(reporter)
    commit()
    clock.move_to(AFTER_FIVE)

    flush_notification_mail.delay()
    mail = db.session.scalar(select(OutgoingMail))
    assert mail.status == MailStatus.PENDING
    assert smtp_server == []

    state.port = live_port
    clock.move_to(mail.next_attempt_at + timedelta(seconds=1))
    flush_notification_mail.delay()  # nothing new to bundle
    flush_outbox.delay()

    assert len(smtp_server) == 1


def test_one_click_unsubscribe_stops_the_mail(clock, reporter, client, smtp_server):
    tell(reporter)
    commit()
    clock.move_to(AFTER_FIVE)
    flush_notification_mail.delay()
    path = urlsplit(str(smtp_server[0]["List-Unsubscribe"]).strip().strip("<>")).path

    assert "Ja, meld mij af" in client.get(path).get_data(as_text=True)
    db.session.refresh(reporter)
    assert reporter.notification_mail == "daily"  # a GET (a link scanner) changes nothing

    done = client.post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert done.status_code == 200
    db.session.refresh(reporter)
    assert reporter.notification_mail == "never"


def test_the_same_slot_is_bundled_once_by_racing_flushers(clock, reporter, smtp_server):
    tell(reporter)
    commit()
    clock.move_to(AFTER_FIVE)
    due = delivery.due_bundles()
    assert [d.user_id for d in due] == [reporter.id]

    first = delivery.send_bundle(reporter.id, due[0].slot)
    second = delivery.send_bundle(reporter.id, due[0].slot)  # a second beat with the same list
    commit()

    assert first is not None
    assert second is None
    assert len(smtp_server) == 1


def test_inactive_users_get_no_mail(clock, smtp_server, db):
    gone = UserFactory()
    tell(gone)
    gone.active = False
    commit()
    clock.move_to(AFTER_FIVE)

    flush_notification_mail.delay()

    assert smtp_server == []
