"""The habit form, shared by /today/ and /log/<date>/, and the tag forms for /settings/tags/.

The field list and order come from habits.py, so adding a habit there adds it here."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import QuerySet

from apps.accounts.models import User
from apps.lifestyle.habits import HABITS, WATER_GLASS_ML, Habit, Kind
from apps.lifestyle.layout import layout_for
from apps.lifestyle.models import DailyLog, Tag, TagGroup, TagQuerySet

# Tag.name is a CharField, which always has a max_length.
TAG_NAME_MAX = cast(int, Tag._meta.get_field("name").max_length)
# Shown as a row of buttons from low to high rather than a number stepper.
SCALE_FIELDS = tuple(habit.field for habit in HABITS if habit.scale is not None)
WATER_UNITS = (("glasses", f"glasses ({WATER_GLASS_ML} ml)"), ("ml", "ml"))
# The habit columns the form edits directly, in the order of habits.py (water is entered
# through water_amount and water_unit instead of water_ml). They are also what "fill in as
# last time" copies: not the tags, stool type or note, which belong to one day.
COPYABLE_FIELDS = [habit.field for habit in HABITS if habit.field != "water_ml"]


def habit_form_fields() -> list[str]:
    """Model fields edited by the habit form."""
    return [*COPYABLE_FIELDS, "bristol_type", "tags", "note"]


def copyable_values(previous: DailyLog, person: User) -> dict[str, object]:
    """The previous log's habits as the form shows them (water in glasses, sleep as 7.5), for
    static/js/today.js to fill in; fields not logged then are left out."""
    form = DailyLogForm(instance=previous, person=person)
    values = {name: form[name].value() for name in COPYABLE_FIELDS}
    values.update(water_amount=form["water_amount"].value(), water_unit=form["water_unit"].value())
    return {name: _plain(value) for name, value in values.items() if value not in (None, "")}


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


NUMBER_ERRORS = (
    "invalid",
    "min_value",
    "max_value",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
)
EXAMPLES = {"sleep_hours": "7.5", "exercise_minutes": "30", "mindfulness_minutes": "10"}


def what_to_type(habit: Habit) -> dict[str, str]:
    """One message for every way a number can be wrong, saying what to type instead of
    "Ensure that there are no more than 4 digits in total"."""
    limits = {"min": 0, "max": None}
    column = DailyLog._meta.get_field(habit.field)
    validators = column.validators if isinstance(column, models.Field) else []
    for validator in validators:
        if isinstance(validator, MinValueValidator | MaxValueValidator):
            limits["min" if isinstance(validator, MinValueValidator) else "max"] = (
                validator.limit_value
            )
    span = f"from {limits['min']} to {limits['max']}" if limits["max"] is not None else ""
    unit = f" {habit.unit}" if habit.unit else ""
    example = EXAMPLES.get(habit.field, str(habit.daily_min or 2))
    text = f"Enter {habit.label.lower()} as a number {span}{unit}, such as {example}."
    return dict.fromkeys(NUMBER_ERRORS, " ".join(text.split()).replace(" ,", ","))


def split_tag_names(text: str) -> list[str]:
    """ "coffee, Walk outside" -> ["coffee", "Walk outside"]; blanks and repeats dropped."""
    names: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def unique_name(
    typed: str,
    own: "QuerySet[Tag] | QuerySet[TagGroup]",
    instance_pk: int | None,
    what: str,
    example: str,
) -> str:
    """A tag's or a group's name, its spaces folded: refused when empty, or when another of
    the person's own (`own`, less the one being renamed) has it, ignoring case."""
    name = " ".join(typed.split())
    if not name:
        raise ValidationError(f"Give the {what} a name, such as {example}.")
    clash = own.filter(name__iexact=name)
    if instance_pk:
        clash = clash.exclude(pk=instance_pk)
    existing = clash.first() if clash.exists() else None
    if existing is not None:
        raise ValidationError(
            f"You already have a {what} called “%(name)s”. Pick another name.",
            params={"name": existing.name},
        )
    return name


@dataclass(frozen=True)
class HabitRow:
    habit: Habit
    field: forms.BoundField
    kind: str  # "stepper", "scale", "toggle" or "water"
    step: str
    progress_text: str
    progress_percent: int | None


def _progress(habit: Habit, value: object) -> tuple[str, int | None]:
    if habit.daily_min is None or value in (None, ""):
        return "", None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return "", None
    if not amount.is_finite():  # "NaN" or "-Infinity" typed in: the field's error says why
        return "", None
    percent = int(min(Decimal(100), amount * 100 / Decimal(habit.daily_min)))
    target = habit.daily_min if habit.daily_max is None else f"{habit.daily_min}–{habit.daily_max}"
    return f"{amount.normalize():f} of {target} {habit.unit or ''}".rstrip(), max(percent, 0)


