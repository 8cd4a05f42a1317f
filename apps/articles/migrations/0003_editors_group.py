from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Editors"
MODELS = ("article", "category")
ACTIONS = ("add", "change", "delete", "view")


def create_editors_group(apps, schema_editor) -> None:
    # Permissions are normally created after all migrations run; make them now so the
    # group can be given them on a fresh database.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=codenames
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    # Only article and category permissions: editors never see anyone's health data.
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
