"""CSV records with the line each starts on, and the small helpers every CSV format shares."""

import csv
import sys
from collections.abc import Iterator

from apps.yourdata.importing.records import ImportFileError, tag_name

# A cell longer than this is not something any of these apps writes.
csv.field_size_limit(1024 * 1024)


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank CSV record with the line it starts on (notes may span several lines).
    Streams: the text is read record by record, never split into a list of lines."""
    reader = csv.reader(_lines(text), strict=False)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num} is not valid CSV: {error}.") from error


def _lines(text: str) -> Iterator[str]:
    """The text's lines, ends kept, one at a time (a StringIO would copy the text, at four
    bytes a character once it holds any non-Latin-1 one)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def header_names(row: list[str]) -> list[str]:
    return [" ".join(cell.split()).lower().strip('"') for cell in row]


def split_names(cell: str, separator: str = "|") -> list[str]:
    """Interned: ten years of entries name the same few activities tens of thousands of times."""
    names = (tag_name(part) for part in cell.split(separator))
    return [sys.intern(name) for name in names if name]


def wrong_columns(app: str, wanted: str, found: list[str]) -> ImportFileError:
    shown = ", ".join(found[:10]) or "nothing"
    return ImportFileError(
        f"This is not a {app} CSV export: its first line should name the columns {wanted}, "
        f"but it has {shown}. Check that you picked the right app."
    )
