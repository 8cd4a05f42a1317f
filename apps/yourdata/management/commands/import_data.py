from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.accounts.models import User
from apps.yourdata import importing


def format_report(report: dict[str, Any]) -> list[str]:
    """The preview, as lines of text (the page shows the same figures)."""
    span = f" ({report['date_from']} to {report['date_to']})" if report["date_from"] else ""
    lines = [
        f"Rows read: {report['rows_read']}",
        f"Days: {report['days']}{span}",
        f"Check-ins to create: {report['checkins_to_create']}",
        f"Daily logs to create: {report['logs_to_create']}",
        f"Tags to create: {len(report['tags_to_create'])}"
        + (f" ({', '.join(report['tags_to_create'])})" if report["tags_to_create"] else ""),
        f"Tag groups to create: {len(report['groups_to_create'])}"
        + (f" ({', '.join(report['groups_to_create'])})" if report["groups_to_create"] else "")
        + (f"; {report['tags_grouped']} tags put in a group" if report["tags_grouped"] else ""),
        f"Duplicates skipped: {report['duplicate_checkins']} check-ins, "
        f"{report['duplicate_days']} days",
        f"Unreadable rows: {report['unreadable_count']}",
    ]
    lines += [f"  {where}: {message}" for where, message in report["unreadable"][:50]]
    if report["unreadable_count"] > 50:
        lines.append(f"  …and {report['unreadable_count'] - 50} more")
    lines.append(f"Skipped rows: {len(report['skipped'])}")
    lines += report["notices"]
    return lines


class Command(BaseCommand):
    help = (
        "Import a Daylio CSV export or backup, a Bearable CSV, a Loop Habit Tracker CSV zip "
        "or a GutMind JSON export, for one person. Exits non-zero when nothing could be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--email", required=True)
        parser.add_argument("--format", choices=list(importing.FORMATS), required=True)
        parser.add_argument(
            "--mood-map", default="", help="Daylio mood labels to 1-5: 'label=5,other=4'"
        )
        parser.add_argument("--dry-run", action="store_true", help="Print the report only.")

    def handle(
        self,
        *args: str,
        file: str,
        email: str,
        format: str,
        mood_map: str,
        dry_run: bool,
        **options: object,
    ) -> None:
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(f"No account with the email address {email}.")
        try:
            labels_to_moods = importing.parse_mood_map(mood_map)
            parsed = importing.parse(format, Path(file).read_bytes())
        except (ValueError, OSError, importing.ImportFileError) as error:
            raise CommandError(str(error)) from error
        plan = importing.build_plan(person, parsed, labels_to_moods)
        if not parsed.read_anything:
            for line in format_report(plan.report()):
                self.stdout.write(line)
            raise CommandError(parsed.nothing_read_message())
        for line in format_report(plan.report()):
            self.stdout.write(line)
        if not plan.ready:
            example = ",".join(f"{label}=3" for label in plan.unmapped)
            raise CommandError(
                f"Mood labels without a mood: {', '.join(plan.unmapped)}. "
                f"Say what they mean with --mood-map '{example}' (1 awful to 5 great)."
            )
        if dry_run:
            self.stdout.write("Dry run: nothing imported.")
            return
        result = importing.apply_plan(plan)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.checkins} check-ins, {result.logs} daily logs, "
                f"{result.tags} tags, {result.groups} tag groups, {result.tag_links} day tags."
            )
        )
