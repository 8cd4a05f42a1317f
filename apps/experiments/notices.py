"""Today's instruction on the day page (registered with apps/lifestyle/notices.py)."""

from datetime import date

from apps.accounts.models import User
from apps.experiments.services import instruction_on
from apps.lifestyle.notices import DayNotice


def experiment_day_notice(person: User, day: date) -> DayNotice | None:
    instruction = instruction_on(person, day)
    if instruction is None:
        return None
    context = {
        "instruction": instruction,
        "experiment": instruction.experiment,
        "is_today": day == person.local_today(),
    }
    return DayNotice("experiments/_day_notice.html", context)
