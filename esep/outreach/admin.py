"""Outreach in the admin: read only (records are made through the pages and their actions,
which check the rules and write the audit log)."""

from django.contrib import admin

from esep.outreach.models import Campaign, Meeting, Plan, Round
from esep.programme.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_kk", "branch", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["code", "name_kk", "name_ru"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "territory", "meetings", "households", "people"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "campaign", "territory", "place", "people"]
    date_hierarchy = "held_on"


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "campaign", "territory", "households", "people", "volunteers"]
    date_hierarchy = "held_on"
