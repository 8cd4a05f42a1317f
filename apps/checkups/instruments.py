"""The three questionnaires, as code: staff and the Editors group cannot change them in the
admin. Each keeps its published structure (the items' meaning and order, the recall period,
the answer scale, the scoring and the severity bands); the wording is our own, faithful to
each item's meaning, and every page names the instrument it is adapted from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    low: int  # on the shown scale, inclusive
    high: int
    label: str
    meaning: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    measures: str
    source: str
    recall: str
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]  # (value, label), in the published order
    bands: tuple[Band, ...]
    multiplier: int  # shown score = raw sum x multiplier (WHO-5 shows 0 to 100)
    meaningful_change: int | None  # on the shown scale; None: no agreed figure used here
    change_source: str
    higher_is_better: bool
    default_interval_days: int  # 0: off until the person chooses

    @property
    def max_raw(self) -> int:
        return len(self.items) * max(value for value, _ in self.options)

    @property
    def max_shown(self) -> int:
        return self.max_raw * self.multiplier

    @property
    def answer_values(self) -> frozenset[int]:
        return frozenset(value for value, _ in self.options)

    def shown(self, raw: int) -> int:
        return raw * self.multiplier

    def band_for(self, shown: int) -> Band:
        return next(band for band in self.bands if band.low <= shown <= band.high)


FREQUENCY_4 = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)

PHQ9 = Instrument(
    code="phq9",
    name="PHQ-9",
    measures="low mood",
    source=(
        "Adapted from the Patient Health Questionnaire (PHQ-9): Kroenke K, Spitzer RL, "
        "Williams JBW. The PHQ-9: validity of a brief depression severity measure. "
        "J Gen Intern Med 2001;16(9):606-613."
    ),
    recall="Over the last 2 weeks, how often have you been bothered by each of these?",
    items=(
        "Finding little interest or enjoyment in doing things",
        "Feeling low, down in the dumps or without hope",
        "Difficulty getting to sleep or staying asleep, or sleeping much more than usual",
        "Feeling worn out or short of energy",
        "Not feeling like eating, or eating far more than usual",
        "Feeling bad about yourself: that you are a failure, or have let yourself or "
        "the people close to you down",
        "Difficulty keeping your mind on things, such as reading or watching television",
        "Moving or talking so slowly that other people could have noticed; or the "
        "opposite, being so restless or fidgety that you moved around much more than usual",
        "Thoughts that you would be better off dead, or of hurting yourself in some way",
    ),
    options=FREQUENCY_4,
    bands=(
        Band(0, 4, "Minimal", "Few or no symptoms of low mood in the last two weeks."),
        Band(5, 9, "Mild", "Some symptoms of low mood; worth keeping an eye on."),
        Band(
            10,
            14,
            "Moderate",
            "A level at which talking to a health professional is often suggested.",
        ),
        Band(
            15,
            19,
            "Moderately severe",
            "A level at which people are usually advised to talk to a health professional soon.",
        ),
        Band(
            20,
            27,
            "Severe",
            "A level at which people are advised to talk to a health "
            "professional as soon as they can.",
        ),
    ),
    multiplier=1,
    meaningful_change=5,
    change_source="Kroenke, Spitzer & Williams 2001; Löwe et al. 2004",
    higher_is_better=False,
    default_interval_days=0,
)

GAD7 = Instrument(
    code="gad7",
    name="GAD-7",
    measures="anxiety",
    source=(
        "Adapted from the Generalized Anxiety Disorder scale (GAD-7): Spitzer RL, Kroenke K, "
        "Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: "
        "the GAD-7. Arch Intern Med 2006;166(10):1092-1097."
    ),
    recall="Over the last 2 weeks, how often have you been bothered by each of these?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Being unable to stop worrying, or to keep your worrying under control",
        "Worrying too much about a lot of different things",
        "Finding it hard to relax",
        "Feeling so restless that it is hard to sit still",
        "Getting annoyed or irritated easily",
        "Feeling afraid, as though something terrible might happen",
    ),
    options=FREQUENCY_4,
    bands=(
        Band(0, 4, "Minimal", "Few or no symptoms of anxiety in the last two weeks."),
        Band(5, 9, "Mild", "Some symptoms of anxiety; worth keeping an eye on."),
        Band(
            10,
            14,
            "Moderate",
            "A level at which talking to a health professional is often suggested.",
        ),
        Band(
            15,
            21,
            "Severe",
            "A level at which people are advised to talk to a health professional soon.",
        ),
    ),
    multiplier=1,
    meaningful_change=None,
    change_source="",
    higher_is_better=False,
    default_interval_days=0,
)

WHO5 = Instrument(
    code="who5",
    name="WHO-5",
    measures="wellbeing",
    source=(
        "Adapted from the WHO-5 Well-Being Index: WHO Regional Office for Europe, 1998; "
        "Topp CW, Østergaard SD, Søndergaard S, Bech P. The WHO-5 Well-Being Index: a "
        "systematic review of the literature. Psychother Psychosom 2015;84(3):167-176."
    ),
    recall="Over the last 2 weeks, how much of the time has each of these been true for you?",
    items=(
        "I have been in good spirits and cheerful",
        "I have felt calm and at ease",
        "I have felt active and full of energy",
        "I have woken up feeling refreshed and rested",
        "My everyday life has been full of things that interest me",
    ),
    options=(
        (5, "All of the time"),
        (4, "Most of the time"),
        (3, "More than half of the time"),
        (2, "Less than half of the time"),
        (1, "Some of the time"),
        (0, "At no time"),
    ),
    # Topp et al. 2015: 50 or below suggests screening for depression, 28 or below is the
    # cut-off they report as indicating likely depression. Shown as 0 to 100 (raw x 4).
    bands=(
        Band(
            0,
            28,
            "Very low",
            "Very low wellbeing. Scores this low are a reason to talk to a health professional.",
        ),
        Band(
            29,
            50,
            "Low",
            "Lower wellbeing than most people report; talking to a health "
            "professional about how you feel is worth considering.",
        ),
        Band(51, 100, "Not low", "Wellbeing above the level that usually prompts a closer look."),
    ),
    multiplier=4,
    meaningful_change=10,
    change_source="Topp et al. 2015",
    higher_is_better=True,
    default_interval_days=14,
)

INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in (WHO5, PHQ9, GAD7)}
CODES = tuple(INSTRUMENTS)

# The safety screen opens for any answer above 0 to PHQ-9 item 9, or a WHO-5 raw score of
# 7 or below (28 or below of 100): the cut-off Topp et al. 2015 report for likely depression.
PHQ9_ITEM9_INDEX = 8
WHO5_VERY_LOW_RAW = 7


def get(code: str) -> Instrument | None:
    return INSTRUMENTS.get(code)
