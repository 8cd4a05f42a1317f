from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    label = "reminders"

    def ready(self) -> None:
        from apps.reminders import signals  # noqa: F401 (connects the receivers)
