"""Accounts: passwords, invitations, password reset, organisations."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, render_template
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from learning.accounts.models import Organisation, Role, User, UserRole
from learning.audit.services import record
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.links import external_url
from learning.mail.services import queue_mail
from learning.permissions import require
from learning.privacy import scan
from learning.timeutil import utcnow

logger = logging.getLogger(__name__)
_hasher = PasswordHasher()
# Verified when there is no real hash, so every failed login costs the same time.
_DUMMY_HASH = _hasher.hash("leernetwerk-timing-equaliser")

MIN_PASSWORD_LENGTH = 10
# The forgot-password answer takes at least this long whatever the address: no enumeration.
FORGOT_PASSWORD_SECONDS = 0.5


@contextmanager
def constant_duration(seconds: float) -> Iterator[None]:
    """Run the block and then wait until `seconds` have passed since it started."""
    started = time.monotonic()
    yield
    remaining = seconds - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    if not user.password_hash:
        _verify_dummy(password)
        return False
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return True


def _verify_dummy(password: str) -> None:
    with suppress(VerificationError, InvalidHashError):
        _hasher.verify(_DUMMY_HASH, password)


def _validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_PASSWORD_LENGTH)
        )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user if e-mail and password match an active account; one answer for every failure."""
    user = find_user_by_email(email)
    if user is None:
        _verify_dummy(password)  # same cost as a real check: no user enumeration by timing
        return None
    if not check_password(user, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


# Staff and organisation names are names by nature; what must never be stored in them is a
# resident's identifier typed into the wrong field.
IDENTIFIER_KINDS = frozenset({"bsn", "iban", "phone", "email"})


def refuse_identifiers(text: str, what: str) -> str:
    """The text stripped, or a Dutch refusal when it holds a number or address of a person."""
    if any(finding.kind in IDENTIFIER_KINDS for finding in scan(text)):
        raise DomainError(
            _("%(what)s bevat een BSN, IBAN, telefoonnummer of e-mailadres.", what=what)
        )
    return text.strip()


def create_user(
    email: str,
    name: str,
    roles: set[Role],
    organisations: list[Organisation],
    password: str | None = None,
    actor: User | None = None,
) -> User:
    email = normalise_email(email)
    if find_user_by_email(email):
        raise DomainError(_("Er bestaat al een account met dit e-mailadres."))
    if any(org.is_deleted for org in organisations):
        raise DomainError(_("Een van de gekozen organisaties bestaat niet meer."))
    if password is not None:
        _validate_password(password)
    user = User(
        email=email,
        name=refuse_identifiers(name, _("De naam")),
        password_hash=hash_password(password) if password else None,
        organisations=list(organisations),
        role_rows=[UserRole(role=str(role)) for role in sorted(roles)],
    )
    db.session.add(user)
    record(actor, "user.created", user, roles=sorted(str(r) for r in roles))
    return user


def end_sessions(user: User) -> None:
    """Every session of the user stops working, on every device (logout, new password)."""
    user.session_version += 1


def set_roles(actor: User, user: User, roles: set[Role]) -> None:
    require(actor.is_admin, _("Alleen het programmateam kan rollen toekennen."))
    user.role_rows = [UserRole(role=str(role)) for role in sorted(roles)]
    record(actor, "user.roles_changed", user, roles=sorted(str(r) for r in roles))


# --- signed, single-use tokens (invitation and password reset) ----------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"accounts.{purpose}")


def make_token(user: User, purpose: str) -> str:
    # The password hash is part of the payload, so a token stops working once it was used.
    return _serializer(purpose).dumps({"uid": user.id, "ph": (user.password_hash or "")[-12:]})


def user_for_token(token: str, purpose: str) -> User:
    try:
        data = _serializer(purpose).loads(
            token, max_age=current_app.config["TOKEN_MAX_AGE_SECONDS"]
        )
    except SignatureExpired as exc:
        raise DomainError(_("Deze link is verlopen. Vraag een nieuwe aan.")) from exc
    except BadSignature as exc:
        raise DomainError(_("Deze link is ongeldig of al gebruikt.")) from exc
    user = db.session.get(User, data.get("uid"))
    if user is None or (user.password_hash or "")[-12:] != data.get("ph"):
        raise DomainError(_("Deze link is ongeldig of al gebruikt."))
    return user


def _mail_link(user: User, subject: str, template: str, link: str) -> None:
    text = render_template(f"accounts/email/{template}.txt", user=user, link=link)
    queue_mail(user.email, subject, text)


def invite_user(
    actor: User, email: str, name: str, roles: set[Role], organisations: list[Organisation]
) -> User:
    require(actor.is_admin, _("Alleen het programmateam kan mensen uitnodigen."))
    user = create_user(email, name, roles, organisations, actor=actor)
    db.session.flush()
    link = external_url("accounts.accept_invitation", token=make_token(user, "invite"))
    _mail_link(user, _("Uitnodiging voor het Leernetwerk"), "invitation", link)
    record(actor, "user.invited", user)
    return user


def accept_invitation(token: str, password: str) -> User:
    user = user_for_token(token, "invite")
    _validate_password(password)
    user.password_hash = hash_password(password)
    record(user, "user.invitation_accepted", user)
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say nothing either way (no enumeration)."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    link = external_url("accounts.reset_password", token=make_token(user, "reset"))
    _mail_link(user, _("Nieuw wachtwoord voor het Leernetwerk"), "password_reset", link)
    record(None, "user.password_reset_requested", user)


def reset_password(token: str, password: str) -> User:
    user = user_for_token(token, "reset")
    _validate_password(password)
    user.password_hash = hash_password(password)
    end_sessions(user)  # whoever had the old password is out
    record(user, "user.password_reset", user)
    return user


# --- organisations ------------------------------------------------------------------------


def create_organisation(actor: User | None, name: str, kind: str) -> Organisation:
    require(actor is None or actor.is_admin, _("Alleen het programmateam beheert organisaties."))
    name = refuse_identifiers(name, _("De naam"))
    if not name:
        raise DomainError(_("Geef de organisatie een naam."))
    exists = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if exists:
        raise DomainError(_("Er bestaat al een organisatie met deze naam."))
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    record(actor, "organisation.created", organisation, name=name, kind=kind)
    return organisation


def delete_organisation(actor: User, organisation_id: int) -> Organisation:
    """Soft delete: existing knelpunten keep their organisation; new ones cannot choose it."""
    require(actor.is_admin, _("Alleen het programmateam beheert organisaties."))
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("Deze organisatie bestaat niet."))
    organisation.deleted_at = utcnow()
    record(actor, "organisation.deleted", organisation)
    return organisation


def live_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.deleted_at.is_(None))
            .order_by(Organisation.name)
        )
    )
