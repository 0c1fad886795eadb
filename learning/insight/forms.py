"""The dashboard's filters, read from the URL so that every view can be shared as a link.

Nothing a user types here can break the page: an unknown value is dropped with a Dutch message
saying so, an inverted or absurd period falls back to the last twelve months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from learning.accounts.models import Organisation
from learning.blockages.models import DOMAINS, Area
from learning.extensions import db
from learning.patterns.models import ORDER_LABELS, LearningOrder
from learning.tables.models import LearningTable
from learning.templating import long_date, month_name
from learning.timeutil import today

DEFAULT_PERIOD = "12m"
EARLIEST_YEAR = 2000
MAX_DAYS = 20 * 366
QUARTERS = {1: 1, 2: 4, 3: 7, 4: 10}
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[KkQq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass
class Filters:
    start: date
    end: date  # inclusive
    period: str  # what the URL said ("2026", "2026-K3", "laatste-kwartaal", ...) or "" for van/tot
    label: str
    domain: str = ""
    organisation_id: int | None = None
    area_id: int | None = None
    table_id: int | None = None
    order: str = ""
    per: str = "maand"
    per_chosen: str = ""  # "week" or "maand" when the URL asked for it; else chosen by length
    messages: list[str] = field(default_factory=list)

    @property
    def whole_months(self) -> bool:
        """A period of whole months can be read from the month counts."""
        return self.start.day == 1 and (self.end + timedelta(days=1)).day == 1

    def args(self) -> dict[str, str]:
        """The canonical URL query of this view (what a shared link and an export carry)."""
        values: dict[str, str] = {}
        if self.period:
            values["periode"] = self.period
        else:
            values["van"], values["tot"] = self.start.isoformat(), self.end.isoformat()
        for key, value in (
            ("domein", self.domain),
            ("organisatie", self.organisation_id),
            ("wijk", self.area_id),
            ("tafel", self.table_id),
            ("orde", self.order),
        ):
            if value:
                values[key] = str(value)
        if self.per_chosen:
            values["per"] = self.per_chosen
        return values


def named_period(text: str, now: date | None = None) -> tuple[date, date, str] | None:
    """A period written as in the URL, as (first day, last day, Dutch label); None if unknown."""
    now = now or today()
    text = text.strip().lower()
    if text == "12m":
        start = date(now.year - 1, now.month, 1) + timedelta(days=32)
        start = start.replace(day=1)
        return start, _month_end(now.year, now.month), _("de laatste twaalf maanden")
    if text in {"laatste-kwartaal", "vorig-kwartaal"}:
        quarter = (now.month - 1) // 3  # the previous quarter, 0 = last year's fourth
        year = now.year if quarter else now.year - 1
        quarter = quarter or 4
        first = date(year, QUARTERS[quarter], 1)
        return first, _month_end(year, QUARTERS[quarter] + 2), _("het vorige kwartaal")
    if text == "dit-jaar":
        return date(now.year, 1, 1), date(now.year, 12, 31), str(now.year)
    if match := _YEAR.match(text):
        year = int(match[1])
        return date(year, 1, 1), date(year, 12, 31), str(year)
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        first = QUARTERS[quarter]
        return date(year, first, 1), _month_end(year, first + 2), f"K{quarter} {year}"
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return date(year, month, 1), _month_end(year, month), month_name(f"{year}-{month:02d}")
    return None


def _int(args: MultiDict, key: str) -> int | None:
    raw = (args.get(key) or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


def parse_filters(args: MultiDict, visible_tables: set[int] | None) -> Filters:
    """Filters from the query string; `visible_tables` None means the viewer sees every table."""
    messages: list[str] = []
    now = today()
    period = (args.get("periode") or "").strip()
    start_raw, end_raw = (args.get("van") or "").strip(), (args.get("tot") or "").strip()
    chosen = None
    if start_raw or end_raw:
        try:
            start = date.fromisoformat(start_raw) if start_raw else date(now.year, 1, 1)
            end = date.fromisoformat(end_raw) if end_raw else now
        except ValueError:
            messages.append(_("Die datum begrijpen we niet; gebruik jjjj-mm-dd."))
        else:
            if start > end:
                messages.append(_("De begindatum ligt na de einddatum."))
            elif (
                start.year < EARLIEST_YEAR
                or end.year > now.year + 1
                or (end - start).days > MAX_DAYS
            ):
                messages.append(_("Die periode valt buiten wat we kunnen tonen."))
            else:
                chosen = (start, end, f"{long_date(start)} – {long_date(end)}")
                period = ""
    elif period:
        chosen = named_period(period, now)
        if chosen is None:
            messages.append(_("De periode '%(p)s' kennen we niet.", p=period[:40]))
        elif chosen[0].year < EARLIEST_YEAR or chosen[0].year > now.year + 1:
            messages.append(_("Die periode valt buiten wat we kunnen tonen."))
            chosen = None
    if chosen is None:
        period = DEFAULT_PERIOD
        chosen = named_period(period, now)
    start, end, label = chosen
    if messages:
        messages.append(_("We tonen %(label)s.", label=label))
    filters = Filters(start=start, end=end, period=period, label=label, messages=messages)
    filters.per = "week" if (end - start).days <= 120 else "maand"
    if args.get("per") in {"week", "maand"}:
        filters.per = filters.per_chosen = args["per"]
    _dimensions(filters, args, visible_tables)
    return filters


def _dimensions(filters: Filters, args: MultiDict, visible_tables: set[int] | None) -> None:
    messages = filters.messages
    domain = (args.get("domein") or "").strip()
    if domain and domain in DOMAINS:
        filters.domain = domain
    elif domain:
        messages.append(
            _("Het domein '%(d)s' kennen we niet; het filter is weggelaten.", d=domain[:40])
        )
    order = (args.get("orde") or "").strip()
    if order in {o.value for o in LearningOrder}:
        filters.order = order
    elif order:
        messages.append(_("Die leerorde kennen we niet; het filter is weggelaten."))
    for key, model, attribute, unknown in (
        (
            "organisatie",
            Organisation,
            "organisation_id",
            _("Die organisatie bestaat niet; het filter is weggelaten."),
        ),
        ("wijk", Area, "area_id", _("Die wijk bestaat niet; het filter is weggelaten.")),
        (
            "tafel",
            LearningTable,
            "table_id",
            _("Die tafel bestaat niet; het filter is weggelaten."),
        ),
    ):
        raw = (args.get(key) or "").strip()
        if not raw:
            continue
        value = _int(args, key)
        if value is None or not _exists(model, value):
            messages.append(unknown)
            continue
        if key == "tafel" and visible_tables is not None and value not in visible_tables:
            messages.append(
                _("U heeft geen inzage in de cijfers van die tafel; het filter is weggelaten.")
            )
            continue
        setattr(filters, attribute, value)


def _exists(model, value: int) -> bool:
    """Whether the row exists, without loading it (a table would load members as well)."""
    return db.session.scalar(select(model.id).where(model.id == value)) is not None


ORDER_CHOICES = [(o.value, ORDER_LABELS[o]) for o in LearningOrder]


def period_options(filters: Filters) -> list[tuple[str, str]]:
    """The periods the form offers, with the one shown now among them (even a custom one)."""
    year = today().year
    options = [
        ("12m", _("Laatste twaalf maanden")),
        ("laatste-kwartaal", _("Vorig kwartaal")),
        *[(str(y), str(y)) for y in range(year, year - 4, -1)],
    ]
    if filters.period not in {value for value, _label in options}:
        options.append((filters.period, filters.label))
    return options
