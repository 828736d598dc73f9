from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from esep.access.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["branch"]


@admin.register(User)
class EsepUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), (None, {"fields": ["person"]}))
    autocomplete_fields = ["person"]
    inlines = [RoleGrantInline]
