import secrets

from django.db import migrations, models

import apps.reminders.models


def give_every_schedule_a_key(apps, schema_editor) -> None:
    ReminderSchedule = apps.get_model("reminders", "ReminderSchedule")
    for schedule in ReminderSchedule.objects.filter(unsubscribe_key__isnull=True).only("pk"):
        schedule.unsubscribe_key = secrets.token_urlsafe(16)
        schedule.save(update_fields=["unsubscribe_key"])


class Migration(migrations.Migration):
    dependencies = [("reminders", "0002_delivery_queued_at")]

    operations = [
        migrations.AddField(
            model_name="reminderschedule",
            name="unsubscribe_key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(give_every_schedule_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reminderschedule",
            name="unsubscribe_key",
            field=models.CharField(
                default=apps.reminders.models.new_unsubscribe_key,
                editable=False,
                max_length=32,
                unique=True,
            ),
        ),
    ]
