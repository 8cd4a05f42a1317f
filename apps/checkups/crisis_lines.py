"""Choosing and seeding crisis lines."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from apps.accounts.countries import country_names, guess_country

DATA_FILE = Path(__file__).resolve().parent / "data" / "crisis_lines.json"
FIELDS = (
    "kind",
    "phone",
    "text",
    "website",
    "hours",
    "languages",
    "description",
    "source_url",
    "source_name",
    "found_on",
    "last_verified",
    "position",
)

# Countries the profile offers for which no page naming an emergency number was found.
# Kept short and named on purpose: the help page says so for them and gives what to do.
NO_SOURCE_FOUND = frozenset(
    {
        "AQ",  # Antarctica
        "BV",  # Bouvet Island
        "GQ",  # Equatorial Guinea
        "GS",  # South Georgia & the South Sandwich Islands
        "HM",  # Heard Island & McDonald Islands
        "IO",  # British Indian Ocean Territory
        "PN",  # Pitcairn
        "TF",  # French Southern & Antarctic Lands
        "TK",  # Tokelau
        "UM",  # US minor outlying islands
    }
)


def seed_rows() -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["lines"]


def seed(model) -> int:
    """Adds the shipped lines that are missing; a line staff already edited is kept as they
    left it. Returns how many were added. Takes the model so a migration can pass its own."""
    added = 0
    for row in seed_rows():
        values = {name: row[name] for name in FIELDS}
        for name in ("found_on", "last_verified"):
            values[name] = date.fromisoformat(values[name])
        _, created = model.objects.get_or_create(
            country=row["country"], name=row["name"], defaults=values
        )
        added += created
    return added


def refresh_source(model, country: str, name: str, old_source_url: str) -> int:
    """Moves a seeded line still citing old_source_url onto the shipped row's source; a line
    staff re-sourced themselves is left alone. Returns how many rows changed."""
    shipped = next(r for r in seed_rows() if r["country"] == country and r["name"] == name)
    values = {field: shipped[field] for field in ("source_url", "source_name", "description")}
    for field in ("found_on", "last_verified"):
        values[field] = date.fromisoformat(shipped[field])
    stale = model.objects.filter(country=country, name=name, source_url=old_source_url)
    return stale.update(**values)


@dataclass(frozen=True)
class Help:
    country: str
    country_name: str
    emergency: list
    lines: list
    last_verified: date | None
    guessed: bool
    unsourced: bool = False  # on NO_SOURCE_FOUND: no page naming a number was found


def country_of(person) -> tuple[str, bool]:
    """The person's chosen country, or a guess from their time zone (and whether guessed)."""
    if getattr(person, "is_authenticated", False):
        if person.country:
            return person.country, False
        return guess_country(person.timezone), True
    return "", True


def help_for(country: str, guessed: bool = False) -> Help:
    from apps.checkups.models import CrisisLine, LineKind

    rows = list(CrisisLine.objects.for_country(country)) if country else []
    verified = [row.last_verified for row in rows]
    return Help(
        country=country,
        country_name=country_names().get(country, ""),
        emergency=[row for row in rows if row.kind == LineKind.EMERGENCY],
        lines=[row for row in rows if row.kind == LineKind.CRISIS],
        last_verified=min(verified) if verified else None,
        guessed=guessed,
        unsourced=country in NO_SOURCE_FOUND,
    )


def list_last_verified() -> date | None:
    from django.db.models import Min

    from apps.checkups.models import CrisisLine

    return CrisisLine.objects.aggregate(oldest=Min("last_verified"))["oldest"]


def every_country() -> list[tuple[str, str]]:
    """What the help page offers: every country the profile offers, so that one without a
    sourced number can still be chosen and be told so."""
    return sorted(country_names().items(), key=lambda item: item[1])
