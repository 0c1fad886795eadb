"""The one audit helper every service calls when it changes something."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.models import AuditEntry
from learning.extensions import db

logger = logging.getLogger(__name__)


def record(actor: User | None, action: str, obj: Any, **details: Any) -> AuditEntry:
    """Add an audit entry for `obj` (any model with an id); details must be JSON-safe."""
    db.session.flush()  # obj needs its id
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=type(obj).__name__,
        object_id=obj.id,
        details=details,
    )
    db.session.add(entry)
    logger.info(
        "%s %s %s by %s", action, type(obj).__name__, obj.id, actor.id if actor else "system"
    )
    return entry


def history(obj: Any) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == type(obj).__name__, AuditEntry.object_id == obj.id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
