"""Figures: the years × monitors table of national execution totals and its SVG chart,
drawn at build time (no JavaScript). The table is the chart's text alternative."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..data import dates
from ..data.load import Chronicle

NATIONAL = "executions-iran"


@dataclass
class Table:
    years: list[int] = field(default_factory=list)
    monitors: list[str] = field(default_factory=list)      # actor ids, most values first
    cells: dict[tuple[int, str], list[str]] = field(default_factory=dict)  # -> figure ids
    partial: list[str] = field(default_factory=list)        # figure ids for periods not one whole year
    other: dict[str, list[str]] = field(default_factory=dict)  # metric -> figure ids


def _is_calendar_year(period: str) -> int | None:
    value = dates.parse_date(period)
    if not value.is_interval and value.first.precision == "year" and not value.approximate:
        return value.year
    return None


def national_table(ch: Chronicle) -> Table:
    t = Table()
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    other: dict[str, list[str]] = defaultdict(list)
    for fid in sorted(ch.figures, key=lambda f: (dates.parse_date(ch.figures[f].period).sort_key(), f)):
        f = ch.figures[fid]
        if f.metric != NATIONAL:
            other[f.metric].append(fid)
            continue
        year = _is_calendar_year(f.period)
        if year is None:
            t.partial.append(fid)
        else:
            cells[(year, f.claimed_by)].append(fid)
    counts: dict[str, int] = defaultdict(int)
    for (_, monitor), ids in cells.items():
        counts[monitor] += len(ids)
    t.monitors = sorted(counts, key=lambda m: (-counts[m], m))
    t.years = sorted({y for y, _ in cells})
    t.cells = dict(cells)
    t.other = dict(other)
    return t


@dataclass
class Point:
    year: int
    value: int
    figure: str
    x: float
    y: float


@dataclass
class Series:
    monitor: str
    points: list[Point]
    colour: str
    dash: str

    @property
    def path(self) -> str:
        return line_path(self)


PALETTE = ["#8c2d04", "#1f5f9e", "#2e7d32", "#6a1b9a", "#c62828", "#00695c", "#5d4037",
           "#37474f", "#ad1457", "#827717", "#0277bd", "#4e342e"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    years: list[int]
    ticks: list[tuple[int, float]]
    series: list[Series]
    max_value: int
    year_step: int = 2       # a year label every this many years
    legend_cols: int = 4     # monitors per legend row
    legend_width: int = 175  # width of one legend entry
    legend_chars: int = 26   # longer monitor names are cut short

    @property
    def full_height(self) -> int:
        """The height with the legend below the plot."""
        return self.height + 24 * ((len(self.series) + self.legend_cols - 1) // self.legend_cols)

    def x(self, year: int) -> float:
        span = max(1, self.years[-1] - self.years[0])
        return round(self.left + (year - self.years[0]) * (self.width - self.left - self.right) / span, 1)


# (width, height, left, right, top, bottom, year_step, legend_cols, legend_width,
# legend_chars). The narrow chart is for phones: drawn at 360 px, its 12 px labels stay
# about 12 px on screen, and its legend has one monitor a line, with more of its name.
SIZES = {"wide": (720, 360, 56, 16, 16, 40, 2, 4, 175, 26),
         "narrow": (360, 300, 44, 12, 14, 36, 4, 1, 340, 44)}


def chart(ch: Chronicle, table: Table, min_points: int = 2, size: str = "wide") -> Chart | None:
    """One series per monitor with at least `min_points` yearly values; where a monitor has
    several values for a year (revised or relayed differently), each is drawn as a point and
    the line follows the first."""
    if not table.years:
        return None
    width, height, left, right, top, bottom, *legend = SIZES[size]
    values = [ch.figures[f] for ids in table.cells.values() for f in ids]
    top_value = max((f.value if f.value is not None else f.high) for f in values)
    step = 500 if top_value > 1500 else 250 if top_value > 600 else 100
    max_value = ((top_value // step) + 1) * step
    c = Chart(width, height, left, right, top, bottom, table.years, [], [], max_value, *legend)

    def y(v: int) -> float:
        return round(top + (height - top - bottom) * (1 - v / max_value), 1)

    c.ticks = [(v, y(v)) for v in range(0, max_value + 1, step)]
    n = 0
    for monitor in table.monitors:
        points = []
        for year in table.years:
            for fid in table.cells.get((year, monitor), []):
                f = ch.figures[fid]
                value = f.value if f.value is not None else f.high
                points.append(Point(year, value, fid, c.x(year), y(value)))
        if len({p.year for p in points}) < min_points:
            continue
        c.series.append(Series(monitor, points, PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)]))
        n += 1
    return c


def line_path(series: Series) -> str:
    """The line through the first value of each year."""
    seen, parts = set(), []
    for p in series.points:
        if p.year in seen:
            continue
        seen.add(p.year)
        parts.append(f"{'M' if not parts else 'L'}{p.x},{p.y}")
    return " ".join(parts)
