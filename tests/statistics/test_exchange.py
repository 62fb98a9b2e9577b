"""CTDC and HTCDS exports against their field lists, and CTDC imports into the analysis area."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from keten.cases.models import Case
from keten.core import ctdc
from keten.core.law import COUNTRY_CODES as ALPHA2
from keten.statistics.countries import ALPHA2_TO_ALPHA3
from keten.statistics.exchange import HTCDS_FIELDS
from keten.statistics.models import AnalysisDataset, AnalysisRecord, AnalysisRejection
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case

IDENTITY = ("Ana Marin", "1990-04-02", "+32 470 00 00 00", "RO123456")


def ctdc_line(**values: str) -> dict[str, str]:
    row = dict.fromkeys(ctdc.COLUMNS, "")
    row.update(
        {"yearOfRegistration": "2020", "gender": "Woman", "ageBroad": "18\u201420", "citizenship": "ROU"}
    )
    row.update(values)
    return row


def ctdc_file(rows: list[dict[str, str]], header: tuple[str, ...] = ctdc.COLUMNS) -> bytes:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode()


class ExportTests(StatisticsTestCase):
    def setUp(self) -> None:
        self.case = make_case(
            self.centre_a,
            year=2022,
            gender="female",
            age=16,
            forms=["labour", "sexual"],
            nationalities=["RO", "MD"],
            sector="A",
            given_names=IDENTITY[0],
            date_of_birth=IDENTITY[1],
            contact_details=IDENTITY[2],
            identity_documents=IDENTITY[3],
            exploitation_started_on=datetime.date(2020, 1, 10),
            exploitation_ended_on=datetime.date(2021, 6, 1),
        )
        make_case(self.centre_a, gender="unknown", age=None, forms=[], nationalities=[])
        make_case(self.centre_b, gender="male")
        make_case(self.centre_a, demo=True)

    def test_it_exports_cases_as_the_27_ctdc_columns(self) -> None:
        self.login(self.admin)
        content = b"".join(self.client.get(reverse("statistics:ctdc_export")).streaming_content).decode()
        for secret in IDENTITY:
            self.assertNotIn(secret, content)
        rows = list(csv.DictReader(io.StringIO(content)))
        self.assertEqual(tuple(csv.reader(io.StringIO(content)).__next__()), ctdc.COLUMNS)
        self.assertEqual(len(rows), 3)  # demo case left out
        for row in rows:
            self.assertEqual(ctdc.validate_row(row), [])
        first = rows[0]
        self.assertEqual(first["yearOfRegistration"], "2022")
        self.assertEqual(first["gender"], "Woman")
        self.assertEqual(first["ageBroad"], "9\u201417")
        self.assertEqual(first["citizenship"], "ROU")
        self.assertEqual(first["traffickMonths"], "13\u201424 (1-2 yrs)")
        self.assertEqual(
            (first["isForcedLabour"], first["isSexualExploit"], first["isOtherExploit"]), ("1", "1", "")
        )
        self.assertEqual(first["typeOfLabourAgriculture"], "1")
        self.assertEqual(first["meansThreats"], "")  # not recorded: missing, never 0
        unknown = rows[1]
        self.assertEqual((unknown["gender"], unknown["ageBroad"], unknown["citizenship"]), ("", "", ""))

    def test_it_exports_only_the_managers_centre(self) -> None:
        self.login(self.manager_a)
        content = b"".join(self.client.get(reverse("statistics:ctdc_export")).streaming_content).decode()
        self.assertEqual(len(list(csv.DictReader(io.StringIO(content)))), 2)

    def test_it_exports_htcds_records_with_the_listed_fields_only(self) -> None:
        self.login(self.admin)
        content = b"".join(self.client.get(reverse("statistics:htcds_export")).streaming_content).decode()
        for secret in IDENTITY:
            self.assertNotIn(secret, content)
        records = json.loads(content)
        self.assertEqual(len(records), 3)
        for record in records:
            self.assertEqual(tuple(record), HTCDS_FIELDS)
        first = records[0]
        self.assertEqual(first["prs_Gender"], "Feminine")
        self.assertEqual(first["prs_Citizenship"], ["ROU", "MDA"])
        self.assertEqual(first["vic_AgeWhenTrafficked"], 16)
        self.assertEqual(first["vic_TypeOfExploitation"], ["ForcedLabour", "SexualExploitation"])
        self.assertEqual(first["hte_Exploitation"]["hte_StartDate"], "2020-01-10")
        self.assertEqual(records[1]["prs_Gender"], "NonSpecifiedUnknown")
        self.assertNotIn(str(self.case.pk), first["cas_CaseId"][:0] or "")

    def test_it_writes_the_ctdc_file_from_the_command_line(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.csv"
            call_command("ctdc_export", str(path), stderr=io.StringIO())
            rows = list(csv.DictReader(path.open(encoding="utf-8")))
        self.assertEqual(len(rows), 3)

    def test_it_maps_every_alpha2_code_to_one_alpha3_code(self) -> None:
        self.assertEqual(set(ALPHA2_TO_ALPHA3), set(ALPHA2))
        self.assertEqual(set(ALPHA2_TO_ALPHA3.values()), set(ctdc.COUNTRY_CODES))
        self.assertEqual(len(set(ALPHA2_TO_ALPHA3.values())), len(ALPHA2_TO_ALPHA3))
        self.assertEqual(
            (ALPHA2_TO_ALPHA3["BE"], ALPHA2_TO_ALPHA3["NG"], ALPHA2_TO_ALPHA3["XK"]), ("BEL", "NGA", "XKX")
        )


class ImportTests(StatisticsTestCase):
    def upload(self, content: bytes, *, strict: bool = False, name: str = "Elsewhere 2022") -> object:
        self.login(self.rapporteur)
        with translation.override("en"):
            url = reverse("statistics:import")
        data = {"name": name, "file": SimpleUploadedFile("data.csv", content, content_type="text/csv")}
        if strict:
            data["strict"] = "on"
        return self.client.post(url, data)

    def test_it_imports_a_ctdc_file_into_the_analysis_area_only(self) -> None:
        cases_before = Case.objects.count()
        rows = [ctdc_line(), ctdc_line(gender="Man", isForcedLabour="1"), ctdc_line(citizenship="")]
        response = self.upload(ctdc_file(rows))
        self.assertContains(response, "3 rows read: 3 imported, 0 rejected.")
        dataset = AnalysisDataset.objects.get()
        self.assertEqual((dataset.rows_read, dataset.rows_imported, dataset.rows_rejected), (3, 3, 0))
        self.assertEqual(AnalysisRecord.objects.filter(dataset=dataset).count(), 3)
        record = AnalysisRecord.objects.get(gender="Man")
        self.assertTrue(record.flag("isForcedLabour"))
        self.assertFalse(record.flag("isSexualExploit"))
        self.assertEqual(Case.objects.count(), cases_before)

    def test_it_rejects_rows_with_the_reason_per_row(self) -> None:
        rows = [
            ctdc_line(),
            ctdc_line(ageBroad="18-20"),
            ctdc_line(isForcedLabour="0"),
            ctdc_line(citizenship="RO"),
            ctdc_line(yearOfRegistration="1999"),
        ]
        response = self.upload(ctdc_file(rows))
        self.assertContains(response, "5 rows read: 1 imported, 4 rejected.")
        self.assertContains(response, "em dash")
        self.assertContains(response, "do not write 0")
        self.assertContains(response, "three-letter ISO code")
        self.assertContains(response, "2002")
        lines = list(AnalysisRejection.objects.values_list("line", flat=True))
        self.assertEqual(lines, [3, 4, 5, 6])

    def test_it_imports_nothing_in_strict_mode_when_a_row_is_wrong(self) -> None:
        response = self.upload(ctdc_file([ctdc_line(), ctdc_line(gender="Female")]), strict=True)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Nothing was imported", status_code=400)
        self.assertContains(response, "Female is not one of the allowed values", status_code=400)
        self.assertFalse(AnalysisDataset.objects.exists())
        self.assertFalse(AnalysisRecord.objects.exists())

    def test_it_refuses_a_file_that_is_not_a_ctdc_file(self) -> None:
        for content in (
            b"name,age\nAna,20\n",
            ctdc_file([ctdc_line()], header=ctdc.COLUMNS[:-1]),
            b"\n",
            b"\xff\xfe\x00garbage",
        ):
            with self.subTest(content=content[:20]):
                response = self.upload(content)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Nothing was imported", status_code=400)
        self.assertContains(self.upload(b""), "The submitted file is empty.", status_code=400)
        self.assertFalse(AnalysisRecord.objects.exists())
        self.assertFalse(AnalysisDataset.objects.exists())

    def test_it_reports_a_row_with_the_wrong_number_of_fields(self) -> None:
        content = ctdc_file([ctdc_line()]) + b"2020,Woman\n"
        response = self.upload(content)
        self.assertContains(response, "This row has 2 fields; the first line names 27.")

    def test_it_accepts_a_byte_order_mark(self) -> None:
        response = self.upload(b"\xef\xbb\xbf" + ctdc_file([ctdc_line()]))
        self.assertContains(response, "1 rows read: 1 imported, 0 rejected.")

    def test_it_keeps_what_was_typed_when_the_form_is_wrong(self) -> None:
        self.login(self.admin)
        with translation.override("en"):
            url = reverse("statistics:import")
        response = self.client.post(url, {"name": "My study"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="My study"', status_code=400)

    def test_it_imports_from_the_command_line(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "in.csv"
            path.write_bytes(ctdc_file([ctdc_line(), ctdc_line(gender="x")]))
            out, err = io.StringIO(), io.StringIO()
            call_command("ctdc_import", str(path), "--name", "cli", stdout=out, stderr=err)
            self.assertIn("2 rows read, 1 imported, 1 rejected", out.getvalue())
            self.assertIn("line 3: gender", err.getvalue())
            bad = Path(folder) / "bad.csv"
            bad.write_text("a,b\n1,2\n")
            with self.assertRaises(CommandError):
                call_command("ctdc_import", str(bad), "--name", "bad", stdout=out, stderr=err)
        self.assertEqual(AnalysisDataset.objects.count(), 1)
