"""Leersessie pages: one blueprint, its routes grouped by what they work on."""

from learning.sessions.views import agenda, agreements, calendar, meetings, series
from learning.sessions.views.blueprint import bp

# Importing a module registers its routes on `bp`.
ROUTE_MODULES = (series, meetings, agenda, agreements, calendar)

__all__ = ["ROUTE_MODULES", "bp"]
