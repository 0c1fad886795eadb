"""Werkwijzen: first-order learning kept reusable, found while typing, retired by a real fix."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.patterns import engine
from learning.patterns.models import LearningOrder, Pattern
from learning.patterns.queries import active_members
from learning.patterns.states import SOLVED, add_event
from learning.permissions import require
from learning.privacy import mask_text
from learning.tables.models import Practice, PracticeEndorsement
from learning.tables.permissions import can_record_practice
from learning.timeutil import utcnow

logger = logging.getLogger(__name__)

CANDIDATES = 300  # cheap: lexical scoring over the most recent active werkwijzen only
THRESHOLD = 0.15


def get_practice(practice_id: int) -> Practice:
    practice = db.session.get(Practice, practice_id)
    if practice is None:
        raise NotFound(_("Deze werkwijze bestaat niet."))
    return practice


def structurally_solved(pattern: Pattern) -> bool:
    return pattern.state in SOLVED and pattern.order in {
        LearningOrder.SECOND,
        LearningOrder.THIRD,
    }


def record_practice(author: User, pattern: Pattern, title: str, text: str) -> Practice:
    """Keep the maatwerk that worked, so that the next professional finds it."""
    require(
        can_record_practice(author, pattern),
        _("Alleen de tafel of een melder van dit patroon kan een werkwijze vastleggen."),
    )
    if structurally_solved(pattern):
        raise DomainError(
            _("Dit patroon is structureel opgelost; een omweg vastleggen is niet meer nodig.")
        )
    title = mask_text((title or "").strip())
    text = mask_text((text or "").strip())
    problems = []
    if not title:
        problems.append(_("Geef de werkwijze een korte titel."))
    elif len(title) > 200:
        problems.append(_("De titel is te lang (maximaal 200 tekens)."))
    if len(text) < 20:
        problems.append(_("Beschrijf de werkwijze zo dat een collega hem kan toepassen."))
    if problems:
        raise DomainError(" ".join(problems))
    domains = sorted({d for m in active_members(pattern) for d in m.blockage.domains})
    practice = Practice(
        pattern_id=pattern.id, title=title, text=text, domains=domains, author_id=author.id
    )
    db.session.add(practice)
    record(author, "practice.recorded", practice, pattern=pattern.id)
    add_event(
        author,
        pattern,
        "practice",
        _("Werkwijze vastgelegd: %(title)s", title=title),
        practice=practice.id,
    )
    return practice


def endorse_practice(user: User, practice: Practice) -> PracticeEndorsement:
    """'Werkt bij mij ook': the werkwijze is confirmed by one more professional."""
    if practice.is_retired:
        raise DomainError(
            _("Deze werkwijze is vervangen door een structurele oplossing; zie het patroon.")
        )
    existing = db.session.scalar(
        select(PracticeEndorsement).where(
            PracticeEndorsement.practice_id == practice.id,
            PracticeEndorsement.user_id == user.id,
        )
    )
    if existing is not None:
        return existing
    endorsement = PracticeEndorsement(practice_id=practice.id, user_id=user.id)
    practice.endorsements.append(endorsement)
    record(user, "practice.endorsed", practice)
    return endorsement


def retire_practices(actor: User | None, pattern: Pattern, reason: str) -> int:
    """A structural fix landed: the workarounds of this pattern are no longer the way."""
    practices = db.session.scalars(
        select(Practice).where(Practice.pattern_id == pattern.id, Practice.retired_at.is_(None))
    ).all()
    for practice in practices:
        practice.retired_at = utcnow()
        practice.retired_reason = reason
        record(actor, "practice.retired", practice, pattern=pattern.id)
    return len(practices)


def practices_of(pattern: Pattern) -> list[Practice]:
    return list(
        db.session.scalars(
            select(Practice)
            .where(Practice.pattern_id == pattern.id)
            .order_by(Practice.retired_at.is_not(None), Practice.created_at.desc())
        )
    )


def latest_practices(limit: int = 50) -> list[Practice]:
    return list(
        db.session.scalars(
            select(Practice)
            .order_by(Practice.retired_at.is_not(None), Practice.created_at.desc())
            .limit(limit)
        )
    )


def _document(practice: Practice, pattern: Pattern | None) -> str:
    parts = [practice.title, practice.text]
    if pattern is not None:
        parts += [pattern.title, " ".join(pattern.key_terms or [])]
    return ". ".join(p for p in parts if p)


def similar_practices(
    text: str, domains: list[str], limit: int = 3, pattern_ids: Iterable[int] = ()
) -> list[Practice]:
    """Active werkwijzen for a knelpunt being typed.

    First those of the patterns the live suggestions already matched (`pattern_ids`), then
    those whose own words resemble the text. Lexical only, so it costs no embedding.
    """
    text = (text or "").strip()
    if not text:
        return []
    active = db.session.scalars(
        select(Practice)
        .where(Practice.retired_at.is_(None))
        .order_by(Practice.created_at.desc())
        .limit(CANDIDATES)
    ).all()
    if not active:
        return []
    by_pattern: dict[int, list[Practice]] = {}
    for practice in active:
        if practice.pattern_id is not None:
            by_pattern.setdefault(practice.pattern_id, []).append(practice)
    chosen: list[Practice] = []
    for pattern_id in pattern_ids:
        for practice in sorted(by_pattern.get(pattern_id, []), key=lambda p: -p.endorsement_count):
            if practice not in chosen:
                chosen.append(practice)
    if len(chosen) >= limit:
        return chosen[:limit]
    patterns = {
        p.id: p for p in db.session.scalars(select(Pattern).where(Pattern.id.in_(list(by_pattern))))
    }
    items = [engine.Item(id="query", text=text, domains=tuple(domains))] + [
        engine.Item(
            id=str(p.id), text=_document(p, patterns.get(p.pattern_id)), domains=tuple(p.domains)
        )
        for p in active
    ]
    scores = engine.score_matrix(engine.evidence(items, semantic=False), engine.EngineSettings())[
        0, 1:
    ]
    ranked = sorted(
        ((float(score), practice) for score, practice in zip(scores, active, strict=True)),
        key=lambda pair: (-pair[0], -pair[1].endorsement_count, -pair[1].id),
    )
    for score, practice in ranked:
        if len(chosen) >= limit or score < THRESHOLD:
            break
        if practice not in chosen:
            chosen.append(practice)
    return chosen
