"""The report's SVG charts: where the points land, the bands behind the scores, the gaps."""

import itertools
import re
from datetime import date, timedelta

from apps.checkups.instruments import PHQ9, WHO5
from apps.checkups.outcomes import ScorePoint
from apps.report import charts
from apps.report.content import Week

START = date(2026, 11, 2)
END = date(2026, 11, 29)


def week(offset_days: int, mood: float | None) -> Week:
    return Week(START + timedelta(days=offset_days), mood, "", 1, 1, [])


def polylines(svg: str) -> list[list[tuple[float, float]]]:
    found = re.findall(r'<polyline points="([^"]+)"', svg)
    return [[tuple(map(float, pair.split(","))) for pair in line.split()] for line in found]


def test_the_mood_chart_puts_great_above_awful_and_time_left_to_right():
    svg = charts.mood_chart([week(0, 1), week(7, 5)], START, END)
    [[first, second]] = polylines(svg)
    assert first[0] == charts.LEFT and second[0] > first[0]
    assert second[1] < first[1]  # SVG's y grows downwards: 5 (great) is higher up
    assert first[1] == charts.HEIGHT - charts.BOTTOM  # 1 sits on the date axis
    assert "5 great" in svg and "1 awful" in svg and "2 Nov 2026" in svg


def test_a_week_without_check_ins_breaks_the_mood_line():
    svg = charts.mood_chart([week(0, 3), week(7, None), week(14, 4), week(21, 4)], START, END)
    assert [len(line) for line in polylines(svg)] == [1, 2]


def test_the_score_chart_draws_every_published_band_without_gaps():
    svg = charts.score_chart(PHQ9, [], START, END)
    rects = [
        (float(y), float(h))
        for y, h in re.findall(r'<rect x="\d+" y="([\d.]+)" width="\d+" height="([\d.]+)"', svg)
    ]
    assert len(rects) == len(PHQ9.bands)
    ordered = sorted(rects)
    for (top, height), (next_top, _) in itertools.pairwise(ordered):
        assert abs(top + height - next_top) < 0.2
    for band in PHQ9.bands:
        assert f">{band.label}</text>" in svg


def test_the_scores_land_at_their_dates_and_values():
    points = [
        ScorePoint("who5", START, 12, 48, "Low", True),
        ScorePoint("who5", END, 25, 100, "High", True),
    ]
    [[first, last]] = polylines(charts.score_chart(WHO5, points, START, END))
    assert first[0] == charts.LEFT and last[0] == charts.WIDTH - charts.RIGHT
    assert last[1] == charts.TOP  # 100, the top of the scale


def test_a_chart_is_an_image_with_a_name_and_no_inline_style():
    svg = charts.score_chart(WHO5, [], START, END)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>WHO-5" in svg
    assert "style=" not in svg and "<script" not in svg
