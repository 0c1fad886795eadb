"""Server-rendered SVG geometry: the template draws what these functions place.

Charts never rely on colour: every bar carries its number as text, the line has markers and
the trend is dashed and named in the legend. A suppressed count ("< 5") gets no bar or point,
only its text, so its size cannot be read off the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from learning.insight.figures import Figure
from learning.templating import number

WIDTH = 640
BAR_HEIGHT = 22
LABEL_WIDTH = 220
LINE_HEIGHT = 220
PAD = 36


@dataclass
class Bar:
    label: str
    text: str
    y: int
    width: float


@dataclass
class BarChart:
    height: int
    bars: list[Bar]
    label_width: int = LABEL_WIDTH
    width: int = WIDTH


@dataclass
class Point:
    x: float
    y: float | None
    label: str
    text: str


@dataclass
class LineChart:
    points: list[Point]
    path: str
    trend: tuple[float, float, float, float] | None
    trend_text: str
    y_max: float
    ticks: list[tuple[float, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = LINE_HEIGHT + 2 * PAD


def bar_chart(figure: Figure, value_column: int = 1) -> BarChart:
    amounts = [row[value_column].amount or 0 for row in figure.rows]
    top = max(amounts, default=0) or 1
    span = WIDTH - LABEL_WIDTH - 60
    bars = [
        Bar(
            label=row[0].text,
            text=row[value_column].text,
            y=index * (BAR_HEIGHT + 8),
            width=round(span * (row[value_column].amount or 0) / top, 1),
        )
        for index, row in enumerate(figure.rows)
    ]
    return BarChart(height=max(len(bars), 1) * (BAR_HEIGHT + 8), bars=bars)


def line_chart(figure: Figure, value_column: int = 2) -> LineChart:
    cells = [row[value_column] for row in figure.rows]
    amounts = [cell.amount for cell in cells]
    top = max((a for a in amounts if a is not None), default=0) or 1
    n = max(len(cells) - 1, 1)
    inner = WIDTH - 2 * PAD

    def y_of(value: float) -> float:
        return round(PAD + LINE_HEIGHT - LINE_HEIGHT * value / top, 1)

    points = [
        Point(
            x=round(PAD + inner * index / n, 1),
            y=y_of(amount) if amount is not None else None,
            label=row[0].text,
            text=cell.text,
        )
        for index, (row, cell, amount) in enumerate(zip(figure.rows, cells, amounts, strict=True))
    ]
    path, pen_down = [], False
    for point in points:
        if point.y is None:
            pen_down = False  # a suppressed bucket leaves a gap
            continue
        path.append(f"{'L' if pen_down else 'M'}{point.x},{point.y}")
        pen_down = True
    trend = None
    trend_text = ""
    shown = [(x, a) for x, a in enumerate(amounts) if a is not None]
    if figure.trend is not None and len(shown) > 1:
        mean_x = sum(x for x, _ in shown) / len(shown)
        mean_y = sum(a for _, a in shown) / len(shown)
        start = mean_y - figure.trend * mean_x
        end = start + figure.trend * (len(amounts) - 1)
        clamp = lambda v: min(max(v, 0), top)  # noqa: E731
        trend = (points[0].x, y_of(clamp(start)), points[-1].x, y_of(clamp(end)))
        sign = "+" if figure.trend >= 0 else "−"
        trend_text = f"{sign}{number(abs(figure.trend))}"
    ticks = [(y_of(top * share), number(top * share)) for share in (0, 0.5, 1)]
    return LineChart(points, " ".join(path), trend, trend_text, top, ticks)
