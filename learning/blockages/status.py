"""The status a reporter sees for a knelpunt: its own state or that of its pattern."""

from __future__ import annotations

from flask_babel import gettext as _

from learning.blockages.models import Blockage


def blockage_status(blockage: Blockage) -> str:
    from learning.patterns.queries import pattern_of

    if blockage.is_withdrawn:
        return _("Ingetrokken")
    pattern = pattern_of(blockage)
    if pattern is None:
        return _("Gemeld")
    return _("In patroon: %(state)s", state=pattern.state_label)
