from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_safety_editors_group(apps, schema_editor) -> None:
    from apps.checkups.safety_editors import ensure_safety_editors_group

    # Permissions are normally created after all migrations run; make them now so the
    # group can be given them on a fresh database.
    app_config = apps.get_app_config("checkups")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    ensure_safety_editors_group(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    )


def remove_safety_editors_group(apps, schema_editor) -> None:
    from apps.checkups.safety_editors import SAFETY_EDITORS_GROUP

    apps.get_model("auth", "Group").objects.filter(name=SAFETY_EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checkups", "0003_every_countrys_emergency_number"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_safety_editors_group, remove_safety_editors_group)]
