"""The HTCDS export against the official field standard, read from the .ods that UN Migration publishes.

Every field name Keten exports must be a field of HTCDS 2.0 (not deprecated), and every value it
can write into a picklist field must be one of that field's value names. The standard is read with
odfpy (a maintained OpenDocument reader), not retyped.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path

from django.urls import reverse
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from keten.cases.choices import MethodOfControl, Sector, SexualExploitationType
from keten.cases.models import MagistrateOpinion
from keten.statistics import exchange
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case

STANDARD = Path(__file__).parent / "standards" / "HTCDS_Field_Standards_2.0.ods"


def _text(cell: TableCell) -> str:
    return "\n".join(str(paragraph) for paragraph in cell.getElementsByType(P))


@cache
def standard() -> dict[str, dict[str, object]]:
    """Each field of the standard by its name with prefix: status, type and picklist value names."""
    document = load(str(STANDARD))
    fields: dict[str, dict[str, object]] = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows = table.getElementsByType(TableRow)
        header = [_text(cell) for cell in rows[0].getElementsByType(TableCell)]
        for row in rows[1:]:
            values: list[str] = []
            for cell in row.getElementsByType(TableCell):
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                values.extend([_text(cell)] * min(repeat, len(header)))
            entry = dict(zip(header, values, strict=False))
            name = entry.get("Field Name including Prefix", "").strip()
            if not name or name == "N/A":
                continue
            fields[name] = {
                "status": entry.get("Status", "").strip(),
                "type": entry.get("Field Type", "").strip(),
                "values": [
                    value.strip() for value in entry.get("Value Names (if picklist)", "").splitlines()
                ],
            }
    return fields


def picklist(name: str) -> set[str]:
    field = standard()[name]
    assert "Picklist" in str(field["type"]), name
    return {value for value in field["values"] if value}  # type: ignore[attr-defined]


class StandardFileTests(StatisticsTestCase):
    def test_it_reads_the_official_standard(self) -> None:
        fields = standard()
        # A sanity check of the reader itself: well-known fields and values are where they should be.
        self.assertIn("prs_Gender", fields)
        self.assertIn("Feminine", picklist("prs_Gender"))
        self.assertIn("A_AgricultureForestryAndFishing", picklist("vic_ForcedLabourIndustry"))
        self.assertEqual(picklist("hte_Type"), {"Recruitment", "Transit", "Exploitation"})
        self.assertGreater(len(fields), 60)

    def test_every_exported_field_is_a_current_field_of_the_standard(self) -> None:
        fields = standard()
        for name in exchange.HTCDS_FIELDS:
            with self.subTest(field=name):
                self.assertIn(name, fields)
                self.assertNotEqual(fields[name]["status"], "DEPRECATED")

    def test_every_value_keten_can_write_is_a_value_name_of_its_picklist(self) -> None:
        expected = {
            "prs_Gender": set(exchange.GENDER_TO_HTCDS.values()),
            "vic_TypeOfExploitation": set(exchange.FORM_TO_HTCDS.values()),
            "vic_ForcedLabourIndustry": set(exchange.SECTOR_TO_HTCDS.values()),
            "vic_MethodsOfControl": set(MethodOfControl.values),
            "vic_TypeOfSexExploitation": set(SexualExploitationType.values),
            "vic_TraffickingStatus": {
                "PossibleVictimOfTrafficking",
                "ActualVictimOfTrafficking",
                "NotAVictimOfTrafficking",
            },
            "vic_TraffickingStatusDecisionMakingOrg": {"CourtOrProsecution"},
            "cas_Status": {"Active", "Closed"},
            "org_Type": {"NGO"},
            "hte_Type": {"Exploitation"},
        }
        for name, values in expected.items():
            with self.subTest(field=name):
                self.assertLessEqual(values, picklist(name), values - picklist(name))
        # Every ISIC section Keten records has its industry name.
        self.assertEqual(set(exchange.SECTOR_TO_HTCDS), set(Sector.values))

    def test_every_exported_value_is_in_the_standard(self) -> None:
        """A real export, record by record, field by field."""
        make_case(
            self.centre_a,
            forms=["labour", "sexual", "begging", "organ_removal", "forced_crime"],
            sector="Q",
            sexual_exploitation_types=list(SexualExploitationType.values),
            means_of_control=list(MethodOfControl.values),
            exploitation_started_on=datetime.date(2021, 3, 1),
        )
        opinion_case = make_case(self.centre_b, gender="transgender_non_conforming", state="closed")
        MagistrateOpinion.objects.create(
            case=opinion_case, opinion="negative", given_on=datetime.date(2023, 1, 2)
        )
        make_case(self.centre_a, gender="unknown", forms=[], nationalities=[], procedure_state="permanent")
        self.login(self.admin)
        content = b"".join(self.client.get(reverse("statistics:htcds_export")).streaming_content)
        records = json.loads(content)
        self.assertEqual(len(records), 3)
        fields = standard()
        for record in records:
            for name, value in record.items():
                with self.subTest(field=name, value=value):
                    self.assertIn(name, fields)
                    if value is None or "Picklist" not in str(fields[name]["type"]):
                        continue
                    if name == "prs_Citizenship":  # "Use ISO 3166 country codes standard"
                        self.assertTrue(all(len(code) == 3 and code.isupper() for code in value))
                        continue
                    written = value if isinstance(value, list) else [value]
                    self.assertLessEqual(set(written), picklist(name))
