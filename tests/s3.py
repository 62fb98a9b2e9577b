"""A real S3 API for the tests: the server .ci/run started, else moto's server in this process.

``KETEN_TEST_S3_ENDPOINT`` names a running S3-compatible server (.ci/run starts moto's on
loopback). Without it, the first test that needs a bucket starts ``ThreadedMotoServer`` on a free
loopback port of this process, so `make test` on a laptop runs the same storage tests as CI.
Either way Keten talks to it over HTTP through boto3, the code path of production.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.conf import settings
from django.test import override_settings

REGION = "eu-west-1"
ACCESS_KEY = "keten-test-access-key"
SECRET_KEY = "keten-test-secret-key"  # noqa: S105 - the test server accepts any key

_server: Any = None


def s3_endpoint() -> str:
    global _server
    endpoint = os.environ.get("KETEN_TEST_S3_ENDPOINT", "")
    if endpoint:
        return endpoint
    if _server is None:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
        _server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        _server.start()
    host, port = _server.get_host_and_port()
    return f"http://{host}:{port}"


def s3_options(bucket: str) -> dict[str, Any]:
    return {
        "endpoint_url": s3_endpoint(),
        "bucket_name": bucket,
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "addressing_style": "path",
    }


def client() -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint(),
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(s3={"addressing_style": "path"}),
    )


def create_bucket(name: str | None = None) -> str:
    """A new, empty bucket of this test's own (or ``name``, if it does not exist yet)."""
    name = name or f"keten-test-{uuid.uuid4().hex[:16]}"
    s3 = client()
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    if name not in existing:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def in_bucket(bucket: str) -> override_settings:
    """Settings under which the encrypted files (and backups to s3://) live in ``bucket``."""
    options = s3_options(bucket)
    return override_settings(
        STORAGES={
            **settings.STORAGES,
            "private": {"BACKEND": "keten.s3_storage.PrivateS3Storage", "OPTIONS": options},
        },
        S3_OPTIONS=options,
    )


def raw_objects(bucket: str) -> dict[str, tuple[bytes, dict[str, Any]]]:
    """Every object of ``bucket`` as the object store holds it: its bytes and its head."""
    s3 = client()
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            key = item["Key"]
            body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            found[key] = (body, s3.head_object(Bucket=bucket, Key=key))
    return found
