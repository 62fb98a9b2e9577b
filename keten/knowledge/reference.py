"""Reference data for the whole project: forms of exploitation, sectors, help numbers.

One source for every app. The rules themselves live in ``keten.core`` (plain Python, no Django):

- ``keten.core.law``: the five purposes of exploitation (``PURPOSES``), acts and means;
- ``keten.core.indicators``: the indicator catalogue;
- ``keten.core.regions``: postal-code ranges, regions, centre slugs and emergency numbers.

This module adds what the public pages, screening, reports, case files and statistics need on top
of them, with labels translated through Django's gettext (lazy, so they follow the active
language):

- ``FORMS``: the five forms of exploitation (ids are ``keten.core.law.PURPOSES``), each with the
  situations in which it is met and the sectors concerned;
- ``SECTORS``: sectors where exploitation is often found, each mapped to an ISIC Rev.4 section;
- ``ISIC_SECTIONS``: the 21 ISIC Rev.4 sections A to U (HTCDS ``ForcedLabourIndustry``);
- ``HELP_NUMBERS``: the numbers to call, with ``tel:`` links in E.164.

The centres themselves (address, phone, e-mail, website) are in the database:
``keten.knowledge.models.Centre``, editable by administrators.

Sources: the information page and flyer of seeds 000 and 001, domain REFERENCE §5 and §6. The
mapping of sectors to ISIC sections is Keten's reading of ISIC Rev.4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from keten.core import law, regions

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- ISIC Rev.4 sections -------------------------------------------------------------------

ISIC_SECTIONS: dict[str, StrOrPromise] = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Electricity, gas, steam and air conditioning supply"),
    "E": _("Water supply, sewerage, waste management and remediation"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade, repair of motor vehicles"),
    "H": _("Transport and storage"),
    "I": _("Accommodation and food services"),
    "J": _("Information and communication"),
    "K": _("Financial and insurance activities"),
    "L": _("Real estate activities"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support services"),
    "O": _("Public administration and defence, compulsory social security"),
    "P": _("Education"),
    "Q": _("Human health and social work"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other service activities"),
    "T": _("Households as employers, domestic work"),
    "U": _("Extraterritorial organisations and bodies"),
}


@dataclass(frozen=True)
class Sector:
    """A sector where labour exploitation is often found, and its ISIC Rev.4 section."""

    id: str
    label: StrOrPromise
    isic_section: str


SECTORS: tuple[Sector, ...] = (
    Sector("construction", _("Construction"), "F"),
    Sector("agriculture", _("Agriculture and horticulture"), "A"),
    Sector("hospitality", _("Hotels, restaurants and cafés"), "I"),
    Sector("domestic_work", _("Domestic work in private homes"), "T"),
    Sector("beauty_salons", _("Nail, hair and beauty salons"), "S"),
    Sector("bakeries", _("Bakeries"), "C"),
    Sector("riding_schools", _("Riding schools and stables"), "R"),
    Sector("clothing_sorting", _("Sorting of second-hand clothes"), "E"),
    Sector("car_washes", _("Car washes"), "G"),
)
SECTORS_BY_ID: dict[str, Sector] = {sector.id: sector for sector in SECTORS}


# --- Forms of exploitation -----------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    """A situation in which a form of exploitation is met (a place, a kind of relationship)."""

    id: str
    label: StrOrPromise


@dataclass(frozen=True)
class ExploitationForm:
    """One of the five purposes of exploitation of Criminal Code art. 433quinquies §1, 1° to 5°.

    ``id`` is the purpose id of ``keten.core.law.PURPOSES``. ``sectors`` are ids of ``SECTORS``;
    an empty tuple means the form is not tied to sectors of work.
    """

    id: str
    title: StrOrPromise
    summary: StrOrPromise
    situations: tuple[Situation, ...]
    sectors: tuple[str, ...]
    caution: StrOrPromise | None = None

    @property
    def sector_objects(self) -> tuple[Sector, ...]:
        return tuple(SECTORS_BY_ID[sector_id] for sector_id in self.sectors)


FORMS: tuple[ExploitationForm, ...] = (
    ExploitationForm(
        id="sexual",
        title=_("Sexual exploitation"),
        summary=_(
            "Someone exploits another person's prostitution or uses them sexually in another way, "
            "and profits from it. No force is needed for it to be exploitation."
        ),
        situations=(
            Situation("prostitution", _("prostitution, on the street, behind windows or in flats")),
            Situation("pornography", _("pornography, including images made or sold online")),
            Situation("massage_parlours", _("massage parlours")),
            Situation("bars", _("bars where clients are pushed to buy drinks, such as champagne bars")),
            Situation(
                "loverboy",
                _("a love relationship used to make the person dependent and then sell them (a 'loverboy')"),
            ),
        ),
        sectors=(),
        caution=_(
            "Not every sex worker is a victim of trafficking, and many victims of trafficking have never "
            "worked in prostitution."
        ),
    ),
    ExploitationForm(
        id="labour",
        title=_("Labour exploitation"),
        summary=_(
            "A person works in conditions that go against human dignity: very long days, little or no "
            "pay, unsafe work, no rest, housing controlled by the employer."
        ),
        situations=(
            Situation("no_pay", _("working for very little money, or for none at all")),
            Situation("housing", _("living where one works, or in housing the employer controls")),
            Situation(
                "debt", _("working to pay off a debt to the employer or to the people who arranged the trip")
            ),
        ),
        sectors=tuple(sector.id for sector in SECTORS),
        caution=_("Any sector can be concerned: these are only the ones where it is found most often."),
    ),
    ExploitationForm(
        id="begging",
        title=_("Exploitation of begging"),
        summary=_(
            "Others profit from a person's begging, often by taking all or nearly all the money. Often "
            "the exploiters are the person's own family or clan, which makes it even harder to break away."
        ),
        situations=(
            Situation("street_begging", _("begging in the street, at stations or in front of shops")),
            Situation("family", _("begging for relatives or members of one's own community")),
        ),
        sectors=(),
    ),
    ExploitationForm(
        id="organ_removal",
        title=_("Removal of organs or body material"),
        summary=_(
            "An organ or other human body material, most often a kidney or part of a liver, is removed "
            "against the law. It does not have to be sold for this to be trafficking. People are often "
            "lured with the promise of a large sum of money."
        ),
        situations=(
            Situation("promise_of_money", _("a promise of money for an organ, to help one's family")),
            Situation("debt", _("being pushed to give an organ to pay off a debt")),
        ),
        sectors=(),
    ),
    ExploitationForm(
        id="forced_crime",
        title=_("Forced criminality"),
        summary=_(
            "A person is made to commit crimes against their will, and others keep the profit. The "
            "person is a victim, even if they broke the law."
        ),
        situations=(
            Situation("drugs", _("carrying or selling drugs")),
            Situation("cannabis", _("looking after a cannabis plantation")),
            Situation("theft", _("pickpocketing and shoplifting")),
        ),
        sectors=(),
    ),
)
FORMS_BY_ID: dict[str, ExploitationForm] = {form.id: form for form in FORMS}
if tuple(FORMS_BY_ID) != law.CLASSIC_PURPOSES:  # pragma: no cover - guards the data above
    raise RuntimeError("the forms of exploitation must follow the five purposes of keten.core.law")


def get_form(form_id: str) -> ExploitationForm:
    """The form of exploitation with this id (one of ``keten.core.law.PURPOSES``)."""
    return FORMS_BY_ID[form_id]


def sectors_in_isic_section(section: str) -> tuple[Sector, ...]:
    """The sectors of ``SECTORS`` that fall under an ISIC Rev.4 section letter."""
    return tuple(sector for sector in SECTORS if sector.isic_section == section)


# --- Numbers to call -----------------------------------------------------------------------

_NOT_DIGITS = re.compile(r"[^0-9+]")
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
SHORT_NUMBER = re.compile(r"^[0-9]{3}$")


def tel_href(number: str) -> str:
    """A ``tel:`` link without spaces: ``+32 78 055 800`` gives ``tel:+3278055800``.

    Belgian short numbers (112, 101) stay as they are; any other number must be in international
    form (E.164).
    """
    digits = _NOT_DIGITS.sub("", number)
    if not (E164.match(digits) or SHORT_NUMBER.match(digits)):
        raise ValueError(f"{number!r} is neither a short number nor an international (E.164) number")
    return f"tel:{digits}"


@dataclass(frozen=True)
class HelpNumber:
    """A number to call: ``number`` as people read it, ``label`` what it is for, ``when`` when to call."""

    id: str
    number: str
    label: StrOrPromise
    when: StrOrPromise

    @property
    def tel_href(self) -> str:
        return tel_href(self.number)


HELP_NUMBERS: tuple[HelpNumber, ...] = (
    HelpNumber(
        "emergency",
        regions.EMERGENCY_NUMBER,
        _("Emergency number"),
        _("Someone is in danger right now."),
    ),
    HelpNumber(
        "police",
        regions.POLICE_NUMBER,
        _("Police"),
        _("To speak to the police, or to make a complaint."),
    ),
    HelpNumber(
        "hotline",
        regions.HOTLINE_NUMBER,
        _("National hotline on human trafficking"),
        _("To report a situation or ask for advice."),
    ),
)
HELP_NUMBERS_BY_ID: dict[str, HelpNumber] = {number.id: number for number in HELP_NUMBERS}
if {number.id for number in HELP_NUMBERS} != {
    number.id for number in regions.PHONE_NUMBERS
}:  # pragma: no cover
    raise RuntimeError("the help numbers must follow keten.core.regions.PHONE_NUMBERS")

REGION_LABELS: dict[str, StrOrPromise] = {
    regions.FLEMISH: _("Flemish Region"),
    regions.BRUSSELS: _("Brussels-Capital Region"),
    regions.WALLOON: _("Walloon Region"),
}


# --- The chain of partners -----------------------------------------------------------------


@dataclass(frozen=True)
class ChainPhase:
    """A step of the multidisciplinary chain, from the first signal to compensation (REFERENCE §4)."""

    id: str
    label: StrOrPromise


CHAIN_PHASES: tuple[ChainPhase, ...] = (
    ChainPhase("detection", _("Detection: someone notices the signs")),
    ChainPhase("identification", _("Identification: the person is recognised as a possible victim")),
    ChainPhase("protection", _("Protection: the person is safe and can rest")),
    ChainPhase("guidance", _("Guidance: a centre supports the person")),
    ChainPhase("investigation", _("Investigation: police and justice gather the facts")),
    ChainPhase("arrest", _("Arrest of the suspects")),
    ChainPhase("prosecution", _("Prosecution: the case goes to court")),
    ChainPhase("conviction", _("Conviction of the exploiters")),
    ChainPhase("compensation", _("Compensation for the victim")),
)
CHAIN_PHASES_BY_ID: dict[str, ChainPhase] = {phase.id: phase for phase in CHAIN_PHASES}
#: One bit per phase, as stored in ``Case.phases_reached``: new phases go at the end, the order never
#: changes (the bits are stored data).
CHAIN_PHASE_BITS: dict[str, int] = {phase.id: 1 << index for index, phase in enumerate(CHAIN_PHASES)}


@dataclass(frozen=True)
class Partner:
    """A partner of the chain and its task; ``organisation_kind`` is an ``accounts.OrganisationKind``."""

    id: str
    organisation_kind: str
    name: StrOrPromise
    task: StrOrPromise


PARTNERS: tuple[Partner, ...] = (
    Partner(
        "police",
        "police",
        _("Police, local and federal"),
        _("Meet possible victims during checks and interventions, take statements and investigate."),
    ),
    Partner(
        "social_inspection",
        "social_inspection",
        _("Labour and social inspection"),
        _("Check workplaces and uncover situations of serious exploitation at work."),
    ),
    Partner(
        "prosecution",
        "prosecution",
        _("Magistrates: prosecutors, labour auditors and investigating judges"),
        _("Lead the investigation, hear victims and decide whether to bring the exploiters to court."),
    ),
    Partner(
        "immigration_office",
        "immigration_office",
        _("Immigration Office"),
        _("Issues the residence documents of the protection procedure, at the request of a centre."),
    ),
    Partner(
        "centre",
        "centre",
        _("Specialised centres"),
        _("Guide victims for as long as needed and help them with every step."),
    ),
    Partner(
        "guardianship",
        "guardianship",
        _("Guardianship service"),
        _(
            "Appoints a guardian for a child who is not Belgian and is in Belgium without a parent or "
            "legal guardian (from the EEA and Switzerland too, when the child may be a victim)."
        ),
    ),
    Partner(
        "court",
        "court",
        _("Courts"),
        _("Try the exploiters, convict them and award compensation to victims."),
    ),
    Partner(
        "rapporteur",
        "rapporteur",
        _("Myria, the independent national rapporteur"),
        _("Follows how Belgium fights trafficking and smuggling and publishes a public report every year."),
    ),
)
