from django.apps import AppConfig


class GutmindConfig(AppConfig):
    name = "gutmind"

    def ready(self) -> None:
        from gutmind import checks  # noqa: F401 (registers the deploy checks)
