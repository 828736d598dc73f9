"""Open311 clients: a key is shown once, when the client is added or re-keyed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.open311 import actions
from esep.open311.models import Client, Submission

if TYPE_CHECKING:
    from esep.access.models import User


def _staff(request: HttpRequest) -> User:
    return cast("User", request.user)  # the admin site lets in only staff users


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "key_prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "key_prefix"]
    autocomplete_fields = ["branch"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]
    actions = ["issue_new_key"]

    def save_model(self, request: HttpRequest, obj: Client, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        self._show_key(request, obj, actions.create_client(actor=_staff(request), client=obj))

    @admin.action(description=gettext_lazy("Issue a new key (the old one stops working)"))
    def issue_new_key(self, request: HttpRequest, queryset: QuerySet[Client]) -> None:
        for client in queryset:
            self._show_key(request, client, actions.issue_key(actor=_staff(request), client=client))

    def _show_key(self, request: HttpRequest, client: Client, key: str) -> None:
        messages.warning(
            request,
            _(
                "The api_key of %(client)s is %(key)s — copy it now: it is not stored and "
                "will not be shown again."
            )
            % {"client": client.name, "key": key},
        )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read-only: which client brought which appeal."""

    list_display = ["appeal", "client", "created_at"]
    list_filter = ["client"]
    search_fields = ["appeal__number"]
    fields = ("appeal", "client", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
