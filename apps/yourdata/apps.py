from django.apps import AppConfig


class YourDataConfig(AppConfig):
    """Your data: export, import (one module per format) and account deletion."""

    name = "apps.yourdata"
    label = "yourdata"
    verbose_name = "Your data"

    def ready(self) -> None:
        from apps.yourdata import sections

        sections.autodiscover()
