from django.apps import AppConfig


class CheckupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.checkups"
    label = "checkups"
    verbose_name = "Check-ups and help"

    def ready(self) -> None:
        from apps.checkups.notices import due_questionnaire_notice
        from apps.lifestyle.notices import register_day_notice

        register_day_notice(due_questionnaire_notice)
