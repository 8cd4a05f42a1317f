from django.contrib import admin

from apps.checkups.models import CrisisLine

# Responses, safety events, schedules and safety plans are the person's own health data:
# they are not registered here, so no staff member (Editors included) sees them.


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin[CrisisLine]):
    list_display = ("country", "kind", "name", "phone", "hours", "last_verified")
    list_filter = ("kind", "country")
    search_fields = ("name", "phone", "country")
    fieldsets = (
        (None, {"fields": ("country", "kind", "name", "phone", "text", "website")}),
        ("Details", {"fields": ("hours", "languages", "description", "position")}),
        (
            "Where the number comes from",
            {"fields": ("source_url", "source_name", "found_on", "last_verified")},
        ),
    )
