"""Seed the three recognised specialised centres (domain REFERENCE §5; the flyer, seed 001).

The data is frozen here on purpose: administrators keep it up to date in the admin afterwards.
Languages are left empty: the sources do not say which languages each centre speaks.
"""

from django.db import migrations

CENTRES = [
    {
        "slug": "pag-asa",
        "name": "PAG-ASA",
        "street": "Cellebroersstraat 16b",
        "postal_code": "1000",
        "city": "Brussel",
        "phone": "+32 2 511 64 64",
        "email": "info@pag-asa.be",
        "website": "https://www.pag-asa.be",
        "regions": ["brussels"],
        "position": 1,
    },
    {
        "slug": "payoke",
        "name": "Payoke",
        "street": "Leguit 4",
        "postal_code": "2000",
        "city": "Antwerpen",
        "phone": "+32 3 201 16 90",
        "email": "admin@payoke.be",
        "website": "https://www.payoke.be",
        "regions": ["flemish"],
        "position": 2,
    },
    {
        "slug": "surya",
        "name": "Sürya",
        "street": "Rue Rouveroy 2",
        "postal_code": "4000",
        "city": "Liège",
        "phone": "+32 4 232 40 30",
        "email": "info@asblsurya.be",
        "website": "https://www.asblsurya.org",
        "regions": ["walloon"],
        "position": 3,
    },
]


def seed_centres(apps, schema_editor):
    Centre = apps.get_model("knowledge", "Centre")
    for data in CENTRES:
        Centre.objects.update_or_create(slug=data["slug"], defaults=data)


def remove_centres(apps, schema_editor):
    Centre = apps.get_model("knowledge", "Centre")
    Centre.objects.filter(slug__in=[data["slug"] for data in CENTRES]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(seed_centres, remove_centres)]
