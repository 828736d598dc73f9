"""Ethics cases in the admin: read only (they change through their actions, which keep the
lifecycle and the membership in step)."""

from django.contrib import admin

from esep.ethics.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "branch", "state", "opened_on", "decided_on"]
    list_filter = ["state", "source"]
    search_fields = ["number"]
    readonly_fields = [field.name for field in Case._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
