"""The Safety editors group: staff who keep the crisis lines and emergency numbers right.

They may add, change and view a line, not delete one: a deleted number would vanish at once
from the help page of everyone in that country, and the next `seed_crisis_lines` would
quietly bring the shipped copy back. A wrong number is corrected in place, with its source.
Superusers can still delete. The group sees no one's answers, scores or plans: those models
are not in the admin at all."""

from typing import Any

SAFETY_EDITORS_GROUP = "Safety editors"
SAFETY_EDITOR_CODENAMES = ("add_crisisline", "change_crisisline", "view_crisisline")


def ensure_safety_editors_group(group_model: Any, permission_model: Any) -> Any:
    """Creates or restores the group with exactly the crisis-line permissions. Takes the
    models so the data migration can pass its historical ones."""
    group, _ = group_model.objects.get_or_create(name=SAFETY_EDITORS_GROUP)
    group.permissions.set(
        permission_model.objects.filter(
            content_type__app_label="checkups", codename__in=SAFETY_EDITOR_CODENAMES
        )
    )
    return group
