"""The guided questionnaire: one group of questions per step, two wordings, one engine.

Nothing is stored between steps: every answer travels in the form itself (hidden fields for the
steps not on screen), so the questionnaire needs no session, no cookie and no JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keten.core import indicators, law
from keten.knowledge.names import parse_countries
from keten.typography import colon

PROFESSIONAL = "professional"
CITIZEN = "citizen"
AUDIENCES: tuple[str, ...] = (PROFESSIONAL, CITIZEN)

PERSON, ACTS, PURPOSES, MEANS, BORDER, INDICATORS, DANGER = (
    "person",
    "acts",
    "purposes",
    "means",
    "border",
    "indicators",
    "danger",
)
STEPS: tuple[str, ...] = (PERSON, ACTS, PURPOSES, MEANS, BORDER, INDICATORS, DANGER)

MULTI_FIELDS: tuple[str, ...] = (
    "acts",
    "purposes",
    "means",
    "indicators",
    "circumstances",
    "exploiter_relations",
)
SINGLE_FIELDS: tuple[str, ...] = (
    "age",
    "possibly_minor",
    "unaccompanied",
    "nationality",
    "facts_from",
    "facts_to",
    "consent",
    "crossed_irregularly",
    "helped_for_gain",
    "immediate_danger",
    "postal_code",
)
# Where each field of the contract is asked (a dotted contract field → the form field).
FORM_FIELD: dict[str, str] = {
    "person.age": "age",
    "person.nationality": "nationality",
    "person.possibly_minor": "possibly_minor",
    "person.unaccompanied": "unaccompanied",
    "facts_date.from": "facts_from",
    "facts_date.to": "facts_to",
    "border.crossed_irregularly": "crossed_irregularly",
    "border.helped_for_gain": "helped_for_gain",
    "location.postal_code": "postal_code",
}
FIELD_STEP: dict[str, str] = {
    "age": PERSON,
    "possibly_minor": PERSON,
    "unaccompanied": PERSON,
    "nationality": PERSON,
    "facts_from": ACTS,
    "facts_to": ACTS,
    "exploiter_relations": ACTS,
    "acts": ACTS,
    "purposes": PURPOSES,
    "means": MEANS,
    "consent": MEANS,
    "crossed_irregularly": BORDER,
    "helped_for_gain": BORDER,
    "indicators": INDICATORS,
    "immediate_danger": DANGER,
    "postal_code": DANGER,
    "circumstances": DANGER,
}

Text = str | Promise


@dataclass(frozen=True)
class Wording:
    professional: Text
    citizen: Text

    def for_(self, audience: str) -> Text:
        return self.professional if audience == PROFESSIONAL else self.citizen


def same(text: Text) -> Wording:
    return Wording(text, text)


STEP_TITLES: dict[str, Wording] = {
    PERSON: same(_("About the person")),
    ACTS: Wording(_("What was done: the act"), _("What happened")),
    PURPOSES: Wording(_("The aim: which form of exploitation"), _("What the person has to do")),
    MEANS: Wording(_("The means used"), _("How the person is kept in it")),
    BORDER: Wording(_("Border and residence"), _("Coming to Belgium")),
    INDICATORS: Wording(_("Indicators you observed"), _("What you noticed")),
    DANGER: same(_("Danger and place")),
}

ACT_OPTIONS: dict[str, Wording] = {
    "recruitment": Wording(
        _("Recruited: approached, hired or lured"),
        _("Someone found or lured them, for example with a job offer"),
    ),
    "transport": Wording(_("Transported"), _("Someone took them somewhere, by car, bus, plane or on foot")),
    "transfer": Wording(
        _("Transferred: handed on to someone else"), _("Someone handed them over to other people")
    ),
    "harbouring": Wording(
        _("Harboured: housed or hidden"), _("Someone gives them a place to stay or hides them")
    ),
    "reception": Wording(
        _("Received: met on arrival or taken in"),
        _("Someone picked them up or took them in when they arrived"),
    ),
    "control": Wording(
        _("Control over the person was taken or handed over"),
        _("Someone decides for them: where they go and what they do"),
    ),
}
PURPOSE_OPTIONS: dict[str, Wording] = {
    "sexual": Wording(
        _("Sexual exploitation: prostitution, other sexual exploitation, images of child abuse"),
        _("They have to do sex work or other sexual things"),
    ),
    "labour": Wording(
        _("Labour exploitation: work in conditions contrary to human dignity"),
        _("They have to work in very bad conditions, or for little or no pay"),
    ),
    "begging": Wording(_("Exploitation of begging"), _("They have to beg, and others take the money")),
    "organ_removal": Wording(
        _("Removal of organs or tissue"), _("Someone wants them to give an organ, such as a kidney")
    ),
    "forced_crime": Wording(
        _("Forced criminality: made to commit a crime or offence against their will"),
        _("They are made to commit crimes, such as stealing or selling drugs"),
    ),
    "forced_marriage": Wording(
        _("Forced marriage (new Criminal Code, not confirmed)"),
        _("They have to marry someone"),
    ),
    "illegal_adoption": Wording(
        _("Illegal adoption (new Criminal Code, not confirmed)"),
        _("A child is given away or sold for adoption"),
    ),
    "surrogacy": Wording(
        _("Exploitation of surrogacy (EU directive 2024/1712, transposition not confirmed)"),
        _("They have to carry a baby for other people"),
    ),
}
RELATION_OPTIONS: dict[str, Wording] = {
    "parent": Wording(_("A parent"), _("Their mother or father")),
    "other_authority": Wording(
        _("Another person with authority over them: guardian, carer, teacher"),
        _("Someone else who is in charge of them, such as a guardian or a teacher"),
    ),
    "public_official": Wording(
        _("A public official acting in their function"), _("Someone who works for the government")
    ),
    "partner": Wording(_("A partner or lover"), _("Their boyfriend, girlfriend or partner")),
    "relative": Wording(_("Another relative"), _("Someone else from their family")),
    "employer": Wording(_("An employer"), _("Their boss")),
    "acquaintance": Wording(_("A friend or acquaintance"), _("A friend or someone they know")),
    "stranger": Wording(_("Someone they did not know"), _("A stranger")),
    "other": Wording(_("Someone else"), _("Someone else")),
}
MEANS_OPTIONS: dict[str, Wording] = {
    "violence": Wording(_("Violence"), _("Someone hits them or hurts them")),
    "threats": Wording(_("Threats"), _("Someone threatens them or their family")),
    "deception": Wording(
        _("Deception or false promises"), _("Someone lied to them, for example about the job")
    ),
    "abuse_of_vulnerability": Wording(
        _("Abuse of a vulnerable situation: no papers, poverty, illness, dependence"),
        _("Someone takes advantage of their situation, for example having no papers or no money"),
    ),
    "coercion": Wording(_("Other coercion"), _("Someone forces them in another way")),
    "abduction": Wording(_("Abduction"), _("They were kidnapped")),
    "abuse_of_authority": Wording(
        _("Abuse of authority"),
        _("Someone with power over them abuses it, such as an employer or an official"),
    ),
    "payment_to_controller": Wording(
        _("Payment to someone who has authority over the person"),
        _("Someone paid a family member or another person who has power over them"),
    ),
}
CIRCUMSTANCE_OPTIONS: dict[str, Wording] = {
    "life_endangered": same(_("The person's life was put in danger")),
    "serious_harm": same(_("The person suffered an incurable illness or a long incapacity")),
    "habitual_activity": same(_("The people involved do this habitually")),
    "association": same(_("It is part of the activity of an association of people")),
    "criminal_organisation": same(_("A criminal organisation is involved")),
    "death": same(_("The person died")),
    "ict_used": same(_("It was done through the internet or other communication technology")),
}
TRI_STATE: tuple[tuple[str, Text], ...] = (
    ("yes", _("Yes")),
    ("no", _("No")),
    ("", _("I do not know")),
)


@dataclass
class Option:
    value: str
    label: Text
    checked: bool = False
    more: bool = False  # shown behind "More signs" until opened


@dataclass
class Question:
    """One question on screen. ``kind`` is checkboxes, radio, number, text or checkbox."""

    name: str
    kind: str
    legend: Text
    hint: Text = ""
    options: list[Option] = field(default_factory=list)
    value: str = ""
    error: str = ""
    collapsed: bool = False
    key: str = ""

    @property
    def first_options(self) -> list[Option]:
        return [option for option in self.options if not option.more]

    @property
    def more_options(self) -> list[Option]:
        return [option for option in self.options if option.more]

    @property
    def more_open(self) -> bool:
        return any(option.checked for option in self.more_options)


Answers = dict[str, Any]


def empty_answers() -> Answers:
    return {**{name: [] for name in MULTI_FIELDS}, **{name: "" for name in SINGLE_FIELDS}}


def read_answers(data: QueryDict | Mapping[str, Any]) -> Answers:
    """The answers carried by a form (visible and hidden fields alike), as typed."""
    answers = empty_answers()
    for name in MULTI_FIELDS:
        values = data.getlist(name) if isinstance(data, QueryDict) else list(data.get(name) or [])
        answers[name] = list(dict.fromkeys(value for value in values if value))
    for name in SINGLE_FIELDS:
        answers[name] = str(data.get(name) or "").strip()
    answers["indicators"] = _one_per_sign(answers["indicators"])
    return answers


def _one_per_sign(values: list[str]) -> list[str]:
    """Each ticked sign under the id the screening shows it by (``indicators.SAME_SIGN``); ids that
    are not in the catalogue stay as typed, so that the contract names them."""
    return list(
        dict.fromkeys(indicators.shown_as(value) if value in indicators.BY_ID else value for value in values)
    )


def _tri_state(value: str) -> bool | str | None:
    return {"yes": True, "no": False, "": None}.get(value, value)


def _country_code(typed: str) -> str:
    """A country typed by name (in any of our languages) or code; as typed when it is not one country."""
    codes, unknown = parse_countries(typed)
    return codes[0] if len(codes) == 1 and not unknown else typed


def to_facts(answers: Answers) -> dict[str, Any]:
    """The contract's facts from the answers; values that do not fit are passed on as typed, so
    that ``parse_facts`` names the field and says why."""
    age: int | str | None = answers["age"] or None
    if isinstance(age, str) and _whole_number(age):
        age = int(age)
    return {
        "person": {
            "age": age,
            "nationality": _country_code(answers["nationality"]) or None,
            "possibly_minor": True if answers["possibly_minor"] == "yes" else None,
            "unaccompanied": _tri_state(answers["unaccompanied"]),
        },
        "facts_date": {"from": answers["facts_from"] or None, "to": answers["facts_to"] or None},
        "exploiter_relations": answers["exploiter_relations"],
        "acts": answers["acts"],
        "purposes": answers["purposes"],
        "means": answers["means"],
        "consent": _tri_state(answers["consent"]),
        "border": {
            "crossed_irregularly": _tri_state(answers["crossed_irregularly"]),
            "helped_for_gain": _tri_state(answers["helped_for_gain"]),
        },
        "indicators": answers["indicators"],
        "immediate_danger": True
        if answers["immediate_danger"] == "yes"
        else _tri_state(answers["immediate_danger"]),
        "location": {"postal_code": answers["postal_code"]},
        "circumstances": answers["circumstances"],
    }


def from_facts(facts: Mapping[str, Any]) -> Answers:
    """The answers for facts in the contract's form (to edit a saved screening's facts again)."""

    def tri(value: Any) -> str:
        return {True: "yes", False: "no"}.get(value, "")

    person = facts.get("person") or {}
    border = facts.get("border") or {}
    dates = facts.get("facts_date") or {}
    location = facts.get("location") or {}
    answers = empty_answers()
    answers.update(
        age="" if person.get("age") is None else str(person["age"]),
        nationality=person.get("nationality") or "",
        possibly_minor="yes" if person.get("possibly_minor") else "",
        unaccompanied=tri(person.get("unaccompanied")),
        facts_from=dates.get("from") or "",
        facts_to=dates.get("to") or "",
        consent=tri(facts.get("consent")),
        crossed_irregularly=tri(border.get("crossed_irregularly")),
        helped_for_gain=tri(border.get("helped_for_gain")),
        immediate_danger="yes" if facts.get("immediate_danger") else "",
        postal_code=location.get("postal_code") or "",
    )
    for name in MULTI_FIELDS:
        answers[name] = list(facts.get(name) or [])
    answers["indicators"] = _one_per_sign(answers["indicators"])
    return answers


def form_field(contract_field: str) -> str:
    return FORM_FIELD.get(contract_field, contract_field)


def _choices(
    name: str, legend: Text, options: dict[str, Wording], answers: Answers, audience: str
) -> Question:
    chosen = set(answers[name])
    return Question(
        name,
        "checkboxes",
        legend,
        options=[
            Option(value, wording.for_(audience), value in chosen) for value, wording in options.items()
        ],
    )


def _tri(name: str, legend: Text, answers: Answers, hint: Text = "") -> Question:
    return Question(
        name,
        "radio",
        legend,
        hint,
        options=[Option(value, label, answers[name] == value) for value, label in TRI_STATE],
        value=answers[name],
    )


def _whole_number(typed: str) -> bool:
    """ASCII digits, at most four: isdigit() alone lets "²" (int() fails) and thousands of digits
    (int() refuses more than 4300) through to int()."""
    return typed.isascii() and typed.isdigit() and len(typed) <= 4


def _age(answers: Answers) -> int | None:
    return int(answers["age"]) if _whole_number(answers["age"]) else None


def _child(answers: Answers) -> bool | None:
    """A child (True), an adult (False) or not known (None); presumed a child when age is unknown
    and the person may be one (Directive 2011/36/EU art. 13(2))."""
    age = _age(answers)
    if age is not None:
        return age < law.ADULT_AGE
    return True if answers["possibly_minor"] == "yes" else None


def questions(step: str, answers: Answers, audience: str) -> list[Question]:
    """The questions of one step, in the audience's wording, filled with the answers so far."""
    pro = audience == PROFESSIONAL
    if step == PERSON:
        return [
            Question(
                "age",
                "number",
                _("Age in years") if pro else _("How old is the person?"),
                _("Leave it empty if you do not know. An estimate helps: children get extra protection."),
                value=answers["age"],
            ),
            Question(
                "possibly_minor",
                "checkbox",
                _("Age not known, but the person may be a child"),
                _("Then the person is treated as a child until their age is known."),
                options=[Option("yes", _("The person may be under 18"), answers["possibly_minor"] == "yes")],
            ),
            _tri(
                "unaccompanied",
                _("If the person is a child: are they in Belgium without a parent or legal guardian?"),
                answers,
            ),
            Question(
                "nationality",
                "text",
                _("Nationality"),
                _(
                    "The country's name, such as Belgium, Romania or Nigeria, "
                    "or its two-letter code (BE, RO, NG)."
                ),
                value=answers["nationality"],
            ),
        ]
    if step == ACTS:
        legend = _("What was done with the person?") if pro else _("What did someone do with this person?")
        return [
            _choices("acts", legend, ACT_OPTIONS, answers, audience),
            _choices(
                "exploiter_relations",
                _("Who is the suspected exploiter to the person?")
                if pro
                else _("Who is doing this to them?"),
                RELATION_OPTIONS,
                answers,
                audience,
            ),
            Question(
                "facts_from",
                "date",
                _("When did it happen, or when did it start?"),
                _("An approximate date helps: the law changed on 8 April 2026."),
                value=answers["facts_from"],
            ),
            Question(
                "facts_to",
                "date",
                _("When did it end? Leave empty if it is still going on or if it was one day."),
                value=answers["facts_to"],
            ),
        ]
    if step == PURPOSES:
        legend = _("For which purpose?") if pro else _("What does the person have to do?")
        return [_choices("purposes", legend, PURPOSE_OPTIONS, answers, audience)]
    if step == MEANS:
        legend = _("Which means were used?") if pro else _("How is the person pushed or kept in it?")
        return [
            _choices("means", legend, MEANS_OPTIONS, answers, audience),
            _tri(
                "consent",
                _("Did the person agree at first?"),
                answers,
                _(
                    "Agreeing does not make exploitation legal. Only when someone is made to commit "
                    "crimes does the law ask whether it was against their will."
                ),
            ),
        ]
    if step == BORDER:
        return [
            _tri(
                "crossed_irregularly",
                _(
                    "Did the person enter, pass through or stay in Belgium or another EU or Schengen "
                    "country without the right papers?"
                )
                if pro
                else _("Did the person come to Belgium, or stay here, without the right papers?"),
                answers,
            ),
            _tri(
                "helped_for_gain",
                _(
                    "Did someone help them do so to gain money or something else of value, "
                    "directly or indirectly?"
                )
                if pro
                else _("Did someone help them, and get paid for it?"),
                answers,
            ),
        ]
    if step == INDICATORS:
        return indicator_questions(answers, audience)
    if step == DANGER:
        danger = Question(
            "immediate_danger",
            "checkbox",
            _("Is someone in immediate danger right now?") if pro else _("Is someone in danger right now?"),
            options=[Option("yes", _("Yes, someone is in danger now"), answers["immediate_danger"] == "yes")],
        )
        place = Question(
            "postal_code",
            "text",
            _("Postal code of the place where this happens"),
            _("Four digits, such as 1000. We use it only to suggest the nearest centre."),
            value=answers["postal_code"],
        )
        result = [danger, place]
        if pro:
            result.append(
                _choices(
                    "circumstances",
                    _("Other facts that make it more serious"),
                    CIRCUMSTANCE_OPTIONS,
                    answers,
                    audience,
                )
            )
        return result
    raise ValueError(step)


