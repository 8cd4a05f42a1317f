"""Every URL pattern of the project, read from the URLconf so new ones are covered without
editing this file, is asked for by a signed-in person with hostile path values and bodies.
Whatever comes in, the answer is never a 500 (an exception)."""

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Third-party and Django's own pages are theirs to test; the media route serves files.
SKIP_PREFIXES = ("admin/", "accounts/", "media/", "__debug__/")
INT_VALUES = ["0", "99999999999999999999"]
STR_VALUES = ["phq9", "json", "%00%E2%80%AE", "9" * 30]
BODIES = [
    {"x": "\x00"},
    {
        "date": ["0001-01-01", "9999-12-31"],
        "start": "0001-01-01",
        "end": "9999-12-31",
        "pk": "NaN",
        "mood": "inf",
        "answer": ["1", "2"],
        "note": "\u202e" * 5000,
        "idempotency_key": "\x00",
    },
    {
        **{f"q{n}": v for n, v in enumerate(["NaN", "99999999999999999999", "-1", "inf"] * 3, 1)},
        "template": "sleep",
        "habit": "sleep_hours",
        "outcome": "mood",
        "threshold": "NaN",
        "length_days": "1e999",
        "period_days": "99999999999999999999",
        "start_date": "0001-01-01",
        "planned_days": "-1",
        "lag": "9" * 30,
        "interval_days": "inf",
        "instrument": "phq9",
        "country": "\x00",
        "kind": "x",
        "kept": "NaN",
        "days": "9999-12-31",
    },
    {
        "template": "sleep",
        "habit": "tag:99999999999999999999",
        "outcome": "mood",
        "start_date": "9999-12-31",
        "length_days": "14",
        "period_days": "7",
        "threshold": "1e999",
        "planned_days": "30",
        "lag": "0",
        "interval_days": "14",
        "instrument": "who5",
    },
]


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry, route)
        else:
            yield route, entry


def routes() -> list[str]:
    found = []
    for route, _ in walk(get_resolver()):
        if route.startswith(SKIP_PREFIXES) or route.startswith("^"):
            continue
        found.append(route)
    return sorted(set(found))


def fill(route: str) -> list[str]:
    import re

    parts = re.split(r"(<[^>]+>)", route)
    urls = [""]
    for part in parts:
        if part.startswith("<"):
            kind = part[1:-1].split(":")[0] if ":" in part else "str"
            values = INT_VALUES if kind == "int" else STR_VALUES
            urls = [u + v for u in urls for v in values][: max(len(values), 12)]
        else:
            urls = [u + part for u in urls]
    return ["/" + u for u in urls]


def test_the_walk_sees_the_new_apps():
    found = routes()
    for expected in ("experiments/<int:pk>/", "questions/<int:pk>/", "report/pdf/", "sw.js"):
        assert expected in found


@pytest.mark.parametrize("route", routes())
def test_no_url_answers_500_to_a_signed_in_person(client, person, route):
    client.raise_request_exception = False
    client.force_login(person)
    for url in fill(route):
        params = {"start": "0001-01-01", "end": "9999-12-31", "page": "NaN", "year": "1e999"}
        for query in ({}, params):
            response = client.get(url, query)
            assert response.status_code < 500, (url, query)
        for body in BODIES:
            response = client.post(url, body)
            assert response.status_code < 500, (url, body)
        response = client.post(url, b"\xff\xfe{not json", content_type="application/json")
        assert response.status_code < 500, (url, "bad json")


def other_persons_objects(other) -> dict[str, list[int]]:
    """One of each kind of object reachable by an id in a URL, all someone else's."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.checkups.models import Response
    from apps.dashboard.models import Question
    from tests.experiments.test_views import _experiment
    from tests.factories import MoodCheckInFactory

    today = other.local_today()
    experiment = _experiment(other, start=today + timedelta(days=1))
    question = Question.objects.create(
        person=other, habit="sleep_hours", outcome="mood", asked_at=timezone.now(), asked_on=today
    )
    checkup = Response.objects.create(
        person=other, instrument="who5", answers=[3] * 5, completed_at=timezone.now(),
        local_date=today, raw_score=15,
    )  # fmt: skip
    checkin = MoodCheckInFactory(person=other)
    return {
        "Experiment": [experiment.pk],
        "Question": [question.pk],
        "Response": [checkup.pk],
        "MoodCheckIn": [checkin.pk],
    }


def id_routes() -> list[str]:
    return [route for route in routes() if "<int:" in route]


def snapshot(other) -> list:
    from apps.checkups.models import Response
    from apps.dashboard.models import Question
    from apps.experiments.models import Experiment
    from apps.mood.models import MoodCheckIn

    return [
        list(model.objects.filter(person=other).order_by("pk").values())
        for model in (Experiment, Question, Response, MoodCheckIn)
    ]


@pytest.mark.parametrize("route", id_routes())
def test_another_persons_ids_are_404_on_every_id_url(client, person, other_person, route):
    """The signed-in person owns nothing, so every id that answers is someone else's."""
    import re

    client.raise_request_exception = False
    ids = {pk for pks in other_persons_objects(other_person).values() for pk in pks}
    before = snapshot(other_person)
    client.force_login(person)
    for pk in sorted(ids):
        url = "/" + re.sub(r"<int:[^>]+>", str(pk), route)
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"kept": "1", "reason": "x"}).status_code == 404, url
    assert snapshot(other_person) == before
