"""The privacy guard: finds and masks residents' personal data in every text that is stored.

One guard for every entry point (forms, CLI, import, API):
- `scan(text)` finds personal data; `scan_fields(data)` does so for every field.
- `mask_text(text)` masks until clean; `mask_fields(data)` does so for every field.
- `clean_text(value, ...)` masks, strips and checks the length of one free-text field.
- `guard_fields(data, mask=...)` masks on request and refuses what is left.
- `normalise(text)` is the normalisation the detectors see, with an offset map.
"""

from learning.privacy.errors import PersonalDataFound
from learning.privacy.fields import clean_text, guard_fields, mask_fields, scan_fields
from learning.privacy.finding import Finding, mask
from learning.privacy.lexicon import warm_up
from learning.privacy.normalise import Normalised, normalise
from learning.privacy.scanner import mask_text, scan

__all__ = [
    "Finding",
    "Normalised",
    "PersonalDataFound",
    "clean_text",
    "guard_fields",
    "mask",
    "mask_fields",
    "mask_text",
    "normalise",
    "scan",
    "scan_fields",
    "warm_up",
]
