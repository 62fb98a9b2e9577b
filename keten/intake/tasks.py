"""Background work of the intake app, run by ``keten db_worker`` (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from keten.intake import services


@task()
def purge_closed_reports() -> dict[str, int]:
    """Delete closed reports past the retention period, with their files (audited without content)."""
    plan = services.purge_closed_reports()
    return {"reports": len(plan.reports), "orphan_files": len(plan.orphan_files)}
