"""Questionnaire scores as outcomes, for the dashboard's insights and the clinician report
(both above checkups in the layers). Scores only: never the answers."""

from dataclasses import dataclass
from datetime import date

from apps.checkups.instruments import INSTRUMENTS
from apps.checkups.models import Response


@dataclass(frozen=True)
class ScorePoint:
    instrument: str  # "who5", "phq9", "gad7"
    date: date  # the person's local date on completing
    raw: int
    score: int  # on the shown scale: WHO-5 0-100, PHQ-9 0-27, GAD-7 0-21
    band: str
    higher_is_better: bool


def score_series(
    person, instrument: str, start: date | None = None, end: date | None = None
) -> list[ScorePoint]:
    """One person's completed scores for one questionnaire, oldest first, between start
    and end (inclusive, the person's local dates). Drafts are never included."""
    spec = INSTRUMENTS[instrument]
    rows = Response.objects.for_user(person).completed().filter(instrument=instrument)
    if start is not None:
        rows = rows.filter(local_date__gte=start)
    if end is not None:
        rows = rows.filter(local_date__lte=end)
    points = []
    for local_date, raw in rows.order_by("local_date", "completed_at").values_list(
        "local_date", "raw_score"
    ):
        shown = spec.shown(raw)
        points.append(
            ScorePoint(
                instrument,
                local_date,
                raw,
                shown,
                spec.band_for(shown).label,
                spec.higher_is_better,
            )
        )
    return points


def all_score_series(
    person, start: date | None = None, end: date | None = None
) -> dict[str, list[ScorePoint]]:
    return {code: score_series(person, code, start, end) for code in INSTRUMENTS}
