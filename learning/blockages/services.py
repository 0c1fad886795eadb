"""Log, edit and withdraw knelpunten; personal data never reaches the database."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learning.accounts.models import Organisation, User
from learning.audit.services import record
from learning.blockages.models import (
    DESCRIPTION_MAX,
    DOMAINS,
    IMPACTS,
    TITLE_MAX,
    Area,
    Blockage,
    BlockageDomain,
    Handling,
)
from learning.blockages.permissions import can_edit
from learning.errors import DomainError, NotFound, require_version
from learning.extensions import db
from learning.insight.hooks import blockage_changed
from learning.permissions import require
from learning.privacy import Finding, PersonalDataFound, mask_text
from learning.privacy.fields import mask_attributes, scan_attributes
from learning.timeutil import today, utcnow
from learning.unit_of_work import enqueue_after_commit

logger = logging.getLogger(__name__)


@dataclass
class BlockageInput:
    title: str
    description: str
    domains: list[str]
    handling: str
    organisation_id: int | None = None  # reporter's organisation; defaults to their first
    involved_organisation_ids: list[int] = field(default_factory=list)
    impacts: list[str] = field(default_factory=list)
    area_id: int | None = None
    reported_on: date | None = None
    submission_key: str | None = None
    mask_personal_data: bool = False


# Every free text of a knelpunt that is stored.
TEXT_FIELDS = ("title", "description")


def scan_fields(data: BlockageInput) -> dict[str, list[Finding]]:
    return scan_attributes(data, TEXT_FIELDS)


def mask_fields(data: BlockageInput) -> BlockageInput:
    return mask_attributes(data, TEXT_FIELDS)


def _clean(data: BlockageInput) -> None:
    """Validate; raise one DomainError with every problem in Dutch."""
    data.title = (data.title or "").strip()
    data.description = (data.description or "").strip()
    problems = []
    if not data.title:
        problems.append(_("Geef het knelpunt een korte titel."))
    elif len(data.title) > TITLE_MAX:
        problems.append(_("De titel is te lang (maximaal %(n)s tekens).", n=TITLE_MAX))
    if len(data.description) < 10:
        problems.append(_("Beschrijf kort wat de hulp blokkeerde (minstens 10 tekens)."))
    elif len(data.description) > DESCRIPTION_MAX:
        problems.append(_("De beschrijving is te lang (maximaal %(n)s tekens).", n=DESCRIPTION_MAX))
    if not data.domains:
        problems.append(_("Kies minstens één domein of wet."))
    unknown = [d for d in data.domains if d not in DOMAINS]
    if unknown:
        problems.append(_("Onbekend domein: %(d)s.", d=", ".join(unknown)))
    if data.handling not in {h.value for h in Handling}:
        problems.append(_("Kies hoe het knelpunt nu is opgepakt."))
    bad_impacts = [i for i in data.impacts if i not in IMPACTS]
    if bad_impacts:
        problems.append(_("Onbekende impact: %(i)s.", i=", ".join(bad_impacts)))
    if data.reported_on and data.reported_on > today():
        problems.append(_("De datum ligt in de toekomst."))
    if problems:
        raise DomainError(" ".join(problems))


def _organisations(ids: list[int]) -> list[Organisation]:
    organisations = []
    for organisation_id in dict.fromkeys(ids):
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None or organisation.is_deleted:
            raise DomainError(
                _("Een gekozen organisatie bestaat niet meer. Kies opnieuw; uw tekst is bewaard.")
            )
        organisations.append(organisation)
    return organisations


def _reporter_organisation(author: User, organisation_id: int | None) -> Organisation:
    if organisation_id is None:
        organisation = author.primary_organisation
        if organisation is None:
            raise DomainError(_("Uw account hoort bij geen (actieve) organisatie."))
        return organisation
    require(
        organisation_id in author.organisation_ids or author.is_admin,
        _("U kunt alleen melden namens uw eigen organisatie."),
    )
    return _organisations([organisation_id])[0]


def _guard_privacy(data: BlockageInput) -> None:
    """Mask when the user chose to; otherwise refuse to store anything that looks personal."""
    if data.mask_personal_data:
        mask_fields(data)
    findings = scan_fields(data)
    if findings:
        raise PersonalDataFound(findings)


def _apply(blockage: Blockage, data: BlockageInput, author: User) -> None:
    blockage.title = data.title
    blockage.description = data.description
    blockage.handling = data.handling
    blockage.impacts = list(dict.fromkeys(data.impacts))
    blockage.organisation = _reporter_organisation(author, data.organisation_id)
    blockage.involved_organisations = _organisations(data.involved_organisation_ids)
    blockage.domain_rows = [BlockageDomain(domain=d) for d in dict.fromkeys(data.domains)]
    if data.area_id is not None and db.session.get(Area, data.area_id) is None:
        raise DomainError(_("Deze wijk bestaat niet."))
    blockage.area_id = data.area_id
    blockage.reported_on = data.reported_on or today()


def _after_text_change(blockage_id: int) -> None:
    """Embedding and grouping run after commit, in a worker when there is one; a withdrawn
    knelpunt leaves the suggestion index there."""
    enqueue_after_commit("learning.patterns.tasks.process_blockage", blockage_id)


def _submitted(key: str | None) -> Blockage | None:
    if not key:
        return None
    return db.session.scalar(select(Blockage).where(Blockage.submission_key == key))


def log_blockage(author: User, data: BlockageInput) -> Blockage:
    """Save a new knelpunt; the form's submission key makes a second click return the first.

    Clicks that arrive at the same moment all find no knelpunt with their key; the database's
    unique key lets one insert win and the others return the winner's knelpunt. A key used
    by another reporter is dropped rather than refused, so it tells nobody whose it was.
    """
    key = data.submission_key
    existing = _submitted(key)
    if existing is not None:
        if existing.reporter_id == author.id:
            return existing  # the same form submitted twice
        key = None
    _clean(data)
    _guard_privacy(data)
    blockage = Blockage(reporter=author, submission_key=key)
    _apply(blockage, data, author)
    try:
        with db.session.begin_nested():
            db.session.add(blockage)
    except IntegrityError:
        existing = _submitted(key)
        if existing is None:
            raise
        if existing.reporter_id == author.id:
            return existing  # a simultaneous click of the same form was first
        blockage.submission_key = None
        db.session.add(blockage)
    blockage_changed(blockage.reported_on)
    record(author, "blockage.logged", blockage, title=blockage.title, domains=data.domains)
    _after_text_change(blockage.id)
    return blockage


def get_blockage(blockage_id: int) -> Blockage:
    blockage = db.session.get(Blockage, blockage_id)
    if blockage is None:
        raise NotFound(_("Dit knelpunt bestaat niet."))
    return blockage


def _require_owner(actor: User, blockage: Blockage) -> None:
    require(can_edit(actor, blockage), _("U kunt alleen uw eigen knelpunten wijzigen."))


def update_blockage(
    actor: User, blockage: Blockage, data: BlockageInput, expected_version: int | None
) -> Blockage:
    _require_owner(actor, blockage)
    if blockage.is_withdrawn:
        raise DomainError(_("Dit knelpunt is ingetrokken en kan niet meer worden gewijzigd."))
    require_version(
        blockage,
        expected_version,
        _("Dit knelpunt is intussen gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw."),
    )
    _clean(data)
    _guard_privacy(data)
    before = {"title": blockage.title, "domains": blockage.domains, "handling": blockage.handling}
    text_changed = (data.title, data.description) != (blockage.title, blockage.description)
    reported_before = blockage.reported_on
    _apply(blockage, data, blockage.reporter)
    blockage_changed(reported_before, blockage.reported_on, blockage_id=blockage.id)
    if text_changed:
        blockage.vector = None
        blockage.embedded_at = None
    db.session.flush()
    record(
        actor,
        "blockage.updated",
        blockage,
        before=before,
        after={"title": blockage.title, "domains": blockage.domains, "handling": blockage.handling},
        text_changed=text_changed,
    )
    if text_changed:
        _after_text_change(blockage.id)
    return blockage


def withdraw_blockage(actor: User, blockage: Blockage, reason: str = "") -> Blockage:
    _require_owner(actor, blockage)
    if blockage.is_withdrawn:
        return blockage
    blockage.withdrawn_at = utcnow()
    blockage_changed(blockage.reported_on, blockage_id=blockage.id)
    record(actor, "blockage.withdrawn", blockage, reason=mask_text_safe(reason))
    _after_text_change(blockage.id)  # grouping drops a withdrawn knelpunt from the index
    return blockage


def mask_text_safe(text: str) -> str:
    """Free text for the audit trail is masked too: no identifiers in any store."""
    return mask_text(text) if text else ""
