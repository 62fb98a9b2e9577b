"""Legal qualification under Belgian law: trafficking, smuggling, both, or not enough to say.

This module reads as the rule book. Each rule names its source, and the law that applies is the
law in force on the date (or over the period) of the facts:

- the **Criminal Code of 1867** (art. 433quinquies to 433novies, as replaced by the law of
  29 April 2013) for facts up to 7 April 2026;
- the **new Criminal Code** (laws of 29 February 2024, Moniteur belge 8 April 2024) for facts from
  8 April 2026 on (FPS Justice, reform page; REFERENCE §11).

Both rule sets are data (:data:`RULE_SETS`): the purposes, the aggravating circumstances, their
articles and sources, side by side, so that an update changes one place. Keten could not read the
new Code's Book II: its article numbers for trafficking, and whether it adds forced marriage,
illegal adoption and the exploitation of surrogacy (Directive (EU) 2024/1712) as purposes, are
**not confirmed**. Every such item carries ``confirmed=False`` and the reason, and the API and the
pages show it. No article number is given that Keten could not confirm.

Trafficking (1867 Code art. 433quinquies §1) needs two elements, and only two:

1. an **act**: recruiting, transporting, transferring, harbouring or receiving a person, or taking
   or transferring control over them;
2. a **purpose of exploitation**, from a closed list.

Means (violence, deception, abuse of vulnerability...) and the crossing of a border are *not*
elements, for adults and children alike; means are aggravating circumstances. The victim's consent
is irrelevant, *except for 5°*: making a person commit a crime or offence "against their will",
where the will is part of the purpose itself (art. 433quinquies §1, last sentence; REFERENCE §11).
The exploitation need not have happened: the act done for that purpose is enough.

Smuggling (Aliens Act of 15 December 1980, art. 77bis) is contributing, directly or through an
intermediary, to the entry, transit or stay of a person who is not a national of an EU member
state in or through Belgium or another EU or Schengen state against its law, to obtain a
patrimonial advantage, directly or indirectly. No exploitation is needed; help given for free, or
for a non-patrimonial advantage (affection, sex), is not smuggling; an EU citizen cannot be
smuggled, a Swiss, Norwegian, Icelandic or Liechtenstein national can. Smuggling may turn into
trafficking, and then both apply. Keten reads the Aliens Act's articles as they stand (REFERENCE §11
cites them so after the reform).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

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

# The five purposes of art. 433quinquies §1, 1° to 5° of the 1867 Code, then those reported for
# the new Code or required by Directive (EU) 2024/1712 (see the rule sets for what is confirmed).
CLASSIC_PURPOSES: tuple[str, ...] = ("sexual", "labour", "begging", "organ_removal", "forced_crime")
NEW_PURPOSES: tuple[str, ...] = ("forced_marriage", "illegal_adoption", "surrogacy")
PURPOSES: tuple[str, ...] = CLASSIC_PURPOSES + NEW_PURPOSES
PURPOSE_LABELS: dict[str, str] = {
    "sexual": _("sexual exploitation"),
    "labour": _("labour exploitation"),
    "begging": _("exploitation of begging"),
    "organ_removal": _("removal of organs or human body material"),
    "forced_crime": _("forced criminality"),
    "forced_marriage": _("forced marriage"),
    "illegal_adoption": _("illegal adoption"),
    "surrogacy": _("exploitation of surrogacy"),
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

# Facts that are neither acts nor means but make the offence more serious. ``association`` and
# ``criminal_organisation`` are distinct in law (433septies 7° and 433octies; 77quater 7° and
# 77quinquies). ``ict_used``: the offence was committed through information and communication
# technology (Directive (EU) 2024/1712).
CIRCUMSTANCES: tuple[str, ...] = (
    "life_endangered",
    "serious_harm",
    "habitual_activity",
    "association",
    "criminal_organisation",
    "death",
    "ict_used",
)
CIRCUMSTANCE_LABELS: dict[str, str] = {
    "life_endangered": _("the person's life was put in danger"),
    "serious_harm": _("an incurable illness or a long incapacity was caused"),
    "habitual_activity": _("the offence is a habitual activity"),
    "association": _("the offence is part of the activity of an association"),
    "criminal_organisation": _("the offence is part of the activity of a criminal organisation"),
    "death": _("the person died"),
    "ict_used": _("the offence was committed through the internet or other communication technology"),
}

# Who the suspected exploiter is to the person. A parent or another person with authority over
# the victim aggravates trafficking (art. 433sexies) and smuggling (art. 77ter) by that position
# alone, without any abuse being needed (REFERENCE §11).
RELATIONS: tuple[str, ...] = (
    "parent",
    "other_authority",
    "public_official",
    "partner",
    "relative",
    "employer",
    "acquaintance",
    "stranger",
    "other",
)
RELATION_LABELS: dict[str, str] = {
    "parent": _("a parent"),
    "other_authority": _("another person with authority over them (guardian, carer, teacher...)"),
    "public_official": _("a public official acting in their function"),
    "partner": _("a partner or lover"),
    "relative": _("another relative"),
    "employer": _("an employer"),
    "acquaintance": _("a friend or acquaintance"),
    "stranger": _("someone they did not know"),
    "other": _("someone else"),
}
AUTHORITY_RELATIONS: frozenset[str] = frozenset({"parent", "other_authority"})

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
            "Find out whether the people who helped the person enter or stay gained money or "
            "something else of value from it, directly or indirectly."
        )
    ),
}

# --- The rule sets: the law by date -------------------------------------------------------------

CODE_1867 = "criminal_code_1867"
CODE_2024 = "criminal_code_2024"
NEW_CODE_IN_FORCE = date(2026, 4, 8)

SOURCE_1867 = "Criminal Code of 1867, art. 433quinquies-433novies (law of 29 April 2013)"
SOURCE_2024 = (
    "New Criminal Code, laws of 29 February 2024 (Moniteur belge 8 April 2024), in force "
    "8 April 2026 (FPS Justice; REFERENCE §11)"
)
SOURCE_DIRECTIVE = "Directive (EU) 2024/1712 amending Directive 2011/36/EU (OJ L 2024/1712)"
ALIENS_ACT = "Aliens Act of 15 December 1980"

# Why an item is not confirmed. Each is shown to the user next to the item.
UNCONFIRMED_NEW_ARTICLE = _(
    "Keten could not read Book II of the new Criminal Code: the article number is not confirmed. "
    "The offence itself is taken over from the 1867 Code."
)
UNCONFIRMED_NEW_PURPOSE = _(
    "Reported as a new purpose of the new Criminal Code (Myria) but not read in the text itself: "
    "not confirmed."
)
UNCONFIRMED_DIRECTIVE = _(
    "Required by Directive (EU) 2024/1712 (transposition due 15 July 2026); whether and where "
    "Belgium has written it into its law is not confirmed."
)
UNCONFIRMED_NUMBERING = _(
    "The circumstance is in the law, but its exact number in the list was not read at the source."
)
UNCONFIRMED_PAYMENT = _(
    "No source states where payments to a person with authority over the victim are punished; "
    "Keten reads them among the means of art. 433septies 3°."
)


@dataclass(frozen=True)
class Provision:
    """One rule of a rule set: what it is, where it is written, and whether Keten confirmed it.

    ``article`` is None when Keten does not know the number; it is never guessed.
    """

    id: str
    label: str
    article: str | None
    source: str
    confirmed: bool = True
    unconfirmed_reason: str = ""


@dataclass(frozen=True)
class Circumstance:
    """An aggravating circumstance of one offence, with its legal source.

    ``opens_procedure``: for smuggling, whether it gives the person access to the protection
    procedure (only Aliens Act art. 77quater 1° to 5°: art. 61/2; Myria; REFERENCE §11).
    """

    id: str
    offence: str
    label: str
    source: str
    article: str | None = None
    confirmed: bool = True
    unconfirmed_reason: str = ""
    opens_procedure: bool = False


@dataclass(frozen=True)
class RuleSet:
    """The trafficking rules of one Criminal Code, in force from ``in_force_from`` to ``until``."""

    id: str
    title: str
    in_force_from: date | None
    in_force_until: date | None
    source: str
    offence: Provision
    purposes: tuple[Provision, ...]
    aggravating: tuple[Circumstance, ...]
    # Purposes for which the victim's consent matters (the person's will is part of the purpose).
    consent_matters_for: frozenset[str] = frozenset({"forced_crime"})

    def in_force_on(self, day: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_until is None or day <= self.in_force_until
        )

    @property
    def purpose_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.purposes)

    def purpose(self, purpose_id: str) -> Provision | None:
        return next((item for item in self.purposes if item.id == purpose_id), None)


def _purposes_1867() -> tuple[Provision, ...]:
    return tuple(
        Provision(pid, PURPOSE_LABELS[pid], f"art. 433quinquies §1, {number}°", SOURCE_1867)
        for number, pid in enumerate(CLASSIC_PURPOSES, start=1)
    )


def _trafficking_aggravating_1867() -> tuple[Circumstance, ...]:
    def item(cid: str, label: str, article: str, confirmed: bool = True, reason: str = "") -> Circumstance:
        return Circumstance(cid, TRAFFICKING, label, f"{SOURCE_1867}, {article}", article, confirmed, reason)

    return (
        item(
            "authority_over_victim",
            _("committed by a parent or another person with authority over the victim"),
            "art. 433sexies",
        ),
        item(
            "abuse_of_authority",
            _("abuse of authority or of the facilities of a function, or a public official in office"),
            "art. 433sexies",
        ),
        item("minor", _("the victim is a minor"), "art. 433septies 1°"),
        item(
            "abuse_of_vulnerability",
            _("abuse of the victim's particularly vulnerable situation"),
            "art. 433septies 2°",
        ),
        item(
            "force_or_fraud",
            _("use of violence, threats, coercion, abduction or deception"),
            "art. 433septies 3°",
            False,
            UNCONFIRMED_NUMBERING,
        ),
        item(
            "payment_to_controller",
            _("payments to someone who has authority over the victim"),
            "art. 433septies 3°",
            False,
            UNCONFIRMED_PAYMENT,
        ),
        item(
            "life_endangered",
            _("the victim's life was put in danger"),
            "art. 433septies 4°",
            False,
            UNCONFIRMED_NUMBERING,
        ),
        item(
            "serious_harm",
            _("an incurable illness or a long incapacity was caused"),
            "art. 433septies 5°",
            False,
            UNCONFIRMED_NUMBERING,
        ),
        item(
            "habitual_activity",
            _("the offence is a habitual activity"),
            "art. 433septies 6°",
            False,
            UNCONFIRMED_NUMBERING,
        ),
        item("association", _("the offence is part of the activity of an association"), "art. 433septies 7°"),
        item(
            "criminal_organisation",
            _("the offence is part of the activity of a criminal organisation"),
            "art. 433octies",
        ),
        item("death", _("the victim died"), "art. 433octies"),
    )


def _new_code(item: Circumstance) -> Circumstance:
    """The same circumstance under the new Code: its article number is not confirmed."""
    return Circumstance(item.id, item.offence, item.label, SOURCE_2024, None, False, UNCONFIRMED_NEW_ARTICLE)


RULE_SET_1867 = RuleSet(
    id=CODE_1867,
    title=_("Criminal Code of 1867"),
    in_force_from=None,
    in_force_until=date(2026, 4, 7),
    source=SOURCE_1867,
    offence=Provision(TRAFFICKING, _("trafficking in human beings"), "art. 433quinquies", SOURCE_1867),
    purposes=_purposes_1867(),
    aggravating=_trafficking_aggravating_1867(),
)

RULE_SET_2024 = RuleSet(
    id=CODE_2024,
    title=_("new Criminal Code (laws of 29 February 2024)"),
    in_force_from=NEW_CODE_IN_FORCE,
    in_force_until=None,
    source=SOURCE_2024,
    offence=Provision(
        TRAFFICKING, _("trafficking in human beings"), None, SOURCE_2024, False, UNCONFIRMED_NEW_ARTICLE
    ),
    purposes=(
        *(
            Provision(p.id, p.label, None, SOURCE_2024, False, UNCONFIRMED_NEW_ARTICLE)
            for p in _purposes_1867()
        ),
        Provision(
            "forced_marriage",
            PURPOSE_LABELS["forced_marriage"],
            None,
            SOURCE_2024,
            False,
            UNCONFIRMED_NEW_PURPOSE,
        ),
        Provision(
            "illegal_adoption",
            PURPOSE_LABELS["illegal_adoption"],
            None,
            SOURCE_2024,
            False,
            UNCONFIRMED_NEW_PURPOSE,
        ),
        Provision(
            "surrogacy", PURPOSE_LABELS["surrogacy"], None, SOURCE_DIRECTIVE, False, UNCONFIRMED_DIRECTIVE
        ),
    ),
    aggravating=(
        *(_new_code(item) for item in _trafficking_aggravating_1867()),
        Circumstance(
            "ict_used",
            TRAFFICKING,
            _("committed through information and communication technology"),
            SOURCE_DIRECTIVE,
            None,
            False,
            UNCONFIRMED_DIRECTIVE,
        ),
    ),
)

RULE_SETS: tuple[RuleSet, ...] = (RULE_SET_1867, RULE_SET_2024)
"""The rule sets of trafficking, oldest first. A new Code or an amendment is one more entry."""

# Aliens Act art. 77ter to 77quinquies (Senate doc. 3-1138/5; agii.be; REFERENCE §11). Only
# 77quater 1° to 5° open the protection procedure to the smuggled person (art. 61/2; Myria).
SMUGGLING_AGGRAVATING: tuple[Circumstance, ...] = (
    Circumstance(
        "authority_over_victim",
        SMUGGLING,
        _("committed by a person with authority over the person smuggled"),
        f"{ALIENS_ACT}, art. 77ter",
        "art. 77ter",
    ),
    Circumstance(
        "abuse_of_authority",
        SMUGGLING,
        _("committed by a public official, or by abusing the facilities of a function"),
        f"{ALIENS_ACT}, art. 77ter",
        "art. 77ter",
    ),
    Circumstance(
        "minor",
        SMUGGLING,
        _("the person smuggled is a minor"),
        f"{ALIENS_ACT}, art. 77quater 1°",
        "art. 77quater 1°",
        opens_procedure=True,
    ),
    Circumstance(
        "abuse_of_vulnerability",
        SMUGGLING,
        _("abuse of the person's particularly vulnerable situation"),
        f"{ALIENS_ACT}, art. 77quater 2°",
        "art. 77quater 2°",
        opens_procedure=True,
    ),
    Circumstance(
        "force_or_fraud",
        SMUGGLING,
        _("use of deception, violence, threats or coercion"),
        f"{ALIENS_ACT}, art. 77quater 3°",
        "art. 77quater 3°",
        opens_procedure=True,
    ),
    Circumstance(
        "life_endangered",
        SMUGGLING,
        _("the person's life was put in danger"),
        f"{ALIENS_ACT}, art. 77quater 4°",
        "art. 77quater 4°",
        opens_procedure=True,
    ),
    Circumstance(
        "serious_harm",
        SMUGGLING,
        _("an incurable illness or a long incapacity was caused"),
        f"{ALIENS_ACT}, art. 77quater 5°",
        "art. 77quater 5°",
        opens_procedure=True,
    ),
    Circumstance(
        "habitual_activity",
        SMUGGLING,
        _("the smuggling is a habitual activity"),
        f"{ALIENS_ACT}, art. 77quater 6°",
        "art. 77quater 6°",
    ),
    Circumstance(
        "association",
        SMUGGLING,
        _("the smuggling is part of the activity of an association"),
        f"{ALIENS_ACT}, art. 77quater 7°",
        "art. 77quater 7°",
    ),
    Circumstance(
        "death",
        SMUGGLING,
        _("the person smuggled died"),
        f"{ALIENS_ACT}, art. 77quinquies",
        "art. 77quinquies",
    ),
    Circumstance(
        "criminal_organisation",
        SMUGGLING,
        _("the smuggling is part of the activity of a criminal organisation"),
        f"{ALIENS_ACT}, art. 77quinquies",
        "art. 77quinquies",
    ),
)

SMUGGLING_PROVISION = Provision(
    SMUGGLING, _("smuggling of human beings"), "art. 77bis", f"{ALIENS_ACT}, art. 77bis"
)

# Kept for callers that list the circumstances of the law of today.
TRAFFICKING_AGGRAVATING: tuple[Circumstance, ...] = RULE_SET_1867.aggravating


def rule_sets_for(start: date, end: date) -> tuple[RuleSet, ...]:
    """The rule sets in force at some point between ``start`` and ``end`` (both included)."""
    return tuple(
        rule_set
        for rule_set in RULE_SETS
        if (rule_set.in_force_from is None or rule_set.in_force_from <= end)
        and (rule_set.in_force_until is None or start <= rule_set.in_force_until)
    )


def rule_set_on(day: date) -> RuleSet:
    """The rule set in force on ``day``."""
    return next(rule_set for rule_set in RULE_SETS if rule_set.in_force_on(day))


def today_in_belgium() -> date:
    return datetime.now(ZoneInfo("Europe/Brussels")).date()


# --- Facts and results --------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalFacts:
    """The facts the law looks at. ``None`` means not known; an empty set means none reported.

    ``crossed_irregularly`` covers an irregular entry, transit *or stay*. ``possibly_minor``: the
    age is not known but there are reasons to believe the person is a child; they are then
    presumed a child (Directive 2011/36/EU art. 13(2); REFERENCE §11). ``facts_from`` and
    ``facts_to`` date the facts (both None: the law of ``today`` applies). ``relations``: who the
    suspected exploiters are to the person.
    """

    acts: frozenset[str] = frozenset()
    purposes: frozenset[str] = frozenset()
    means: frozenset[str] = frozenset()
    circumstances: frozenset[str] = frozenset()
    age: int | None = None
    possibly_minor: bool = False
    nationality: str | None = None
    crossed_irregularly: bool | None = None
    helped_for_gain: bool | None = None
    consent: bool | None = None
    relations: frozenset[str] = frozenset()
    facts_from: date | None = None
    facts_to: date | None = None

    @property
    def is_minor(self) -> bool:
        """A minor, or presumed one: age under 18, or unknown with reasons to believe a child."""
        if self.age is not None:
            return self.age < ADULT_AGE
        return self.possibly_minor

    @property
    def presumed_minor(self) -> bool:
        return self.age is None and self.possibly_minor


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
class RuleSetOutcome:
    """How the trafficking rules of one Code read the facts."""

    rule_set: RuleSet
    trafficking: TraffickingElements
    purposes_counted: tuple[str, ...]
    purposes_outside: tuple[str, ...]
    consent_excluded: tuple[str, ...]


@dataclass(frozen=True)
class Qualification:
    kind: str
    trafficking: TraffickingElements
    smuggling: SmugglingElements
    aggravating: tuple[Circumstance, ...]
    missing: tuple[str, ...]
    reasons: tuple[Message, ...]
    period: tuple[date, date] = (NEW_CODE_IN_FORCE, NEW_CODE_IN_FORCE)
    period_assumed: bool = True
    outcomes: tuple[RuleSetOutcome, ...] = ()
    unmatched: tuple[str, ...] = field(default=())

    @property
    def next_questions(self) -> tuple[Message, ...]:
        return tuple(NEXT_QUESTIONS[element] for element in self.missing)

    @property
    def rule_set(self) -> RuleSet:
        """The rule set whose outcome decides: that of the latest facts."""
        return self.outcomes[-1].rule_set if self.outcomes else rule_set_on(self.period[1])

    @property
    def opens_procedure(self) -> bool:
        """Trafficking, or smuggling aggravated under art. 77quater 1° to 5° (art. 61/2)."""
        return self.trafficking.met or any(item.opens_procedure for item in self.aggravating)


# --- Aggravating circumstances ------------------------------------------------------------------

_FORCE_OR_FRAUD = frozenset({"violence", "threats", "coercion", "abduction", "deception"})


def aggravating_facts(facts: LegalFacts) -> frozenset[str]:
    """The ids of the aggravating circumstances that the facts describe, for any offence.

    Means end up here, not among the elements: violence, threats, coercion, abduction and deception
    are ``force_or_fraud``. A parent or another person with authority over the victim is
    ``authority_over_victim`` by that position alone (433sexies; 77ter); abuse of authority or a
    public official is ``abuse_of_authority``.
    """
    found: set[str] = set(facts.circumstances)
    if facts.is_minor:
        found.add("minor")
    if "abuse_of_vulnerability" in facts.means:
        found.add("abuse_of_vulnerability")
    if facts.means & _FORCE_OR_FRAUD:
        found.add("force_or_fraud")
    if "payment_to_controller" in facts.means:
        found.add("payment_to_controller")
    if facts.relations & AUTHORITY_RELATIONS:
        found.add("authority_over_victim")
    if "abuse_of_authority" in facts.means or "public_official" in facts.relations:
        found.add("abuse_of_authority")
    return frozenset(found)


def trafficking_aggravating(facts: LegalFacts, rule_set: RuleSet = RULE_SET_1867) -> tuple[Circumstance, ...]:
    """Aggravating circumstances of trafficking found in the facts, under ``rule_set``.

    Source: 1867 Code art. 433sexies to 433octies; the new Code's numbers are not confirmed.
    """
    found = aggravating_facts(facts)
    return tuple(item for item in rule_set.aggravating if item.id in found)


def smuggling_aggravating(facts: LegalFacts) -> tuple[Circumstance, ...]:
    """Aggravating circumstances of smuggling found in the facts.

    Source: Aliens Act art. 77ter, 77quater 1° to 7° and 77quinquies. Only 77quater 1° to 5°
    (``opens_procedure``) give the person access to the protection procedure.
    """
    found = aggravating_facts(facts)
    return tuple(item for item in SMUGGLING_AGGRAVATING if item.id in found)


# --- The elements -------------------------------------------------------------------------------


def _read_purposes(facts: LegalFacts, rule_set: RuleSet) -> RuleSetOutcome:
    """Which of the purposes given count under ``rule_set``.

    A purpose outside the rule set's closed list does not count. A purpose for which consent
    matters (5°, forced criminality "against their will") does not count when the person
    consented: 1867 Code art. 433quinquies §1, last sentence (REFERENCE §11).
    """
    inside = [p for p in PURPOSES if p in facts.purposes and p in rule_set.purpose_ids]
    outside = tuple(p for p in PURPOSES if p in facts.purposes and p not in rule_set.purpose_ids)
    excluded = tuple(p for p in inside if facts.consent is True and p in rule_set.consent_matters_for)
    counted = tuple(p for p in inside if p not in excluded)
    if counted:
        purpose = MET
    elif excluded:
        purpose = NOT_MET
    else:
        purpose = UNKNOWN
    return RuleSetOutcome(
        rule_set=rule_set,
        trafficking=TraffickingElements(act=MET if facts.acts else UNKNOWN, purpose=purpose),
        purposes_counted=counted,
        purposes_outside=outside,
        consent_excluded=excluded,
    )


def trafficking_elements(facts: LegalFacts, rule_set: RuleSet | None = None) -> TraffickingElements:
    """The two elements of trafficking: an act and a purpose of exploitation.

    1867 Code art. 433quinquies §1. A checklist cannot say that there was *no* act, so the act is
    met or unknown. The purpose is met when a purpose of the rule set's closed list is given; not
    met when the only one given is forced criminality and the person consented (§1, last
    sentence); unknown otherwise. Means, a border and the age of the person play no part here.
    """
    return _read_purposes(facts, rule_set or _rule_set_for_facts(facts)).trafficking


def _rule_set_for_facts(facts: LegalFacts) -> RuleSet:
    day = facts.facts_to or facts.facts_from
    return rule_set_on(day) if day is not None else rule_set_on(today_in_belgium())


def smuggling_elements(facts: LegalFacts) -> SmugglingElements:
    """The elements of smuggling, Aliens Act art. 77bis.

    Contributing, directly or through an intermediary, to the entry, transit or stay of a person
    who is not a national of an EU member state in or through Belgium or another EU or Schengen
    state against its law (``irregular_border``), to obtain a patrimonial advantage, directly or
    indirectly (``financial_advantage``). An EU citizen cannot be smuggled (``non_eu_national``);
    help given for free, or for a non-patrimonial advantage, is not smuggling.
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


