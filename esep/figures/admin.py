from django.contrib import admin

from esep.figures.models import PressTemplate, PublishedReport


@admin.register(PressTemplate)
class PressTemplateAdmin(admin.ModelAdmin):
    """The texts press releases are drafted from (see esep/figures/README.md)."""

    list_display = ["name"]


@admin.register(PublishedReport)
class PublishedReportAdmin(admin.ModelAdmin):
    """Reports are made and published on the figures pages; here they are only read."""

    list_display = ["title_kk", "scope", "period_start", "period_end", "published_at"]
    list_filter = ["published_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
