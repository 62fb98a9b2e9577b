"""What to do next: how urgent the situation is, whom to contact in which order, and what not to do.

Urgency is Keten's own triage, not a legal rule:

- ``emergency`` when someone is in immediate danger: the first action is always to call 112;
- ``urgent`` when the person is a minor, when signs show that they are held or hurt now, or when
  their life has been put in danger;
- ``normal`` otherwise.

Contacts come from REFERENCE §4, §5 and §11: the three specialised centres (the recommended one for
the postal code first), the national hotline, the social inspection for labour exploitation, the
guardianship service for a foreign child without parents, the youth prosecutor and youth care for a
Belgian child, legal aid and asylum information for a smuggled person, and the police.

Each person follows one **route** (:func:`choose_route`): a child (Belgian or foreign, accompanied
or not), a smuggled person who is not (known to be) trafficked, or an adult victim of trafficking.
The route orders the actions and explains, step by step, what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass

from keten.core.i18n import Message, _
from keten.core.law import EU_MEMBER_STATES
from keten.core.regions import CENTRES, EMERGENCY_NUMBER, HOTLINE_NUMBER, POLICE_NUMBER, CentreRecommendation

EMERGENCY = "emergency"
URGENT = "urgent"
NORMAL = "normal"
URGENCIES: tuple[str, ...] = (EMERGENCY, URGENT, NORMAL)

CALL = "call"
CONTACT_CENTRE = "contact_centre"
CONTACT_HOTLINE = "contact_hotline"
CONTACT_INSPECTION = "contact_inspection"
CONTACT_GUARDIANSHIP = "contact_guardianship"
CONTACT_POLICE = "contact_police"
CONTACT_YOUTH_PROTECTION = "contact_youth_protection"
CONTACT_MINORS_CENTRE = "contact_minors_centre"
CONTACT_LEGAL_AID = "contact_legal_aid"
ASYLUM_INFORMATION = "asylum_information"
ACTION_KINDS: tuple[str, ...] = (
    CALL,
    CONTACT_CENTRE,
    CONTACT_HOTLINE,
    CONTACT_INSPECTION,
    CONTACT_GUARDIANSHIP,
    CONTACT_POLICE,
    CONTACT_YOUTH_PROTECTION,
    CONTACT_MINORS_CENTRE,
    CONTACT_LEGAL_AID,
    ASYLUM_INFORMATION,
)

ROUTE_CHILD = "child"
ROUTE_SMUGGLED = "smuggled"
ROUTE_ADULT_TRAFFICKING = "adult_trafficking"
ROUTES: tuple[str, ...] = (ROUTE_CHILD, ROUTE_SMUGGLED, ROUTE_ADULT_TRAFFICKING)


@dataclass(frozen=True)
class Urgency:
    level: str
    reason_ids: tuple[str, ...]
    reasons: tuple[Message, ...]


_URGENCY_REASONS: dict[str, Message] = {
    "immediate_danger": Message(_("Someone is in immediate danger.")),
    "minor": Message(_("The person is a minor: children need protection without delay.")),
    "ongoing_control": Message(_("There are signs that the person is being held or hurt right now.")),
    "life_endangered": Message(_("The person's life has been put in danger.")),
}


def assess_urgency(
    *,
    immediate_danger: bool,
    minor: bool,
    ongoing_control: bool,
    life_endangered: bool,
) -> Urgency:
    """How urgent the situation is (Keten's triage, see the module docstring), with the reasons."""
    reasons = [
        reason
        for reason, present in (
            ("immediate_danger", immediate_danger),
            ("minor", minor),
            ("ongoing_control", ongoing_control),
            ("life_endangered", life_endangered),
        )
        if present
    ]
    if immediate_danger:
        level = EMERGENCY
    elif reasons:
        level = URGENT
    else:
        level = NORMAL
    return Urgency(level, tuple(reasons), tuple(_URGENCY_REASONS[reason] for reason in reasons))


@dataclass(frozen=True)
class Action:
    """One step to take. ``number`` is set for calls; ``centre`` (a slug) for centres."""

    id: str
    kind: str
    text: Message
    number: str | None = None
    centre: str | None = None
    recommended: bool = False


def choose_route(*, minor: bool, smuggled_only: bool) -> str:
    """Which route the person follows.

    A child (or a person presumed to be one) always follows the child route, Belgian or foreign,
    accompanied or not. A person smuggled without signs of trafficking and without a smuggling
    aggravation that opens the protection procedure (Aliens Act art. 77quater 1° to 5°) follows
    the smuggling route. Everyone else follows the adult trafficking route.
    """
    if minor:
        return ROUTE_CHILD
    if smuggled_only:
        return ROUTE_SMUGGLED
    return ROUTE_ADULT_TRAFFICKING


ROUTE_TITLES: dict[str, str] = {
    ROUTE_CHILD: _("Route for a child"),
    ROUTE_SMUGGLED: _("Route for a person who was smuggled"),
    ROUTE_ADULT_TRAFFICKING: _("Route for an adult who may be a victim of trafficking"),
}


def _guardianship_text(nationality: str | None, unaccompanied: bool | None) -> Message:
    # Guardianship: non-EEA unaccompanied minors; EEA and Swiss minors too since December 2014
    # when reported as victims or in a vulnerable situation (Child Focus; REFERENCE §11).
    if unaccompanied is True:
        return Message(
            _(
                "Tell the guardianship service: it appoints a guardian for a child who is not "
                "Belgian and is in Belgium without a parent or legal guardian (children from the "
                "EEA and Switzerland too, when they may be victims)."
            )
        )
    return Message(
        _(
            "If the child is not Belgian and is in Belgium without a parent or legal guardian, tell "
            "the guardianship service: it appoints a guardian for such a child (children from the "
            "EEA and Switzerland too, when they may be victims)."
        )
    )


def route_steps(
    route: str, *, nationality: str | None, unaccompanied: bool | None, opens_procedure: bool
) -> tuple[Message, ...]:
    """What happens next on ``route``, in order, in plain words, with the sources in comments."""
    belgian = nationality == "BE"
    eu = nationality is not None and nationality in EU_MEMBER_STATES
    if route == ROUTE_CHILD:
        steps = [Message(_("The child's safety comes first. Do not wait until everything is clear."))]
        if not belgian:
            steps.append(_guardianship_text(nationality, unaccompanied))
            if not eu:
                # Myria: an unaccompanied foreign minor presumed a victim gets a 3-month document
                # at once instead of the 45-day reflection document (REFERENCE §11).
                steps.append(
                    Message(
                        _(
                            "A foreign child without parents who may be a victim receives a residence "
                            "document for 3 months at once, instead of the 45-day reflection period."
                        )
                    )
                )
        # Belgian children (and children living with their family): youth prosecutor and youth
        # care (REFERENCE §11, [verify roles and contacts]).
        steps.append(
            Message(
                _(
                    "The police and the youth prosecutor can protect the child, if necessary away "
                    "from the family; youth care helps the child and the family."
                )
            )
        )
        steps.append(
            Message(
                _(
                    "Esperanto (Wallonia) and Minor-Ndako (Brussels) are specialised in taking in "
                    "child victims; the specialised centres advise about children too. Keten has "
                    "not yet confirmed their exact roles and contacts."
                )
            )
        )
        return tuple(steps)
    if route == ROUTE_SMUGGLED:
        return (
            Message(
                _(
                    "Smuggling is the crime of the people who organise it, not of the person "
                    "smuggled. It does not give the person a right to stay."
                )
            ),
            Message(
                _(
                    "A lawyer or a legal aid office can explain the person's rights and options for "
                    "staying. First-line legal advice is free."
                )
            ),
            Message(
                _(
                    "If the person fears harm in their own country, they can ask for international "
                    "protection (asylum) in Belgium. A lawyer can explain how."
                )
            ),
            Message(
                _(
                    "The specialised centres guide victims of trafficking and of aggravated smuggling. "
                    "For smuggling alone they can give advice, but the protection procedure for "
                    "victims does not apply."
                )
            ),
            Message(
                _(
                    "Watch for signs of exploitation, such as a debt to the smugglers that must be "
                    "worked off: smuggling can turn into trafficking, and then the person is a "
                    "victim with the right to protection."
                )
            ),
        )
    steps = [
        Message(
            _(
                "A specialised centre talks with the person, confidentially, and can guide them "
                "for as long as needed."
            )
        )
    ]
    if belgian or eu:
        steps.append(
            Message(
                _(
                    "A Belgian or EU citizen needs no residence document: the centre's guidance and "
                    "the judicial path are the same."
                )
            )
        )
    else:
        steps.append(
            Message(
                _(
                    "A person who is not Belgian or an EU citizen can receive a document for 45 days "
                    "to recover and decide. They do not have to talk to the police yet."
                )
            )
        )
        steps.append(
            Message(
                _(
                    "To receive the next residence documents the person must break off contact with "
                    "the suspected exploiters, accept guidance by a specialised centre and cooperate "
                    "with justice, for example by making statements. They must not be a danger to "
                    "public order."
                )
            )
        )
        steps.append(
            Message(
                _(
                    "Once the trafficking is proven in court, or the prosecutor keeps the charge, the "
                    "person may be allowed to stay for good. It is a decision, not an automatic "
                    "right."
                )
            )
        )
    if not opens_procedure:
        steps.append(
            Message(
                _(
                    "Not everything the law needs is known yet. The centre can help find out, "
                    "without the person having to decide anything now."
                )
            )
        )
    return tuple(steps)


def plan_actions(
    *,
    urgency: str,
    recommendation: CentreRecommendation | None,
    minor: bool,
    nationality: str | None,
    forms: tuple[str, ...],
    route: str | None = None,
    unaccompanied: bool | None = None,
) -> tuple[Action, ...]:
    """The ordered steps for a screening, following the person's route.

    1. In an emergency, call 112 before anything else.
    2. Child route: for a child who is not Belgian (or whose nationality is not known), the
       guardianship service, which appoints a guardian for an unaccompanied foreign child
       (REFERENCE §3, §11); for every child, the youth prosecutor through the police and youth
       care; the minors' centres Esperanto and Minor-Ndako ([verify roles and contacts]).
       Smuggling route: legal aid, then information on asylum.
    3. The specialised centres: the one recommended for the postal code first, then the others;
       without a postal code all three, none marked as recommended.
    4. The national hotline (not on the smuggling route, where the police investigate smugglers).
    5. For labour exploitation, the social inspection.
    6. Outside an emergency, the police (101 or the local police station), who can investigate.
    """
    if route is None:
        route = ROUTE_CHILD if minor else ROUTE_ADULT_TRAFFICKING
    actions: list[Action] = []
    if urgency == EMERGENCY:
        actions.append(
            Action(
                "call_emergency",
                CALL,
                Message(
                    _("Call %(number)s now: someone is in immediate danger."), {"number": EMERGENCY_NUMBER}
                ),
                number=EMERGENCY_NUMBER,
            )
        )
    if route == ROUTE_CHILD:
        if nationality != "BE" and unaccompanied is not False:
            actions.append(
                Action(
                    "contact_guardianship",
                    CONTACT_GUARDIANSHIP,
                    _guardianship_text(nationality, unaccompanied),
                )
            )
        actions.append(
            Action(
                "contact_youth_protection",
                CONTACT_YOUTH_PROTECTION,
                Message(
                    _(
                        "Tell the police (%(number)s) that a child may be a victim: they inform the "
                        "youth prosecutor, who can protect the child. Youth care helps the child "
                        "and the family."
                    ),
                    {"number": POLICE_NUMBER},
                ),
                number=POLICE_NUMBER,
            )
        )
        actions.append(
            Action(
                "contact_minors_centre",
                CONTACT_MINORS_CENTRE,
                Message(
                    _(
                        "Ask a specialised centre about Esperanto (Wallonia) or Minor-Ndako "
                        "(Brussels), which take in child victims."
                    )
                ),
            )
        )
    if route == ROUTE_SMUGGLED:
        actions.append(
            Action(
                "contact_legal_aid",
                CONTACT_LEGAL_AID,
                Message(
                    _(
                        "Help the person reach a lawyer or a legal aid office: first-line legal "
                        "advice is free and confidential."
                    )
                ),
            )
        )
        actions.append(
            Action(
                "asylum_information",
                ASYLUM_INFORMATION,
                Message(
                    _(
                        "If the person fears harm in their own country, tell them they can ask for "
                        "asylum (international protection) in Belgium."
                    )
                ),
            )
        )

    if route == ROUTE_SMUGGLED:
        recommended_text = Message(
            _(
                "You can ask this specialised centre for advice. It guides victims of trafficking "
                "and of aggravated smuggling."
            )
        )
    else:
        recommended_text = Message(
            _(
                "Contact this specialised centre: it is the closest to where the situation "
                "is. The centre gives advice and can guide the person."
            )
        )
    if recommendation is not None:
        actions.append(
            Action(
                f"contact_centre_{recommendation.recommended}",
                CONTACT_CENTRE,
                recommended_text,
                centre=recommendation.recommended,
                recommended=True,
            )
        )
        others = recommendation.centres[1:]
    else:
        others = CENTRES
    for slug in others:
        actions.append(
            Action(
                f"contact_centre_{slug}",
                CONTACT_CENTRE,
                Message(_("You may also contact this specialised centre, wherever you are in Belgium.")),
                centre=slug,
            )
        )
    if route != ROUTE_SMUGGLED:
        actions.append(
            Action(
                "contact_hotline",
                CONTACT_HOTLINE,
                Message(
                    _(
                        "Call the national hotline on human trafficking at %(number)s "
                        "to report the situation."
                    ),
                    {"number": HOTLINE_NUMBER},
                ),
                number=HOTLINE_NUMBER,
            )
        )
    if "labour" in forms:
        actions.append(
            Action(
                "contact_inspection",
                CONTACT_INSPECTION,
                Message(
                    _(
                        "For exploitation at work, tell the social inspection: it checks working "
                        "conditions and can act against the employer."
                    )
                ),
            )
        )
    if urgency != EMERGENCY and route != ROUTE_CHILD:
        actions.append(
            Action(
                "contact_police",
                CONTACT_POLICE,
                Message(
                    _("You can also go to the local police station or call the police at %(number)s."),
                    {"number": POLICE_NUMBER},
                ),
                number=POLICE_NUMBER,
            )
        )
    return tuple(actions)


@dataclass(frozen=True)
class Advice:
    id: str
    text: Message


DONT: tuple[Advice, ...] = (
    Advice("confront", Message(_("Do not confront the people you suspect of exploiting the person."))),
    Advice(
        "act_without_person",
        Message(
            _(
                "Outside an emergency, do not take steps without the person: acting behind their "
                "back can put them in more danger."
            )
        ),
    ),
    Advice(
        "promise",
        Message(_("Do not promise what you cannot keep, such as papers, money or a place to stay.")),
    ),
    Advice(
        "pressure",
        Message(_("Do not push the person to tell everything at once; let them go at their own pace.")),
    ),
    Advice(
        "judge",
        Message(_("Do not blame the person for what they were made to do, or for having agreed at first.")),
    ),
    Advice(
        "share",
        Message(_("Do not share what you know with anyone who does not need it, including on social media.")),
    ),
    Advice(
        "interpreter",
        Message(_("Do not use someone from the person's surroundings as an interpreter.")),
    ),
)

DONT_FOR_MINORS: tuple[Advice, ...] = (
    Advice(
        "hand_child_back",
        Message(
            _(
                "Do not hand a child back to an adult who says they are family before the child's "
                "safety has been checked."
            )
        ),
    ),
    Advice(
        "question_child",
        Message(_("Do not question a child in depth yourself; leave that to people trained for it.")),
    ),
)


def things_not_to_do(*, minor: bool, route: str | None = None) -> tuple[Advice, ...]:
    """What not to do, with the advice for children added when the person is a minor.

    On the smuggling route there is no exploiter to confront: that advice is left out.
    """
    advice = DONT
    if route == ROUTE_SMUGGLED:
        advice = tuple(item for item in DONT if item.id != "confront")
    return advice + DONT_FOR_MINORS if minor else advice
