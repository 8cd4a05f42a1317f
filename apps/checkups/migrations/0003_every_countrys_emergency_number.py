from django.db import migrations

# Canada's 911 was first seeded from a church's news page; a city government page names it.
OLD_CANADA_SOURCE = "https://richmondhilluc.ca/news/988-hotline-launched"


def seed_and_resource(apps, schema_editor):
    from apps.checkups import crisis_lines

    model = apps.get_model("checkups", "CrisisLine")
    crisis_lines.seed(model)
    crisis_lines.refresh_source(model, "CA", "Emergency services (911)", OLD_CANADA_SOURCE)


class Migration(migrations.Migration):
    dependencies = [("checkups", "0002_seed_crisis_lines")]

    operations = [migrations.RunPython(seed_and_resource, migrations.RunPython.noop)]
