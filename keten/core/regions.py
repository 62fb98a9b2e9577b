"""Where to get help: Belgian postal codes, regions, the specialised centres and emergency numbers.

Three centres are recognised to guide victims of trafficking: Payoke (Antwerp), PAG-ASA (Brussels)
and Sürya (Liège). Any of them may be contacted from anywhere in Belgium. Keten recommends one by
region, from the postal code of the place where the situation is:

- Flemish Region → Payoke
- Brussels-Capital Region → PAG-ASA
- Walloon Region → Sürya

The German-speaking Community (Eupen, Kelmis, Lontzen, Raeren, Bütgenbach, Büllingen, Amel,
Sankt Vith, Burg-Reuland: postal codes 4700-4791) lies in the province of Liège, in the Walloon
Region, so its postal codes lead to Sürya like the rest of the province (REFERENCE §5: 4000-4999
Liège; Walloon Region → Sürya). Sürya's region includes it (issue 18).

This routing is **Keten's own recommendation, not a legal rule**, and an administrator may change
it (``REGION_CENTRE``); a person's language may be a better guide than the region. Sources: the
flyer and information page the project started from (seed 000 and 001), domain REFERENCE §5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from keten.core.i18n import Message, _

# The three recognised specialised centres (their slugs match ``knowledge.Centre.slug``).
PAG_ASA = "pag-asa"
PAYOKE = "payoke"
SURYA = "surya"
CENTRES: tuple[str, ...] = (PAG_ASA, PAYOKE, SURYA)

FLEMISH = "flemish"
BRUSSELS = "brussels"
WALLOON = "walloon"
REGIONS: tuple[str, ...] = (FLEMISH, BRUSSELS, WALLOON)

REGION_LABELS: dict[str, str] = {
    FLEMISH: _("Flemish Region"),
    BRUSSELS: _("Brussels-Capital Region"),
    WALLOON: _("Walloon Region"),
}

# Keten's editable recommendation: which centre to suggest first in each region.
REGION_CENTRE: dict[str, str] = {
    FLEMISH: PAYOKE,
    BRUSSELS: PAG_ASA,
    WALLOON: SURYA,
}

# Numbers to call. 112 is the European emergency number and comes first in immediate danger;
# 101 reaches the Belgian police; the national hotline takes reports of trafficking.
EMERGENCY_NUMBER = "112"
POLICE_NUMBER = "101"
HOTLINE_NUMBER = "+32 78 055 800"


@dataclass(frozen=True)
class PhoneNumber:
    id: str
    number: str
    label: str


PHONE_NUMBERS: tuple[PhoneNumber, ...] = (
    PhoneNumber("emergency", EMERGENCY_NUMBER, _("Emergency number, when someone is in danger now")),
    PhoneNumber("police", POLICE_NUMBER, _("Police")),
    PhoneNumber("hotline", HOTLINE_NUMBER, _("National hotline on human trafficking")),
)


@dataclass(frozen=True)
class PostalRange:
    """A block of Belgian postal codes, both ends included, and the province it belongs to."""

    first: int
    last: int
    province: str
    region: str
    in_use_until: int = 0
    """The highest code bpost gives out in the block (0: ``last``); codes above it do not exist."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, int) and self.first <= code <= self.last

    def in_use(self, code: int) -> bool:
        return self.first <= code <= (self.in_use_until or self.last)


PROVINCE_LABELS: dict[str, str] = {
    "brussels_capital": _("Brussels-Capital"),
    "walloon_brabant": _("Walloon Brabant"),
    "flemish_brabant": _("Flemish Brabant"),
    "antwerp": _("Antwerp"),
    "limburg": _("Limburg"),
    "liege": _("Liège"),
    "namur": _("Namur"),
    "hainaut": _("Hainaut"),
    "luxembourg": _("Luxembourg"),
    "west_flanders": _("West Flanders"),
    "east_flanders": _("East Flanders"),
}

