"""The CTDC Global Synthetic Dataset format, so Keten can export figures comparable worldwide.

The Counter Trafficking Data Collaborative (CTDC, run by IOM) publishes one row per victim in 27
columns, described in its codebook, version 2 (February 2024); see REFERENCE.md, section 8. This
module holds the columns and their value sets, turns Keten's own values into CTDC values (age into
an age group, HTCDS gender into CTDC gender) and checks a row before it is exported.

Two rules from the codebook matter most. Missing is empty, never 0: a flag is "1" or empty, and an
empty flag means "no information", not "no". And the ranges in ``ageBroad`` and ``traffickMonths``
are written with an em dash (—), not a hyphen.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from keten.core.i18n import Message, _

#: The 27 columns, in the order of the codebook (version 2).
COLUMNS: tuple[str, ...] = (
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

#: The columns holding a flag: "1" or empty.
FLAG_COLUMNS: tuple[str, ...] = COLUMNS[6:]
#: The columns holding an ISO 3166-1 alpha-3 country code.
COUNTRY_COLUMNS: tuple[str, ...] = ("citizenship", "CountryOfExploitation")

#: The first year of registration in the dataset.
FIRST_YEAR = 2002

GENDER_WOMAN = "Woman"
GENDER_MAN = "Man"
#: One category in the codebook, slashes included.
GENDER_TRANS = "Trans/Transgender/NonConforming"
GENDERS: tuple[str, ...] = (GENDER_MAN, GENDER_WOMAN, GENDER_TRANS)

#: Age groups: (lowest age, highest age or None, the codebook's label with its em dash).
AGE_GROUPS: tuple[tuple[int, int | None, str], ...] = (
    (0, 8, "0\u20148"),
    (9, 17, "9\u201417"),
    (18, 20, "18\u201420"),
    (21, 23, "21\u201423"),
    (24, 26, "24\u201426"),
    (27, 29, "27\u201429"),
    (30, 38, "30\u201438"),
    (39, 47, "39\u201447"),
    (48, None, "48+"),
)
AGE_BROAD: tuple[str, ...] = tuple(label for _low, _high, label in AGE_GROUPS)

#: Duration of exploitation in months: (lowest, highest or None, label).
TRAFFICK_MONTH_GROUPS: tuple[tuple[int, int | None, str], ...] = (
    (0, 12, "0\u201412 (0-1 yr)"),
    (13, 24, "13\u201424 (1-2 yrs)"),
    (25, None, "25+ (2+ yrs)"),
)
TRAFFICK_MONTHS: tuple[str, ...] = tuple(label for _low, _high, label in TRAFFICK_MONTH_GROUPS)

#: HTCDS v2.0 ``prs_Gender`` values and their CTDC ``gender``; "" is missing (REFERENCE.md §8).
HTCDS_GENDER_TO_CTDC: Mapping[str, str] = {
    "Feminine": GENDER_WOMAN,
    "Masculine": GENDER_MAN,
    "TransgenderFeminine": GENDER_TRANS,
    "TransgenderMasculine": GENDER_TRANS,
    "NonConforming": GENDER_TRANS,
    "NonSpecifiedUnknown": "",
}

#: ISO 3166-1 alpha-3 codes of the 249 officially assigned countries and territories.
ISO_ALPHA3: frozenset[str] = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE
    BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA
    CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE
    DEU DJI DMA DNK DOM DZA
    ECU EGY ERI ESH ESP EST ETH
    FIN FJI FLK FRA FRO FSM
    GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
    HKG HMD HND HRV HTI HUN
    IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA
    JAM JEY JOR JPN
    KAZ KEN KGZ KHM KIR KNA KOR KWT
    LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA
    MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT
    NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL
    OMN
    PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF
    QAT
    REU ROU RUS RWA
    SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR
    TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB
    VAT VCT VEN VGB VIR VNM VUT
    WLF WSM
    YEM
    ZAF ZMB ZWE
    """.split()
)
#: User-assigned code for Kosovo, used by the EU and by international organisations.
KOSOVO = "XKX"
#: Every code accepted in a country column.
COUNTRY_CODES: frozenset[str] = ISO_ALPHA3 | {KOSOVO}


