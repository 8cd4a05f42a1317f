"""The Editors group: staff who manage articles and categories and nothing else. It lives
with the accounts (below every app) because create_staff and seed_demo give staff this role;
it names the articles app only by its label."""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Editors"
EDITOR_MODELS = ("article", "category")
EDITOR_ACTIONS = ("add", "change", "delete", "view")


def ensure_editors_group() -> Group:
    """Migration 0003 creates the group; this restores it (for example after a test
    database flush) with exactly the article and category permissions."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in EDITOR_MODELS for action in EDITOR_ACTIONS]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    return group