def facts_period(facts: LegalFacts, today: date | None = None) -> tuple[date, date, bool]:
    """The first and last day of the facts, and whether they were assumed (the law of today)."""
    start = facts.facts_from or facts.facts_to
    end = facts.facts_to or facts.facts_from
    if start is None or end is None:
        day = today or today_in_belgium()
        return day, day, True
    return start, end, False


def qualify(facts: LegalFacts, today: date | None = None) -> Qualification:
    """Trafficking, smuggling, both, or insufficient, with the elements, what is missing and why.

    The law is that of the date of the facts: each rule set in force during the period reads the
    facts, and the one in force at the end of the period decides (for facts that span the entry
    into force of the new Code, which Code a court applies, and the milder law, are for the
    magistrate: the explanation says so). Without a date, the law in force ``today``.

    ``trafficking_and_smuggling`` when both offences are made out, as when a smuggled person must
    pay off the smugglers by forced work (Myria; REFERENCE §2). ``insufficient`` means the facts
    given do not make out either offence: either something is still unknown or the situation is
    neither.
    """
    start, end, assumed = facts_period(facts, today)
    outcomes = tuple(_read_purposes(facts, rule_set) for rule_set in rule_sets_for(start, end))
    deciding = outcomes[-1]
    trafficking = deciding.trafficking
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
        aggravating += trafficking_aggravating(facts, deciding.rule_set)
    if smuggling.met:
        aggravating += smuggling_aggravating(facts)
    placed = {item.id for item in aggravating}
    unmatched: tuple[str, ...] = ()
    if trafficking.met or smuggling.met:
        unmatched = tuple(sorted(aggravating_facts(facts) - placed))

    missing: list[str] = []
    if not trafficking.met:
        if trafficking.act == UNKNOWN:
            missing.append("act")
        if trafficking.purpose != MET:
            missing.append("purpose")
    if not smuggling.met and smuggling_in_question(facts, smuggling):
        if smuggling.non_eu_national == UNKNOWN:
            missing.append("nationality")
        if smuggling.irregular_border == UNKNOWN:
            missing.append("irregular_border")
        if smuggling.financial_advantage == UNKNOWN:
            missing.append("financial_advantage")

    reasons = _law_reasons(outcomes, assumed)
    reasons += _reasons(facts, deciding, smuggling, aggravating)
    reasons += _unmatched_reasons(unmatched, trafficking.met, smuggling.met)
    return Qualification(
        kind=kind,
        trafficking=trafficking,
        smuggling=smuggling,
        aggravating=aggravating,
        missing=tuple(sorted(missing, key=MISSING_ORDER.index)),
        reasons=reasons,
        period=(start, end),
        period_assumed=assumed,
        outcomes=outcomes,
        unmatched=unmatched,
    )


