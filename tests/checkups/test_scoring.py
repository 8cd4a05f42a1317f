"""Scoring against the published structure: PHQ-9 (Kroenke, Spitzer & Williams 2001),
GAD-7 (Spitzer et al. 2006), WHO-5 (WHO Europe 1998; Topp et al. 2015)."""

import pytest

from apps.checkups import scoring
from apps.checkups.instruments import GAD7, PHQ9, WHO5


def answers_summing_to(instrument, total: int) -> list[int]:
    top = max(instrument.answer_values)
    answers = []
    for _ in instrument.items:
        value = min(top, total)
        answers.append(value)
        total -= value
    assert total == 0
    return answers


def test_the_published_structure_is_kept():
    assert len(PHQ9.items) == 9 and PHQ9.max_raw == 27
    assert len(GAD7.items) == 7 and GAD7.max_raw == 21
    assert len(WHO5.items) == 5 and WHO5.max_raw == 25 and WHO5.max_shown == 100
    assert [v for v, _ in PHQ9.options] == [0, 1, 2, 3]
    assert [v for v, _ in WHO5.options] == [5, 4, 3, 2, 1, 0]
    assert "2 weeks" in PHQ9.recall and "2 weeks" in GAD7.recall and "2 weeks" in WHO5.recall
    # Item 9 of the PHQ-9 asks about thoughts of death or self-harm.
    assert "better off dead" in PHQ9.items[8]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Moderately severe"),
        (19, "Moderately severe"),
        (20, "Severe"),
        (27, "Severe"),
    ],
)
def test_phq9_scores_fall_in_the_published_bands(total, band):
    raw = scoring.raw_score(PHQ9, answers_summing_to(PHQ9, total))
    assert raw == total
    assert PHQ9.band_for(PHQ9.shown(raw)).label == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Severe"),
        (21, "Severe"),
    ],
)
def test_gad7_scores_fall_in_the_published_bands(total, band):
    raw = scoring.raw_score(GAD7, answers_summing_to(GAD7, total))
    assert GAD7.band_for(GAD7.shown(raw)).label == band


@pytest.mark.parametrize(
    ("raw", "shown", "band"),
    [
        (0, 0, "Very low"),
        (7, 28, "Very low"),
        (8, 32, "Low"),
        (12, 48, "Low"),
        (13, 52, "Not low"),
        (25, 100, "Not low"),
    ],
)
def test_who5_raw_times_four_is_the_percentage_score(raw, shown, band):
    answers = answers_summing_to(WHO5, raw)
    assert scoring.raw_score(WHO5, answers) == raw
    assert WHO5.shown(raw) == shown
    assert WHO5.band_for(shown).label == band


def test_a_worked_phq9_example_sums_its_answers():
    # 1+2+1+3+0+1+2+0+0: "several days" to "nearly every day" on different items.
    assert scoring.raw_score(PHQ9, [1, 2, 1, 3, 0, 1, 2, 0, 0]) == 10


def test_a_partial_questionnaire_has_no_score():
    assert scoring.raw_score(PHQ9, [1, 2, None, 3, 0, 1, 2, 0, 0]) is None


@pytest.mark.parametrize("bad", [4, -1, "x", "2.5"])
def test_an_answer_the_scale_does_not_offer_is_refused_with_its_question_number(bad):
    answers = [0] * 9
    answers[3] = bad
    with pytest.raises(scoring.OutOfRange, match="Question 4"):
        scoring.clean_answers(PHQ9, answers)


def test_the_wrong_number_of_answers_is_refused():
    with pytest.raises(scoring.OutOfRange):
        scoring.clean_answers(GAD7, [0] * 6)


def test_any_answer_above_zero_to_phq9_item9_asks_for_the_safety_screen():
    for value in (1, 2, 3):
        answers = [0] * 8 + [value]
        assert scoring.safety_reasons(PHQ9, answers) == ["phq9_item9"]
    assert scoring.safety_reasons(PHQ9, [3] * 8 + [0]) == []
    # A draft with item 9 answered still opens it.
    assert scoring.safety_reasons(PHQ9, [None] * 8 + [1]) == ["phq9_item9"]


def test_a_who5_raw_score_of_seven_or_below_asks_for_the_safety_screen():
    assert scoring.safety_reasons(WHO5, answers_summing_to(WHO5, 7)) == ["who5_very_low"]
    assert scoring.safety_reasons(WHO5, answers_summing_to(WHO5, 8)) == []


def test_a_phq9_change_of_five_points_is_called_meaningful():
    change = scoring.describe_change(PHQ9, 15, 10)
    assert change.meaningful and change.points == -5
    assert "5 points lower than last time" in change.words and "better" in change.words
    smaller = scoring.describe_change(PHQ9, 15, 11)
    assert not smaller.meaningful and "ordinary variation" in smaller.words


def test_a_who5_change_of_ten_points_is_called_meaningful():
    assert scoring.describe_change(WHO5, 48, 60).meaningful
    assert not scoring.describe_change(WHO5, 48, 56).meaningful
    assert "worse" in scoring.describe_change(WHO5, 60, 40).words


def test_no_change_and_gad7_without_a_threshold_are_said_plainly():
    assert scoring.describe_change(PHQ9, 7, 7).words == "The same score as last time."
    words = scoring.describe_change(GAD7, 12, 6).words
    assert "6 points lower" in words and "no agreed threshold" in words
