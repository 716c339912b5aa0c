"""Statistics for the admin's analytics page, from pre-counted rows (no Django, no queries here).

Verdicts:

the caller runs one grouped query — ``(week, stage, verdict, count)`` — and this module turns it into the
overall distribution, the per-stage table and the geometry of a stacked-bar SVG chart per week. The chart
is drawn with SVG presentation attributes only (no inline styles, no JavaScript), so it works under a
strict Content-Security-Policy. The funnel: daily counters (``questionnaire.funnel``) as a table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from advisor.vocabulary import VERDICT_LABELS, Stage, Verdict

VERDICT_COLOURS: dict[Verdict, str] = {
    Verdict.SMO_FIRST: "#2e7d32",  # organic: green
    Verdict.BLENDED: "#f9a825",  # blended: amber
    Verdict.SMM_FIRST: "#1565c0",  # paid: blue
}
VERDICTS: tuple[Verdict, ...] = tuple(Verdict)

CHART_WIDTH = 760
CHART_HEIGHT = 240
CHART_LEFT = 44  # room for the axis labels
CHART_BOTTOM = 28
CHART_TOP = 10
MAX_WEEKS = 26


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class AxisLabel:
    x: float
    y: float
    text: str


@dataclass
class Distribution:
    counts: dict[Verdict, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[dict[str, object]]:
        total = self.total
        return [
            {
                "verdict": verdict.value,
                "label": VERDICT_LABELS[verdict],
                "count": self.counts[verdict],
                "percent": round(100 * self.counts[verdict] / total) if total else 0,
                "colour": VERDICT_COLOURS[verdict],
            }
            for verdict in VERDICTS
        ]


@dataclass
class Analytics:
    overall: Distribution
    by_stage: list[tuple[str, Distribution]]
    weeks: list[tuple[date, Distribution]]
    bars: list[Bar]
    x_labels: list[AxisLabel]
    y_labels: list[AxisLabel]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def week_start(value: date | datetime) -> date:
    day = value.date() if isinstance(value, datetime) else value
    return day - timedelta(days=day.weekday())


def build(rows: Iterable[tuple[date | datetime, str, str, int]], *, max_weeks: int = MAX_WEEKS) -> Analytics:
    """``rows``: (week start, stage, verdict, count) as a grouped query returns them."""
    overall = Distribution()
    stages: dict[str, Distribution] = {stage.value: Distribution() for stage in Stage}
    weeks: dict[date, Distribution] = {}
    for when, stage, verdict_value, count in rows:
        verdict = Verdict(verdict_value)
        overall.counts[verdict] += count
        stages.setdefault(stage, Distribution()).counts[verdict] += count
        weeks.setdefault(week_start(when), Distribution()).counts[verdict] += count
    recent = sorted(weeks.items())[-max_weeks:]
    # Show every week in the range, also the empty ones, so gaps are visible.
    if recent:
        filled: list[tuple[date, Distribution]] = []
        day = recent[0][0]
        known = dict(recent)
        while day <= recent[-1][0]:
            filled.append((day, known.get(day, Distribution())))
            day += timedelta(days=7)
        recent = filled[-max_weeks:]
    bars, x_labels, y_labels = chart(recent)
    return Analytics(overall, list(stages.items()), recent, bars, x_labels, y_labels)


def chart(weeks: list[tuple[date, Distribution]]) -> tuple[list[Bar], list[AxisLabel], list[AxisLabel]]:
    if not weeks:
        return [], [], []
    plot_width = CHART_WIDTH - CHART_LEFT - 8
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    peak = max(distribution.total for _, distribution in weeks) or 1
    slot = plot_width / len(weeks)
    bar_width = max(2.0, slot * 0.7)
    bars: list[Bar] = []
    x_labels: list[AxisLabel] = []
    every = max(1, len(weeks) // 8)  # at most about eight date labels
    for index, (start, distribution) in enumerate(weeks):
        x = CHART_LEFT + index * slot + (slot - bar_width) / 2
        bottom: float = CHART_TOP + plot_height
        for verdict in VERDICTS:
            count = distribution.counts[verdict]
            if not count:
                continue
            height = plot_height * count / peak
            bottom -= height
            bars.append(
                Bar(
                    round(x, 2),
                    round(bottom, 2),
                    round(bar_width, 2),
                    round(height, 2),
                    VERDICT_COLOURS[verdict],
                    f"Week of {start:%d %b %Y}: {count} × {VERDICT_LABELS[verdict]}",
                )
            )
        if index % every == 0:
            x_labels.append(AxisLabel(round(x + bar_width / 2, 2), CHART_HEIGHT - 8, f"{start:%d %b}"))
    y_labels = [
        AxisLabel(
            CHART_LEFT - 6,
            round(CHART_TOP + plot_height * (1 - fraction), 2) + 4,
            str(round(peak * fraction)),
        )
        for fraction in (0, 0.5, 1)
    ]
    return bars, x_labels, y_labels


# --- the funnel: how far visitors get ---------------------------------------------------------------------

FUNNEL_DAYS = 14


@dataclass(frozen=True)
class FunnelRow:
    day: date | None  # None for the total over all days shown
    counts: list[tuple[int, int]]  # (count, percent of "started") per point, in the order of the points


def funnel(
    counters: Iterable[tuple[date, str, int]],
    points: tuple[str, ...],
    *,
    today: date,
    days: int = FUNNEL_DAYS,
) -> list[FunnelRow]:
    """``counters``: (day, point, count) rows. One row per day of the last ``days`` up to ``today``
    (newest first, empty days included so gaps show), then the total; nothing when nobody came."""
    by_day: dict[date, dict[str, int]] = {}
    for day, point, count in counters:
        by_day.setdefault(day, {})[point] = by_day.get(day, {}).get(point, 0) + count
    if not by_day:
        return []
    shown = [today - timedelta(days=offset) for offset in range(days)]
    total = {point: sum(by_day.get(day, {}).get(point, 0) for day in shown) for point in points}
    rows = [FunnelRow(day, _funnel_cells(by_day.get(day, {}), points)) for day in shown]
    return [*rows, FunnelRow(None, _funnel_cells(total, points))]


def _funnel_cells(counts: dict[str, int], points: tuple[str, ...]) -> list[tuple[int, int]]:
    started = counts.get(points[0], 0)
    return [
        (counts.get(point, 0), round(100 * counts.get(point, 0) / started) if started else 0)
        for point in points
    ]
