"""From uploaded bytes to text, JSON or zip members, refusing what would hurt the server:
oversized or compressed-to-explode zips, paths that climb out, JSON nested too deep, numbers
too long to convert, infinities."""

import base64
import binascii
import codecs
import io
import json
import math
import re
import zipfile
from pathlib import PurePosixPath
from typing import Any

from apps.yourdata.importing.records import ImportFileError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# What a zip may unpack to in all, and how much bigger than its packed size a member may be.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000
# Deeper than any export needs, far below what makes Python's parser recurse out of stack.
MAX_JSON_DEPTH = 64


def check_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB; the largest file GutMind imports is "
            "10 MB. Export a shorter period from the other app and import each part."
        )


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1. NUL
    characters are dropped: PostgreSQL cannot store them and no app exports one on purpose."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16").replace("\x00", "")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "The file says it is UTF-16 but cannot be read as such."
            ) from error
    if b"\x00" in raw[:4096]:
        raise ImportFileError(
            "This is not a text file (it holds binary data). Upload the file exactly as the "
            "app exported it; if it is a zip, choose the format that comes as a zip."
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding).replace("\x00", "")
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1").replace("\x00", "")


# --- JSON ----------------------------------------------------------------------------------
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _depth_ok(text: str) -> bool:
    """Brackets outside strings never nest deeper than MAX_JSON_DEPTH (checked before parsing,
    so a file nested 100,000 deep costs a regular-expression pass and no recursion)."""
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return False
    return True


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number GutMind stores")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 18:
        raise ValueError(f"the number {text[:20]}… has {len(text)} digits")
    return int(text)


def load_json(text: str, what: str, object_pairs_hook: Any = None) -> Any:
    """Parse JSON or raise ImportFileError naming `what` the file should have been."""
    if not _depth_ok(text):
        raise ImportFileError(
            f"This is not {what}: it is nested more than {MAX_JSON_DEPTH} levels deep."
        )
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
            object_pairs_hook=object_pairs_hook,
        )
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"This is not {what}: line {error.lineno}, column {error.colno}: {error.msg}."
        ) from error
    except (ValueError, RecursionError) as error:
        raise ImportFileError(f"This is not {what}: {error}.") from error


def decode_base64(data: bytes, what: str) -> bytes:
    try:
        return base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ImportFileError(f"This is not {what}: its contents are not valid base64.") from error


# --- Zips ----------------------------------------------------------------------------------
class SafeZip:
    """A zip whose member names and sizes were checked before anything is unpacked."""

    def __init__(self, raw: bytes, what: str, rooted_names: bool = False) -> None:
        """`rooted_names`: a name starting with "/" is read from the zip's root (Daylio writes
        its backup's photos as "/assets/photos/..."); nothing is ever unpacked to disk, and a
        name that climbs out with ".." is still refused."""
        self.what = what
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ImportFileError(f"This is not {what}: it is not a zip file.") from error
        if len(infos) > MAX_MEMBERS:
            raise ImportFileError(f"This is not {what}: it holds {len(infos)} files.")
        total = 0
        for info in infos:
            _check_name(info.filename.lstrip("/") if rooted_names else info.filename, what)
            total += info.file_size
            packed = max(info.compress_size, 1)
            if total > MAX_UNPACKED_BYTES or info.file_size > packed * MAX_RATIO + 65536:
                raise ImportFileError(
                    f"This is not {what}: it would unpack to far more than it holds "
                    "(a zip bomb?). Nothing was unpacked."
                )
        self.names = [info.filename for info in infos if not info.is_dir()]

    def read(self, name: str) -> bytes:
        """The member's bytes, never more than its declared size."""
        info = self.archive.getinfo(name)
        try:
            with self.archive.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise ImportFileError(f"This is not {self.what}: “{name}” is damaged.") from error
        if len(data) > info.file_size:
            raise ImportFileError(f"This is not {self.what}: “{name}” is larger than it says.")
        return data


def _check_name(name: str, what: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise ImportFileError(
            f"This is not {what}: it holds a path that climbs out of the zip (“{name[:80]}”)."
        )
