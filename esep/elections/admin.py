"""Elections in the admin: read only (they change through their actions, which keep the
lifecycle, the seats and the winners' mandates in step)."""

from django.contrib import admin

from esep.elections.models import Campaign, Election, Tenure
from esep.programme.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["code", "held_on", "name_ru"]
    search_fields = ["code", "name_kk", "name_ru"]


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "held_on", "seats", "threshold", "state"]
    list_filter = ["kind", "state", "system"]
    search_fields = ["code"]


@admin.register(Tenure)
class TenureAdmin(ReadOnlyAdmin):
    list_display = ["office", "territory", "started_on", "ended_on"]
    list_filter = ["office"]
