"""Who may see which digest."""

from __future__ import annotations

from learning.accounts.models import User


def can_preview_digest_of(viewer: User, recipient: User) -> bool:
    """Everyone sees their own; the programme team checks what any user receives."""
    return viewer.id == recipient.id or viewer.is_admin
