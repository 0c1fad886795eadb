"""The privacy guard: finds and masks residents' personal data in knelpunt texts."""

from learning.privacy.contextual import warm_up
from learning.privacy.finding import Finding, mask
from learning.privacy.scanner import mask_text, scan

__all__ = ["Finding", "mask", "mask_text", "scan", "warm_up"]
