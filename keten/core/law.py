"""Legal qualification under Belgian law: trafficking, smuggling, both, or not enough to say.

This module reads as the rule book. Each rule names its source. Article numbers are those of the
Criminal Code of 1867 and the Aliens Act of 15 December 1980. The new Criminal Code (Book II, law of
29 February 2024) renumbers these offences and adds purposes such as forced marriage and illegal
adoption; Keten has not taken that over yet. **[verify the new article numbers, their entry into
force and the new purposes before relying on the numbers below.]**

Trafficking (Criminal Code art. 433quinquies §1) needs two elements, and only two:

1. an **act**: recruiting, transporting, transferring, harbouring or receiving a person, or taking
   or transferring control over them;
2. a **purpose of exploitation**, from a closed list of five.

Means (violence, deception, abuse of vulnerability...), the victim's consent and the crossing of a
border are *not* elements, for adults and children alike. Means are aggravating circumstances. The
exploitation need not have happened: the act done for that purpose is enough.

Smuggling (Aliens Act art. 77bis) is helping a person who is not a national of an EU member state
to enter, pass through or stay in Belgium or another EU or Schengen state against its law, for a
financial advantage. No exploitation is needed; help given for free is not smuggling; an EU
citizen cannot be smuggled. Smuggling may turn into trafficking, and then both apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from keten.core.i18n import Message, _

# --- Vocabulary of the facts --------------------------------------------------------------------

ACTS: tuple[str, ...] = ("recruitment", "transport", "transfer", "harbouring", "reception", "control")
ACT_LABELS: dict[str, str] = {
    "recruitment": _("recruiting the person"),
    "transport": _("transporting the person"),
    "transfer": _("moving the person on to someone else"),
    "harbouring": _("housing the person"),
    "reception": _("receiving the person"),
    "control": _("taking or handing over control of the person"),
}

# The five purposes of exploitation, art. 433quinquies §1, 1° to 5° (closed list).
PURPOSES: tuple[str, ...] = ("sexual", "labour", "begging", "organ_removal", "forced_crime")
PURPOSE_LABELS: dict[str, str] = {
    "sexual": _("sexual exploitation"),
    "labour": _("labour exploitation"),
    "begging": _("exploitation of begging"),
    "organ_removal": _("removal of organs"),
    "forced_crime": _("forced criminality"),
}

MEANS: tuple[str, ...] = (
    "violence",
    "threats",
    "deception",
    "abuse_of_vulnerability",
    "coercion",
    "abduction",
    "abuse_of_authority",
    "payment_to_controller",
)
MEANS_LABELS: dict[str, str] = {
    "violence": _("violence"),
    "threats": _("threats"),
    "deception": _("deception"),
    "abuse_of_vulnerability": _("abuse of a vulnerable situation"),
    "coercion": _("coercion"),
    "abduction": _("abduction"),
    "abuse_of_authority": _("abuse of authority"),
    "payment_to_controller": _("payment to someone who has authority over the person"),
}

# Facts that are neither acts nor means but make the offence more serious.
CIRCUMSTANCES: tuple[str, ...] = (
    "life_endangered",
    "serious_harm",
    "habitual_activity",
    "criminal_organisation",
    "death",
)

# --- Countries ----------------------------------------------------------------------------------

# ISO 3166-1 alpha-2: the 249 officially assigned codes, plus XK (Kosovo), a user-assigned code
# that the EU and many registers use for nationality.
COUNTRY_CODES: frozenset[str] = frozenset(
    (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE "
        "BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD "
        "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
        "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF "
        "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
        "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
        "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
        "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
        "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
        "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
        "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK "
        "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
        "VN VU WF WS YE YT ZA ZM ZW XK"
    ).split()
)

# The 27 member states of the European Union (since 1 February 2020). Their nationals cannot be
# smuggled under art. 77bis. Norway, Iceland, Liechtenstein and Switzerland are Schengen but not EU.
EU_MEMBER_STATES: frozenset[str] = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)

ADULT_AGE = 18

# --- Element statuses and qualifications --------------------------------------------------------

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"

TRAFFICKING = "trafficking"
SMUGGLING = "smuggling"
TRAFFICKING_AND_SMUGGLING = "trafficking_and_smuggling"
INSUFFICIENT = "insufficient"
QUALIFICATIONS: tuple[str, ...] = (TRAFFICKING, SMUGGLING, TRAFFICKING_AND_SMUGGLING, INSUFFICIENT)

# What to find out next, for each element that is still missing (ids used in ``missing``).
MISSING_ORDER: tuple[str, ...] = ("act", "purpose", "nationality", "irregular_border", "financial_advantage")
NEXT_QUESTIONS: dict[str, Message] = {
    "act": Message(
        _(
            "Find out what was done with the person: were they recruited, transported, moved on, "
            "housed or received, or did someone take control over them?"
        )
    ),
    "purpose": Message(
        _(
            "Find out why: was it to exploit the person sexually, through work in conditions "
            "contrary to human dignity, through begging, by removing organs, or by making them "
            "commit crimes?"
        )
    ),
    "nationality": Message(
        _("Find out the person's nationality: only someone who is not an EU citizen can be smuggled.")
    ),
    "irregular_border": Message(
        _(
            "Find out whether the person entered, passed through or stayed in Belgium or another "
            "EU or Schengen country without the right papers."
        )
    ),
    "financial_advantage": Message(
        _(
            "Find out whether the people who helped the person across the border or to stay were "
            "paid or gained something, directly or indirectly."
        )
    ),
}


@dataclass(frozen=True)
class LegalFacts:
    """The facts the law looks at. ``None`` means not known; an empty set means none reported.

    ``crossed_irregularly`` covers an irregular entry, transit *or stay*. ``consent`` is kept so
    that the explanation can say it does not matter; no rule reads it.
    """

    acts: frozenset[str] = frozenset()
    purposes: frozenset[str] = frozenset()
    means: frozenset[str] = frozenset()
    circumstances: frozenset[str] = frozenset()
    age: int | None = None
    nationality: str | None = None
    crossed_irregularly: bool | None = None
    helped_for_gain: bool | None = None
    consent: bool | None = None

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE


@dataclass(frozen=True)
class TraffickingElements:
    act: str
    purpose: str

    @property
    def met(self) -> bool:
        return self.act == MET and self.purpose == MET


@dataclass(frozen=True)
class SmugglingElements:
    irregular_border: str
    financial_advantage: str
    non_eu_national: str

    @property
    def met(self) -> bool:
        return MET == self.irregular_border == self.financial_advantage == self.non_eu_national

    @property
    def ruled_out(self) -> bool:
        return NOT_MET in (self.irregular_border, self.financial_advantage, self.non_eu_national)


@dataclass(frozen=True)
class Circumstance:
    """An aggravating circumstance of one offence, with its legal source."""

    id: str
    offence: str
    label: str
    source: str


@dataclass(frozen=True)
class Qualification:
    kind: str
    trafficking: TraffickingElements
    smuggling: SmugglingElements
    aggravating: tuple[Circumstance, ...]
    missing: tuple[str, ...]
    reasons: tuple[Message, ...]

    @property
    def next_questions(self) -> tuple[Message, ...]:
        return tuple(NEXT_QUESTIONS[element] for element in self.missing)


# --- Aggravating circumstances ------------------------------------------------------------------

# Criminal Code art. 433sexies to 433octies. [verify the exact list, its numbering (and the new
# Criminal Code's), and the penalties before citing them to a user.]
TRAFFICKING_AGGRAVATING: tuple[Circumstance, ...] = (
    Circumstance(
        "abuse_of_authority",
        TRAFFICKING,
        _("abuse of authority or of a public function"),
        "Criminal Code art. 433sexies [verify]",
    ),
    Circumstance(
        "minor", TRAFFICKING, _("the victim is a minor"), "Criminal Code art. 433septies 1° [verify]"
    ),
    Circumstance(
        "abuse_of_vulnerability",
        TRAFFICKING,
        _("abuse of the victim's particularly vulnerable situation"),
        "Criminal Code art. 433septies 2° [verify]",
    ),
    Circumstance(
        "force_or_fraud",
        TRAFFICKING,
        _("use of violence, threats, coercion, abduction or deception"),
        "Criminal Code art. 433septies 3° [verify]",
    ),
    Circumstance(
        "payment_to_controller",
        TRAFFICKING,
        _("payments to someone who has authority over the victim"),
        "Criminal Code art. 433septies 3° [verify]",
    ),
    Circumstance(
        "life_endangered",
        TRAFFICKING,
        _("the victim's life was put in danger"),
        "Criminal Code art. 433septies 4° [verify]",
    ),
    Circumstance(
        "serious_harm",
        TRAFFICKING,
        _("an incurable illness or a long incapacity was caused"),
        "Criminal Code art. 433septies 5° [verify]",
    ),
    Circumstance(
        "habitual_activity",
        TRAFFICKING,
        _("the offence is a habitual activity"),
        "Criminal Code art. 433septies 6° [verify]",
    ),
    Circumstance(
        "criminal_organisation",
        TRAFFICKING,
        _("part of an association or a criminal organisation"),
        "Criminal Code art. 433septies 7° and 433octies [verify]",
    ),
    Circumstance("death", TRAFFICKING, _("the victim died"), "Criminal Code art. 433octies [verify]"),
)

# Aliens Act art. 77quater 1° to 5°: the circumstances that also open the protection procedure to
# the smuggled person. [verify whether abduction counts as a form of coercion here.]
SMUGGLING_AGGRAVATING: tuple[Circumstance, ...] = (
    Circumstance("minor", SMUGGLING, _("the person smuggled is a minor"), "Aliens Act art. 77quater 1°"),
    Circumstance(
        "abuse_of_vulnerability",
        SMUGGLING,
        _("abuse of the person's particularly vulnerable situation"),
        "Aliens Act art. 77quater 2°",
    ),
    Circumstance(
        "force_or_fraud",
        SMUGGLING,
        _("use of deception, violence, threats or coercion"),
        "Aliens Act art. 77quater 3°",
    ),
    Circumstance(
        "life_endangered", SMUGGLING, _("the person's life was put in danger"), "Aliens Act art. 77quater 4°"
    ),
    Circumstance(
        "serious_harm",
        SMUGGLING,
        _("an incurable illness or a long incapacity was caused"),
        "Aliens Act art. 77quater 5°",
    ),
)

_FORCE_OR_FRAUD = frozenset({"violence", "threats", "coercion", "abduction", "deception"})


def trafficking_aggravating(facts: LegalFacts) -> tuple[Circumstance, ...]:
    """Aggravating circumstances of trafficking found in the facts.

    Source: Criminal Code art. 433sexies to 433octies [verify]. The means of the Palermo definition
    end up here, not among the elements: violence, threats, coercion, abduction and deception are
    ``force_or_fraud``; abuse of vulnerability, abuse of authority and payments to a person with
    authority over the victim each have their own circumstance.
    """
    found = _common_aggravating(facts)
    if "abuse_of_authority" in facts.means:
        found.add("abuse_of_authority")
    if "payment_to_controller" in facts.means:
        found.add("payment_to_controller")
    found.update(facts.circumstances)
    return tuple(item for item in TRAFFICKING_AGGRAVATING if item.id in found)


def smuggling_aggravating(facts: LegalFacts) -> tuple[Circumstance, ...]:
    """Aggravating circumstances of smuggling found in the facts.

    Source: Aliens Act art. 77quater 1° to 5°. A person smuggled in these circumstances has access
    to the same protection procedure as a victim of trafficking.
    """
    found = _common_aggravating(facts)
    found.update(facts.circumstances & {"life_endangered", "serious_harm"})
    return tuple(item for item in SMUGGLING_AGGRAVATING if item.id in found)


def _common_aggravating(facts: LegalFacts) -> set[str]:
    found: set[str] = set()
    if facts.is_minor:
        found.add("minor")
    if "abuse_of_vulnerability" in facts.means:
        found.add("abuse_of_vulnerability")
    if facts.means & _FORCE_OR_FRAUD:
        found.add("force_or_fraud")
    return found


# --- The elements -------------------------------------------------------------------------------


def trafficking_elements(facts: LegalFacts) -> TraffickingElements:
    """The two elements of trafficking, Criminal Code art. 433quinquies §1.

    An act (recruitment, transport, transfer, harbouring, reception, or taking or transferring
    control) and a purpose of exploitation (the closed list of 1° to 5°). A checklist cannot say
    that there was *no* act, so an element is either met or unknown. Means, consent, a border and
    the age of the person play no part here.
    """
    return TraffickingElements(
        act=MET if facts.acts else UNKNOWN,
        purpose=MET if facts.purposes else UNKNOWN,
    )


def smuggling_elements(facts: LegalFacts) -> SmugglingElements:
    """The elements of smuggling, Aliens Act art. 77bis.

    Helping, in any way, a person who is not a national of an EU member state to enter, pass through
    or stay in Belgium or another EU or Schengen state against its law (``irregular_border``), in
    order to obtain a financial advantage, directly or indirectly (``financial_advantage``). An EU
    citizen cannot be smuggled (``non_eu_national``); help given for free is not smuggling.
    """
    if facts.nationality is None:
        non_eu = UNKNOWN
    else:
        non_eu = NOT_MET if facts.nationality in EU_MEMBER_STATES else MET
    return SmugglingElements(
        irregular_border=_status(facts.crossed_irregularly),
        financial_advantage=_status(facts.helped_for_gain),
        non_eu_national=non_eu,
    )


def _status(value: bool | None) -> str:
    if value is None:
        return UNKNOWN
    return MET if value else NOT_MET


def smuggling_in_question(facts: LegalFacts, elements: SmugglingElements) -> bool:
    """Whether the facts raise the question of smuggling at all.

    Keten's choice: only when someone reported an irregular border or paid help, and nothing
    already rules smuggling out. Otherwise the screening does not ask about borders.
    """
    raised = facts.crossed_irregularly is True or facts.helped_for_gain is True
    return raised and not elements.ruled_out


def qualify(facts: LegalFacts) -> Qualification:
    """Trafficking, smuggling, both, or insufficient, with the elements, what is missing and why.

    ``trafficking_and_smuggling`` when both offences are made out, as when a smuggled person must
    pay off the smugglers by forced work (Myria; REFERENCE §2). ``insufficient`` means the facts
    given do not make out either offence: either something is still unknown or the situation is
    neither.
    """
    trafficking = trafficking_elements(facts)
    smuggling = smuggling_elements(facts)

    if trafficking.met and smuggling.met:
        kind = TRAFFICKING_AND_SMUGGLING
    elif trafficking.met:
        kind = TRAFFICKING
    elif smuggling.met:
        kind = SMUGGLING
    else:
        kind = INSUFFICIENT

    aggravating: tuple[Circumstance, ...] = ()
    if trafficking.met:
        aggravating += trafficking_aggravating(facts)
    if smuggling.met:
        aggravating += smuggling_aggravating(facts)

    missing: list[str] = []
    if not trafficking.met:
        if trafficking.act == UNKNOWN:
            missing.append("act")
        if trafficking.purpose == UNKNOWN:
            missing.append("purpose")
    if not smuggling.met and smuggling_in_question(facts, smuggling):
        if smuggling.non_eu_national == UNKNOWN:
            missing.append("nationality")
        if smuggling.irregular_border == UNKNOWN:
            missing.append("irregular_border")
        if smuggling.financial_advantage == UNKNOWN:
            missing.append("financial_advantage")

    return Qualification(
        kind=kind,
        trafficking=trafficking,
        smuggling=smuggling,
        aggravating=aggravating,
        missing=tuple(sorted(missing, key=MISSING_ORDER.index)),
        reasons=_reasons(facts, trafficking, smuggling, aggravating),
    )


def _labels(ids: frozenset[str], order: tuple[str, ...], labels: dict[str, str]) -> tuple[Message, ...]:
    return tuple(Message(labels[item]) for item in order if item in ids)


def _reasons(
    facts: LegalFacts,
    trafficking: TraffickingElements,
    smuggling: SmugglingElements,
    aggravating: tuple[Circumstance, ...],
) -> tuple[Message, ...]:
    reasons: list[Message] = []
    acts = _labels(facts.acts, ACTS, ACT_LABELS)
    purposes = _labels(facts.purposes, PURPOSES, PURPOSE_LABELS)

    if trafficking.met:
        reasons.append(
            Message(
                _(
                    "This is trafficking in human beings: something was done with the person "
                    "(%(acts)s) with the aim of exploiting them (%(purposes)s). Under Belgian law "
                    "these two elements are enough."
                ),
                {"acts": acts, "purposes": purposes},
            )
        )
        if facts.means:
            reasons.append(
                Message(
                    _(
                        "The means used (%(means)s) are not needed for trafficking, but they make "
                        "it more serious."
                    ),
                    {"means": _labels(facts.means, MEANS, MEANS_LABELS)},
                )
            )
        else:
            reasons.append(
                Message(
                    _(
                        "No violence, threat or deception is needed: in Belgium such means only "
                        "make trafficking more serious, for adults and children alike."
                    )
                )
            )
        if facts.consent is True:
            reasons.append(
                Message(
                    _("The person agreed, but that changes nothing: consent does not matter for trafficking.")
                )
            )
        if facts.crossed_irregularly is not True:
            reasons.append(
                Message(
                    _(
                        "No border needs to be crossed: people are trafficked in their own country "
                        "too, Belgians in Belgium included."
                    )
                )
            )
        reasons.append(
            Message(
                _(
                    "The exploitation does not have to have happened yet: acting with the aim of "
                    "exploiting the person is enough."
                )
            )
        )
        if "forced_crime" in facts.purposes:
            reasons.append(
                Message(
                    _(
                        "Making someone commit crimes counts when it is against their will. A victim "
                        "should not be punished for offences they were forced to commit."
                    )
                )
            )
    else:
        if smuggling.met:
            reasons.append(
                Message(
                    _(
                        "Nothing given so far shows trafficking. Check whether the person has to pay "
                        "off the journey by working, through prostitution or otherwise: smuggling can "
                        "turn into trafficking."
                    )
                )
            )
        elif trafficking.act == UNKNOWN and trafficking.purpose == UNKNOWN:
            reasons.append(
                Message(
                    _(
                        "There is not enough yet to speak of trafficking: it needs both an act "
                        "(such as recruiting, transporting or housing the person) and the aim of "
                        "exploiting them."
                    )
                )
            )
        elif trafficking.act == UNKNOWN:
            reasons.append(
                Message(
                    _(
                        "There is an aim of exploitation (%(purposes)s), but it is not yet known "
                        "what was done with the person (recruiting, transporting, housing...)."
                    ),
                    {"purposes": purposes},
                )
            )
        else:
            reasons.append(
                Message(
                    _(
                        "Something was done with the person (%(acts)s), but it is not yet known "
                        "whether the aim was to exploit them."
                    ),
                    {"acts": acts},
                )
            )
        if facts.means:
            reasons.append(
                Message(
                    _(
                        "Violence, deception or other means do not make trafficking on their own: "
                        "an act and an aim of exploitation are what count."
                    )
                )
            )

    if smuggling.met:
        reasons.append(
            Message(
                _(
                    "This is smuggling of human beings: someone helped a person who is not an EU "
                    "citizen to enter, pass through or stay without the right papers, for money "
                    "or another advantage. Smuggling needs no exploitation."
                )
            )
        )
        if trafficking.met:
            reasons.append(
                Message(
                    _("The smuggling went on to become exploitation: both trafficking and smuggling apply.")
                )
            )
        if any(item.offence == SMUGGLING for item in aggravating):
            reasons.append(
                Message(
                    _(
                        "Because the smuggling was aggravated, the person may have the same "
                        "protection as a victim of trafficking."
                    )
                )
            )
    else:
        if smuggling.non_eu_national == NOT_MET and (
            facts.crossed_irregularly is not None or facts.helped_for_gain is not None
        ):
            reasons.append(
                Message(
                    _(
                        "The person is a national of an EU member state (%(country)s). An EU "
                        "citizen cannot be smuggled in the legal sense, but can be trafficked."
                    ),
                    {"country": facts.nationality or ""},
                )
            )
        if facts.helped_for_gain is False and facts.crossed_irregularly is True:
            reasons.append(
                Message(
                    _("Helping someone across a border without gaining anything from it is not smuggling.")
                )
            )
        if facts.crossed_irregularly is False and facts.helped_for_gain is True:
            reasons.append(
                Message(
                    _(
                        "Smuggling is about entering, passing through or staying without the right "
                        "papers; that was not the case here."
                    )
                )
            )

    if facts.is_minor and trafficking.met:
        reasons.append(
            Message(
                _(
                    "The person is a minor. The same two elements apply to children; being a "
                    "minor makes the offence more serious."
                )
            )
        )
    return tuple(reasons)
