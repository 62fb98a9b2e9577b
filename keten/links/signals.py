"""The one hook into case files: after a case is saved, its person identifier follows its keyed
identity hash (keten.cases.services.identity_hashes) and is matched across centres."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from keten.cases.models import Case


@receiver(post_save, sender=Case, dispatch_uid="links-person")
def case_saved(sender: type[Case], instance: Case, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "identity_hash" not in update_fields:
        return
    from keten.links.services import sync_person

    sync_person(instance.pk, instance.identity_hash, actor=instance.created_by)
