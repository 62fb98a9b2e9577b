"""Is this app server ready for traffic? Each check answers yes or no, never with data.

``/healthz`` says the process answers and reaches the database; ``/readyz`` also checks that the
file storage takes a write, that the keys are present and usable, and that the task queue's table
is reachable. A load balancer takes a server that is not ready out of rotation.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_storage() -> None:
    """Write, read back and delete a small file where the encrypted files go (a folder or the
    bucket: ``storages["private"]``), under a name of the same shape as theirs."""
    store = storages["private"]
    payload = secrets.token_bytes(16)
    name = store.save(f"readiness/{uuid.uuid4().hex}", ContentFile(payload))
    try:
        with store.open(name, "rb") as handle:
            if handle.read() != payload:
                raise OSError("the storage gave back other bytes than were written")
    finally:
        store.delete(name)


def check_keys() -> None:
    """Every key is set, and the encryption key ring encrypts and decrypts."""
    from keten.encryption import keyring

    for name in ("SECRET_KEY", "ENCRYPTION_KEYS", "INDEX_KEY", "AUDIT_KEY"):
        if not getattr(settings, name, ""):
            raise ValueError(f"{name} is empty")
    ring = keyring()
    probe = secrets.token_bytes(16)
    if ring.decrypt(ring.encrypt(probe, associated_data=b"readiness"), associated_data=b"readiness") != probe:
        raise ValueError("the encryption keys do not decrypt what they encrypt")


def check_task_queue() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.ready().exists()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "storage": check_storage,
    "keys": check_keys,
    "task_queue": check_task_queue,
}


def run_checks() -> dict[str, bool]:
    """Each check's name and whether it passed; a failure is logged (its kind, not its data)."""
    results: dict[str, bool] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # a readiness probe reports every failure, whatever it is
            logger.warning("Readiness check %s failed: %s", name, type(error).__name__)
            results[name] = False
        else:
            results[name] = True
    return results
