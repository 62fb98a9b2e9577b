"""The technical admin (behind the second factor) for organisations and people."""

from __future__ import annotations

from django.contrib import admin

from keten.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "slug", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "language", "is_active", "is_staff", "is_superuser"]
    inlines = [MembershipInline]
