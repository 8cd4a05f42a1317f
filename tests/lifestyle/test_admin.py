import pytest
from django.contrib import admin

from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn
from tests.factories import UserFactory


@pytest.mark.parametrize("model", [DailyLog, Tag, MoodCheckIn])
def test_health_data_is_not_registered_in_the_admin(model):
    assert not admin.site.is_registered(model)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/admin/lifestyle/dailylog/", "/admin/lifestyle/tag/", "/admin/mood/moodcheckin/"]
)
def test_staff_get_not_found_for_logs_tags_and_check_ins(client, path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(path).status_code == 404