def _labels(
    ids: frozenset[str] | tuple[str, ...], order: tuple[str, ...], labels: dict[str, str]
) -> tuple[Message, ...]:
    return tuple(Message(labels[item]) for item in order if item in ids)


def _law_reasons(outcomes: tuple[RuleSetOutcome, ...], assumed: bool) -> tuple[Message, ...]:
    reasons: list[Message] = []
    deciding = outcomes[-1].rule_set
    if assumed:
        reasons.append(
            Message(
                _(
                    "No date of the facts was given, so the law in force today was applied (%(code)s). "
                    "Give the date or period of the facts: the law changed on 8 April 2026."
                ),
                {"code": Message(deciding.title)},
            )
        )
    elif len(outcomes) > 1:
        reasons.append(
            Message(
                _(
                    "The facts span 8 April 2026, when the new Criminal Code replaced the Code of 1867. "
                    "Keten reads them under both and shows the new Code's outcome; which Code applies "
                    "to facts that continue across the change, and the rule that the milder law "
                    "applies, are for the magistrate to decide."
                )
            )
        )
    else:
        reasons.append(
            Message(
                _("The facts are read under the law in force at the time: %(code)s."),
                {"code": Message(deciding.title)},
            )
        )
    if not deciding.offence.confirmed:
        reasons.append(Message(deciding.offence.unconfirmed_reason))
    return tuple(reasons)


