"""Development mail catcher: every message as an .eml file, listed for the programme team.

Without a real MAIL_SERVER a first run would queue mail that fails or goes nowhere, while the
app says "U krijgt elke stap ook per e-mail". In development the mail backend writes each
message to `CAUGHT_MAIL_DIR` instead (web, worker and CLI share the folder), and the page
"Verzonden e-mail (ontwikkeling)" shows them. Production refuses this backend (config).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from flask import current_app
from flask_mailman.backends.base import BaseEmailBackend

from learning.config import MAIL_CATCHER_BACKEND
from learning.timeutil import utcnow

SUFFIX = ".eml"


def is_catching() -> bool:
    """Whether this app catches mail (development without a real SMTP server)."""
    return (
        current_app.config.get("MAIL_BACKEND") == MAIL_CATCHER_BACKEND
        and not current_app.config["PRODUCTION"]
    )


def delivery_note() -> str | None:
    """What the pages that mention e-mail must add, so they never promise mail that does not
    leave: None when mail really goes out."""
    from flask_babel import gettext as _

    backend = current_app.config.get("MAIL_BACKEND")
    if backend == MAIL_CATCHER_BACKEND:
        return _(
            "Dit is een ontwikkelomgeving zonder mailserver: e-mail gaat niet de deur uit, maar "
            "het programmateam ziet hem bij 'Verzonden e-mail (ontwikkeling)'."
        )
    if backend in {"dummy", "console"}:
        return _(
            "E-mail staat uit op deze omgeving: u krijgt niets per e-mail, alles staat in de app."
        )
    return None


def mail_dir() -> Path:
    return Path(current_app.config["CAUGHT_MAIL_DIR"])


class EmailBackend(BaseEmailBackend):
    """Flask-Mailman backend that stores each message in its own file, named by time."""

    def send_messages(self, email_messages) -> int:
        directory = mail_dir()
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
            path = directory / f"{stamp}-{uuid.uuid4().hex[:8]}{SUFFIX}"
            temporary = path.with_suffix(".tmp")
            temporary.write_bytes(message.message().as_bytes())
            os.replace(temporary, path)  # the list never shows half a message
            sent += 1
        return sent


@dataclass(frozen=True)
class CaughtMail:
    key: str
    recipient: str
    subject: str
    sent_at: datetime | None
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str | None:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else None

    @property
    def attachments(self) -> list[str]:
        return [
            part.get_filename() or part.get_content_type()
            for part in self.message.iter_attachments()
        ]


def _read(path: Path) -> CaughtMail:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    try:
        sent_at = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        sent_at = None
    return CaughtMail(
        key=path.stem,
        recipient=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        sent_at=sent_at,
        message=message,
    )


def caught_mails(limit: int = 200) -> list[CaughtMail]:
    """The newest caught messages first."""
    directory = mail_dir()
    if not directory.is_dir():
        return []
    paths = sorted(directory.glob(f"*{SUFFIX}"), reverse=True)[:limit]
    return [_read(path) for path in paths]


def caught_mail(key: str) -> CaughtMail | None:
    """One caught message by its file name (checked: no path can be smuggled in)."""
    if not key.replace("-", "").isalnum():
        return None
    path = mail_dir() / f"{key}{SUFFIX}"
    return _read(path) if path.is_file() else None
