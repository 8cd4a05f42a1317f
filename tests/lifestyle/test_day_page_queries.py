"""What the day page costs in queries, so a notice or a form added later cannot quietly
multiply them: the page is the most visited in the load test (bench/load.py)."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.lifestyle.models import DailyLog, Tag

pytestmark = pytest.mark.django_db


def _day_form(**values) -> dict:
    return {
        "fruit_veg_servings": 4,
        "water_amount": 6,
        "water_unit": "glasses",
        "sleep_hours": "7.5",
        "stress_level": 2,
        "note": "",
        "new_tags": "",
        "idempotency_key": str(uuid.uuid4()),
        **values,
    }


@pytest.fixture
def history(person):
    tags = [Tag.objects.create(person=person, name=f"tag {n}") for n in range(5)]
    today = person.local_today()
    for back in range(1, 30):
        log = DailyLog.objects.create(person=person, date=today - timedelta(days=back))
        log.tags.set(tags[: back % 5])
    return tags


def test_today_costs_a_bounded_number_of_queries(signed_in_client, history):
    signed_in_client.get("/today/")  # the session's activity is recorded on the first visit
    with CaptureQueriesContext(connection) as queries:
        response = signed_in_client.get("/today/")
    assert response.status_code == 200
    assert len(queries) <= 12, [q["sql"] for q in queries]


def test_saving_a_day_unchanged_since_its_page_builds_one_form(signed_in_client, person, history):
    day = person.local_today() - timedelta(days=3)
    page = signed_in_client.get(f"/log/{day.isoformat()}/")
    version = page.context["version"]
    with CaptureQueriesContext(connection) as queries:
        response = signed_in_client.post(
            f"/log/{day.isoformat()}/", _day_form(base_version=version)
        )
    assert response.status_code == 302
    whole_row_reads = [q["sql"] for q in queries if "_prefetch_related_val_dailylog_id" in q["sql"]]
    # The form's own read of the day with its tags; the "changed since the page?" check reads
    # only the version, and no second "as saved now" form is built when nothing changed.
    assert len(whole_row_reads) == 1, whole_row_reads
    assert DailyLog.objects.get(person=person, date=day).fruit_veg_servings == 4
