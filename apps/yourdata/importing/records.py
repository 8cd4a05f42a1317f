"""What a parser reads out of a file: records, problems, notices. No database here.

A ParsedFile is made once per upload and kept beside it as JSON (`to_json`/`from_json`), so
the preview, the mood-label step, the confirmation and the worker never read the upload again.
"""

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TextIO

from apps.accounts.personal import NOTE_MAX_LENGTH
from apps.lifestyle.models import Tag

TAG_MAX_LENGTH: int = Tag._meta.get_field("name").max_length or 40
# A broken file can have millions of bad lines: the first ones say enough, the rest are counted.
PROBLEMS_KEPT = 200
# A file whose first this many rows give nothing is not the export it was said to be.
HOPELESS_ROWS = 10_000
# The earliest and latest years a wall-clock time can have and still be stored in UTC.
FIRST_YEAR, LAST_YEAR = 2, 9998


class ImportFileError(Exception):
    """The file as a whole cannot be read: the message says why and what to do."""


@dataclass
class Problem:
    where: str
    message: str


@dataclass(slots=True)
class CheckInRecord:
    where: str
    when: datetime  # naive local wall time from other apps' files, aware from GutMind exports
    mood: int | None = None
    label: str = ""  # the mood label as written in the file
    note: str = ""
    emotions: list[str] = field(default_factory=list)
    anxiety: int | None = None
    energy: int | None = None
    local_date: date | None = None
    activities: tuple[str, ...] = ()

    @property
    def label_key(self) -> str:
        return normal_label(self.label)


def normal_label(label: str) -> str:
    return " ".join(label.split()).lower()


def clip(text: str, limit: int = NOTE_MAX_LENGTH) -> str:
    return text.strip()[:limit]


def tag_name(text: str) -> str:
    """A tag's or a tag group's name as GutMind keeps it (both are 40 characters at most)."""
    return " ".join(text.split())[:TAG_MAX_LENGTH].strip()


def check_year(day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"the year {day.year} is outside the years GutMind can store")


