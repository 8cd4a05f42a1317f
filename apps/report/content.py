"""What the clinician report says, as plain data a template renders (the page and the PDF
share it). It reads the apps below: lifestyle and mood for the days, checkups for the scores,
and the dashboard for its insights, which is why the report is an app of the top layer."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean

from apps.checkups.instruments import INSTRUMENTS
from apps.checkups.outcomes import score_series
from apps.dashboard.api import insights_for
from apps.experiments import services as experiment_services
from apps.experiments.describe import effect_sentence, interval_sentence, verdict
from apps.experiments.models import Experiment
from apps.experiments.schedule import planned_end
from apps.lifestyle.habits import HABITS_BY_FIELD
from apps.lifestyle.models import DailyLog
from apps.mood.models import Mood, MoodCheckIn
from apps.report import charts

# The habits a clinician most often asks about, in this order.
REPORT_HABITS = (
    "sleep_hours",
    "exercise_minutes",
    "water_ml",
    "fruit_veg_servings",
    "stress_level",
    "gut_comfort",
)


@dataclass
class Week:
    start: date
    mood: float | None
    mood_word: str
    checkins: int
    days_logged: int
    habits: list[str]


@dataclass
class Report:
    start: date
    end: date
    weeks: list[Week]
    habit_labels: list[str]
    overall_mood: float | None
    overall_word: str
    questionnaires: list[dict]
    insights: list[dict]
    insight_message: str
    experiments: list[dict] = field(default_factory=list)
    notes: list[tuple[date, str]] = field(default_factory=list)
    include_notes: bool = False
    mood_chart: str = ""


def _mood_word(value: float | None) -> str:
    return Mood.nearest(value).label if value is not None else "no check-ins"


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text


def _weeks(start: date, end: date) -> list[tuple[date, date]]:
    first = start - timedelta(days=start.weekday())
    spans = []
    while first <= end:
        spans.append((max(first, start), min(first + timedelta(days=6), end)))
        first += timedelta(days=7)
    return spans


def build(person, start: date, end: date, include_notes: bool = False) -> Report:
    logs = list(DailyLog.objects.for_user(person).between(start, end))
    checkins = list(MoodCheckIn.objects.for_user(person).between(start, end))
    weeks = []
    for week_start, week_end in _weeks(start, end):
        week_moods = [c.mood for c in checkins if week_start <= c.local_date <= week_end]
        week_logs = [log for log in logs if week_start <= log.date <= week_end]
        value = mean(week_moods) if week_moods else None
        habits = []
        for name in REPORT_HABITS:
            values = [float(v) for log in week_logs if (v := getattr(log, name)) is not None]
            habits.append(_fmt(mean(values) if values else None))
        weeks.append(
            Week(week_start, value, _mood_word(value), len(week_moods), len(week_logs), habits)
        )
    all_moods = [c.mood for c in checkins]
    insights = insights_for(person, start, end)
    report = Report(
        start=start,
        end=end,
        weeks=weeks,
        habit_labels=[
            f"{HABITS_BY_FIELD[n].label} ({HABITS_BY_FIELD[n].unit}, daily mean)"
            for n in REPORT_HABITS
        ],
        overall_mood=mean(all_moods) if all_moods else None,
        overall_word=_mood_word(mean(all_moods) if all_moods else None),
        questionnaires=_questionnaires(person, start, end),
        insights=insights["insights"],
        insight_message=insights["message"],
        include_notes=include_notes,
        experiments=_experiments(person, start, end),
    )
    if any(week.mood is not None for week in weeks):
        report.mood_chart = charts.mood_chart(weeks, start, end)
    if include_notes:
        report.notes = _notes(logs, checkins)
    return report


def _questionnaires(person, start: date, end: date) -> list[dict]:
    rows = []
    for code, instrument in INSTRUMENTS.items():
        points = score_series(person, code, start, end)
        if points:
            chart = charts.score_chart(instrument, points, start, end)
            rows.append({"instrument": instrument, "points": points, "chart": chart})
    return rows


def _notes(logs: list, checkins: list) -> list[tuple[date, str]]:
    notes = [(log.date, log.note) for log in logs if log.note.strip()]
    notes += [(c.local_date, c.note) for c in checkins if c.note.strip()]
    return sorted(notes, key=lambda pair: pair[0])


def _experiments(person, start: date, end: date) -> list[dict]:
    """Self-experiments that ran during the period, in the experiments app's own words:
    a running one shows progress, never a verdict."""
    today = person.local_today()
    rows = []
    for experiment in Experiment.objects.for_user(person).filter(start_date__lte=end):
        last = experiment.stopped_on or planned_end(experiment) or today
        if last < start:
            continue
        analysis = experiment_services.analyse(experiment, today)
        result = analysis.intention_to_treat
        rows.append(
            {
                "title": experiment.title,
                "start": experiment.start_date,
                "end": last,
                "verdict": verdict(experiment, result, analysis.status).headline,
                "effect": effect_sentence(experiment, result),
                "interval": interval_sentence(experiment, result),
                "followed": analysis.adherence.followed,
                "reached": analysis.adherence.reached,
            }
        )
    return rows
