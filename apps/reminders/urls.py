from django.urls import path

from apps.reminders import views

app_name = "reminders"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
