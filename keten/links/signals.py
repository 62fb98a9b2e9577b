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


def _forget(record_kind: str) -> Any:
    def forget(sender: Any, instance: Any, **kwargs: Any) -> None:
        from keten.links.models import Identifier

        Identifier.objects.filter(record_kind=record_kind, record_id=instance.pk).delete()

    return forget


# A record deleted (a report purged after its retention period, a case erased) takes its
# identifiers with it: nothing of it stays linkable.
_forget_case = _forget("case")
_forget_report = _forget("report")
_forget_screening = _forget("screening")


def connect_deletions() -> None:
    from django.db.models.signals import post_delete

    from keten.intake.models import Report
    from keten.screening.models import Screening

    post_delete.connect(_forget_case, sender=Case, dispatch_uid="links-forget-case")
    post_delete.connect(_forget_report, sender=Report, dispatch_uid="links-forget-report")
    post_delete.connect(_forget_screening, sender=Screening, dispatch_uid="links-forget-screening")


connect_deletions()
