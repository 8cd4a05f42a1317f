"""Pure functions over answers and scores: no database."""

from dataclasses import dataclass

from apps.checkups.instruments import (
    PHQ9_ITEM9_INDEX,
    WHO5_VERY_LOW_RAW,
    Instrument,
)


class OutOfRange(ValueError):
    pass


def clean_answers(instrument: Instrument, answers: list[object]) -> list[int | None]:
    """One answer (or None) per item; anything else than a published value is refused."""
    if len(answers) != len(instrument.items):
        raise OutOfRange(f"{instrument.name} has {len(instrument.items)} questions.")
    cleaned: list[int | None] = []
    for number, answer in enumerate(answers, start=1):
        if answer is None or answer == "":
            cleaned.append(None)
            continue
        try:
            value = int(str(answer))
        except ValueError:
            value = -1
        if value not in instrument.answer_values:
            low, high = min(instrument.answer_values), max(instrument.answer_values)
            raise OutOfRange(
                f"Question {number}: choose one of the answers shown ({low} to {high})."
            )
        cleaned.append(value)
    return cleaned


def raw_score(instrument: Instrument, answers: list[int | None]) -> int | None:
    """The sum of the answers, or None while any is missing: a partial form is not scored."""
    if len(answers) != len(instrument.items) or any(a is None for a in answers):
        return None
    return sum(a for a in answers if a is not None)


def safety_reasons(instrument: Instrument, answers: list[int | None]) -> list[str]:
    reasons = []
    if instrument.code == "phq9" and len(answers) > PHQ9_ITEM9_INDEX:
        item9 = answers[PHQ9_ITEM9_INDEX]
        if item9 is not None and item9 > 0:
            reasons.append("phq9_item9")
    if instrument.code == "who5":
        raw = raw_score(instrument, answers)
        if raw is not None and raw <= WHO5_VERY_LOW_RAW:
            reasons.append("who5_very_low")
    return reasons


@dataclass(frozen=True)
class Change:
    points: int  # on the shown scale, latest minus previous
    words: str
    meaningful: bool


def describe_change(instrument: Instrument, previous: int, latest: int) -> Change:
    """Latest and previous on the shown scale (WHO-5 0-100), in plain words."""
    diff = latest - previous
    unit = "points"
    if diff == 0:
        return Change(0, "The same score as last time.", False)
    size = abs(diff)
    direction = "higher" if diff > 0 else "lower"
    better = (diff > 0) == instrument.higher_is_better
    what = f"{size} {unit if size != 1 else 'point'} {direction} than last time"
    threshold = instrument.meaningful_change
    if threshold is None:
        note = (
            f"({'better' if better else 'worse'}). We use no agreed threshold for a "
            f"meaningful change on the {instrument.name}."
        )
        return Change(diff, f"{what} {note}", False)
    if size >= threshold:
        feeling = "better" if better else "worse"
        note = (
            f": a change of {threshold} or more is usually counted as a real change "
            f"({feeling}), not day-to-day variation ({instrument.change_source})."
        )
        return Change(diff, what + note, True)
    note = (
        f": smaller than the {threshold} points usually counted as a real change, so it may "
        "be ordinary variation."
    )
    return Change(diff, what + note, False)
