from django.core.management.base import BaseCommand

from apps.accounts.provisioning import ensure_verified_user

DEMO_EMAIL = "demo@gutmind.localhost"
DEMO_PASSWORD = "demo-gutmind-2026"  # noqa: S105 (a local demo account, printed on purpose)
STAFF_EMAIL = "staff@gutmind.localhost"
STAFF_PASSWORD = "staff-gutmind-2026"  # noqa: S105


class Command(BaseCommand):
    help = "Create the demo person (and a demo staff editor); idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument("--days", type=int, default=120)

    def handle(self, *args, email: str, days: int, **options) -> None:
        demo, _ = ensure_verified_user(
            email, DEMO_PASSWORD, display_name="Demo", timezone="Europe/London"
        )
        ensure_verified_user(
            STAFF_EMAIL, STAFF_PASSWORD, display_name="Staff", is_staff=True, is_superuser=True
        )
        self.stdout.write(self.style.SUCCESS(f"Demo person: {demo.email} / {DEMO_PASSWORD}"))
        self.stdout.write(self.style.SUCCESS(f"Staff account: {STAFF_EMAIL} / {STAFF_PASSWORD}"))
