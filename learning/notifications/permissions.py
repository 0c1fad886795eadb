"""Who may do what with notifications: each user reads only their own."""

from __future__ import annotations

from learning.accounts.models import User
from learning.notifications.models import Notification


def can_read(user: User, notification: Notification) -> bool:
    return notification.user_id == user.id
