from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the starter articles (idempotent)."

    def handle(self, *args, **options) -> None:
        self.stdout.write("No starter articles yet.")