# Together the ranges cover 1000-9999 without gaps or overlaps (a test checks this). The last
# number is the highest code in use in each block (bpost's list of postal codes: 1212 Brussels
# institutions, 1495 Villers-la-Ville, 1985 Zemst area, 2990 Wuustwezel, 3473 Waanrode,
# 3990 Peer, 4990 Lierneux, 5680 Doische, 6596 Seloignes, 6997 Erezée, 7973 Stambruges,
# 8980 Zonnebeke, 9992 Middelburg): 9999 or 5999 look like postal codes but do not exist.
POSTAL_RANGES: tuple[PostalRange, ...] = (
    PostalRange(1000, 1299, "brussels_capital", BRUSSELS, 1212),
    PostalRange(1300, 1499, "walloon_brabant", WALLOON, 1495),
    PostalRange(1500, 1999, "flemish_brabant", FLEMISH, 1985),
    PostalRange(2000, 2999, "antwerp", FLEMISH, 2990),
    PostalRange(3000, 3499, "flemish_brabant", FLEMISH, 3473),
    PostalRange(3500, 3999, "limburg", FLEMISH, 3990),
    PostalRange(4000, 4999, "liege", WALLOON, 4990),
    PostalRange(5000, 5999, "namur", WALLOON, 5680),
    PostalRange(6000, 6599, "hainaut", WALLOON, 6596),
    PostalRange(6600, 6999, "luxembourg", WALLOON, 6997),
    PostalRange(7000, 7999, "hainaut", WALLOON, 7973),
    PostalRange(8000, 8999, "west_flanders", FLEMISH, 8980),
    PostalRange(9000, 9999, "east_flanders", FLEMISH, 9992),
)

_FOUR_DIGITS = re.compile(r"[0-9]{4}")


class PostalCodeError(ValueError):
    """The text is not a Belgian postal code: four digits from 1000 to 9999."""

    def __init__(self, postal_code: str, message: Message) -> None:
        super().__init__(message.render())
        self.postal_code = postal_code
        self.message = message


@dataclass(frozen=True)
class CentreRecommendation:
    """The centre Keten suggests first for a postal code, then the others.

    ``centres`` always holds all three centres, the recommended one first: the person may choose
    any of them.
    """

    postal_code: str
    province: str
    region: str
    recommended: str
    centres: tuple[str, ...]


# "B-1000", "B1000", "B 1000" (the country prefix of old letters) and "BE-1000" are 1000.
_COUNTRY_PREFIX = re.compile(r"^(?:BE?)[- ]?(?=[0-9])", re.IGNORECASE)


def normalise_postal_code(postal_code: str) -> str:
    """The four digits of a postal code typed with or without the Belgian prefix ("B-1000")."""
    code = postal_code.strip() if isinstance(postal_code, str) else ""
    return _COUNTRY_PREFIX.sub("", code, count=1)


def postal_range(postal_code: str) -> PostalRange:
    """The province range of a Belgian postal code; raises ``PostalCodeError`` when malformed.

    Accepts the country prefix ("B-1000"); refuses codes that are not in use ("9999").
    """
    code = normalise_postal_code(postal_code)
    if not _FOUR_DIGITS.fullmatch(code):
        raise PostalCodeError(str(postal_code), Message(_("A Belgian postal code has exactly four digits.")))
    number = int(code)
    for block in POSTAL_RANGES:
        if number in block:
            if not block.in_use(number):
                raise PostalCodeError(
                    code,
                    Message(
                        _("%(code)s is not a Belgian postal code. Check the number."),
                        {"code": code},
                    ),
                )
            return block
    raise PostalCodeError(
        code,
        Message(_("Belgian postal codes go from 1000 to 9999; %(code)s is not one of them."), {"code": code}),
    )


def recommend_centres(postal_code: str) -> CentreRecommendation:
    """Recommend a centre from the postal code, by region (Keten's editable routing, see above)."""
    block = postal_range(postal_code)
    recommended = REGION_CENTRE[block.region]
    others = tuple(slug for slug in CENTRES if slug != recommended)
    return CentreRecommendation(
        postal_code=normalise_postal_code(postal_code),
        province=block.province,
        region=block.region,
        recommended=recommended,
        centres=(recommended, *others),
    )
