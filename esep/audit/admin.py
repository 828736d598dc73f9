from django.contrib import admin

from esep.audit.models import Event, PersonalDataAccess


class ReadOnlyAdmin(admin.ModelAdmin):
    """The logs are append-only: the admin shows them and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_repr"]
    list_filter = ["action"]
    date_hierarchy = "at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "person", "page"]
    date_hierarchy = "at"
