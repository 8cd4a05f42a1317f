from django.db import migrations


def seed(apps, schema_editor):
    from apps.checkups import crisis_lines

    crisis_lines.seed(apps.get_model("checkups", "CrisisLine"))


class Migration(migrations.Migration):
    dependencies = [("checkups", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
