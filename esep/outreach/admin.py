"""Outreach in the admin: read only (records are made through the pages and their actions,
which check the rules and write the audit log)."""

from django.contrib import admin

from esep.outreach.models import Campaign, Meeting, Plan, Round


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnly):
    list_display = ["code", "name_kk", "branch", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["code", "name_kk", "name_ru"]


@admin.register(Plan)
class PlanAdmin(ReadOnly):
    list_display = ["campaign", "territory", "meetings", "households", "people"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["held_on", "campaign", "territory", "place", "people"]
    date_hierarchy = "held_on"


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["held_on", "campaign", "territory", "households", "people", "volunteers"]
    date_hierarchy = "held_on"
