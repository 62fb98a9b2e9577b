"""The technical admin (behind the second factor) for organisations and people."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from keten.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline[Membership, User]):
    """Shown, not edited: memberships start by invitation on the People page (keten.accounts.policy)."""

    model = Membership
    extra = 0
    readonly_fields = ["organisation", "role", "is_active", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "slug", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["email", "full_name", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    # Who is an installation administrator is decided on the server only (keten installation_admin).
    fields = ["email", "full_name", "language", "is_active"]
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people are invited on the People page
