from django.contrib import admin

from esep.receptions.models import Reception


@admin.register(Reception)
class ReceptionAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "kind", "place_type", "address", "branch", "status"]
    list_filter = ["status", "kind", "place_type"]
    search_fields = ["address", "branch__code"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["branch", "territory", "receivers"]
    readonly_fields = ["created_by", "created_at"]
