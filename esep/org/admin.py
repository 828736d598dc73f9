from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from esep.org.models import Body, Branch, Membership, MembershipChange, Person, Post, Territory


@admin.register(Territory)
class TerritoryAdmin(TreeAdmin):
    form = movenodeform_factory(Territory)
    list_display = ["name_kk", "name_ru", "kato", "level", "time_zone"]
    search_fields = ["kato", "name_kk", "name_ru", "name_en"]


@admin.register(Branch)
class BranchAdmin(TreeAdmin):
    form = movenodeform_factory(Branch)
    list_display = ["name_kk", "code", "kind", "territory"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["territory"]


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "seats"]
    list_filter = ["kind"]
    inlines = [PostInline]
    autocomplete_fields = ["branch"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    # Personal data stays out of the change list; the change form is for central admins.
    list_display = ["full_name", "sex"]
    search_fields = ["surname", "given_name", "patronymic"]


class MembershipChangeInline(admin.TabularInline):
    model = MembershipChange
    fk_name = "membership"
    extra = 0
    readonly_fields = ["kind", "on", "from_branch", "to_branch", "status", "reason", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "branch", "status", "admitted_on"]
    list_filter = ["status"]
    autocomplete_fields = ["person", "branch"]
    inlines = [MembershipChangeInline]
