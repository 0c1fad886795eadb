"""The escalation dossier: evidence frozen at escalation, and its anonymised export."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import render_template

from learning.blockages.models import DOMAINS, HANDLING_LABELS, IMPACTS
from learning.extensions import db
from learning.patterns.adapters import low_fit_blockages
from learning.patterns.models import Pattern
from learning.patterns.queries import active_members, endorsement_count
from learning.privacy import mask_text
from learning.privacy_counts import small_count
from learning.tables.models import DecisionRequest

QUOTES = 5
QUOTE_CHARS = 400


def _quote(text: str) -> str:
    text = " ".join(mask_text(text).split())
    if len(text) <= QUOTE_CHARS:
        return text
    cut = text[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def build_evidence(pattern: Pattern) -> dict[str, Any]:
    """Counts, organisations, period and anonymised quotes, as they stand now (JSON-safe)."""
    blockages = [m.blockage for m in active_members(pattern)]
    organisations = Counter(b.organisation.name for b in blockages if b.organisation)
    domains = Counter(d for b in blockages for d in b.domains)
    impacts = Counter(i for b in blockages for i in b.impacts or [])
    handling = Counter(b.handling for b in blockages)
    dates = sorted(b.reported_on for b in blockages)
    low_fit = low_fit_blockages(pattern)  # "Past minder goed": not quoted as evidence
    quotable = [b for b in blockages if b.id not in low_fit]
    return {
        "reports": len(blockages),
        "endorsements": endorsement_count(pattern),
        "organisations": organisations.most_common(),
        "period": [dates[0].isoformat(), dates[-1].isoformat()] if dates else [],
        "domains": [(DOMAINS.get(d, d), n) for d, n in domains.most_common()],
        "impacts": [(IMPACTS.get(i, i), n) for i, n in impacts.most_common()],
        "handling": [(HANDLING_LABELS.get(h, h), n) for h, n in handling.most_common()],
        "quotes": [_quote(b.description) for b in quotable[-QUOTES:]],
        "key_terms": list(pattern.key_terms or []),
    }


def chain(decision_request: DecisionRequest) -> list[DecisionRequest]:
    """This beslisvraag and the ones it forwarded, lowest table first."""
    requests = [decision_request]
    while requests[0].previous_id:
        requests.insert(0, db.session.get(DecisionRequest, requests[0].previous_id))
    return requests


def markdown(decision_request: DecisionRequest, pattern: Pattern) -> str:
    """The dossier as a Markdown document to send on, e.g. to a ministry."""
    return render_template(
        "tables/dossier.md",
        decision_request=decision_request,
        pattern=pattern,
        chain=chain(decision_request),
        small_count=small_count,
    )
