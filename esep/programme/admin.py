"""The programme in the admin, to read only: every change goes through the actions (the staff
pages, the imports, the API), which validate, keep four eyes on status and verdict, and write
the audit log — none of which an admin form would do. A citizen's name and contacts are left
out: personal data is shown only through org.privacy, which logs it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from esep.programme.models import (
    Change,
    Evidence,
    HistoryEntry,
    Indicator,
    Measure,
    Milestone,
    Monitor,
    Observation,
    Programme,
    Promise,
    Proposal,
    RoadMap,
    Section,
)


class ReadOnly:
    """Neither add, change nor delete: the admin only shows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["number", "title_kk", "title_ru", "title_en"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_ru", "election", "branch", "adopted_on"]
    search_fields = ["code", "title_kk", "title_ru", "title_en"]
    inlines = [SectionInline]


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ["code", "text_ru", "section", "due_on", "status", "verdict"]
    list_filter = ["status", "verdict", "section__programme"]
    search_fields = ["code", "text_kk", "text_ru", "text_en"]


class MonitorInline(ReadOnlyInline):
    model = Monitor
    fields = ["person", "since", "until", "assigned_by"]


@admin.register(RoadMap)
class RoadMapAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_ru", "programme", "branch", "approved_on"]
    list_filter = ["programme"]
    search_fields = ["code", "title_kk", "title_ru", "title_en"]
    inlines = [MonitorInline]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_ru", "road_map", "deadline", "weight", "status", "verdict"]
    list_filter = ["status", "verdict", "road_map"]
    search_fields = ["code", "title_kk", "title_ru", "title_en"]


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["due_on", "value"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_ru", "measure", "unit", "direction", "baseline", "target"]
    list_filter = ["direction", "aggregation"]
    search_fields = ["code", "title_kk", "title_ru", "title_en"]
    inlines = [MilestoneInline]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "territory", "period_start", "period_end", "value", "kind"]
    list_filter = ["kind"]
    search_fields = ["indicator__code", "source"]
    date_hierarchy = "period_end"


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["kind", "title", "url", "document_name", "document_sha256", "publisher"]


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "promise", "measure", "status", "verdict", "state", "proposed_at"]
    list_filter = ["state", "status", "verdict"]
    inlines = [EvidenceInline]


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "promise", "measure", "new_status", "new_verdict", "corrects"]
    list_filter = ["new_status", "new_verdict"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["number", "programme", "channel", "branch", "received_on", "decision"]
    list_filter = ["decision", "channel"]
    search_fields = ["number"]
    exclude = [
        "submitter",
        "author_name",
        "contact_phone",
        "contact_phone_digest",
        "contact_email",
    ]
