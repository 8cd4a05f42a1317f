from django.contrib import admin

from apps.reminders.models import Delivery, ReminderSchedule
from gutmind.admin_lists import CalmFiltersAdmin


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin[ReminderSchedule]):
    list_display = ["person", "daily_enabled", "next_daily_at", "weekly_enabled", "next_weekly_at"]
    list_filter = ["daily_enabled", "weekly_enabled"]
    search_fields = ["person__email"]
    raw_id_fields = ["person"]
    readonly_fields = ["next_daily_at", "next_weekly_at", "timezone"]


@admin.register(Delivery)
class DeliveryAdmin(CalmFiltersAdmin[Delivery]):
    list_display = ["person", "kind", "local_date", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["person__email"]
    raw_id_fields = ["person"]
    date_hierarchy = "local_date"