# How many signs of a group are shown before "More signs": enough for one phone screen.
FIRST_SIGNS = 4


def _ordered(items: list[indicators.Indicator]) -> list[indicators.Indicator]:
    """The most telling signs first (strong, then medium, then weak)."""
    return sorted(items, key=lambda item: indicators.STRENGTHS.index(item.strength))


def _sign_options(items: list[indicators.Indicator], chosen: set[str]) -> list[Option]:
    """The most telling signs first; past ``FIRST_SIGNS`` the rest go behind "More signs"."""
    return [
        Option(item.id, gettext(item.label), item.id in chosen, more=position >= FIRST_SIGNS)
        for position, item in enumerate(_ordered(items))
    ]


def _sign_groups(answers: Answers) -> list[tuple[str, list[indicators.Indicator], bool]]:
    """The groups of signs as shown: (the group's label to translate, its signs, folded or not)."""
    # A sign that repeats another list's is shown once, where a professional meets it first.
    shown = [
        item
        for item in indicators.catalogue_for(child=_child(answers))
        if indicators.shown_as(item.id) == item.id
    ]
    chosen = set(answers["indicators"])
    groups = []
    for group in indicators.GROUPS:
        if group == indicators.OPERATIONAL:
            for dimension in indicators.DIMENSIONS:
                items = [item for item in shown if item.dimension == dimension]
                groups.append(
                    (
                        indicators.DIMENSION_LABELS[dimension],
                        items,
                        not chosen & {item.id for item in items},
                    )
                )
            continue
        items = [item for item in shown if item.group == group]
        # The signs of one form stay folded unless that form was chosen as the aim.
        form = _GROUP_FORM.get(group)
        groups.append(
            (
                indicators.GROUP_LABELS[group],
                items,
                form is not None
                and form not in answers["purposes"]
                and not chosen & {item.id for item in items},
            )
        )
    return groups


