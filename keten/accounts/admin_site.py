"""The technical admin: the installation's administrators only, behind the second factor."""

from __future__ import annotations

from django.http import HttpRequest
from django_otp.admin import OTPAdminSite

from keten.accounts import policy


class InstallationAdminSite(OTPAdminSite):
    """Organisations, people and centres are the installation's: its administrators manage them
    here; an organisation administrator (even one marked as staff) never gets in."""

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(super().has_permission(request)) and policy.may(
            request.user, policy.Power.MANAGE_ORGANISATIONS
        )
