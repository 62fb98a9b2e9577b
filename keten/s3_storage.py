"""The encrypted files in a bucket of an S3-compatible object store (``KETEN_STORAGE=s3``).

The options come from ``KETEN_S3_*`` (settings.S3_OPTIONS); the bytes handed to the bucket are
already encrypted by keten/encryption.py. Backups can be written to a bucket of the same store
(``keten backup s3://bucket/name``) with :func:`s3_client`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """A bucket of an S3-compatible object store; the options come from ``KETEN_S3_*``."""

    def get_default_settings(self) -> dict[str, Any]:
        defaults: dict[str, Any] = super().get_default_settings()
        defaults.update(
            {
                "file_overwrite": True,  # names are random; `keten keys rotate` rewrites in place
                "default_acl": None,  # the bucket's own policy: private
                "querystring_auth": True,
                "object_parameters": {},
                "location": "",
            }
        )
        return defaults


def s3_client() -> Any:
    """A boto3 client for the object store of ``KETEN_S3_*`` (backups written to a bucket)."""
    import boto3
    from botocore.config import Config

    options = settings.S3_OPTIONS
    return boto3.client(
        "s3",
        endpoint_url=options.get("endpoint_url") or None,
        region_name=options.get("region_name") or None,
        aws_access_key_id=options.get("access_key") or None,
        aws_secret_access_key=options.get("secret_key") or None,
        config=Config(s3={"addressing_style": options.get("addressing_style") or "auto"}),
    )
