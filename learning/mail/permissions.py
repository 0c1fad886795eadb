"""Who may do what with the outbox."""

from __future__ import annotations

from learning.accounts.models import User


def can_resend_mail(user: User) -> bool:
    """Failed mail shows recipients and errors of everyone: the programme team's job."""
    return user.is_admin
