"""Notices that apps above lifestyle put on a day's page: today's experiment instruction, a
questionnaire that is due. lifestyle may not import those apps (apps depend one way), so they
register a source here from their AppConfig.ready(), and the day page asks every source."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from apps.accounts.models import User


@dataclass(frozen=True)
class DayNotice:
    """A template to include on the day page, with its own context (under `notice`)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


DayNoticeSource = Callable[[User, date], DayNotice | None]

_sources: list[DayNoticeSource] = []


def register_day_notice(source: DayNoticeSource) -> DayNoticeSource:
    """Usable as a decorator; registering the same function twice keeps one."""
    if source not in _sources:
        _sources.append(source)
    return source


def unregister_day_notice(source: DayNoticeSource) -> None:
    if source in _sources:
        _sources.remove(source)


def day_notices(person: User, day: date) -> list[DayNotice]:
    notices = (source(person, day) for source in _sources)
    return [notice for notice in notices if notice is not None]
