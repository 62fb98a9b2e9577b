"""The two CTDC formats as published: columns, value sets, buckets, reading rows and checking exported rows.

The rows are built from the official documentation in shared/domain/exchange/ (codebook v2 of the Global
Synthetic Dataset, the Victim-Perpetrator data dictionary of 1 December 2022), never from a CTDC data file.
"""

from __future__ import annotations

import pytest

from keten.core.ctdc import (
    AGE_BROAD,
    COLUMNS,
    FLAG_COLUMNS,
    GENDERS,
    GLOBAL,
    ISO_ALPHA3,
    TRAFFICK_MONTHS,
    VICTIM_PERPETRATOR,
    VP_COLUMNS,
    age_broad,
    detect_format,
    display_range,
    header_problem,
    htcds_gender_to_ctdc,
    read_row,
    traffick_months,
    validate_row,
)
from keten.core.i18n import render


def valid_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        yearOfRegistration="2020",
        gender="Woman",
        ageBroad="18--20",
        citizenship="NGA",
        CountryOfExploitation="BEL",
        traffickMonths="0--12 (0-1 yr)",
        isSexualExploit="1",
    )
    row.update(values)
    return row


def test_it_lists_the_27_columns_of_the_codebook_in_order() -> None:
    assert len(COLUMNS) == 27
    assert COLUMNS == (
        "yearOfRegistration",
        "gender",
        "ageBroad",
        "citizenship",
        "CountryOfExploitation",
        "traffickMonths",
        "meansDebtBondageEarnings",
        "meansThreats",
        "meansAbusePsyPhySex",
        "meansFalsePromises",
        "meansDrugsAlcohol",
        "meansDenyBasicNeeds",
        "meansExcessiveWorkHours",
        "meansWithholdDocs",
        "isForcedLabour",
        "isSexualExploit",
        "isOtherExploit",
        "typeOfLabourAgriculture",
        "typeOfLabourConstruction",
        "typeOfLabourDomesticWork",
        "typeOfLabourHospitality",
        "typeOfSexProstitution",
        "typeOfSexPornography",
        "recruiterRelationIntimatePartner",
        "recruiterRelationFriend",
        "recruiterRelationFamily",
        "recruiterRelationOther",
    )
    assert len(FLAG_COLUMNS) == 21


def test_it_spells_the_value_sets_as_the_codebook() -> None:
    assert GENDERS == ("Man", "Woman", "Trans/Transgender/NonConforming")
    assert AGE_BROAD == (
        "0--8",
        "9--17",
        "18--20",
        "21--23",
        "24--26",
        "27--29",
        "30--38",
        "39--47",
        "48+",
    )
    # The published files write ranges with two hyphens (the codebook PDF prints a dash).
    assert all("\u2014" not in label and "\u2013" not in label for label in AGE_BROAD)
    assert TRAFFICK_MONTHS == ("0--12 (0-1 yr)", "13--24 (1-2 yrs)", "25+ (2+ yrs)")


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (0, "0--8"),
        (8, "0--8"),
        (9, "9--17"),
        (17, "9--17"),
        (18, "18--20"),
        (20, "18--20"),
        (21, "21--23"),
        (23, "21--23"),
        (24, "24--26"),
        (26, "24--26"),
        (27, "27--29"),
        (29, "27--29"),
        (30, "30--38"),
        (38, "30--38"),
        (39, "39--47"),
        (47, "39--47"),
        (48, "48+"),
        (95, "48+"),
    ],
)
def test_it_buckets_ages_at_the_boundaries(age: int, group: str) -> None:
    assert age_broad(age) == group


def test_it_buckets_months_of_exploitation() -> None:
    assert [traffick_months(months) for months in (0, 12, 13, 24, 25, 300)] == [
        "0--12 (0-1 yr)",
        "0--12 (0-1 yr)",
        "13--24 (1-2 yrs)",
        "13--24 (1-2 yrs)",
        "25+ (2+ yrs)",
        "25+ (2+ yrs)",
    ]


@pytest.mark.parametrize("age", [-1, True])
def test_it_refuses_an_impossible_age(age: int) -> None:
    with pytest.raises(ValueError):
        age_broad(age)


def test_it_maps_htcds_genders() -> None:
    assert htcds_gender_to_ctdc("Feminine") == "Woman"
    assert htcds_gender_to_ctdc("Masculine") == "Man"
    for gender in ("TransgenderFeminine", "TransgenderMasculine", "NonConforming"):
        assert htcds_gender_to_ctdc(gender) == "Trans/Transgender/NonConforming"
    assert htcds_gender_to_ctdc("NonSpecifiedUnknown") == ""
    with pytest.raises(ValueError):
        htcds_gender_to_ctdc("Female")


