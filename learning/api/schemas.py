"""Marshmallow schemas of the API: what goes in (unknown fields refused) and what comes out.

Field names are English, as in the export; labels and messages are Dutch.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from learning.blockages.models import DESCRIPTION_MAX, DOMAINS, IMPACTS, TITLE_MAX, Handling
from learning.blockages.queries import STATUS_FILTERS
from learning.patterns.models import PatternState

MAX_PAGE = 200
MAX_ID = 2**31 - 1


def Id(strict: bool = True, **kw) -> fields.Integer:  # noqa: N802  (reads as a field type)
    """A database id: JSON must send a number (strict); a query string is text (not strict)."""
    return fields.Integer(strict=strict, validate=validate.Range(1, MAX_ID), **kw)


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class Ref(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class BlockageOut(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True)
    domains = fields.List(fields.String(), required=True)
    handling = fields.String(required=True)
    impacts = fields.List(fields.String(), required=True)
    organisation = fields.Nested(Ref, required=True)
    area = fields.String(allow_none=True, required=True)
    reported_on = fields.Date(required=True)
    created = fields.DateTime(required=True)
    withdrawn = fields.Boolean(required=True)
    mine = fields.Boolean(required=True)
    pattern = fields.Integer(allow_none=True, required=True)


class BlockagePage(ma.Schema):
    items = fields.List(fields.Nested(BlockageOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class BlockageQuery(Strict):
    q = fields.String(validate=validate.Length(max=200))
    domain = fields.String(validate=validate.OneOf(list(DOMAINS)))
    organisation_id = Id(strict=False)
    status = fields.String(validate=validate.OneOf(STATUS_FILTERS))
    date_from = fields.Date()
    date_to = fields.Date()
    mine = fields.Boolean()
    cursor = fields.String(validate=validate.Length(max=500))
    limit = fields.Integer(
        strict=False,
        load_default=50,
        validate=validate.Range(1, MAX_PAGE),
        metadata={"description": f"Aantal per pagina, 1 tot en met {MAX_PAGE}."},
    )


class BlockageIn(Strict):
    title = fields.String(required=True, validate=validate.Length(1, TITLE_MAX))
    description = fields.String(required=True, validate=validate.Length(10, DESCRIPTION_MAX))
    domains = fields.List(
        fields.String(validate=validate.OneOf(list(DOMAINS))),
        required=True,
        validate=validate.Length(1, len(DOMAINS)),
    )
    handling = fields.String(required=True, validate=validate.OneOf([h.value for h in Handling]))
    impacts = fields.List(
        fields.String(validate=validate.OneOf(list(IMPACTS))),
        load_default=list,
        validate=validate.Length(max=len(IMPACTS)),
    )
    organisation_id = Id(allow_none=True, load_default=None)
    involved_organisation_ids = fields.List(
        Id(), load_default=list, validate=validate.Length(max=50)
    )
    area_id = Id(allow_none=True, load_default=None)
    reported_on = fields.Date(allow_none=True, load_default=None)
    mask_personal_data = fields.Boolean(
        load_default=False,
        metadata={"description": "Persoonsgegevens maskeren in plaats van weigeren (422)."},
    )


class WithdrawIn(Strict):
    reason = fields.String(load_default="", validate=validate.Length(max=1000))


class PatternOut(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    key_terms = fields.List(fields.String(), required=True)
    table = fields.Nested(Ref, allow_none=True, required=True)
    members = fields.Integer(required=True)
    endorsements = fields.Integer(required=True)
    following = fields.Boolean(required=True)
    merged_into = fields.Integer(allow_none=True, attribute="merged_into_id")
    created = fields.DateTime(required=True, attribute="created_at")
    updated = fields.DateTime(required=True, attribute="updated_at")


class PatternQuery(Strict):
    state = fields.String(validate=validate.OneOf([s.value for s in PatternState]))


class PatternList(ma.Schema):
    items = fields.List(fields.Nested(PatternOut), required=True)


class MemberList(ma.Schema):
    items = fields.List(fields.Nested(BlockageOut), required=True)


class EndorsementOut(ma.Schema):
    pattern = fields.Integer(required=True)
    endorsements = fields.Integer(required=True)
    following = fields.Boolean(required=True)


class TableOut(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    description = fields.String(required=True)
    domains = fields.List(fields.String(), required=True)
    parent = fields.Integer(allow_none=True, attribute="parent_id")
    chair = fields.String(allow_none=True, attribute="chair.name")
    take_up_days = fields.Integer(required=True)
    decision_days = fields.Integer(required=True)


class TableList(ma.Schema):
    items = fields.List(fields.Nested(TableOut), required=True)


class DecisionOut(ma.Schema):
    id = fields.Integer(required=True)
    pattern = fields.Integer(required=True, attribute="pattern_id")
    table = fields.Nested(Ref, required=True)
    text = fields.String(required=True)
    decided_on = fields.Date(required=True)
    decided_by = fields.String(required=True)
    created = fields.DateTime(required=True, attribute="created_at")


class DecisionList(ma.Schema):
    items = fields.List(fields.Nested(DecisionOut), required=True)


class AgendaItemOut(ma.Schema):
    id = fields.Integer(required=True)
    session = fields.Integer(allow_none=True, attribute="session_id")
    series = fields.Integer(required=True, attribute="series_id")
    kind = fields.String(required=True)
    status = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    pattern = fields.Integer(allow_none=True, attribute="pattern_id")
    knelpunt = fields.Integer(allow_none=True, attribute="blockage_id")
    created = fields.DateTime(required=True, attribute="created_at")


class SessionOut(ma.Schema):
    id = fields.Integer(required=True)
    series = fields.Nested(Ref, required=True)
    level = fields.String(required=True, attribute="series_level")
    starts_at = fields.DateTime(required=True, attribute="start")
    ends_at = fields.DateTime(required=True, attribute="end")
    location = fields.String(required=True)
    status = fields.String(required=True)


class SessionDetail(SessionOut):
    agenda = fields.List(fields.Nested(AgendaItemOut), required=True)


class SessionList(ma.Schema):
    items = fields.List(fields.Nested(SessionOut), required=True)


class CountOut(ma.Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(allow_none=True, required=True)
    display = fields.String(required=True, metadata={"description": 'Aantal of "< 5"'})
    suppressed = fields.Boolean(required=True)


class DashboardQuery(Strict):
    by = fields.String(load_default="domain", validate=validate.OneOf(["domain", "month"]))


class DashboardOut(ma.Schema):
    by = fields.String(required=True)
    min_group_size = fields.Integer(required=True)
    total = fields.Integer(allow_none=True, required=True)
    items = fields.List(fields.Nested(CountOut), required=True)


class ImportIn(Strict):
    organisation_id = Id(strict=False, required=True)
    sheet = fields.String(validate=validate.Length(max=100))
    header_row = fields.Integer(validate=validate.Range(1, 1000))
    mapping = fields.List(
        fields.String(validate=validate.Length(max=100)),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "KOLOM=veld, zoals in de CLI (bijv. Omschrijving=description)."},
    )
    dry_run = fields.Boolean(load_default=False)


class ImportFile(ma.Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ImportOut(ma.Schema):
    id = fields.Integer(required=True)
    filename = fields.String(required=True)
    status = fields.String(required=True)
    dry_run = fields.Boolean(required=True)
    sheet = fields.String(allow_none=True)
    header_row = fields.Integer(allow_none=True)
    mapping = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    total_rows = fields.Integer(allow_none=True, required=True)
    processed_rows = fields.Integer(required=True)
    percent = fields.Integer(required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    warnings = fields.List(fields.String(), required=True)
    error = fields.String(allow_none=True)
    created = fields.DateTime(required=True, attribute="created_at")


class ExportQuery(Strict):
    format = fields.String(load_default="jsonl", validate=validate.OneOf(["jsonl", "csv"]))
