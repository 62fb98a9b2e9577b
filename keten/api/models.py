"""Personal API tokens: one person, one of their memberships, a hash of the secret, never the secret."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal token to call the JSON API as one membership (organisation and role).

    Only the SHA-256 of the token is stored: the token is shown once, when it is made. A revoked
    or expired token, or one whose membership or person is no longer active, opens nothing.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    # The first characters of the token, to recognise it in the list (not enough to use it).
    prefix = models.CharField(max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"api token {self.pk}"

    def is_usable(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= day)  # type: ignore[operator]