@dataclass(frozen=True)
class RowError:
    """One problem in one field of a row, with a message for the person fixing the data."""

    field: str
    message: Message


def age_broad(age: int) -> str:
    """The codebook's age group for an age in whole years (the age when registered)."""
    return _group(age, AGE_GROUPS, "age")


def traffick_months(months: int) -> str:
    """The codebook's group for a duration of exploitation in whole months."""
    return _group(months, TRAFFICK_MONTH_GROUPS, "months")


def htcds_gender_to_ctdc(gender: str) -> str:
    """The CTDC ``gender`` for an HTCDS ``prs_Gender`` value; "" when unknown (missing)."""
    try:
        return HTCDS_GENDER_TO_CTDC[gender]
    except KeyError:
        raise ValueError(f"Not an HTCDS gender: {gender!r}.") from None


def validate_row(row: Mapping[str, str], *, current_year: int | None = None) -> list[RowError]:
    """Check one row against the codebook; an empty list means the row can be exported.

    Every column must be present (as text); empty means missing. ``current_year`` defaults to
    this year in UTC; registrations run from 2002 up to it.
    """
    if current_year is None:
        current_year = datetime.datetime.now(tz=datetime.UTC).year
    errors = [
        RowError(name, Message(_("The column %(column)s is missing."), {"column": name}))
        for name in COLUMNS
        if name not in row
    ]
    errors.extend(
        RowError(name, Message(_("The column %(column)s is not in the CTDC format."), {"column": name}))
        for name in row
        if name not in COLUMNS
    )
    for name in COLUMNS:
        value = row.get(name, "")
        if value == "":
            continue
        message = _check_value(name, value, current_year)
        if message is not None:
            errors.append(RowError(name, message))
    return errors


def _check_value(name: str, value: str, current_year: int) -> Message | None:
    if name == "yearOfRegistration":
        if not (value.isascii() and value.isdigit()) or not FIRST_YEAR <= int(value) <= current_year:
            return Message(
                _("The year of registration must be a year from %(first)s to %(last)s."),
                {"first": FIRST_YEAR, "last": current_year},
            )
        return None
    if name in COUNTRY_COLUMNS:
        if len(value) != 3 or not (value.isascii() and value.isalpha() and value.isupper()):
            return Message(_("Write the country as a three-letter ISO code in capitals, such as BEL."))
        if value not in COUNTRY_CODES:
            return Message(_("%(code)s is not an ISO 3166 country code."), {"code": value})
        return None
    if name in FLAG_COLUMNS:
        if value == "0":
            return Message(_("Leave the field empty when the answer is no or unknown; do not write 0."))
        if value != "1":
            return Message(_("This field is 1 or empty."))
        return None
    allowed = {"gender": GENDERS, "ageBroad": AGE_BROAD, "traffickMonths": TRAFFICK_MONTHS}[name]
    if value in allowed:
        return None
    # The hyphen and the double hyphen are the usual stand-ins for the em dash.
    dash = "--" if "--" in value else "-"
    suggestion = value.replace(dash, "\u2014", 1)
    if suggestion in allowed:
        return Message(
            _("Write the range with an em dash, as in the codebook: %(suggestion)s."),
            {"suggestion": suggestion},
        )
    return Message(
        _("%(value)s is not one of the allowed values: %(allowed)s."),
        {"value": value, "allowed": ", ".join(allowed)},
    )


def _group(number: int, groups: tuple[tuple[int, int | None, str], ...], what: str) -> str:
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise ValueError(f"The {what} must be a whole number of at least 0, not {number!r}.")
    for low, high, label in groups:
        if low <= number and (high is None or number <= high):
            return label
    raise AssertionError("The groups cover every number from 0.")  # pragma: no cover
