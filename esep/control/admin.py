from django.contrib import admin

from esep.control.models import ControlPost, Instruction, Issue, Measure, Meeting, Visit


class VisitInline(admin.TabularInline):
    model = Visit
    fields = ["visited_on", "situation", "findings", "appeal"]
    readonly_fields = ["appeal"]
    extra = 0


@admin.register(ControlPost)
class ControlPostAdmin(admin.ModelAdmin):
    list_display = ["object_name", "object_kind", "branch", "head", "opened_on", "status"]
    list_filter = ["status", "object_kind"]
    search_fields = ["object_name", "address"]
    autocomplete_fields = ["branch", "territory", "head", "members"]
    inlines = [VisitInline]


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["title", "branch", "source", "status", "control_deadline"]
    list_filter = ["status", "source"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["branch", "territory", "state_body"]
    raw_id_fields = ["appeals", "visits", "category"]
    inlines = [MeasureInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "kind", "branch"]
    list_filter = ["kind"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["branch", "participants"]


@admin.register(Instruction)
class InstructionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "branch", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["text"]
    autocomplete_fields = ["branch", "executor_branch", "executor_person", "executor_state_body"]
    raw_id_fields = ["meeting", "agenda_item", "issue"]
