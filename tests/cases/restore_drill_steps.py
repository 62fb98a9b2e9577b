"""Steps of the restore drill that run inside an installation: ``python -m tests.cases.restore_drill_steps``.

``fill`` puts work into the installation as people would (case files with documents and notes,
reports with photos through the public form, a changed centre); ``dump`` prints every row of
every backed-up table and every file, decrypted, as JSON. tests/cases/test_restore_drill.py runs
them in separate processes, one per "machine", each with its own database and file store.
"""

from __future__ import annotations

import base64
import json
import sys
from datetime import date
from typing import Any

import django


def fill() -> None:
    from django.test import Client

    from keten.accounts.roles import OrganisationKind, Role
    from keten.cases import services
    from keten.intake.models import Report
    from keten.knowledge.models import Centre
    from tests.base import make_organisation, make_person
    from tests.cases.helpers import make_case
    from tests.cases.test_guidance import PNG
    from tests.intake.helpers import png_bytes, submit, upload

    centre = make_organisation("PAG-ASA", OrganisationKind.CENTRE, "pag-asa")
    make_organisation("Hotline", OrganisationKind.HOTLINE, "hotline")
    worker = make_person("worker@pag-asa.example", centre, Role.SOCIAL_WORKER)
    for number in range(3):
        case = make_case(centre, actor=worker, workers=[worker], referred_on=date(2026, 1, 5))
        services.add_note(actor=worker, case=case, text=f"Ça va mieux, semaine {number}.")
        services.add_document(actor=worker, case=case, title=f"Scan {number}", data=PNG)
    for colour in ((200, 40, 40), (40, 200, 40)):
        photo = upload("van.png", png_bytes(colour=colour))
        _response, code = submit(Client(), what=f"Workers in colour {colour} never leave.", files=[photo])
        if code is None:
            raise SystemExit("the report form did not give a receipt code")
    if Report.objects.count() != 2:
        raise SystemExit("the reports were not stored")
    # The installation's own version of seeded reference data: the restore must bring it back.
    Centre.objects.filter(slug="payoke").update(phone="+32 3 201 16 90")


def dump() -> None:
    from keten import encryption
    from keten.cases.backup import backup_models

    tables: dict[str, list[list[Any]]] = {}
    for model in backup_models():
        fields = [field.attname for field in model._meta.concrete_fields]
        tables[model._meta.label_lower] = [
            [_plain(getattr(row, field)) for field in fields] for row in model._default_manager.order_by("pk")
        ]
    files = {
        name: base64.b64encode(encryption.read_encrypted_file(name)).decode()
        for name in encryption.encrypted_file_names()
    }
    json.dump({"tables": tables, "files": files}, sys.stdout, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return json.loads(json.dumps(value, default=str))


if __name__ == "__main__":
    django.setup()
    {"fill": fill, "dump": dump}[sys.argv[1]]()