def indicator_questions(answers: Answers, audience: str) -> list[Question]:
    """The indicators in groups, those for children only when the person is (presumed) a minor.

    Each group shows its most telling signs first and the rest behind "More signs". The detailed
    ILO/EC dimensions stay folded until one of their signs is ticked, for both audiences, so that
    a phone shows one screen of choices at a time. Signs that several lists name alike are shown
    once (``indicators.SAME_SIGN``).
    """
    chosen = set(answers["indicators"])
    return [
        Question(
            "indicators",
            "checkboxes",
            gettext(label),
            options=_sign_options(items, chosen),
            collapsed=collapsed,
        )
        for label, items, collapsed in _sign_groups(answers)
    ]


def chosen_signs(answers: Answers) -> list[str]:
    """The ticked signs in words, in the order :func:`indicator_questions` shows them (for the
    summary: without translating the hundred signs that were not ticked)."""
    chosen = set(answers["indicators"])
    return [
        gettext(item.label)
        for _label, items, _collapsed in _sign_groups(answers)
        for item in _ordered(items)
        if item.id in chosen
    ]


_GROUP_FORM: dict[str, str] = {
    indicators.FORCED_LABOUR: "labour",
    indicators.BEGGING: "begging",
    indicators.FORCED_CRIME: "forced_crime",
    indicators.ORGAN_REMOVAL: "organ_removal",
}


