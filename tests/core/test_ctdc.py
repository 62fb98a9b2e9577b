"""The CTDC Global Synthetic Dataset format: columns, value sets, buckets and row checks."""

from __future__ import annotations

import pytest

from keten.core.ctdc import (
    AGE_BROAD,
    COLUMNS,
    FLAG_COLUMNS,
    GENDERS,
    ISO_ALPHA3,
    TRAFFICK_MONTHS,
    age_broad,
    htcds_gender_to_ctdc,
    traffick_months,
    validate_row,
)


def valid_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        yearOfRegistration="2020",
        gender="Woman",
        ageBroad="18\u201420",
        citizenship="NGA",
        CountryOfExploitation="BEL",
        traffickMonths="0\u201412 (0-1 yr)",
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
        "0\u20148",
        "9\u201417",
        "18\u201420",
        "21\u201423",
        "24\u201426",
        "27\u201429",
        "30\u201438",
        "39\u201447",
        "48+",
    )
    assert all("-" not in label for label in AGE_BROAD)
    assert TRAFFICK_MONTHS == ("0\u201412 (0-1 yr)", "13\u201424 (1-2 yrs)", "25+ (2+ yrs)")


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (0, "0\u20148"),
        (8, "0\u20148"),
        (9, "9\u201417"),
        (17, "9\u201417"),
        (18, "18\u201420"),
        (20, "18\u201420"),
        (21, "21\u201423"),
        (23, "21\u201423"),
        (24, "24\u201426"),
        (26, "24\u201426"),
        (27, "27\u201429"),
        (29, "27\u201429"),
        (30, "30\u201438"),
        (38, "30\u201438"),
        (39, "39\u201447"),
        (47, "39\u201447"),
        (48, "48+"),
        (95, "48+"),
    ],
)
def test_it_buckets_ages_at_the_boundaries(age: int, group: str) -> None:
    assert age_broad(age) == group


def test_it_buckets_months_of_exploitation() -> None:
    assert [traffick_months(months) for months in (0, 12, 13, 24, 25, 300)] == [
        "0\u201412 (0-1 yr)",
        "0\u201412 (0-1 yr)",
        "13\u201424 (1-2 yrs)",
        "13\u201424 (1-2 yrs)",
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


def test_it_accepts_kosovo() -> None:
    assert fields(valid_row(citizenship="XKX")) == []


def test_it_wants_missing_flags_empty_not_zero() -> None:
    errors = validate_row(valid_row(meansThreats="0"), current_year=2025)

    assert [error.field for error in errors] == ["meansThreats"]
    assert "do not write 0" in errors[0].message.text


@pytest.mark.parametrize("flag", ["yes", "true", "2", " 1"])
def test_it_rejects_a_flag_that_is_not_1(flag: str) -> None:
    assert fields(valid_row(isForcedLabour=flag)) == ["isForcedLabour"]


def test_it_points_to_the_em_dash() -> None:
    errors = validate_row(valid_row(ageBroad="18-20"), current_year=2025)

    assert [error.field for error in errors] == ["ageBroad"]
    assert errors[0].message.params == {"suggestion": "18\u201420"}
    assert fields(valid_row(traffickMonths="0--12 (0-1 yr)")) == ["traffickMonths"]


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
