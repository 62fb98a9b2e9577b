"""The two CTDC formats as they are published, so Keten can read them and write figures comparable worldwide.

The Counter Trafficking Data Collaborative (CTDC, run by IOM) publishes two synthetic datasets
(the official documentation is in ``shared/domain/exchange/``; REFERENCE.md, section 8):

- the **Global Synthetic Dataset**, one row per victim in 27 columns (codebook version 2,
  February 2024), which Keten both reads and writes;
- the **Global Victim-Perpetrator Synthetic Dataset**, one row per victim and exploiter in 16
  columns (data dictionary of 1 December 2022), which Keten reads.

Rules from the documentation and from the files CTDC really publishes:

- Missing is empty, never 0 (the codebook's NULL); older CTDC files write ``-99``, read as missing.
  A flag is ``1`` or empty, and an empty flag means "no information", not "no".
- Ranges are written with two hyphens in the published files (``30--38``, ``0--12 (0-1 yr)``);
  the codebook PDF prints a dash. Both are read; the published spelling is written.
- Several values in one cell are joined with a semicolon, sorted (``Female;Male``).

This module holds the columns and their value sets, reads one row of either format into its
canonical spelling with a reason for every value it refuses, turns Keten's values into CTDC values
and checks a row before it is exported.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from keten.core.i18n import Message, _

#: The 27 columns of the Global Synthetic Dataset, in the order of the codebook (version 2).
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
#: Groups of flags, for shares: the denominator is the people with any flag of the group set
#: (codebook, section 6).
MEANS_COLUMNS: tuple[str, ...] = COLUMNS[6:14]
EXPLOITATION_COLUMNS: tuple[str, ...] = COLUMNS[14:17]
LABOUR_COLUMNS: tuple[str, ...] = COLUMNS[17:21]
SEX_COLUMNS: tuple[str, ...] = COLUMNS[21:23]
RECRUITER_COLUMNS: tuple[str, ...] = COLUMNS[23:27]

#: The first year of registration in the dataset.
FIRST_YEAR = 2002

GENDER_WOMAN = "Woman"
GENDER_MAN = "Man"
#: One category in the codebook, slashes included.
GENDER_TRANS = "Trans/Transgender/NonConforming"
GENDERS: tuple[str, ...] = (GENDER_MAN, GENDER_WOMAN, GENDER_TRANS)

#: How the published files write a range (the codebook PDF prints a dash instead).
RANGE = "--"

#: Age groups: (lowest age, highest age or None, the label as published).
AGE_GROUPS: tuple[tuple[int, int | None, str], ...] = (
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, None, "48+"),
)
AGE_BROAD: tuple[str, ...] = tuple(label for _low, _high, label in AGE_GROUPS)
#: The age groups of minors (under 18).
MINOR_AGE_BROAD: frozenset[str] = frozenset({"0--8", "9--17"})

#: Duration of exploitation in months: (lowest, highest or None, label as published).
TRAFFICK_MONTH_GROUPS: tuple[tuple[int, int | None, str], ...] = (
    (0, 12, "0--12 (0-1 yr)"),
    (13, 24, "13--24 (1-2 yrs)"),
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

# --- The Victim-Perpetrator Synthetic Dataset (data dictionary of 1 December 2022) ----------------

#: The 16 columns, in the order of the dictionary.
VP_COLUMNS: tuple[str, ...] = (
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
VP_FLAG_COLUMNS: tuple[str, ...] = (
    "isForcedLabour",
    "isSexualExploit",
    "IP_Exploiter",
    "IP_RecruiterBroker",
    "IP_TransactionProcess",
    "IP_ControlAbuseKidnap",
)
#: The exploiter's roles (flags), and the forms of exploitation of the victim (flags).
VP_ROLE_COLUMNS: tuple[str, ...] = VP_FLAG_COLUMNS[2:]
VP_EXPLOITATION_COLUMNS: tuple[str, ...] = VP_FLAG_COLUMNS[:2]
#: The year groups of ``yearRegister`` in the published file (a single year is also read).
VP_YEAR_GROUPS: tuple[str, ...] = ("2005-2013", "2014-2018", "2019", "2020", "2021-2022")
VP_GENDERS: tuple[str, ...] = ("Female", "Male")
MAJORITY: tuple[str, ...] = ("Adult", "Minor")
UN_REGIONS: tuple[str, ...] = ("Africa", "Americas/Oceania", "Asia", "Europe")
VP_AGE_BROAD: tuple[str, ...] = ("0--29", "30--38", "39--47", "48+")
RELATIONS: tuple[str, ...] = ("FamilyIntimatePartner", "FriendAcquaintance", "StrangerUnknownOther")
YES_NO: tuple[str, ...] = ("No", "Yes")

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
#: User-assigned code for Kosovo, used by the EU and by international organisations. CTDC counts
#: Kosovo under Serbia "following UN guidelines" (codebook, appendix II; the region table of the
#: victim-perpetrator dictionary maps Kosovo to SRB), so exports write :data:`KOSOVO_AS`.
KOSOVO = "XKX"
KOSOVO_AS = "SRB"
#: Every code accepted in a country column.
COUNTRY_CODES: frozenset[str] = ISO_ALPHA3 | {KOSOVO}


@dataclass(frozen=True)
class RowError:
    """One problem in one field of a row, with a message for the person fixing the data."""

    field: str
    message: Message


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap as a cache key
class Column:
    """One column of a format: what it holds and which values it takes."""

    name: str
    kind: str  # "year", "year_group", "choice", "country" or "flag"
    values: tuple[str, ...] = ()
    #: The values are ranges ("30--38"), read with two hyphens or any dash.
    ranges: bool = False


@dataclass(frozen=True)
class Format:
    """A CTDC file format: its columns in order, and other names its columns are known by."""

    slug: str
    title: str
    columns: tuple[Column, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


GLOBAL = Format(
    slug="global",
    title=_("CTDC Global Synthetic Dataset (27 columns, one row per victim)"),
    columns=(
        Column("yearOfRegistration", "year"),
        Column("gender", "choice", GENDERS),
        Column("ageBroad", "choice", AGE_BROAD, ranges=True),
        Column("citizenship", "country"),
        Column("CountryOfExploitation", "country"),
        Column("traffickMonths", "choice", TRAFFICK_MONTHS, ranges=True),
        *(Column(name, "flag") for name in FLAG_COLUMNS),
    ),
    # The codebook's detailed description names variable 14 in full.
    aliases={"meansWithholdDocuments": "meansWithholdDocs"},
)
VICTIM_PERPETRATOR = Format(
    slug="victim_perpetrator",
    title=_(
        "CTDC Global Victim-Perpetrator Synthetic Dataset (16 columns, one row per victim and exploiter)"
    ),
    columns=(
        Column("yearRegister", "year_group", VP_YEAR_GROUPS),
        Column("gender", "choice", VP_GENDERS),
        Column("majorityStatus", "choice", MAJORITY),
        Column("isForcedLabour", "flag"),
        Column("isSexualExploit", "flag"),
        Column("UN_COO_Region", "choice", UN_REGIONS),
        Column("UN_COE_Region", "choice", UN_REGIONS),
        Column("IP_Exploiter", "flag"),
        Column("IP_Gender", "choice", VP_GENDERS),
        Column("IP_ageBroad", "choice", VP_AGE_BROAD, ranges=True),
        Column("IP_citizen_UNRegion", "choice", UN_REGIONS),
        Column("IP_Relation", "choice", RELATIONS),
        Column("IP_PayMoney", "choice", YES_NO),
        Column("IP_RecruiterBroker", "flag"),
        Column("IP_TransactionProcess", "flag"),
        Column("IP_ControlAbuseKidnap", "flag"),
    ),
)
FORMATS: tuple[Format, ...] = (GLOBAL, VICTIM_PERPETRATOR)
assert GLOBAL.names == COLUMNS and VICTIM_PERPETRATOR.names == VP_COLUMNS  # noqa: S101

#: What older CTDC files write for a missing value.
MISSING_CODE = "-99"
#: Several values in one cell are joined with this, sorted.
MULTI_SEPARATOR = ";"

_RANGE = re.compile(r"^\s*(\d+)\s*(?:--|-|\u2014|\u2013)\s*(\d+)(.*)$", re.DOTALL)
_YEAR_GROUP = re.compile(r"^(\d{4})(?:\s*(?:--|-|\u2014|\u2013)\s*(\d{4}))?$")


def detect_format(header: Sequence[str]) -> Format | None:
    """The format whose columns the header names (in any order, aliases allowed), or None."""
    for candidate in FORMATS:
        names = [candidate.aliases.get(name, name) for name in header]
        if len(names) == len(set(names)) and set(names) == set(candidate.names):
            return candidate
    return None


def canonical_header(fmt: Format, header: Sequence[str]) -> list[str]:
    return [fmt.aliases.get(name, name) for name in header]


def header_problem(header: Sequence[str]) -> Message | None:
    """Why a header is not one of the two formats, naming what was expected; None when it is."""
    if detect_format(header) is not None:
        return None
    expected = Message(
        _(
            "Its first line must name the columns of one of the two CTDC formats: the Global Synthetic "
            "Dataset (27 columns: %(global)s) or the Global Victim-Perpetrator Synthetic Dataset "
            "(16 columns: %(vp)s)."
        ),
        {"global": ", ".join(COLUMNS), "vp": ", ".join(VP_COLUMNS)},
    )
    if not [name for name in header if name]:
        return Message(_("The file is empty. %(expected)s"), {"expected": expected})
    # Compare with the closer format, to name what is missing and what is unknown.
    fmt = max(
        FORMATS, key=lambda candidate: len(set(canonical_header(candidate, header)) & set(candidate.names))
    )
    names = canonical_header(fmt, header)
    missing = [name for name in fmt.names if name not in names]
    unknown = [name for name in names if name not in fmt.names]
    twice = sorted({name for name in names if names.count(name) > 1})
    return Message(
        _(
            "This is not a CTDC file. %(expected)s Closest: %(format)s. Missing: %(missing)s. "
            "Not in that format: %(unknown)s. Named twice: %(twice)s."
        ),
        {
            "expected": expected,
            "format": Message(fmt.title),
            "missing": ", ".join(missing[:10]) or "-",
            "unknown": ", ".join(unknown[:10]) or "-",
            "twice": ", ".join(twice) or "-",
        },
    )


def read_row(
    fmt: Format, row: Mapping[str, str], *, current_year: int | None = None
) -> tuple[dict[str, str], list[RowError]]:
    """One row of a published file in its canonical spelling, and what is wrong with it.

    Missing values (empty or ``-99``) become "". Ranges become the published spelling
    (``30--38``), several values are checked one by one and joined again, sorted, with a
    semicolon. A flag is "1" or "".
    """
    if current_year is None:
        current_year = datetime.datetime.now(tz=datetime.UTC).year
    values: dict[str, str] = {}
    errors: list[RowError] = []
    for column in fmt.columns:
        raw = (row.get(column.name) or "").strip()
        if raw in ("", MISSING_CODE):
            values[column.name] = ""
            continue
        value, message = _read_value_cached(column, raw, current_year)
        values[column.name] = value
        if message is not None:
            errors.append(RowError(column.name, message))
    return values, errors


@functools.lru_cache(maxsize=8192)
def _read_value_cached(column: Column, raw: str, current_year: int) -> tuple[str, Message | None]:
    """:func:`_read_value`, remembered: a file repeats the same few values in every row."""
    return _read_value(column, raw, current_year)


def _read_value(column: Column, raw: str, current_year: int) -> tuple[str, Message | None]:
    if column.kind == "flag":
        if raw == "1":
            return "1", None
        if raw == "0":
            return "", Message(_("Leave the field empty when the answer is no or unknown; do not write 0."))
        return "", Message(_("This field is 1 or empty."))
    if column.kind == "year":
        if not (raw.isascii() and raw.isdigit()) or not FIRST_YEAR <= int(raw) <= current_year:
            return "", Message(
                _("The year of registration must be a year from %(first)s to %(last)s."),
                {"first": FIRST_YEAR, "last": current_year},
            )
        return str(int(raw)), None
    if column.kind == "year_group":
        match = _YEAR_GROUP.match(raw)
        low, high = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
        if not match or not FIRST_YEAR <= low <= high <= current_year:
            return "", Message(
                _(
                    "The year of registration must be a year or two years joined by a hyphen, such as "
                    "2019 or %(example)s, from %(first)s to %(last)s."
                ),
                {"example": VP_YEAR_GROUPS[0], "first": FIRST_YEAR, "last": current_year},
            )
        return (f"{low}-{high}" if high != low else str(low)), None
    parts = [part.strip() for part in raw.split(MULTI_SEPARATOR)]
    read: list[str] = []
    for part in parts:
        value = _canonical_range(part) if column.ranges else part
        if column.kind == "country":
            if len(value) != 3 or not (value.isascii() and value.isalpha() and value.isupper()):
                return "", Message(
                    _("Write the country as a three-letter ISO code in capitals, such as BEL.")
                )
            if value not in COUNTRY_CODES:
                return "", Message(_("%(code)s is not an ISO 3166 country code."), {"code": value})
        elif value not in column.values:
            return "", Message(
                _("%(value)s is not one of the allowed values: %(allowed)s."),
                {"value": part, "allowed": ", ".join(column.values)},
            )
        if value not in read:
            read.append(value)
    return MULTI_SEPARATOR.join(sorted(read)), None


def _canonical_range(value: str) -> str:
    """``30-38``, ``30\u201438`` or ``30--38`` as published: ``30--38`` (the rest kept as it is)."""
    match = _RANGE.match(value)
    if not match:
        return value
    return f"{match.group(1)}{RANGE}{match.group(2)}{match.group(3)}"


def split(value: str) -> list[str]:
    """The values of a cell ("" is none)."""
    return [part for part in value.split(MULTI_SEPARATOR) if part] if value else []


def display_range(value: str) -> str:
    """A range for people to read: an en dash instead of the two hyphens of the files."""
    return value.replace(RANGE, "\u2013")


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
    """Check one row of the 27-column format as Keten writes it: an empty list means it can be exported.

    Every column must be present (as text), in the published spelling (two hyphens, one value per
    cell); empty means missing. ``current_year`` defaults to this year in UTC.
    """
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
    values, problems = read_row(GLOBAL, row, current_year=current_year)
    errors.extend(problems)
    failed = {error.field for error in errors}
    for name in COLUMNS:
        written = row.get(name, "")
        if name not in failed and written != values[name]:
            errors.append(
                RowError(
                    name,
                    Message(
                        _("Write %(value)s as the published files do: %(published)s."),
                        {"value": written, "published": values[name] or Message(_("(empty)"))},
                    ),
                )
            )
    return errors


def _group(number: int, groups: tuple[tuple[int, int | None, str], ...], what: str) -> str:
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise ValueError(f"The {what} must be a whole number of at least 0, not {number!r}.")
    for low, high, label in groups:
        if low <= number and (high is None or number <= high):
            return label
    raise AssertionError("The groups cover every number from 0.")  # pragma: no cover
