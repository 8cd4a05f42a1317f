import getpass

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.editors import ensure_editors_group
from apps.accounts.provisioning import ensure_verified_user


class Command(BaseCommand):
    help = (
        "Create (or promote) a staff account with a confirmed email, ready to sign in at /admin/."
    )

    def add_arguments(self, parser) -> None:
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
        *args,
        email: str,
        password: str | None,
        superuser: bool,
        editor: bool = False,
        **options,
    ) -> None:
        password = password or getpass.getpass("Password: ")
        if len(password) < 10:
            raise CommandError("Use a password of at least 10 characters.")
        user, created = ensure_verified_user(email, password, is_staff=True, is_superuser=superuser)
        if not created:
            user.set_password(password)
            user.save(update_fields=["password"])
        if editor:
            user.groups.add(ensure_editors_group())
        verb = "Created" if created else "Updated"
        role = " (Editors group)" if editor else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} staff account {user.email}{role}."))
