"""Second-factor devices whose secrets a copy of the database does not give away.

django-otp's own TOTP device keeps its secret as clear hex in the database: whoever copies the
database file can compute every person's codes. ``EncryptedTOTPDevice`` is the same device with
the secret encrypted by Keten's keys (``KETEN_ENCRYPTION_KEYS``, AES-GCM, see
:mod:`keten.encryption`), which live outside the database; ``keten keys rotate`` re-encrypts it
like every other encrypted field. Recovery codes are kept as keyed hashes (``RecoveryCode``),
so the table holds no code that can be typed in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice as ClearTOTPDevice
from django_otp.plugins.otp_totp.models import default_key

from keten.encryption import EncryptedTextField, lookup_hash


class EncryptedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator (RFC 6238) whose secret is encrypted at rest.

    The fields are django-otp's; ``key`` holds the same hex secret, but the column holds only
    its AES-GCM token. Verification, drift, replay protection and throttling are django-otp's own
    code, borrowed from its device rather than rewritten: they only read ``self.key`` in Python.
    """

    # No reverse accessor on User: devices are found with django-otp's ``devices_for_user``.
    user: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = EncryptedTextField(default=default_key)
    step: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=30)
    t0: models.BigIntegerField[int, int] = models.BigIntegerField(default=0)
    digits: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        choices=[(6, 6), (8, 8)], default=6
    )
    tolerance: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=1)
    drift: models.SmallIntegerField[int, int] = models.SmallIntegerField(default=0)
    last_t: models.BigIntegerField[int, int] = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "TOTP device"

    bin_key = ClearTOTPDevice.bin_key
    verify_token = ClearTOTPDevice.verify_token
    get_throttle_factor = ClearTOTPDevice.get_throttle_factor
    config_url = ClearTOTPDevice.config_url
    _read_str_from_settings = ClearTOTPDevice._read_str_from_settings

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"


def recovery_code_hash(code: str) -> str:
    """The keyed hash a recovery code is kept as (the key is ``KETEN_INDEX_KEY``, outside the
    database); case and spaces do not matter when a person types it."""
    return lookup_hash(code.replace(" ", ""), purpose="recovery-codes")


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """One-time recovery codes, like django-otp's static device, kept only as keyed hashes."""

    user: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    get_throttle_factor = StaticDevice.get_throttle_factor

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"

    def replace_codes(self, count: int) -> list[str]:
        """Forget every earlier code and return ``count`` new ones, to be shown once."""
        codes = [StaticToken.random_token() for _ in range(count)]
        self.token_set.all().delete()
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=self, code_hash=recovery_code_hash(code)) for code in codes]
        )
        return codes

    def verify_token(self, token: Any) -> bool:
        """Accept an unused code once (it is deleted), with django-otp's throttling."""
        verify_allowed, _reason = self.verify_is_allowed()
        if not verify_allowed:
            return False
        match = self.token_set.filter(code_hash=recovery_code_hash(str(token))).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, related_name="token_set", on_delete=models.CASCADE)
    code_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"recovery code of device {self.device_id}"
