"""What to do next: how urgent the situation is, whom to contact in which order, and what not to do.

Urgency is Keten's own triage, not a legal rule:

- ``emergency`` when someone is in immediate danger: the first action is always to call 112;
- ``urgent`` when the person is a minor, when signs show that they are held or hurt now, or when
  their life has been put in danger;
- ``normal`` otherwise.

Contacts come from REFERENCE §4 and §5: the three specialised centres (the recommended one for the
postal code first), the national hotline, the social inspection for labour exploitation, the
guardianship service for a foreign minor, and the police.
"""

from __future__ import annotations

from dataclasses import dataclass

from keten.core.i18n import Message, _
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
ACTION_KINDS: tuple[str, ...] = (
    CALL,
    CONTACT_CENTRE,
    CONTACT_HOTLINE,
    CONTACT_INSPECTION,
    CONTACT_GUARDIANSHIP,
    CONTACT_POLICE,
)


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


def plan_actions(
    *,
    urgency: str,
    recommendation: CentreRecommendation | None,
    minor: bool,
    nationality: str | None,
    forms: tuple[str, ...],
) -> tuple[Action, ...]:
    """The ordered steps for a screening.

    1. In an emergency, call 112 before anything else.
    2. For a minor who is not Belgian (or whose nationality is not known), the guardianship service,
       which appoints a guardian for an unaccompanied foreign minor (REFERENCE §3).
    3. The specialised centres: the one recommended for the postal code first, then the others;
       without a postal code all three, none marked as recommended.
    4. The national hotline.
    5. For labour exploitation, the social inspection.
    6. Outside an emergency, the police (101 or the local police station), who can investigate.
    """
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
    if minor and nationality != "BE":
        if nationality is None:
            text = Message(
                _(
                    "If the child is not Belgian and is in Belgium without a parent or guardian, "
                    "tell the guardianship service: it appoints a guardian to protect the child."
                )
            )
        else:
            text = Message(
                _(
                    "If the child is in Belgium without a parent or guardian, tell the "
                    "guardianship service: it appoints a guardian to protect the child."
                )
            )
        actions.append(Action("contact_guardianship", CONTACT_GUARDIANSHIP, text))

    if recommendation is not None:
        actions.append(
            Action(
                f"contact_centre_{recommendation.recommended}",
                CONTACT_CENTRE,
                Message(
                    _(
                        "Contact this specialised centre: it is the closest to where the situation "
                        "is. The centre gives advice and can guide the person."
                    )
                ),
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
    actions.append(
        Action(
            "contact_hotline",
            CONTACT_HOTLINE,
            Message(
                _("Call the national hotline on human trafficking at %(number)s to report the situation."),
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
    if urgency != EMERGENCY:
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


def things_not_to_do(*, minor: bool) -> tuple[Advice, ...]:
    """What not to do, with the advice for children added when the person is a minor."""
    return DONT + DONT_FOR_MINORS if minor else DONT
