"""CSV records with the line each starts on, and the small helpers every CSV format shares."""

import csv
import io
from collections.abc import Iterator

from apps.yourdata.importing.records import ImportFileError, tag_name

# A cell longer than this is not something any of these apps writes.
csv.field_size_limit(1024 * 1024)


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank CSV record with the line it starts on (notes may span several lines).
    Streams: the text is read record by record, never split into a list of lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num} is not valid CSV: {error}.") from error


def header_names(row: list[str]) -> list[str]:
    return [" ".join(cell.split()).lower().strip('"') for cell in row]


def split_names(cell: str, separator: str = "|") -> list[str]:
    names = (tag_name(part) for part in cell.split(separator))
    return [name for name in names if name]


def wrong_columns(app: str, wanted: str, found: list[str]) -> ImportFileError:
    shown = ", ".join(found[:10]) or "nothing"
    return ImportFileError(
        f"This is not a {app} CSV export: its first line should name the columns {wanted}, "
        f"but it has {shown}. Check that you picked the right app."
    )
