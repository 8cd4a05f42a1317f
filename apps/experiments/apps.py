from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "apps.experiments"
    label = "experiments"

    def ready(self) -> None:
        from apps.experiments.notices import experiment_day_notice
        from apps.lifestyle.notices import register_day_notice

        register_day_notice(experiment_day_notice)
