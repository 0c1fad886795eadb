"""Leersessie pages: one blueprint, its routes grouped by what they work on."""

from learning.sessions.views import agenda, agreements, attendance, calendar, meetings, series
from learning.sessions.views.blueprint import bp

# Importing a module registers its routes on `bp`.
ROUTE_MODULES = (series, meetings, attendance, agenda, agreements, calendar)

__all__ = ["ROUTE_MODULES", "bp"]
