"""The guard over whole inputs: every stored field, one rule for mask-or-refuse."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from learning.errors import DomainError
from learning.privacy import (
    PersonalDataFound,
    clean_text,
    guard_fields,
    mask_fields,
    mask_text,
    scan,
    scan_fields,
)
from learning.privacy.fields import mask_attributes, scan_attributes

DRAFT = {
    "title": "Toeslag stopt bij verhuizing",
    "description": "fam. de Vries zit al 4 maanden zonder toeslag, BSN 123 456 782.",
    "toelichting": "bel mw jansen op 06-12345678",
    "domains": ["wonen", "bsn 111222333"],
    "count": 3,
}


def test_scan_fields_reports_every_field_with_personal_data() -> None:
    found = scan_fields(DRAFT)
    assert set(found) == {"description", "toelichting", "domains"}
    assert {f.kind for f in found["description"]} == {"name", "bsn"}


def test_mask_fields_masks_every_text_and_keeps_other_values() -> None:
    masked = mask_fields(DRAFT)
    assert masked["title"] == DRAFT["title"]
    assert masked["description"] == ("fam. [NAAM] zit al 4 maanden zonder toeslag, BSN [BSN].")
    assert masked["toelichting"] == "bel mw [NAAM] op [TELEFOON]"
    assert masked["domains"] == ["wonen", "bsn [BSN]"]
    assert masked["count"] == 3
    assert scan_fields(masked) == {}


def test_mask_fields_can_be_limited_to_named_fields() -> None:
    masked = mask_fields(DRAFT, names=["toelichting"])
    assert masked["description"] == DRAFT["description"]
    assert "[TELEFOON]" in masked["toelichting"]


def test_guard_fields_refuses_unless_asked_to_mask() -> None:
    with pytest.raises(PersonalDataFound) as refused:
        guard_fields(DRAFT, mask=False)
    assert refused.value.status_code == 422
    assert set(refused.value.findings) == {"description", "toelichting", "domains"}
    assert guard_fields(DRAFT, mask=True)["description"].endswith("BSN [BSN].")


@dataclass
class ItemInput:
    title: str
    description: str


def test_attributes_of_an_input_dataclass_are_scanned_and_masked_in_place() -> None:
    item = ItemInput("Gesprek met dhr. Kowalski", "Geen woning na detentie.")
    assert set(scan_attributes(item, ("title", "description"))) == {"title"}
    assert mask_attributes(item, ("title", "description")) is item
    assert item.title == "Gesprek met dhr. [NAAM]"


def test_clean_text_masks_strips_and_checks_the_length() -> None:
    assert clean_text("  zoon kevin wacht op de GGZ  ", minimum=5) == (
        "zoon [NAAM] wacht op de GGZ"
    )
    with pytest.raises(DomainError, match="te kort"):
        clean_text("  ", minimum=1)
    with pytest.raises(DomainError, match="Beschrijf"):
        clean_text("kort", minimum=20, message="Beschrijf de werkwijze.")


def test_clean_text_refuses_an_oversized_paste_before_scanning_it() -> None:
    with pytest.raises(DomainError, match="te lang"):
        clean_text("x" * 5_001, maximum=5_000)


def test_mask_text_masks_until_a_new_scan_finds_nothing() -> None:
    text = "fam. de Vries, Kerkstraat 12, mevr. Öztürk (geb. 14-07-1962) en zoon kevin"
    masked = mask_text(text)
    assert scan(masked) == []
    for value in ("Vries", "Kerkstraat", "Öztürk", "1962", "kevin"):
        assert value not in masked
