"""A figure as the page, its chart, its table and its exports all show it: one set of cells.

Every count goes through `count_cell`, so "< 5" appears alike in the chart, the table, the
aria-labels and the exports; a median or share over fewer cases than MIN_GROUP_SIZE is not shown.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from learning.privacy_counts import min_group_size, small_count
from learning.templating import number


@dataclass(frozen=True)
class Cell:
    text: str  # what the page, the CSV and the aria-label show
    value: float | int | str | date | None = None  # what XLSX stores; None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.text.startswith("< ")

    @property
    def amount(self) -> float | None:
        """The number a chart draws; None when suppressed or not a number."""
        if self.suppressed or isinstance(self.value, str | date) or self.value is None:
            return None
        return float(self.value)


@dataclass
class Figure:
    key: str  # the export's file name
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = ""  # "line", "bars" or "" (table only)
    note: str = ""
    trend: float | None = None  # change per bucket, for a line chart

    @property
    def empty(self) -> bool:
        return not self.rows

    def drawable(self, column: int) -> bool:
        """Whether a chart would show anything: not when every count is suppressed."""
        return any(row[column].amount for row in self.rows)


def label_cell(text: str) -> Cell:
    return Cell(text, text)


def date_cell(day: date) -> Cell:
    return Cell(day.isoformat(), day)


def count_cell(n: int | None) -> Cell:
    value = int(n or 0)
    text = small_count(value)
    return Cell(text, None if text.startswith("< ") else value)


def median_cell(days: list[int]) -> Cell:
    """The median in days, only over MIN_GROUP_SIZE cases or more."""
    return span_cell(len(days), float(statistics.median(days)) if days else None)


def span_cell(count: int, median: float | None) -> Cell:
    """A median already computed (in SQL, say) over `count` cases: shown only over
    MIN_GROUP_SIZE cases or more."""
    if count < min_group_size() or median is None:
        return Cell("–")
    return Cell(number(median), median)


def share_cell(part: int, whole: int) -> Cell:
    """A percentage, only over MIN_GROUP_SIZE cases or more."""
    if whole < min_group_size():
        return Cell("–")
    share = round(100 * part / whole, 1)
    return Cell(f"{number(share)}%", share)


def slope(values: list[float | None]) -> float | None:
    """Least-squares change per step over the values shown (a suppressed count, None, takes
    no part, so the trend line cannot reveal it): the trend under a time chart."""
    points = [(x, y) for x, y in enumerate(values) if y is not None]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
