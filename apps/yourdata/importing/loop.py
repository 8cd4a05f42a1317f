"""Loop Habit Tracker's CSV export: a zip with Habits.csv and, per habit, a folder
“001 Name/” holding Checkmarks.csv (Date,Value[,Notes]) and Scores.csv.

Each habit becomes a tag on the days it was done. A day recorded as not done is still a
logged day, without that tag, so tag comparisons count it. Values as Loop writes them:
YES_MANUAL (or 2) done, NO (or 0) not done; YES_AUTO (1: not due that day), SKIP and
UNKNOWN record nothing. A measurable habit is done on a day whose number is above zero.
"""

import re
from collections import defaultdict
from datetime import date

from apps.yourdata.importing import csvrows, decoding
from apps.yourdata.importing.records import ImportFileError, ParsedFile, check_year, clip, tag_name

WHAT = "a Loop Habit Tracker CSV export (zip)"
DONE = {"YES_MANUAL", "2"}
NOT_DONE = {"NO", "0"}
NOTHING = {"YES_AUTO", "1", "SKIP", "-3", "UNKNOWN", "-1", ""}
_FOLDER = re.compile(r"^(\d+)\s")


def parse(raw: bytes) -> ParsedFile:
    archive = decoding.SafeZip(raw, WHAT)
    habits_name = next((n for n in archive.names if n.rsplit("/", 1)[-1] == "Habits.csv"), None)
    if habits_name is None:
        raise ImportFileError(
            f"This is not {WHAT}: the zip has no Habits.csv. In Loop, use Settings, Export as "
            "CSV, and upload the zip as it is."
        )
    parsed = ParsedFile("loop")
    habits = _habits(archive.read(habits_name))
    notes: dict[date, list[str]] = defaultdict(list)
    found = 0
    for name in archive.names:
        parts = name.split("/")
        if parts[-1] != "Checkmarks.csv" or len(parts) < 2:
            continue
        match = _FOLDER.match(parts[-2])
        habit = habits.get(int(match.group(1))) if match else None
        if habit is None:
            continue
        found += 1
        _checkmarks(parsed, name, archive.read(name), habit, notes)
    if not found:
        raise ImportFileError(f"This is not {WHAT}: no habit folder holds a Checkmarks.csv.")
    for day, lines in notes.items():
        parsed.logs.setdefault(day, {})["note"] = clip("\n".join(lines))
    return parsed


def _habits(raw: bytes) -> dict[int, tuple[str, bool]]:
    """Position -> (name, measurable)."""
    rows = csvrows.records(decoding.decode_text(raw))
    first = next(rows, None)
    columns = csvrows.header_names(first[1]) if first else []
    if not {"position", "name"} <= set(columns):
        raise csvrows.wrong_columns("Loop Habits.csv", "Position and Name", columns)
    habits = {}
    for _line, cells in rows:
        row = dict(zip(columns, cells, strict=False))
        try:
            position = int(row.get("position", "").strip())
        except ValueError:
            continue
        name = tag_name(row.get("name", ""))
        kind = row.get("type", "").strip().lower()
        if name:
            habits[position] = (name, kind in {"1", "numerical", "measurable"})
    return habits


def _checkmarks(
    parsed: ParsedFile,
    member: str,
    raw: bytes,
    habit: tuple[str, bool],
    notes: dict[date, list[str]],
) -> None:
    name, measurable = habit
    for line, cells in csvrows.records(decoding.decode_text(raw)):
        if cells[0].strip().lower() == "date":
            continue  # newer exports have a header line, older ones none
        parsed.give_up_if_hopeless()
        parsed.rows_read += 1
        where = f"{member} line {line}"
        try:
            day = date.fromisoformat(cells[0].strip())
            check_year(day)
            done = _done(cells[1].strip() if len(cells) > 1 else "", measurable)
        except ValueError as error:
            parsed.add_unreadable(where, str(error))
            continue
        if done is None:
            continue
        parsed.log_days.add(day)
        if done:
            parsed.add_day_tags(day, [name])
        note = cells[2].strip() if len(cells) > 2 else ""
        if note:
            notes[day].append(f"{name}: {note}")


def _done(value: str, measurable: bool) -> bool | None:
    upper = value.upper()
    if not measurable:
        if upper in DONE:
            return True
        if upper in NOT_DONE:
            return False
        if upper in NOTHING:
            return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"the value “{value}” is not one Loop writes") from None
    if number < 0:
        return None
    return number > 0