@dataclass
class ParsedFile:
    format: str
    rows_read: int = 0
    checkins: list[CheckInRecord] = field(default_factory=list)
    day_tags: dict[date, list[str]] = field(default_factory=dict)
    logs: dict[date, dict[str, Any]] = field(default_factory=dict)  # day -> DailyLog field values
    log_days: set[date] = field(default_factory=set)  # days recorded, even with nothing else
    tags: dict[str, bool] = field(default_factory=dict)  # name -> archived
    groups: list[str] = field(default_factory=list)  # tag groups, in the file's order
    tag_groups: dict[str, str] = field(default_factory=dict)  # tag name -> its group's name
    reminders: list[dict[str, Any]] = field(default_factory=list)  # raw records, as in the export
    unreadable: list[Problem] = field(default_factory=list)
    unreadable_count: int = 0
    skipped: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)  # normalised label -> rows
    label_guesses: dict[str, int] = field(default_factory=dict)  # a first guess per label
    sections: dict[str, list[dict[str, Any]]] = field(
        default_factory=dict
    )  # other apps' data, by key

    def add_day_tags(self, day: date, names: list[str]) -> None:
        self.day_tags.setdefault(day, []).extend(names)

    def add_unreadable(self, where: str, message: str) -> None:
        self.unreadable_count += 1
        if len(self.unreadable) < PROBLEMS_KEPT:
            self.unreadable.append(Problem(where, message))

    def give_up_if_hopeless(self) -> None:
        if self.rows_read >= HOPELESS_ROWS and self.unreadable_count >= self.rows_read:
            raise ImportFileError(
                self.nothing_read_message().replace("the file's", "the file's first")
                + f" GutMind stopped reading after {HOPELESS_ROWS:,} lines."
            )

    def add_skipped(self, where: str, message: str) -> None:
        if len(self.skipped) < PROBLEMS_KEPT:
            self.skipped.append(Problem(where, message))

    @property
    def read_anything(self) -> bool:
        return bool(
            self.checkins
            or self.day_tags
            or self.logs
            or self.log_days
            or self.tags
            or self.groups
            or self.reminders
            or self.sections
        )

    def nothing_read_message(self) -> str:
        """Why an import found nothing, with the first unreadable lines."""
        if not self.rows_read:
            return "The file has no rows after its header: there is nothing to import."
        shown = "; ".join(f"{p.where}: {p.message}" for p in self.unreadable[:5])
        return (
            f"Nothing could be read from the file's {self.rows_read} row"
            f"{'s' if self.rows_read != 1 else ''}. "
            + (f"First problems: {shown}." if shown else "")
        ).strip()

    # --- Kept beside the upload -------------------------------------------------------------
    def write_json(self, out: TextIO) -> None:
        """Written piece by piece: ten megabytes of check-ins never become one string."""
        head = {
            "format": self.format,
            "rows_read": self.rows_read,
            "day_tags": {day.isoformat(): names for day, names in self.day_tags.items()},
            "logs": {day.isoformat(): values for day, values in self.logs.items()},
            "log_days": sorted(day.isoformat() for day in self.log_days),
            "tags": self.tags,
            "groups": self.groups,
            "tag_groups": self.tag_groups,
            "reminders": self.reminders,
            "unreadable": [[p.where, p.message] for p in self.unreadable],
            "unreadable_count": self.unreadable_count,
            "skipped": [[p.where, p.message] for p in self.skipped],
            "notices": self.notices,
            "labels": dict(self.labels),
            "label_guesses": self.label_guesses,
            "sections": self.sections,
        }
        out.write(json.dumps(head, ensure_ascii=False, default=_plain)[:-1])
        out.write(', "checkins": [')
        for index, record in enumerate(self.checkins):
            out.write(("," if index else "") + json.dumps(_checkin_out(record), ensure_ascii=False))
        out.write("]}")

    def to_json(self) -> str:
        buffer = io.StringIO()
        self.write_json(buffer)
        return buffer.getvalue()

    @classmethod
    def from_json(cls, text: str) -> "ParsedFile":
        data = json.loads(text)
        parsed = cls(data["format"], rows_read=data["rows_read"])
        parsed.checkins = [_checkin_in(item) for item in data["checkins"]]
        parsed.day_tags = {date.fromisoformat(k): v for k, v in data["day_tags"].items()}
        parsed.logs = {date.fromisoformat(k): v for k, v in data["logs"].items()}
        parsed.log_days = {date.fromisoformat(k) for k in data["log_days"]}
        parsed.tags = data["tags"]
        # .get: a file kept by the version before groups still reads.
        parsed.groups = data.get("groups", [])
        parsed.tag_groups = data.get("tag_groups", {})
        parsed.reminders = data["reminders"]
        parsed.unreadable = [Problem(*pair) for pair in data["unreadable"]]
        parsed.unreadable_count = data["unreadable_count"]
        parsed.skipped = [Problem(*pair) for pair in data["skipped"]]
        parsed.notices = data["notices"]
        parsed.labels = Counter(data["labels"])
        parsed.label_guesses = data["label_guesses"]
        parsed.sections = data["sections"]
        return parsed


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be kept")


_CHECKIN_FIELDS = ("mood", "label", "note", "emotions", "anxiety", "energy")


def _checkin_out(record: CheckInRecord) -> list[Any]:
    return [
        record.where,
        record.when.isoformat(),
        record.local_date.isoformat() if record.local_date else None,
        list(record.activities),
        *(getattr(record, name) for name in _CHECKIN_FIELDS),
    ]


def _checkin_in(item: list[Any]) -> CheckInRecord:
    where, when, local_date, activities, *values = item
    return CheckInRecord(
        where,
        datetime.fromisoformat(when),
        local_date=date.fromisoformat(local_date) if local_date else None,
        activities=tuple(activities),
        **dict(zip(_CHECKIN_FIELDS, values, strict=True)),
    )
