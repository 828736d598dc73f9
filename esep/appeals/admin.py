from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from esep.appeals.models import Appeal, AppealEvent, CalendarDay, Category, StateBody


@admin.register(Category)
class CategoryAdmin(TreeAdmin):
    form = movenodeform_factory(Category)
    list_display = ["name_kk", "name_ru", "name_en", "code"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


@admin.register(StateBody)
class StateBodyAdmin(admin.ModelAdmin):
    list_display = ["name_kk", "code", "territory", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["territory"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Days off and working days decreed after the holidays package was released."""

    list_display = ["day", "kind", "note"]
    list_filter = ["kind"]


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    readonly_fields = fields = ("at", "actor", "action", "from_status", "to_status", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only: appeals change only through their lifecycle, on the staff pages."""

    list_display = ["number", "registered_on", "status", "branch", "due_on"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["number", "tracking_code"]
    inlines = [AppealEventInline]
    exclude = ["submitter"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
