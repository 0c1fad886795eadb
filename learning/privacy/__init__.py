"""The privacy guard: finds and masks residents' personal data in every text that is stored.

One guard for every entry point (forms, CLI, import, API):
- `scan(text)` finds personal data.
- `mask_text(text)` masks until clean.
- `normalise(text)` is the normalisation the detectors see, with an offset map.
"""

from learning.privacy.finding import Finding, mask
from learning.privacy.lexicon import warm_up
from learning.privacy.normalise import Normalised, normalise
from learning.privacy.scanner import mask_text, scan

__all__ = [
    "Finding",
    "Normalised",
    "mask",
    "mask_text",
    "normalise",
    "scan",
    "warm_up",
]
