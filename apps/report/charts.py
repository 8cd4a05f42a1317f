"""Small charts for the clinician report, drawn on the server as SVG so that the page, the
printout and the PDF (WeasyPrint renders inline SVG) show the same picture without any
script. Presentation attributes only, no style attributes: the CSP forbids inline styles.

Each chart is a plain function from numbers to markup; the tables stay beside them, so the
numbers remain readable by a screen reader and in the PDF's text."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.checkups.instruments import Instrument
from apps.checkups.outcomes import ScorePoint
from apps.mood.models import Mood

WIDTH = 640
HEIGHT = 170
LEFT = 104  # room for the y-axis labels (mood words, band names)
RIGHT = 12
TOP = 10
BOTTOM = 26  # room for the dates
LINE = "#198754"
AXIS = "#6c757d"
# Light, distinguishable in greyscale print: the bands from least to most severe.
BAND_FILLS = ("#e8f5e9", "#fff8e1", "#ffe0b2", "#ffccbc", "#f8bbd0")


class WeekMood(Protocol):
    start: date
    mood: float | None


@dataclass(frozen=True)
class Frame:
    """Maps dates and values onto the drawing area."""

    start: date
    end: date
    low: float
    high: float

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        return LEFT + (day - self.start).days / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        return TOP + (self.high - value) / (self.high - self.low) * (HEIGHT - TOP - BOTTOM)


def _num(value: float) -> str:
    return f"{value:.1f}"


def _svg(title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 (numbers we computed; every text escaped where it was made)
        f'<svg class="report-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, words: str, anchor: str = "end") -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="10" fill="#333" '
        f'text-anchor="{anchor}" dominant-baseline="middle">{escape(words)}</text>'
    )


def _date_axis(frame: Frame) -> list[str]:
    baseline = HEIGHT - BOTTOM
    parts = [
        f'<line x1="{LEFT}" y1="{baseline}" x2="{WIDTH - RIGHT}" y2="{baseline}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    ]
    for day, anchor in ((frame.start, "start"), (frame.end, "end")):
        parts.append(_text(frame.x(day), baseline + 14, f"{day:%-d %b %Y}", anchor))
    return parts


def _polyline(points: list[tuple[float, float]]) -> list[str]:
    if not points:
        return []
    coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
    parts = [f'<polyline points="{coords}" fill="none" stroke="{LINE}" stroke-width="2"/>']
    parts += [f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{LINE}"/>' for x, y in points]
    return parts


def mood_chart(weeks: Sequence[WeekMood], start: date, end: date) -> SafeString:
    """Weekly mean mood on the 1 to 5 scale; a week without check-ins leaves a gap."""
    frame = Frame(start, end, low=1, high=5)
    parts = []
    for mood in Mood:
        y = frame.y(mood.value)
        parts.append(
            f'<line x1="{LEFT}" y1="{_num(y)}" x2="{WIDTH - RIGHT}" y2="{_num(y)}" '
            f'stroke="#dee2e6" stroke-width="1"/>'
        )
        parts.append(_text(LEFT - 6, y, f"{mood.value} {mood.label}"))
    parts += _date_axis(frame)
    runs: list[list[tuple[float, float]]] = [[]]
    for week in weeks:
        if week.mood is None:
            runs.append([])
        else:
            runs[-1].append((frame.x(week.start), frame.y(week.mood)))
    for run in runs:
        parts += _polyline(run)
    return _svg("Weekly mean mood, 1 (awful) to 5 (great)", parts)


def score_chart(
    instrument: Instrument, points: list[ScorePoint], start: date, end: date
) -> SafeString:
    """One questionnaire's scores over the period, over its published severity bands."""
    frame = Frame(start, end, low=0, high=instrument.max_shown)
    parts = []
    ordered = sorted(instrument.bands, key=lambda band: band.low)
    # The fills run from the best band to the worst, whichever end of the scale that is.
    fills = BAND_FILLS if not instrument.higher_is_better else BAND_FILLS[: len(ordered)][::-1]
    # A band is drawn up to where the next begins, so that 0-4 and 5-9 meet without a gap.
    ceilings = [band.low for band in ordered[1:]] + [instrument.max_shown]
    for band, ceiling, fill in zip(ordered, ceilings, fills, strict=False):
        top, bottom = frame.y(ceiling), frame.y(band.low)
        parts.append(
            f'<rect x="{LEFT}" y="{_num(top)}" width="{WIDTH - LEFT - RIGHT}" '
            f'height="{_num(max(bottom - top, 1))}" fill="{fill}"/>'
        )
        parts.append(_text(LEFT - 6, (top + bottom) / 2, band.label))
    parts += _date_axis(frame)
    parts += _polyline([(frame.x(point.date), frame.y(point.score)) for point in points])
    title = f"{instrument.name} scores, 0 to {instrument.max_shown}, over the severity bands"
    return _svg(title, parts)
