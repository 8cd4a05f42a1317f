from django.urls import path

from apps.dashboard import api, question_views, views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.page, name="page"),
    path("dashboard/range/", views.set_range, name="set_range"),
    path("questions/", question_views.question_list, name="questions"),
    path("questions/<int:pk>/", question_views.question_detail, name="question"),
    path("questions/<int:pk>/close/", question_views.question_close, name="question_close"),
    path("questions/<int:pk>/keep/", question_views.question_keep, name="question_keep"),
    path("api/dashboard/ping", api.ping, name="api_ping"),
    path("api/dashboard/series", api.series, name="api_series"),
    path("api/dashboard/scatter", api.scatter, name="api_scatter"),
    path("api/dashboard/week", api.week, name="api_week"),
    path("api/dashboard/calendar", api.calendar, name="api_calendar"),
    path("api/dashboard/insights", api.insights, name="api_insights"),
]
