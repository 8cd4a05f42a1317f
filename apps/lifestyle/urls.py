from django.urls import path

from apps.lifestyle import views

app_name = "lifestyle"

urlpatterns = [
    path("today/", views.today, name="today"),
]