def test_it_knows_the_iso_country_codes() -> None:
    assert len(ISO_ALPHA3) == 249
    assert {"BEL", "NGA", "ROU", "VNM", "SSD", "COD"} <= ISO_ALPHA3
    assert all(len(code) == 3 and code.isupper() for code in ISO_ALPHA3)


def test_it_accepts_a_valid_row() -> None:
    assert validate_row(valid_row(), current_year=2025) == []


def test_it_accepts_an_empty_row_as_all_missing() -> None:
    assert validate_row(dict.fromkeys(COLUMNS, ""), current_year=2025) == []


def fields(row: dict[str, str], current_year: int = 2025) -> list[str]:
    return [error.field for error in validate_row(row, current_year=current_year)]


@pytest.mark.parametrize("year", ["2001", "2026", "20x0", "0", "２０２０"])
def test_it_rejects_a_year_out_of_range(year: str) -> None:
    errors = validate_row(valid_row(yearOfRegistration=year), current_year=2025)

    assert [error.field for error in errors] == ["yearOfRegistration"]
    assert errors[0].message.params == {"first": 2002, "last": 2025}


def test_it_uses_this_year_by_default() -> None:
    assert validate_row(valid_row(yearOfRegistration="2002")) == []
    assert fields(valid_row(yearOfRegistration="9999"), current_year=2025) == ["yearOfRegistration"]


@pytest.mark.parametrize("code", ["bel", "BE", "BELG", "B1L", "XXX"])
def test_it_rejects_a_bad_country_code(code: str) -> None:
    assert fields(valid_row(citizenship=code)) == ["citizenship"]
    assert fields(valid_row(CountryOfExploitation=code)) == ["CountryOfExploitation"]


def test_it_reads_kosovo() -> None:
    assert fields(valid_row(citizenship="XKX")) == []


def test_it_wants_missing_flags_empty_not_zero() -> None:
    errors = validate_row(valid_row(meansThreats="0"), current_year=2025)

    assert [error.field for error in errors] == ["meansThreats"]
    assert "do not write 0" in errors[0].message.text


@pytest.mark.parametrize("flag", ["yes", "true", "2", " 1"])
def test_it_rejects_a_flag_that_is_not_1(flag: str) -> None:
    assert fields(valid_row(isForcedLabour=flag)) == ["isForcedLabour"]


def test_it_wants_exported_rows_spelt_as_the_published_files() -> None:
    errors = validate_row(valid_row(ageBroad="18\u201420"), current_year=2025)

    assert [error.field for error in errors] == ["ageBroad"]
    assert render(errors[0].message) == "Write 18\u201420 as the published files do: 18--20."
    assert fields(valid_row(traffickMonths="0-12 (0-1 yr)")) == ["traffickMonths"]


def test_it_rejects_an_unknown_gender_with_the_allowed_values() -> None:
    errors = validate_row(valid_row(gender="Female"), current_year=2025)

    assert [error.field for error in errors] == ["gender"]
    assert errors[0].message.params["value"] == "Female"
    assert "Woman" in str(errors[0].message.params["allowed"])


def test_it_names_missing_and_unknown_columns() -> None:
    row = valid_row()
    del row["meansThreats"]
    row["victimName"] = "x"

    assert fields(row) == ["meansThreats", "victimName"]


# --- Reading rows of both published formats ----------------------------------------------------------


def vp_row(**values: str) -> dict[str, str]:
    """A victim-perpetrator row with the values of the data dictionary's TabStat sheet."""
    row = dict.fromkeys(VP_COLUMNS, "")
    row.update(
        yearRegister="2014-2018",
        gender="Female",
        majorityStatus="Adult",
        isSexualExploit="1",
        UN_COO_Region="Europe",
        UN_COE_Region="Europe",
        IP_Exploiter="1",
        IP_Gender="Male",
        IP_ageBroad="30--38",
        IP_citizen_UNRegion="Europe",
        IP_Relation="FriendAcquaintance",
        IP_PayMoney="No",
    )
    row.update(values)
    return row


def test_it_lists_the_16_columns_of_the_victim_perpetrator_dictionary_in_order() -> None:
    assert VP_COLUMNS == (
        "yearRegister",
        "gender",
        "majorityStatus",
        "isForcedLabour",
        "isSexualExploit",
        "UN_COO_Region",
        "UN_COE_Region",
        "IP_Exploiter",
        "IP_Gender",
        "IP_ageBroad",
        "IP_citizen_UNRegion",
        "IP_Relation",
        "IP_PayMoney",
        "IP_RecruiterBroker",
        "IP_TransactionProcess",
        "IP_ControlAbuseKidnap",
    )


