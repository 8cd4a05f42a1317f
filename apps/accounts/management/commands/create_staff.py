import getpass
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.editors import ensure_editors_group
from apps.accounts.provisioning import ensure_verified_person


class Command(BaseCommand):
    help = (
        "Create (or promote) a staff account with a confirmed email, ready to sign in at /admin/."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", help="Asked for when left out.")
        parser.add_argument("--superuser", action="store_true", help="All permissions.")
        parser.add_argument(
            "--editor",
            action="store_true",
            help="Join the Editors group: articles and categories only, no health data.",
        )

    def handle(
        self,
        *args: str,
        email: str,
        password: str | None,
        superuser: bool,
        editor: bool = False,
        **options: object,
    ) -> None:
        password = password or getpass.getpass("Password: ")
        if len(password) < 10:
            raise CommandError("Use a password of at least 10 characters.")
        person, created = ensure_verified_person(
            email, password, is_staff=True, is_superuser=superuser
        )
        if not created:
            person.set_password(password)
            person.save(update_fields=["password"])
        if editor:
            person.groups.add(ensure_editors_group())
        verb = "Created" if created else "Updated"
        role = " (Editors group)" if editor else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} staff account {person.email}{role}."))
