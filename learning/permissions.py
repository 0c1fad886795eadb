"""The permission vocabulary: `require(can_x(...), message)` in services, decorators on views.

Who may do what is answered by boolean `can_*` predicates in each domain's `permissions.py`
(services call them through `require`, templates receive their results). Views only say
"logged in" (`login_required`) or, where a role really gates a whole page, `roles_required`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from learning.accounts.models import Role
from learning.errors import Forbidden

__all__ = ["login_required", "require", "roles_required"]


def require(allowed: bool, message: str) -> None:
    """Refuse with a Dutch explanation unless `allowed`."""
    if not allowed:
        raise Forbidden(message)


def roles_required(*roles: Role) -> Callable:
    """Login first, then 403 unless the user has one of `roles` (programme admins pass)."""
    if not roles:
        raise TypeError("roles_required needs a role; use login_required for 'logged in'")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
