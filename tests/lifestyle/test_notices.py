from datetime import date

import pytest

from apps.accounts.models import User
from apps.lifestyle.notices import DayNotice, register_day_notice, unregister_day_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_source(settings, tmp_path):
    (tmp_path / "_test_notice.html").write_text('<p class="test-notice">{{ notice.text }}</p>')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    seen: list[tuple[User, date]] = []

    def source(person: User, day: date) -> DayNotice | None:
        seen.append((person, day))
        return DayNotice("_test_notice.html", {"text": f"Notice for {day:%d %B}"})

    register_day_notice(source)
    yield seen
    unregister_day_notice(source)


def test_a_registered_notice_shows_on_today_for_the_persons_local_day(
    signed_in_client, person, registered_source
):
    response = signed_in_client.get("/today/")
    assert response.status_code == 200
    assert registered_source == [(person, person.local_today())]
    assert f"Notice for {person.local_today():%d %B}" in response.content.decode()


def test_a_source_that_answers_none_shows_nothing(signed_in_client, settings):
    def silent(person: User, day: date) -> DayNotice | None:
        return None

    register_day_notice(silent)
    try:
        response = signed_in_client.get("/today/")
    finally:
        unregister_day_notice(silent)
    assert response.status_code == 200
    assert "test-notice" not in response.content.decode()
