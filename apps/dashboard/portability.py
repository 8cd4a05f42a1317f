"""Questions asked in advance travel with the person's data (apps/yourdata/sections.py):
in the JSON export, restored by the GutMind-format import, gone with the account (CASCADE)."""

from collections.abc import Iterable
from datetime import date, datetime

from apps.dashboard import stats
from apps.dashboard.models import Direction, Question
from apps.lifestyle.habits import HABITS_BY_FIELD
from apps.lifestyle.lag import Lag
from apps.lifestyle.services import find_or_create_tag


class QuestionsSection:
    key = "questions"
    label = "questions asked in advance"
    columns = [
        "habit",
        "tag",
        "outcome",
        "direction",
        "lag",
        "asked_at",
        "asked_on",
        "planned_days",
        "kept",
        "closed_at",
    ]

    def export(self, person) -> Iterable[dict]:
        rows = Question.objects.for_user(person).select_related("tag").order_by("asked_at")
        for question in rows:
            yield {
                "habit": question.habit or None,
                "tag": question.tag.name if question.tag_id else None,
                "outcome": question.outcome,
                "direction": question.direction,
                "lag": question.lag,
                "asked_at": question.asked_at.isoformat(),
                "asked_on": question.asked_on.isoformat(),
                "planned_days": question.planned_days,
                "kept": question.kept,
                "closed_at": question.closed_at.isoformat() if question.closed_at else None,
            }

    def restore(self, person, items: list[dict]) -> int:
        created = 0
        for index, item in enumerate(items):
            fields = _fields(person, index, item)
            exists = Question.objects.for_user(person).filter(
                habit=fields["habit"],
                tag=fields["tag"],
                outcome=fields["outcome"],
                lag=fields["lag"],
                asked_at=fields["asked_at"],
            )
            if not exists.exists():
                Question.objects.create(person=person, **fields)
                created += 1
        return created


def _fields(person, index: int, item) -> dict:
    where = f"questions[{index}]"
    try:
        habit, tag_name = item.get("habit") or "", item.get("tag") or ""
        if bool(habit) == bool(tag_name) or (habit and habit not in HABITS_BY_FIELD):
            raise ValueError("it needs one habit of GutMind's list or one tag name")
        if item["outcome"] not in stats.OUTCOMES_BY_KEY:
            raise ValueError(f"“{item['outcome']}” is not an outcome GutMind knows")
        if item.get("direction", Direction.BETTER) not in Direction.values:
            raise ValueError("its direction is not better, worse or either")
        if item["lag"] not in Lag.values:
            raise ValueError("its lag is not 0 (same day) or 1 (next day)")
        planned = int(item.get("planned_days", 45))
        if not 14 <= planned <= 180:
            raise ValueError("its planned days are not between 14 and 180")
        asked_at = datetime.fromisoformat(item["asked_at"])
        if asked_at.tzinfo is None:
            raise ValueError("“asked_at” has no time zone")
        closed = item.get("closed_at")
        return {
            "habit": habit,
            "tag": find_or_create_tag(person, str(tag_name)[:40]) if tag_name else None,
            "outcome": item["outcome"],
            "direction": item.get("direction", Direction.BETTER),
            "lag": item["lag"],
            "asked_at": asked_at,
            "asked_on": date.fromisoformat(item["asked_on"]),
            "planned_days": planned,
            "kept": bool(item.get("kept", False)),
            "closed_at": datetime.fromisoformat(closed) if closed else None,
        }
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{where} is not a question ({error})") from error
    except ValueError as error:
        raise ValueError(f"{where} is not a question GutMind can take: {error}") from error


EXPORT_SECTIONS = [QuestionsSection()]
