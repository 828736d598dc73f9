"""Assemblies in the admin, to read only: every change goes through the actions (the staff
pages, the import, the API), which check who may make it, keep the roll frozen, the ballots
apart from who voted and every step in the hash-chained log — none of which an admin form
would do. Ballots and who voted are not shown at all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from esep.assemblies.models import Campaign, Candidate, Conference, Delegate, Item, LogEntry, Poll


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Conference)
class ConferenceAdmin(ReadOnly):
    list_display = ["code", "branch", "held_on", "state"]
    list_filter = ["state", "kind"]


@admin.register(Delegate)
class DelegateAdmin(ReadOnly):
    list_display = ["conference", "person", "branch", "attendance"]
    list_select_related = ["conference", "person", "branch"]


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ["conference", "number", "kind", "name_kk"]


@admin.register(Poll)
class PollAdmin(ReadOnly):
    list_display = ["pk", "name_kk", "kind", "state", "source"]
    list_filter = ["state", "kind"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnly):
    list_display = ["code", "branch", "vote_on", "state"]


@admin.register(Candidate)
class CandidateAdmin(ReadOnly):
    list_display = ["campaign", "person", "state"]
    list_select_related = ["campaign", "person"]


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnly):
    list_display = ["chain", "seq", "kind", "digest"]
    list_filter = ["kind"]
