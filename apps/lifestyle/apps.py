from django.apps import AppConfig


class LifestyleConfig(AppConfig):
    name = "apps.lifestyle"
    label = "lifestyle"
