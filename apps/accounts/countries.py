"""Countries (ISO 3166-1 alpha-2) and a guess of a person's country from their time zone,
read from the tz database's own tables (iso3166.tab, zone.tab, zone1970.tab) wherever
zoneinfo finds its data: the system's /usr/share/zoneinfo or the tzdata package."""

import zoneinfo
from functools import cache
from pathlib import Path


def _tz_table(name: str) -> list[list[str]]:
    for folder in _tz_folders():
        path = folder / name
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            return [line.split("\t") for line in lines if line and not line.startswith("#")]
    return []


def _tz_folders() -> list[Path]:
    folders = [Path(p) for p in zoneinfo.TZPATH]
    try:
        import tzdata

        folders.append(Path(tzdata.__file__).parent / "zoneinfo")
    except ImportError:
        pass
    return folders


@cache
def country_names() -> dict[str, str]:
    return {row[0]: row[1] for row in _tz_table("iso3166.tab") if len(row) >= 2}


def country_choices() -> list[tuple[str, str]]:
    names = country_names()
    return [("", "Not set"), *sorted(names.items(), key=lambda item: item[1])]


@cache
def _zone_countries() -> dict[str, str]:
    # zone1970.tab lists the most populous country first for a shared zone; zone.tab has
    # exactly one country for every zone, links included (Europe/Oslo), so it wins.
    guesses = {row[2]: row[0].split(",")[0] for row in _tz_table("zone1970.tab") if len(row) >= 3}
    guesses.update({row[2]: row[0] for row in _tz_table("zone.tab") if len(row) >= 3})
    return guesses


def guess_country(timezone_name: str) -> str:
    """The ISO code of the country a time zone belongs to, or "" (UTC, Etc/GMT+3)."""
    return _zone_countries().get(timezone_name, "")


def validate_country(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value and value not in country_names():
        raise ValidationError(
            "“%(value)s” is not a country code we know. Pick your country from the list.",
            code="invalid_country",
            params={"value": value},
        )
