"""CTDC and HTCDS exports against their documentation, and CTDC imports (both published formats) into the
analysis area. Test rows are built from the official dictionaries in shared/domain/exchange/, never
from a CTDC data file (the CTDC terms of use forbid re-hosting the data)."""

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

from keten.audit.models import AuditEvent
from keten.cases.models import Case, MagistrateOpinion
from keten.core import ctdc
from keten.core.law import COUNTRY_CODES as ALPHA2
from keten.statistics.countries import ALPHA2_TO_ALPHA3
from keten.statistics.exchange import HTCDS_FIELDS, import_ctdc
from keten.statistics.models import AnalysisDataset, AnalysisPairRecord, AnalysisRecord, AnalysisRejection
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case

IDENTITY = ("Ana Marin", "1990-04-02", "+32 470 00 00 00", "RO123456")


def ctdc_line(**values: str) -> dict[str, str]:
    row = dict.fromkeys(ctdc.COLUMNS, "")
    row.update({"yearOfRegistration": "2020", "gender": "Woman", "ageBroad": "18--20", "citizenship": "ROU"})
    row.update(values)
    return row


def vp_line(**values: str) -> dict[str, str]:
    """A row of the Victim-Perpetrator dataset, with values from its data dictionary (TabStat sheet)."""
    row = dict.fromkeys(ctdc.VP_COLUMNS, "")
    row.update(
        {
            "yearRegister": "2014-2018",
            "gender": "Female",
            "majorityStatus": "Adult",
            "isForcedLabour": "1",
            "UN_COO_Region": "Asia",
            "UN_COE_Region": "Asia",
            "IP_Exploiter": "1",
            "IP_Gender": "Male",
            "IP_ageBroad": "30--38",
            "IP_citizen_UNRegion": "Asia",
            "IP_Relation": "StrangerUnknownOther",
            "IP_PayMoney": "Yes",
        }
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
            age_at_registration=18,
            forms=["labour", "sexual"],
            nationalities=["RO", "MD"],
            sector="A",
            sexual_exploitation_types=["Prostitution", "RemoteInteractiveServices"],
            means_of_control=["DebtBondage", "WithholdsDocuments", "ThreatsLawEnforcement"],
            given_names=IDENTITY[0],
            date_of_birth=IDENTITY[1],
            contact_details=IDENTITY[2],
            identity_documents=IDENTITY[3],
            exploitation_started_on=datetime.date(2020, 1, 10),
            exploitation_ended_on=datetime.date(2021, 6, 1),
        )
        self.unknown = make_case(self.centre_a, gender="unknown", age=None, forms=[], nationalities=[])
        self.other = make_case(
            self.centre_b,
            gender="male",
            forms=["begging", "forced_crime", "organ_removal"],
            nationalities=["XK"],
            sector="F",
            procedure_state="permanent",
        )
        make_case(self.centre_a, demo=True)

    def ctdc_rows(self) -> list[dict[str, str]]:
        self.login(self.admin)
        content = b"".join(self.client.get(reverse("statistics:ctdc_export")).streaming_content).decode()
        for secret in IDENTITY:
            self.assertNotIn(secret, content)
        self.assertEqual(tuple(next(csv.reader(io.StringIO(content)))), ctdc.COLUMNS)
        return list(csv.DictReader(io.StringIO(content)))

    def test_it_exports_cases_as_the_27_columns_as_ctdc_publishes_them(self) -> None:
        rows = self.ctdc_rows()
        self.assertEqual(len(rows), 3)  # demo case left out
        for row in rows:
            self.assertEqual(ctdc.validate_row(row), [])
        first = rows[0]
        self.assertEqual(first["yearOfRegistration"], "2022")
        self.assertEqual(first["gender"], "Woman")
        # The age when registered (18), not when the exploitation started (16); two hyphens.
        self.assertEqual(first["ageBroad"], "18--20")
        self.assertEqual(first["citizenship"], "ROU")
        # The country of identification: Keten's people are identified in Belgium.
        self.assertEqual(first["CountryOfExploitation"], "BEL")
        self.assertEqual(first["traffickMonths"], "13--24 (1-2 yrs)")
        self.assertEqual(
            (first["isForcedLabour"], first["isSexualExploit"], first["isOtherExploit"]), ("1", "1", "")
        )
        # ISIC section A is more than the codebook's agriculture (division 01 only): not known.
        self.assertEqual(first["typeOfLabourAgriculture"], "")
        self.assertEqual((first["typeOfSexProstitution"], first["typeOfSexPornography"]), ("1", ""))
        self.assertEqual(
            (first["meansDebtBondageEarnings"], first["meansWithholdDocs"], first["meansThreats"]),
            ("1", "1", "1"),
        )
        self.assertEqual(first["meansFalsePromises"], "")  # not recorded: missing, never 0
        unknown = rows[1]
        self.assertEqual((unknown["gender"], unknown["ageBroad"], unknown["citizenship"]), ("", "", ""))

    def test_it_exports_begging_forced_crime_organs_and_kosovo_in_the_codebooks_classes(self) -> None:
        other = self.ctdc_rows()[2]
        # Begging and illicit activities are types of forced labour for CTDC; organs are "other".
        self.assertEqual(
            (other["isForcedLabour"], other["isSexualExploit"], other["isOtherExploit"]), ("1", "", "1")
        )
        # A sector counts only for people in labour exploitation (none here: begging is not labour in Keten).
        self.assertEqual(other["typeOfLabourConstruction"], "")
        # Kosovo is counted under Serbia (codebook, appendix II).
        self.assertEqual(other["citizenship"], "SRB")

    def test_it_exports_only_the_managers_centre(self) -> None:
        self.login(self.manager_a)
        content = b"".join(self.client.get(reverse("statistics:ctdc_export")).streaming_content).decode()
        self.assertEqual(len(list(csv.DictReader(io.StringIO(content)))), 2)

    def htcds_records(self) -> list[dict[str, object]]:
        self.login(self.admin)
        content = b"".join(self.client.get(reverse("statistics:htcds_export")).streaming_content).decode()
        for secret in IDENTITY:
            self.assertNotIn(secret, content)
        records = json.loads(content)
        self.assertEqual(len(records), 3)
        return records

    def test_it_exports_htcds_records_with_the_standards_fields_only(self) -> None:
        MagistrateOpinion.objects.create(
            case=self.case, opinion="positive", given_on=datetime.date(2022, 9, 1)
        )
        records = self.htcds_records()
        for record in records:
            self.assertEqual(tuple(record), HTCDS_FIELDS)
            self.assertNotIn("cas_CaseId", record)
        first, unknown, other = records
        self.assertEqual(first["prs_Gender"], "Feminine")
        self.assertEqual(first["prs_Citizenship"], ["ROU", "MDA"])
        self.assertEqual(first["vic_AgeWhenTrafficked"], 16)
        self.assertEqual(first["vic_TypeOfExploitation"], ["ForcedLabour", "SexualExploitation"])
        self.assertEqual(first["vic_ForcedLabourIndustry"], "A_AgricultureForestryAndFishing")
        self.assertEqual(first["vic_TypeOfSexExploitation"], ["Prostitution", "RemoteInteractiveServices"])
        self.assertEqual(
            first["vic_MethodsOfControl"], ["DebtBondage", "ThreatsLawEnforcement", "WithholdsDocuments"]
        )
        self.assertEqual(
            (first["vic_TraffickingStatus"], first["vic_TraffickingStatusDecisionMakingOrg"]),
            ("ActualVictimOfTrafficking", "CourtOrProsecution"),
        )
        # The exploitation as a historic trafficking event: hte_Type and hte_Date, as the standard has them.
        self.assertEqual((first["hte_Type"], first["hte_Date"]), ("Exploitation", "2020-01-10"))
        self.assertEqual(unknown["prs_Gender"], "NonSpecifiedUnknown")
        self.assertEqual(unknown["vic_TraffickingStatus"], "PossibleVictimOfTrafficking")
        self.assertEqual((unknown["hte_Type"], unknown["hte_Date"]), (None, None))
        # A sector is an industry of forced labour only for people in labour exploitation.
        self.assertIsNone(other["vic_ForcedLabourIndustry"])
        self.assertEqual(other["vic_TypeOfExploitation"], ["ForcedBegging", "OrganRemoval", "Other"])
        self.assertEqual(other["vic_TraffickingStatus"], "ActualVictimOfTrafficking")

    def test_it_follows_the_magistrates_latest_opinion(self) -> None:
        MagistrateOpinion.objects.create(
            case=self.case, opinion="positive", given_on=datetime.date(2022, 9, 1)
        )
        MagistrateOpinion.objects.create(
            case=self.case, opinion="negative", given_on=datetime.date(2023, 3, 1)
        )
        first = self.htcds_records()[0]
        self.assertEqual(first["vic_TraffickingStatus"], "NotAVictimOfTrafficking")

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

    def test_it_exports_what_it_imports_back_unchanged(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "out.csv"
            call_command("ctdc_export", str(path), stderr=io.StringIO())
            exported = path.read_bytes()
        result = import_ctdc(io.StringIO(exported.decode()), name="round trip", current_year=2026)
        self.assertTrue(result.ok, result.error)
        self.assertEqual(result.rows_imported, 3)
        self.assertEqual(
            sorted(AnalysisRecord.objects.values_list("age_broad", flat=True)), ["", "", "18--20"]
        )


class ImportTests(StatisticsTestCase):
    def upload(self, content: bytes, *, partial: bool = False, name: str = "Elsewhere 2022") -> object:
        self.login(self.rapporteur)
        with translation.override("en"):
            url = reverse("statistics:import")
        data = {"name": name, "file": SimpleUploadedFile("data.csv", content, content_type="text/csv")}
        if partial:
            data["partial"] = "on"
        return self.client.post(url, data)

    def assert_nothing_imported(self) -> None:
        self.assertFalse(AnalysisDataset.objects.exists())
        self.assertFalse(AnalysisRecord.objects.exists())
        self.assertFalse(AnalysisPairRecord.objects.exists())

    def test_it_imports_a_global_file_into_the_analysis_area_only(self) -> None:
        cases_before = Case.objects.count()
        rows = [ctdc_line(), ctdc_line(gender="Man", isForcedLabour="1"), ctdc_line(citizenship="")]
        response = self.upload(ctdc_file(rows))
        self.assertContains(response, "3 rows read: 3 imported, 0 rejected.")
        self.assertContains(response, "CTDC Global Synthetic Dataset (27 columns")
        dataset = AnalysisDataset.objects.get()
        self.assertEqual(dataset.kind, "global")
        self.assertEqual((dataset.rows_read, dataset.rows_imported, dataset.rows_rejected), (3, 3, 0))
        self.assertEqual(AnalysisRecord.objects.filter(dataset=dataset).count(), 3)
        record = AnalysisRecord.objects.get(gender="Man")
        self.assertTrue(record.flag("isForcedLabour"))
        self.assertFalse(record.flag("isSexualExploit"))
        self.assertEqual(Case.objects.count(), cases_before)

    def test_it_reads_ranges_written_with_two_hyphens_as_published_or_with_a_dash(self) -> None:
        rows = [
            ctdc_line(ageBroad="30--38", traffickMonths="0--12 (0-1 yr)"),
            ctdc_line(ageBroad="30-38", traffickMonths="13-24 (1-2 yrs)"),
            ctdc_line(ageBroad="30\u201438", traffickMonths="25+ (2+ yrs)"),
            ctdc_line(ageBroad="48+"),
            ctdc_line(ageBroad="0--8"),
        ]
        response = self.upload(ctdc_file(rows))
        self.assertContains(response, "5 rows read: 5 imported, 0 rejected.")
        ages = list(AnalysisRecord.objects.order_by("pk").values_list("age_broad", flat=True))
        self.assertEqual(ages, ["30--38", "30--38", "30--38", "48+", "0--8"])
        months = list(AnalysisRecord.objects.order_by("pk").values_list("traffick_months", flat=True))
        self.assertEqual(months[:3], ["0--12 (0-1 yr)", "13--24 (1-2 yrs)", "25+ (2+ yrs)"])

    def test_it_reads_empty_and_minus_99_as_missing(self) -> None:
        rows = [
            ctdc_line(gender="", ageBroad="", citizenship="", isForcedLabour=""),
            ctdc_line(
                gender="-99",
                ageBroad="-99",
                citizenship="-99",
                isForcedLabour="-99",
                yearOfRegistration="-99",
            ),
        ]
        response = self.upload(ctdc_file(rows))
        self.assertContains(response, "2 rows read: 2 imported, 0 rejected.")
        for record in AnalysisRecord.objects.all():
            self.assertEqual(
                (record.gender, record.age_broad, record.citizenship, record.flags), ("", "", "", 0)
            )
        self.assertEqual(
            list(AnalysisRecord.objects.order_by("pk").values_list("year_of_registration", flat=True)),
            [2020, None],
        )

    def test_it_reads_semicolon_joined_values(self) -> None:
        response = self.upload(ctdc_file([ctdc_line(citizenship="ROU;BEL")]))
        self.assertContains(response, "1 rows read: 1 imported, 0 rejected.")
        self.assertEqual(AnalysisRecord.objects.get().citizenship, "BEL;ROU")

    def test_it_imports_a_victim_perpetrator_file(self) -> None:
        rows = [
            vp_line(),
            vp_line(IP_Gender="Female;Male", IP_ageBroad="30-38;39--47", IP_Relation="FamilyIntimatePartner"),
            vp_line(yearRegister="2019", gender="", IP_PayMoney="No;Yes", IP_RecruiterBroker="1"),
            vp_line(IP_citizen_UNRegion="Africa;Asia", majorityStatus="Minor", IP_ageBroad="0\u201429"),
        ]
        response = self.upload(ctdc_file(rows, header=ctdc.VP_COLUMNS))
        self.assertContains(response, "4 rows read: 4 imported, 0 rejected.")
        self.assertContains(response, "Victim-Perpetrator Synthetic Dataset (16 columns")
        dataset = AnalysisDataset.objects.get()
        self.assertEqual(dataset.kind, "victim_perpetrator")
        self.assertFalse(AnalysisRecord.objects.exists())
        second, third, fourth = AnalysisPairRecord.objects.order_by("pk")[1:]
        self.assertEqual((second.exploiter_gender, second.exploiter_age), ("Female;Male", "30--38;39--47"))
        self.assertEqual((third.year_group, third.gender, third.paid_money), ("2019", "", "No;Yes"))
        self.assertTrue(third.flag("IP_RecruiterBroker"))
        self.assertFalse(third.flag("IP_ControlAbuseKidnap"))
        self.assertEqual((fourth.exploiter_region, fourth.exploiter_age), ("Africa;Asia", "0--29"))

    def test_it_imports_nothing_by_default_when_a_row_is_wrong_and_says_which_and_why(self) -> None:
        rows = [ctdc_line(), ctdc_line(gender="Female"), ctdc_line(), ctdc_line(isForcedLabour="0")]
        response = self.upload(ctdc_file(rows))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Nothing was imported", status_code=400)
        self.assertContains(response, "2 of 4 rows break the CTDC format", status_code=400)
        self.assertContains(response, "Female is not one of the allowed values", status_code=400)
        self.assertContains(response, "do not write 0", status_code=400)
        self.assertContains(
            response, '<td class="numeric">3</td><td>gender</td>', status_code=400, html=False
        )
        self.assertContains(response, '<td class="numeric">5</td><td>isForcedLabour</td>', status_code=400)
        self.assert_nothing_imported()

    def test_it_imports_nothing_from_a_victim_perpetrator_file_with_a_bad_row(self) -> None:
        rows = [vp_line(), vp_line(UN_COO_Region="Oceania")]
        response = self.upload(ctdc_file(rows, header=ctdc.VP_COLUMNS))
        self.assertContains(response, "Oceania is not one of the allowed values", status_code=400)
        self.assert_nothing_imported()

    def test_it_imports_the_correct_rows_only_when_asked_and_reports_the_others(self) -> None:
        rows = [
            ctdc_line(),
            ctdc_line(ageBroad="18 to 20"),
            ctdc_line(isForcedLabour="0"),
            ctdc_line(citizenship="RO"),
            ctdc_line(yearOfRegistration="1999"),
        ]
        response = self.upload(ctdc_file(rows), partial=True)
        self.assertContains(response, "5 rows read: 1 imported, 4 rejected.")
        self.assertContains(response, "18 to 20 is not one of the allowed values")
        self.assertContains(response, "do not write 0")
        self.assertContains(response, "three-letter ISO code")
        self.assertContains(response, "2002")
        lines = list(AnalysisRejection.objects.values_list("line", flat=True))
        self.assertEqual(lines, [3, 4, 5, 6])
        self.assertEqual(AnalysisRecord.objects.count(), 1)

    def test_it_refuses_a_file_it_does_not_know_naming_the_expected_formats(self) -> None:
        for content in (
            b"name,age\nAna,20\n",
            ctdc_file([ctdc_line()], header=ctdc.COLUMNS[:-1]),
            ctdc_file([vp_line()], header=(*ctdc.VP_COLUMNS, "IP_Name")),
            b"\n",
        ):
            with self.subTest(content=content[:20]):
                response = self.upload(content)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Nothing was imported", status_code=400)
                self.assertContains(response, "Global Synthetic Dataset (27 columns:", status_code=400)
                self.assertContains(
                    response, "Victim-Perpetrator Synthetic Dataset (16 columns:", status_code=400
                )
        self.assertContains(self.upload(b""), "The submitted file is empty.", status_code=400)
        self.assert_nothing_imported()

    def test_it_refuses_a_file_with_a_byte_that_is_not_utf8_whole(self) -> None:
        for content in (
            b"\xff\xfe\x00garbage",
            ctdc_file([ctdc_line()] * 3) + b"2020,Wom\xe9n" + b"," * 25 + b"\n",
        ):
            with self.subTest(content=content[:10]):
                response = self.upload(content, partial=True)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "UTF-8", status_code=400)
                self.assertContains(response, "Nothing was imported", status_code=400)
        self.assert_nothing_imported()

    def test_it_reports_a_row_with_the_wrong_number_of_fields(self) -> None:
        content = ctdc_file([ctdc_line()]) + b"2020,Woman\n"
        response = self.upload(content, partial=True)
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

    def test_it_imports_from_the_command_line_all_or_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "in.csv"
            path.write_bytes(ctdc_file([ctdc_line(), ctdc_line(gender="x")]))
            out, err = io.StringIO(), io.StringIO()
            with self.assertRaises(CommandError):
                call_command("ctdc_import", str(path), "--name", "cli", stdout=out, stderr=err)
            self.assertIn("line 3: gender", err.getvalue())
            self.assertFalse(AnalysisDataset.objects.exists())
            call_command("ctdc_import", str(path), "--name", "cli", "--partial", stdout=out, stderr=err)
            self.assertIn("2 rows read, 1 imported, 1 rejected", out.getvalue())
            bad = Path(folder) / "bad.csv"
            bad.write_text("a,b\n1,2\n")
            with self.assertRaises(CommandError):
                call_command("ctdc_import", str(bad), "--name", "bad", stdout=out, stderr=err)
        self.assertEqual(AnalysisDataset.objects.count(), 1)


class DatasetCommandTests(StatisticsTestCase):
    def test_it_lists_and_deletes_imported_datasets(self) -> None:
        import_ctdc(io.StringIO(ctdc_file([ctdc_line()] * 2).decode()), name="Global 2024", current_year=2026)
        pairs = import_ctdc(
            io.StringIO(ctdc_file([vp_line()], header=ctdc.VP_COLUMNS).decode()),
            name="Pairs",
            current_year=2026,
        )
        assert pairs.dataset is not None
        out = io.StringIO()
        call_command("ctdc_datasets", stdout=out)
        self.assertIn("\tglobal\t", out.getvalue())
        self.assertIn("Global 2024", out.getvalue())
        self.assertIn("\tvictim_perpetrator\t", out.getvalue())
        call_command("ctdc_datasets", "--delete", str(pairs.dataset.pk), stdout=out)
        self.assertIn("Deleted dataset", out.getvalue())
        self.assertFalse(AnalysisPairRecord.objects.exists())
        self.assertEqual(AnalysisRecord.objects.count(), 2)
        self.assertTrue(AuditEvent.objects.filter(action="statistics.dataset_deleted").exists())
        with self.assertRaises(CommandError):
            call_command("ctdc_datasets", "--delete", "999999", stdout=out)
