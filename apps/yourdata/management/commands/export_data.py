import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.accounts.models import User
from apps.yourdata import exporting


class Command(BaseCommand):
    help = "Export everything one person entered, as JSON or as a zip of CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("-o", "--output", help="File to write (default: standard output)")

    def handle(
        self, *args: str, email: str, format: str, output: str | None, **options: object
    ) -> None:
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(f"No account with the email address {email}.")
        chunks = exporting.json_bytes(person) if format == "json" else exporting.zip_bytes(person)
        if output:
            with open(output, "wb") as target:
                for chunk in chunks:
                    target.write(chunk)
            self.stderr.write(f"Wrote {output}")
            return
        if format == "csv" and sys.stdout.isatty():
            raise CommandError("A zip file does not belong on a terminal: give -o FILE.")
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