class DailyLogForm(forms.ModelForm[DailyLog]):
    glass_ml = WATER_GLASS_ML  # the day page hands it to static/js/today.js
    water_amount = forms.DecimalField(
        label="Water",
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        error_messages={"invalid": "Enter the water as a number, such as 6 (glasses) or 1500."},
    )
    water_unit = forms.ChoiceField(
        label="Water unit", choices=WATER_UNITS, initial="glasses", widget=forms.RadioSelect
    )
    new_tags = forms.CharField(
        label="Add a tag",
        required=False,
        max_length=400,
        help_text="Your own yes/no activities, such as coffee or walk outside. "
        "Separate several with commas.",
    )

    class Meta:
        model = DailyLog
        fields = habit_form_fields()
        widgets = {
            "tags": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.RadioSelect for name in SCALE_FIELDS},
        }
        labels = {
            **{habit.field: habit.label for habit in HABITS},
            "probiotic_taken": "Probiotic taken",
            "bristol_type": "Stool type (Bristol scale, optional)",
            "tags": "Your tags",
        }

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        tags = cast(forms.ModelMultipleChoiceField[Tag], self.fields["tags"])  # the M2M's field
        tags.queryset = self._tag_choices()
        tags.required = False
        for name in SCALE_FIELDS:
            # RadioSelect would offer "---------" for the empty choice: "not logged" is no tap.
            scale = cast(forms.TypedChoiceField, self.fields[name])  # a field with choices
            # A model field's choices reach its form field as a list of (value, label).
            scale.choices = cast(list[tuple[object, str]], scale.choices)[1:]
            label = str(self.fields[name].label).lower()
            self.fields[name].error_messages["invalid_choice"] = f"Pick {label} from 1 to 5."
        self.fields["bristol_type"].error_messages["invalid_choice"] = (
            "Pick a stool type from 1 to 7, or leave it as not logged."
        )
        if self.instance.water_ml is not None and not self.is_bound:
            self._prefill_water(self.instance.water_ml)
        if self.instance.sleep_hours is not None and not self.is_bound:
            self.initial["sleep_hours"] = self.instance.sleep_hours_text
        for habit in HABITS:
            numeric = habit.kind == Kind.NUMBER and habit.field not in SCALE_FIELDS
            if numeric and habit.field in self.fields:
                self.fields[habit.field].error_messages.update(what_to_type(habit))

    def _tag_choices(self) -> TagQuerySet:
        """Active tags, plus archived ones this day already carries so editing keeps them."""
        own = Tag.objects.for_user(self.person).select_related("group")
        if self.instance.pk:
            return (own.active() | own.filter(daily_logs=self.instance)).distinct()
        return own.active()

    def _prefill_water(self, ml: int) -> None:
        if ml % (WATER_GLASS_ML // 2) == 0:
            glasses = Decimal(ml) / WATER_GLASS_ML
            self.initial.update(water_amount=glasses.normalize(), water_unit="glasses")
        else:
            self.initial.update(water_amount=ml, water_unit="ml")

    def clean_new_tags(self) -> list[str]:
        names = split_tag_names(self.cleaned_data["new_tags"])
        too_long = [name for name in names if len(name) > TAG_NAME_MAX]
        if too_long:
            raise ValidationError(
                "Keep each tag under %(max)s characters: “%(name)s” is too long.",
                params={"max": TAG_NAME_MAX + 1, "name": too_long[0]},
            )
        return names

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        amount = cleaned.get("water_amount")
        unit = cleaned.get("water_unit", "glasses")
        cleaned["water_ml"] = None
        if amount is not None:
            ml = amount * WATER_GLASS_ML if unit == "glasses" else amount
            ml = int(ml.quantize(Decimal(1), rounding=ROUND_HALF_UP))
            try:
                DailyLog._meta.get_field("water_ml").run_validators(ml)
            except ValidationError:
                self.add_error(
                    "water_amount",
                    f"Enter between 0 and 10,000 ml (40 glasses); you entered {ml:,} ml.",
                )
            else:
                cleaned["water_ml"] = ml
        return cleaned

    def habit_values(self) -> dict[str, Any]:
        """The DailyLog column values of a valid form, ready for update_or_create."""
        names = [name for name in habit_form_fields() if name != "tags"]
        values = {name: self.cleaned_data[name] for name in names}
        return {**values, "water_ml": self.cleaned_data["water_ml"]}

    def habit_rows(self) -> list[HabitRow]:
        return [self._row(habit) for habit in HABITS]

    def _row(self, habit: Habit) -> HabitRow:
        if habit.field == "water_ml":
            kind, bound = "water", self["water_amount"]
            value = self._water_ml_for_progress()
        else:
            bound = self[habit.field]
            kind = "toggle" if habit.kind == Kind.YESNO else "stepper"
            kind = "scale" if habit.field in SCALE_FIELDS else kind
            value = bound.value()
        text, percent = _progress(habit, value)
        return HabitRow(habit, bound, kind, habit.step, text, percent)

    def _water_ml_for_progress(self) -> Decimal | None:
        amount = self["water_amount"].value()
        try:
            amount = Decimal(str(amount))
        except ArithmeticError:
            return None
        return amount * WATER_GLASS_ML if self["water_unit"].value() == "glasses" else amount


class TagForm(forms.ModelForm[Tag]):
    """Create or rename one of the person's tags, and put it in one of their groups: names
    are unique ignoring case, and only the person's own groups are choices (another
    person's group id is refused as an invalid choice, saying nothing about it)."""

    class Meta:
        model = Tag
        fields = ["name", "group"]
        labels = {"name": "Tag name", "group": "Group"}

    def __init__(
        self, *args: Any, person: User, groups: list[TagGroup] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if self.instance.person_id is None:  # so that the model's clean() knows whose tag
            self.instance.person = person
        field = cast(forms.ModelChoiceField[TagGroup], self.fields["group"])  # the FK's field
        field.queryset = TagGroup.objects.for_user(person)
        if groups is not None:  # the page's own list: no query per row
            field.choices = [("", "No group"), *((group.pk, group.name) for group in groups)]
        field.empty_label = "No group"
        field.error_messages["invalid_choice"] = "Choose one of your groups, or no group."

    def clean_name(self) -> str:
        own = Tag.objects.for_user(self.person)
        return unique_name(self.cleaned_data["name"], own, self.instance.pk, "tag", "coffee")


class MyHabitsForm(forms.Form):
    """/settings/habits/: a "show first" switch and a position for each habit and tag."""

    def __init__(self, *args: Any, person: User, tags: list[Tag], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout = layout_for(person, tags)
        position = {name: n + 1 for n, name in enumerate(layout.habits)}
        self.habit_names = [habit.field for habit in HABITS]
        for habit in HABITS:
            self._add(f"habit_{habit.field}", habit.label, habit.field in position)
            self.fields[f"order_habit_{habit.field}"].initial = position.get(habit.field)
        self.tags = [*layout.tags, *layout.more_tags]
        for n, tag in enumerate(self.tags):
            self._add(f"tag_{tag.pk}", tag.name, tag in layout.tags)
            self.fields[f"order_tag_{tag.pk}"].initial = n + 1 if tag in layout.tags else None

    def _add(self, name: str, label: str, shown: bool) -> None:
        self.fields[f"show_{name}"] = forms.BooleanField(
            label=f"Show {label} first", required=False, initial=shown
        )
        self.fields[f"order_{name}"] = forms.IntegerField(
            label=f"Position of {label}",
            required=False,
            min_value=1,
            max_value=99,
            error_messages={
                "invalid": "Enter a position as a whole number, such as 1 for the top.",
                "min_value": "Enter 1 or more: 1 is the top.",
                "max_value": "Enter a position up to 99.",
            },
        )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        names = [(f"habit_{h.field}", h.label) for h in HABITS]
        names += [(f"tag_{tag.pk}", tag.name) for tag in self.tags]
        return [(label, self[f"show_{name}"], self[f"order_{name}"]) for name, label in names]

    def _ordered(self, names: list[str]) -> list[str]:
        chosen = [name for name in names if self.cleaned_data[f"show_{name}"]]
        rank = {name: n for n, name in enumerate(names)}

        def key(name: str) -> tuple[int, int]:
            return (self.cleaned_data[f"order_{name}"] or 100, rank[name])

        return sorted(chosen, key=key)

    def layout(self) -> tuple[list[str], list[int], list[int]]:
        habits = self._ordered([f"habit_{name}" for name in self.habit_names])
        tag_names = [f"tag_{tag.pk}" for tag in self.tags]
        shown_tags = self._ordered(tag_names)
        hidden = [tag.pk for tag in self.tags if f"tag_{tag.pk}" not in shown_tags]
        return (
            [name.removeprefix("habit_") for name in habits],
            [int(name.removeprefix("tag_")) for name in shown_tags],
            hidden,
        )


class TagGroupForm(forms.ModelForm[TagGroup]):
    """Create or rename one of the person's tag groups: names are unique ignoring case."""

    class Meta:
        model = TagGroup
        fields = ["name"]
        labels = {"name": "Group name"}

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_name(self) -> str:
        own = TagGroup.objects.for_user(self.person)
        typed = self.cleaned_data["name"]
        return unique_name(typed, own, self.instance.pk, "group", "Sleep or Social")
