"""The awards' catalogue is kept here by the central office; nominations and ceremonies are
read here and changed only through their pages (their actions write the audit log)."""

from django.contrib import admin

from esep.awards.models import Award, Ceremony, Nomination


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["code", "name_kk", "name_ru", "kind", "level", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Ceremony)
class CeremonyAdmin(ReadOnly):
    list_display = ["title", "branch", "held_on", "place"]


@admin.register(Nomination)
class NominationAdmin(ReadOnly):
    list_display = ["person", "award", "branch", "status", "decided_on", "certificate_number"]
    list_filter = ["status", "award"]
    raw_id_fields = ["person"]
