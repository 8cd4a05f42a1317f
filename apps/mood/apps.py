from django.apps import AppConfig


class MoodConfig(AppConfig):
    name = "apps.mood"
    label = "mood"
