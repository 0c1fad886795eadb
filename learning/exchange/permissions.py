"""Who may import and export lists, and see an import's report."""

from __future__ import annotations

from learning.accounts.models import Organisation, Role, User
from learning.exchange.models import ImportJob


def can_import(user: User, organisation: Organisation | None = None) -> bool:
    """Programme admins for any organisation; werktafel chairs for their own."""
    if user.is_admin:
        return True
    if not user.has_role(Role.CHAIR):
        return False
    return organisation is None or organisation.id in user.organisation_ids


def can_view_job(user: User, job: ImportJob) -> bool:
    return user.is_admin or job.created_by_id == user.id


def can_export(user: User) -> bool:
    """A bulk export of every knelpunt is for those who run the network and its tables."""
    return user.has_role(Role.CHAIR)
