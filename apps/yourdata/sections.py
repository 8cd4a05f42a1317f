"""Export sections: other apps' data in the JSON export and the GutMind-format import.

The core of an export (profile, tag groups, tags, daily logs, check-ins, reminders) is written by
exporting.py. Every other app's data travels as a *section*: a top-level JSON key holding a
list of plain records, written after the core lists and given back to its app on import.

How to add your app's data (insights' questions, experiments, checkups): create
`apps/<your app>/portability.py` with a module attribute `EXPORT_SECTIONS`, a list of
objects that have the attributes of `ExportSection` below (a small class of your own: you do
not import this module, which sits above you in the layers). `key` is your JSON key (unique,
lower case, e.g. "experiments"); `export(person)` yields JSON-ready dicts of that person's
rows, oldest first (ISO strings for dates and times, no database ids the import would need);
`restore(person, items)` is called inside the import's single transaction with the list read
from a GutMind export and returns how many rows it created. It must be idempotent (importing
the same file twice creates nothing the second time: look rows up by a natural key) and raise
`ValueError("what is wrong, in words for the person")` for an item it cannot take, which
rolls the whole import back and shows the message. Optionally give `columns` (a list of
field names) to get `<key>.csv` in the CSV zip, and `label` (plural words, "experiments") for
the preview. Deleting an account relies on your models' ForeignKey to the user with
on_delete=CASCADE; add a test in your app that an account's deletion removes your rows. The
YourDataConfig.ready() finds every portability module through Django's autodiscovery; nothing
here needs editing, and docs/export-schema.md should get a paragraph on your records.
"""

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from django.utils.module_loading import autodiscover_modules

from apps.accounts.models import User

# Keys that exporting.py writes itself: a section may not take them.
CORE_KEYS = frozenset(
    {
        "schema",
        "version",
        "exported_at",
        "profile",
        "tag_groups",
        "tags",
        "daily_logs",
        "checkins",
        "reminders",
    }
)


@runtime_checkable
class ExportSection(Protocol):
    key: str

    def export(self, person: User) -> Iterable[dict[str, Any]]: ...

    def restore(self, person: User, items: list[dict[str, Any]]) -> int: ...


_registry: dict[str, ExportSection] = {}


def register(section: ExportSection) -> None:
    if not isinstance(section, ExportSection):
        raise TypeError(f"{section!r} lacks key, export() or restore()")
    if section.key in CORE_KEYS or not section.key.isidentifier():
        raise ValueError(f"“{section.key}” cannot be an export section's key")
    existing = _registry.get(section.key)
    if existing is not None and existing is not section:
        raise ValueError(f"two export sections are called “{section.key}”")
    _registry[section.key] = section


def unregister(key: str) -> None:
    _registry.pop(key, None)


def all_sections() -> list[ExportSection]:
    return [_registry[key] for key in sorted(_registry)]


def get(key: str) -> ExportSection | None:
    return _registry.get(key)


def label(section: ExportSection) -> str:
    return str(getattr(section, "label", section.key.replace("_", " ")))


def csv_columns(section: ExportSection) -> list[str] | None:
    columns = getattr(section, "columns", None)
    return list(columns) if columns else None


def autodiscover() -> None:
    """Import apps.<app>.portability for every installed app and register its sections."""
    import sys

    autodiscover_modules("portability")
    for name, module in list(sys.modules.items()):
        if name.endswith(".portability") and name.startswith("apps."):
            for section in getattr(module, "EXPORT_SECTIONS", ()):
                register(section)
