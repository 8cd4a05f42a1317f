"""Bring history in from Daylio (CSV or backup), Bearable, Loop Habit Tracker or a GutMind
export.

Three steps, each a plain function: `parse` reads the file into records, once per upload (a
module per format; a file it cannot read at all raises ImportFileError with a message for the
person), `build_plan` works out what would be created and what is already there (the
preview), and `apply_plan` writes it in one transaction. Nothing is written before the last
step, and a second import of the same file finds everything already there.

Shared parts: `decoding` (bytes to text, JSON and zips, safely), `csvrows`, `dates` (clock
times, month and weekday names in every language through Babel), `records` (what a parser
returns), `plan` and `applying`.
"""

from collections.abc import Callable

from apps.yourdata.importing import bearable, daylio, daylio_backup, gutmind, loop
from apps.yourdata.importing.applying import ImportResult, apply_plan
from apps.yourdata.importing.decoding import MAX_UPLOAD_BYTES, check_size, decode_text
from apps.yourdata.importing.plan import (
    ImportPlan,
    build_plan,
    parse_mood_map,
    remembered_labels,
    unmapped_labels,
)
from apps.yourdata.importing.records import ImportFileError, ParsedFile, Problem

FORMATS = {
    "daylio-backup": "Daylio backup (.daylio)",
    "daylio": "Daylio (CSV)",
    "bearable": "Bearable (CSV)",
    "loop": "Loop Habit Tracker (CSV zip)",
    "gutmind": "GutMind (JSON)",
}
DAYLIO_DEFAULT_MOODS = daylio.DEFAULT_MOODS


def _text(parser: Callable[[str], ParsedFile]) -> Callable[[bytes], ParsedFile]:
    return lambda raw: parser(decode_text(raw))


PARSERS: dict[str, Callable[[bytes], ParsedFile]] = {
    "daylio": _text(daylio.parse),
    "daylio-backup": daylio_backup.parse,
    "bearable": _text(bearable.parse),
    "loop": loop.parse,
    "gutmind": _text(gutmind.parse),
}


def parse(fmt: str, raw: bytes) -> ParsedFile:
    check_size(len(raw))
    if not raw.strip():
        raise ImportFileError("The file is empty.")
    parser = PARSERS.get(fmt)
    if parser is None:
        raise ImportFileError(f"Unknown format “{fmt}”: choose one of {', '.join(FORMATS)}.")
    return parser(raw)


__all__ = [
    "DAYLIO_DEFAULT_MOODS",
    "FORMATS",
    "MAX_UPLOAD_BYTES",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "ParsedFile",
    "Problem",
    "apply_plan",
    "build_plan",
    "check_size",
    "decode_text",
    "parse",
    "parse_mood_map",
    "remembered_labels",
    "unmapped_labels",
]
