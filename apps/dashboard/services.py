"""Where the dashboard's data changes: questions asked in advance."""

from django.utils import timezone

from apps.dashboard.models import Question


def ask_question(person, **fields) -> Question:
    """A new question, asked now: only days after the person's today count for it."""
    return Question.objects.create(
        person=person, asked_at=timezone.now(), asked_on=person.local_today(), **fields
    )


def close_question(question: Question) -> None:
    """Closed: its answer is kept as it stood, and it counts no more days."""
    if question.closed_at is None:
        question.closed_at = timezone.now()
        question.save(update_fields=["closed_at"])


def keep_question(question: Question, kept: bool = True) -> None:
    question.kept = kept
    question.save(update_fields=["kept"])