def test_it_knows_a_format_by_its_header_in_any_order() -> None:
    assert detect_format(COLUMNS) is GLOBAL
    assert detect_format(tuple(reversed(COLUMNS))) is GLOBAL
    assert detect_format(VP_COLUMNS) is VICTIM_PERPETRATOR
    # The codebook's detailed description spells variable 14 in full.
    assert detect_format([name.replace("Docs", "Documents") for name in COLUMNS]) is GLOBAL
    assert detect_format(COLUMNS[:-1]) is None
    assert detect_format((*COLUMNS, "gender")) is None


def test_it_names_the_expected_formats_when_the_header_is_unknown() -> None:
    message = header_problem(["id", "gender", "ageBroad"])

    assert message is not None
    text = render(message)
    assert "Global Synthetic Dataset (27 columns" in text
    assert "Victim-Perpetrator Synthetic Dataset (16 columns" in text
    assert "Not in that format: id." in text
    assert header_problem(list(VP_COLUMNS)) is None


@pytest.mark.parametrize("spelling", ["30--38", "30-38", "30\u201438", "30\u201338", " 30 -- 38 "])
def test_it_reads_a_range_written_with_two_hyphens_or_a_dash(spelling: str) -> None:
    values, errors = read_row(GLOBAL, valid_row(ageBroad=spelling), current_year=2025)

    assert errors == []
    assert values["ageBroad"] == "30--38"


def test_it_reads_the_durations_and_the_exploiters_ages_in_both_spellings() -> None:
    values, errors = read_row(GLOBAL, valid_row(traffickMonths="13-24 (1-2 yrs)"), current_year=2025)
    assert (values["traffickMonths"], errors) == ("13--24 (1-2 yrs)", [])
    values, errors = read_row(VICTIM_PERPETRATOR, vp_row(IP_ageBroad="39\u201447"), current_year=2025)
    assert (values["IP_ageBroad"], errors) == ("39--47", [])


@pytest.mark.parametrize("missing", ["", "-99"])
def test_it_reads_empty_and_minus_99_as_missing(missing: str) -> None:
    row = valid_row(gender=missing, ageBroad=missing, citizenship=missing, isSexualExploit=missing)
    values, errors = read_row(GLOBAL, row, current_year=2025)

    assert errors == []
    assert (values["gender"], values["ageBroad"], values["citizenship"], values["isSexualExploit"]) == (
        "",
        "",
        "",
        "",
    )


def test_it_reads_semicolon_joined_values_each_checked_and_sorted() -> None:
    row = vp_row(
        IP_Gender="Male;Female",
        IP_ageBroad="39-47;0--29",
        IP_Relation="StrangerUnknownOther;FriendAcquaintance",
    )
    values, errors = read_row(VICTIM_PERPETRATOR, row, current_year=2025)

    assert errors == []
    assert values["IP_Gender"] == "Female;Male"
    assert values["IP_ageBroad"] == "0--29;39--47"
    assert values["IP_Relation"] == "FriendAcquaintance;StrangerUnknownOther"
    values, errors = read_row(VICTIM_PERPETRATOR, vp_row(IP_Gender="Male;Alien"), current_year=2025)
    assert [error.field for error in errors] == ["IP_Gender"]
    assert errors[0].message.params["value"] == "Alien"


def test_it_reads_the_year_groups_of_the_victim_perpetrator_file() -> None:
    for group in ("2005-2013", "2014-2018", "2019", "2020", "2021-2022"):
        values, errors = read_row(VICTIM_PERPETRATOR, vp_row(yearRegister=group), current_year=2025)
        assert (values["yearRegister"], errors) == (group, [])
    values, errors = read_row(VICTIM_PERPETRATOR, vp_row(yearRegister="2014--2018"), current_year=2025)
    assert values["yearRegister"] == "2014-2018"
    for wrong in ("2018-2014", "1999", "recent"):
        _values, errors = read_row(VICTIM_PERPETRATOR, vp_row(yearRegister=wrong), current_year=2025)
        assert [error.field for error in errors] == ["yearRegister"]


def test_it_shows_ranges_to_people_with_an_en_dash() -> None:
    assert display_range("30--38") == "30\u201338"
    assert display_range("48+") == "48+"
