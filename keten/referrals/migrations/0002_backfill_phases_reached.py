"""Mark on each case the chain phases already recorded on it (``Case.phases_reached``)."""

from collections import defaultdict

from django.db import migrations

# Frozen copy of knowledge.reference.CHAIN_PHASE_BITS at the time of this migration.
BITS = {
    phase: 1 << index
    for index, phase in enumerate(
        (
            "detection",
            "identification",
            "protection",
            "guidance",
            "investigation",
            "arrest",
            "prosecution",
            "conviction",
            "compensation",
        )
    )
}


def backfill(apps, schema_editor):
    ChainPhase = apps.get_model("referrals", "ChainPhase")
    Case = apps.get_model("cases", "Case")
    masks = defaultdict(int)
    for case_id, phase in ChainPhase.objects.values_list("case_id", "phase").distinct().iterator():
        masks[case_id] |= BITS[phase]
    cases_by_mask = defaultdict(list)
    for case_id, mask in masks.items():
        cases_by_mask[mask].append(case_id)
    # One UPDATE per combination of phases (in batches), not one per case.
    for mask, case_ids in cases_by_mask.items():
        for start in range(0, len(case_ids), 5000):
            Case.objects.filter(pk__in=case_ids[start : start + 5000]).update(phases_reached=mask)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("cases", "0002_phases_reached"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