def hidden_fields(answers: Answers, shown: list[Question]) -> list[tuple[str, str]]:
    """The answers that are not on screen, as (name, value) pairs for hidden inputs."""
    free = {question.name for question in shown if question.kind != "checkboxes"}
    on_screen: dict[str, set[str]] = {}
    for question in shown:
        if question.kind == "checkboxes":
            on_screen.setdefault(question.name, set()).update(option.value for option in question.options)
    pairs: list[tuple[str, str]] = []
    for name in MULTI_FIELDS:
        pairs.extend((name, value) for value in answers[name] if value not in on_screen.get(name, set()))
    for name in SINGLE_FIELDS:
        if name not in free and answers[name]:
            pairs.append((name, answers[name]))
    return pairs


def numbered(shown: list[Question]) -> list[Question]:
    """Give every question on the page a stable id for its labels and hints."""
    for position, question in enumerate(shown):
        question.key = f"q{position}-{question.name}"
    return shown


def summary(answers: Answers, audience: str) -> list[dict[str, Any]]:
    """What was answered, step by step, in words (for the result page)."""
    rows = []
    for step in STEPS:
        given: list[str] = []
        if step == INDICATORS:
            rows.append(
                {"step": step, "title": STEP_TITLES[step].for_(audience), "answers": chosen_signs(answers)}
            )
            continue
        for question in questions(step, answers, audience):
            if question.kind in ("checkboxes", "checkbox"):
                given.extend(str(option.label) for option in question.options if option.checked)
            elif question.kind == "radio":
                given.extend(
                    f"{question.legend} {option.label}"
                    for option in question.options
                    if option.checked and option.value
                )
            elif question.value:
                separator = " " if str(question.legend).endswith("?") else colon()
                given.append(f"{question.legend}{separator}{question.value}")
        rows.append({"step": step, "title": STEP_TITLES[step].for_(audience), "answers": given})
    return rows
