"""The demo person's experiments: one finished, with its report, and one running.

A separate step after seed_demo (make run calls both): lifestyle cannot call experiments,
which sit above it. The days are seed_demo's own patterned days, left as they are: the demo
person followed the finished plan only as often as their habits happened to match it, so its
report shows the gap between "as planned" and "days that followed the plan". Idempotent: an
experiment from the same starter is not planned twice."""

from datetime import datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.accounts.models import User
from apps.experiments.models import Experiment
from apps.experiments.services import ExperimentError, plan_experiment
from apps.experiments.vocabulary import TEMPLATES_BY_KEY, Template
from apps.lifestyle.management.commands.seed_demo import DEMO_EMAIL

FINISHED, RUNNING = "fermented", "exercise"
LENGTH_DAYS = 56
RUNNING_FOR_DAYS = 10


def plan_fields(template: Template) -> dict[str, Any]:
    return {
        "template": template.key,
        "habit": template.habit,
        "habit_label": template.name.split(" and ")[0].capitalize(),
        "direction": template.direction,
        "threshold": template.threshold,
        "on_text": template.on_text,
        "off_text": template.off_text,
        "outcome": template.outcome,
        "lag_days": template.lag_days,
        "length_days": LENGTH_DAYS,
    }


def seed_experiments(person: User) -> list[Experiment]:
    today = person.local_today()
    finished_start = today - timedelta(days=LENGTH_DAYS + 4)
    planned = []
    for key, start, seed in (
        (FINISHED, finished_start, 20260101),
        (RUNNING, today - timedelta(days=RUNNING_FOR_DAYS), 20260102),
    ):
        if Experiment.objects.for_user(person).filter(template=key).exists():
            continue
        fields = {**plan_fields(TEMPLATES_BY_KEY[key]), "start_date": start}
        try:
            experiment = plan_experiment(person, fields, today, seed=seed)
        except ExperimentError:
            continue  # the person has another experiment under way: leave it be
        # Planned the day before it started, as a person would have.
        planned_at = datetime.combine(start - timedelta(days=1), time(20), tzinfo=person.tzinfo)
        Experiment.objects.filter(pk=experiment.pk).update(created_at=planned_at)
        planned.append(experiment)
    return planned


class Command(BaseCommand):
    help = "Give the demo person a finished experiment and a running one (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default=DEMO_EMAIL)

    def handle(self, *args: str, email: str, **options: object) -> None:
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(f"No account for {email}: run seed_demo first.")
        planned = seed_experiments(person)
        self.stdout.write(f"Planned {len(planned)} demo experiment(s) for {person.email}.")
