"""Guarding whole inputs: every stored field scanned or masked, not only the description.

Forms, drafts, the CLI, imports and the API all store more than one text (a title, a
guest's name, a table description, a free "toelichting"). These helpers apply the one
scanner to each of them, so no entry point keeps its own list of what to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from flask_babel import gettext as _

from learning.errors import DomainError
from learning.privacy.errors import PersonalDataFound
from learning.privacy.finding import Finding
from learning.privacy.scanner import mask_text, scan

T = TypeVar("T")


def scan_fields(
    data: Mapping[str, Any], names: Iterable[str] | None = None
) -> dict[str, list[Finding]]:
    """Findings per field, for the fields that have any.

    Strings are scanned, and so is every string in a list or tuple ("domains" of a draft);
    findings of a list are those of its items joined by newlines. `names` limits the scan
    to those keys; by default every key is scanned.
    """
    found: dict[str, list[Finding]] = {}
    for name in _names(data, names):
        text = _as_text(data.get(name))
        if text and (findings := scan(text)):
            found[name] = findings
    return found


def mask_fields(data: Mapping[str, Any], names: Iterable[str] | None = None) -> dict[str, Any]:
    """A copy of data with every string (and every string in a list) masked until clean."""
    chosen = set(_names(data, names))
    return {key: _mask_value(value) if key in chosen else value for key, value in data.items()}


def guard_fields(
    data: Mapping[str, Any], *, mask: bool, names: Iterable[str] | None = None
) -> dict[str, Any]:
    """Mask when the user asked for it, then refuse whatever personal data is left.

    The one "mask on request, otherwise refuse" rule of every form that stores text.
    """
    guarded = mask_fields(data, names) if mask else dict(data)
    if findings := scan_fields(guarded, names):
        raise PersonalDataFound(findings)
    return guarded


def scan_attributes(obj: object, names: Iterable[str]) -> dict[str, list[Finding]]:
    """scan_fields for an input dataclass: `scan_attributes(data, ("title", "description"))`."""
    names = tuple(names)
    return scan_fields({name: getattr(obj, name) for name in names}, names)


def mask_attributes(obj: T, names: Iterable[str]) -> T:
    """Mask the named attributes of an input dataclass in place; returns it for chaining."""
    for name in names:
        setattr(obj, name, _mask_value(getattr(obj, name)))
    return obj


def clean_text(
    value: str | None,
    *,
    minimum: int = 0,
    maximum: int | None = None,
    message: str | None = None,
) -> str:
    """A free-text field ready to store: stripped, masked until clean, length checked.

    The length is checked before masking too, so an oversized paste is refused without
    scanning it (scanning megabytes kept workers busy for half a minute), and again after,
    because "[NAAM]" is longer than "Jan". `message` replaces the default Dutch text.
    """
    raw = (value or "").strip()
    if maximum is not None and len(raw) > maximum:
        raise DomainError(message or _too_long(maximum))
    text = mask_text(raw).strip()
    if len(text) < minimum:
        raise DomainError(message or _("Deze tekst is te kort (minimaal %(n)s tekens).", n=minimum))
    if maximum is not None and len(text) > maximum:
        raise DomainError(message or _too_long(maximum))
    return text


def _too_long(maximum: int) -> str:
    return _("Deze tekst is te lang (maximaal %(n)s tekens).", n=maximum)


def _names(data: Mapping[str, Any], names: Iterable[str] | None) -> list[str]:
    return list(data) if names is None else [name for name in names if name in data]


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(item for item in value if isinstance(item, str))
    return ""


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list | tuple):
        return type(value)(mask_text(item) if isinstance(item, str) else item for item in value)
    return value
