"""Issue 12, bad input: a notification about a pattern that was deleted since.

The notification keeps its text; opening it says the pattern is gone instead of a 404, and the
home page and the bundle mail do not link to the missing page.
"""

from __future__ import annotations

from learning.extensions import db
from learning.notifications.mail import render_bundle
from learning.notifications.models import Notification, NotificationKind
from learning.notifications.services import notify
from learning.patterns.models import Pattern, PatternState
from tests.factories import UserFactory


def _notified_then_deleted(app):
    user = UserFactory(name="Sanne")
    pattern = Pattern(title="Zoektermijn jongeren", key_terms=[], state=PatternState.NEW)
    db.session.add(pattern)
    db.session.flush()
    notify(
        [user],
        NotificationKind.REJECTED,
        "Het patroon 'Zoektermijn jongeren' is afgewezen.",
        f"/patronen/{pattern.id}",
        about=pattern.title,
        pattern_id=pattern.id,
    )
    db.session.delete(pattern)
    db.session.commit()
    notification = db.session.query(Notification).filter_by(user_id=user.id).one()
    db.session.refresh(notification)
    return user, notification


def test_opening_it_says_the_pattern_is_gone(app, client, db):
    user, notification = _notified_then_deleted(app)
    assert notification.pattern_id is None
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    response = client.post(f"/meldingen/{notification.id}/openen", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "bestaat niet meer" in html
    assert "is afgewezen" in html  # the notification itself is still there
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/patronen/' not in home.get_data(as_text=True)  # no link to the 404
    assert 'href="/meldingen"' in home.get_data(as_text=True)


def test_the_bundle_mail_does_not_link_to_it(app, db):
    user, notification = _notified_then_deleted(app)
    with app.test_request_context():
        rendered = render_bundle(user, [notification])
    assert "/patronen/" not in rendered.text
    assert "is afgewezen" in rendered.text
