from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from keten.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail is written by log_action alone."""

    list_display = ["sequence", "created_at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