def _unmatched_reasons(unmatched: tuple[str, ...], trafficking: bool, smuggling: bool) -> tuple[Message, ...]:
    reasons = []
    for item in unmatched:
        reasons.append(
            Message(
                _(
                    "Entered but not an aggravating circumstance of the offence found here under the "
                    "law that applies: %(fact)s."
                ),
                {"fact": Message(_AGGRAVATING_FACT_LABELS[item])},
            )
        )
    return tuple(reasons)


_AGGRAVATING_FACT_LABELS: dict[str, str] = {
    **CIRCUMSTANCE_LABELS,
    "minor": _("the person is a minor"),
    "abuse_of_vulnerability": _("abuse of a vulnerable situation"),
    "force_or_fraud": _("use of violence, threats, coercion, abduction or deception"),
    "payment_to_controller": _("payments to someone who has authority over the person"),
    "authority_over_victim": _("a parent or another person with authority over the person"),
    "abuse_of_authority": _("abuse of authority, or a public official in office"),
}


def _reasons(
    facts: LegalFacts,
    outcome: RuleSetOutcome,
    smuggling: SmugglingElements,
    aggravating: tuple[Circumstance, ...],
) -> tuple[Message, ...]:
    reasons: list[Message] = []
    trafficking = outcome.trafficking
    acts = _labels(facts.acts, ACTS, ACT_LABELS)
    purposes = _labels(outcome.purposes_counted, PURPOSES, PURPOSE_LABELS)
    if outcome.purposes_outside:
        reasons.append(
            Message(
                _(
                    "%(purposes)s: not among the purposes of exploitation of the law that applies "
                    "(%(code)s). Check whether another purpose applies, such as sexual or labour "
                    "exploitation."
                ),
                {
                    "purposes": _labels(outcome.purposes_outside, PURPOSES, PURPOSE_LABELS),
                    "code": Message(outcome.rule_set.title),
                },
            )
        )
    for purpose in outcome.purposes_counted:
        provision = outcome.rule_set.purpose(purpose)
        if (
            provision is not None
            and not provision.confirmed
            and provision.unconfirmed_reason != UNCONFIRMED_NEW_ARTICLE
        ):
            reasons.append(
                Message(
                    _("%(purpose)s: %(reason)s"),
                    {
                        "purpose": Message(PURPOSE_LABELS[purpose]),
                        "reason": Message(provision.unconfirmed_reason),
                    },
                )
            )
    if outcome.consent_excluded:
        reasons.append(
            Message(
                _(
                    "Forced criminality means making the person commit crimes against their will. "
                    "The person agreed, so this purpose is not made out on that ground: for this "
                    "purpose alone, consent matters in law. Check whether they "
                    "could really refuse, and whether another purpose applies."
                )
            )
        )

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
        if facts.consent is True and not outcome.consent_excluded:
            reasons.append(
                Message(
                    _(
                        "The person agreed, but that changes nothing here: consent does not matter "
                        "for trafficking, except for forced criminality."
                    )
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
        elif trafficking.act == UNKNOWN and trafficking.purpose != MET:
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
                    "This is smuggling of human beings (Aliens Act art. 77bis): someone helped a "
                    "person who is not an EU citizen to enter, pass through or stay in Belgium or "
                    "another EU or Schengen country without the right papers, to gain money or "
                    "something else of value, directly or indirectly. Smuggling needs no "
                    "exploitation."
                )
            )
        )
        if trafficking.met:
            reasons.append(
                Message(
                    _("The smuggling went on to become exploitation: both trafficking and smuggling apply.")
                )
            )
        if any(item.opens_procedure for item in aggravating):
            reasons.append(
                Message(
                    _(
                        "Because the smuggling was aggravated (Aliens Act art. 77quater 1° to 5°), the "
                        "person may have the same protection as a victim of trafficking."
                    )
                )
            )
        elif not trafficking.met:
            reasons.append(
                Message(
                    _(
                        "Smuggling alone does not open the protection procedure for victims: only "
                        "smuggling aggravated under art. 77quater 1° to 5° does (a minor, abuse of "
                        "a vulnerable situation, deception, violence, threats or coercion, a life "
                        "put in danger, an incurable illness or incapacity)."
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

    if facts.presumed_minor:
        reasons.append(
            Message(
                _(
                    "The age is not known but there are reasons to believe the person is a child: "
                    "they are presumed to be a child and protected as one until their age is "
                    "established (Directive 2011/36/EU art. 13(2))."
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
