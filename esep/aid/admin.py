"""The aid records in the admin: read only (every change goes through `aid.actions`, which
check the rules and write their events). A household shows no personal data here: its head
by name, never the address or an IIN."""

from __future__ import annotations

from django.contrib import admin

from esep.aid.models import Campaign, Contribution, Delivery, Household, Partner
from esep.programme.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_kk", "branch", "starts_on", "ends_on"]
    search_fields = ["code", "name_kk", "name_ru"]


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "partner", "received_on", "amount"]
    list_select_related = ["campaign", "partner"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "number", "members", "branch", "registered_on"]
    list_select_related = ["campaign", "branch"]
    fields = ["campaign", "number", "members", "territory", "branch", "registered_on"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "household", "delivered_on", "kind", "amount"]
    list_select_related = ["campaign", "household"]
    fields = ["campaign", "household", "delivered_on", "kind", "amount", "confirmation"]
