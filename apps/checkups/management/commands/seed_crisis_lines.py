from django.core.management.base import BaseCommand

from apps.checkups import crisis_lines
from apps.checkups.models import CrisisLine


class Command(BaseCommand):
    help = "Adds the crisis lines shipped in apps/checkups/data/crisis_lines.json (idempotent)."

    def handle(self, *args: str, **options: object) -> None:
        added = crisis_lines.seed(CrisisLine)
        self.stdout.write(f"Crisis lines: {added} added, {CrisisLine.objects.count()} in all.")
