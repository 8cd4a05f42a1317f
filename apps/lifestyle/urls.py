from datetime import date

from django.urls import path, register_converter

from apps.lifestyle import views


class IsoDateConverter:
    """yyyy-mm-dd in the path; an impossible date such as 2026-02-30 is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # a ValueError makes the pattern not match

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(IsoDateConverter, "isodate")

app_name = "lifestyle"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("history/", views.history, name="history"),
    path("log/", views.jump_to_day, name="jump_to_day"),
    path("log/<isodate:day>/", views.log_day, name="log_day"),
    path("settings/habits/", views.my_habits, name="my_habits"),
    path("settings/habits/show/", views.show_or_hide, name="show_or_hide"),
    path("settings/tags/", views.tags, name="tags"),
    path("settings/tags/<int:pk>/rename/", views.tag_rename, name="tag_rename"),
    path("settings/tags/<int:pk>/archive/", views.tag_archive, name="tag_archive"),
    path("settings/tags/groups/", views.tag_group_add, name="tag_group_add"),
    path("settings/tags/groups/<int:pk>/rename/", views.tag_group_rename, name="tag_group_rename"),
    path("settings/tags/groups/<int:pk>/delete/", views.tag_group_delete, name="tag_group_delete"),
]
