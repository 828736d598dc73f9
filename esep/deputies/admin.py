"""Deputies in the admin, to read only: every change goes through the actions (the staff
pages, the imports, the API), which check who may make it, keep the faction membership in
step with the mandate, keep published months frozen and write the audit log — none of which
an admin form would do. A deputy is shown by name; the snapshot's age, kept only for the
figures' counts, is left out."""

from __future__ import annotations

from django.contrib import admin

from esep.deputies.models import (
    Attendance,
    Convocation,
    Correction,
    Initiative,
    Inquiry,
    Mandate,
    MandatePost,
    Method,
    Party,
    Publication,
    RepresentativeBody,
    Sitting,
    Snapshot,
    VoterReport,
    Weight,
)
from esep.programme.admin import ReadOnlyAdmin, ReadOnlyInline


class ConvocationInline(ReadOnlyInline):
    model = Convocation
    fields = ["number", "elected_on", "started_on", "ended_on", "seats"]


@admin.register(RepresentativeBody)
class RepresentativeBodyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_ru", "level", "territory", "branch"]
    list_filter = ["level"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    inlines = [ConvocationInline]


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_ru", "is_own"]


class MandatePostInline(ReadOnlyInline):
    model = MandatePost
    fields = ["position", "committee_ru", "started_on", "ended_on"]


@admin.register(Mandate)
class MandateAdmin(ReadOnlyAdmin):
    list_display = ["person", "convocation", "kind", "party", "started_on", "ended_on"]
    list_filter = ["kind", "party", "convocation__body__level"]
    search_fields = ["person__surname", "person__given_name", "convocation__body__code"]
    list_select_related = ["person", "convocation__body", "party"]
    inlines = [MandatePostInline]


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["mandate", "mark", "reason"]


@admin.register(Sitting)
class SittingAdmin(ReadOnlyAdmin):
    list_display = ["convocation", "number", "held_on", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline]


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyAdmin):
    list_display = ["subject", "mandate", "state_body", "sent_on", "answered_on"]
    search_fields = ["subject"]
    date_hierarchy = "sent_on"


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "mandate", "kind", "submitted_on", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["title"]


@admin.register(VoterReport)
class VoterReportAdmin(ReadOnlyAdmin):
    list_display = ["mandate", "held_on", "place", "people_attending"]
    date_hierarchy = "held_on"


class WeightInline(ReadOnlyInline):
    model = Weight
    fields = ["component", "weight", "standard"]


@admin.register(Method)
class MethodAdmin(ReadOnlyAdmin):
    list_display = ["version", "valid_from", "created_at"]
    inlines = [WeightInline]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["mandate", "month", "component", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "component"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["branch", "month", "revision", "deputies", "published_at"]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ["mandate", "month", "revision", "level", "role", "score", "band"]
    list_filter = ["level", "role", "band"]
    exclude = ["age", "young"]
