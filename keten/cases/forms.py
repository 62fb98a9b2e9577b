"""Forms of the case file: they validate and keep what was typed; services do the writing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django import forms as djforms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keten.accounts.models import Organisation, User
from keten.accounts.roles import Role
from keten.cases.choices import (
    ContactRole,
    FormOfExploitation,
    Gender,
    GuidanceDomain,
    IntakeChannel,
    LinkKind,
    MethodOfControl,
    Sector,
    SexualExploitationType,
)
from keten.cases.models import EVIDENCE_KINDS, OPINIONS, PROCEDURE_EVENTS, GuidanceActivity
from keten.cases.nationalities import parse_nationalities
from keten.knowledge import names


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PastDateField(forms.DateField):
    """A date that has happened: today or earlier (decisions, steps, evidence, referral).

    A date after today is refused with the field's name in the message: a future step
    would block every later one (documents keep their future expiry dates elsewhere).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _("%(field)s: this date is after today. Enter today's date or an earlier one."),
                code="date_in_future",
                params={"field": self.label},
            )


class NameListField(forms.CharField):
    """Countries or languages typed by name (in any of Keten's languages) or code, kept as ISO codes."""

    def __init__(
        self,
        *,
        parse: Callable[[str], tuple[list[str], list[str]]],
        names: Callable[[list[str]], list[str]],
        invalid: Any,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)
        self.parse, self.names, self.invalid = parse, names, invalid

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(self.names(list(value)))
        return value

    def clean(self, value: Any) -> list[str]:
        codes, unknown = self.parse(super().clean(value) or "")
        if unknown:
            raise forms.ValidationError(self.invalid, params={"names": ", ".join(unknown)})
        return codes


OLDEST_AGE = 120
"""A date of birth further back than this is a typing error (a year of 1097 for 1997)."""


class CaseForm(djforms.Form):
    given_names = djforms.CharField(label=_("Given names"), max_length=200)
    family_name = djforms.CharField(label=_("Family name"), max_length=200, required=False)
    aliases = djforms.CharField(label=_("Other names used"), max_length=500, required=False)
    date_of_birth = djforms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    gender = djforms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    nationalities = NameListField(
        label=_("Nationalities"),
        help_text=_(
            "Countries or nationalities, separated by commas, for example Romania, Nigerian "
            "(or their codes: RO, NG)."
        ),
        parse=parse_nationalities,
        names=names.country_names,
        invalid=_(
            "We do not know these countries: %(names)s. Check the spelling, or use the two-letter code."
        ),
    )
    unaccompanied = djforms.BooleanField(
        label=_("A child in Belgium without a parent or legal guardian"),
        help_text=_(
            "For a foreign child: the guardianship service appoints a guardian, and the first document "
            "covers 3 months at once instead of 45 days."
        ),
        required=False,
    )
    languages = NameListField(
        label=_("Languages"),
        help_text=_(
            "Languages, separated by commas, for example English, Romanian (or their codes: en, ro)."
        ),
        parse=names.parse_languages,
        names=names.language_names,
        invalid=_(
            "We do not know these languages: %(names)s. Check the spelling, or use the code, for example en."
        ),
    )
    contact_details = djforms.CharField(
        label=_("Contact details"), required=False, widget=djforms.Textarea(attrs={"rows": 2})
    )
    identity_documents = djforms.CharField(
        label=_("Identity document numbers"), required=False, widget=djforms.Textarea(attrs={"rows": 2})
    )
    forms = djforms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=FormOfExploitation.choices,
        required=False,
        widget=djforms.CheckboxSelectMultiple,
    )
    sexual_exploitation_types = djforms.MultipleChoiceField(
        label=_("Types of sexual exploitation"),
        help_text=_("Only for sexual exploitation."),
        choices=SexualExploitationType.choices,
        required=False,
        widget=djforms.CheckboxSelectMultiple,
    )
    sector = djforms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False)
    means_of_control = djforms.MultipleChoiceField(
        label=_("Means of control"),
        help_text=_("How the exploiters kept the person under control, as far as it is known."),
        choices=MethodOfControl.choices,
        required=False,
        widget=djforms.CheckboxSelectMultiple,
    )
    exploitation_place = djforms.CharField(label=_("Place of exploitation"), max_length=300, required=False)
    exploitation_started_on = djforms.DateField(
        label=_("Exploitation started on"), required=False, widget=DateInput()
    )
    exploitation_ended_on = djforms.DateField(
        label=_("Exploitation ended on"), required=False, widget=DateInput()
    )
    intake_channel = djforms.ChoiceField(label=_("How the person came in"), choices=IntakeChannel.choices)
    referred_on = PastDateField(
        label=_("Date of referral"),
        required=False,  # left empty: today
        help_text=_(
            "The day the person was referred to your centre: today, or earlier if they came in before."
        ),
    )
    confirm_not_duplicate = djforms.BooleanField(
        label=_("I have checked: this is another person, or the same person needs a new file."),
        required=False,
    )

    def __init__(
        self, *args: Any, show_confirmation: bool = False, with_referral: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not show_confirmation:
            del self.fields["confirm_not_duplicate"]
        if with_referral:
            self.fields["referred_on"].initial = timezone.localdate
        else:
            # Once a later step is recorded, the referral date is part of the history.
            del self.fields["referred_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("exploitation_started_on"), data.get("exploitation_ended_on")
        if started and ended and ended < started:
            self.add_error("exploitation_ended_on", _("The end of the exploitation is before its start."))
        if data.get("sexual_exploitation_types") and "sexual" not in (data.get("forms") or []):
            self.add_error(
                "sexual_exploitation_types",
                _(
                    "Choose sexual exploitation among the forms, "
                    "or leave the types of sexual exploitation empty."
                ),
            )
        today = timezone.localdate()
        birth = data.get("date_of_birth")
        if birth and birth > today:
            self.add_error("date_of_birth", _("The date of birth is in the future."))
        elif birth and birth.year < today.year - OLDEST_AGE:
            self.add_error(
                "date_of_birth",
                _("The date of birth is more than %(years)s years ago. Check the year.")
                % {"years": OLDEST_AGE},
            )
        for field in ("exploitation_started_on", "exploitation_ended_on"):
            day = data.get(field)
            if day and day > today:
                self.add_error(field, _("This date is in the future: enter the day it happened."))
            elif day and birth and birth <= today and day < birth:
                self.add_error(field, _("This date is before the date of birth."))
        referred = data.get("referred_on")
        if referred and birth and birth <= today and referred < birth:
            self.add_error("referred_on", _("The date of referral is before the date of birth."))
        return data

    def case_data(self) -> dict[str, Any]:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in ("confirm_not_duplicate", "referred_on")
        }
        data["date_of_birth"] = data["date_of_birth"].isoformat() if data.get("date_of_birth") else ""
        return data


class _PrefixedForm(forms.Form):
    """Several forms share the case page: each gets its own element ids."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class MoveForm(_PrefixedForm):
    id_prefix = "move"

    event = forms.ChoiceField(label=_("Step"), choices=PROCEDURE_EVENTS)
    on = PastDateField(label=_("Date of the decision"))
    document_reference = forms.CharField(label=_("Document reference"), max_length=100, required=False)
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(_PrefixedForm):
    id_prefix = "evidence"
    kind = forms.ChoiceField(label=_("Evidence"), choices=EVIDENCE_KINDS)
    recorded_on = PastDateField(label=_("Date"))


class OpinionForm(_PrefixedForm):
    id_prefix = "opinion"
    opinion = forms.ChoiceField(label=_("Opinion of the magistrate"), choices=OPINIONS)
    given_on = PastDateField(label=_("Given on"))


class NoteForm(_PrefixedForm):
    id_prefix = "note"
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class DocumentForm(_PrefixedForm):
    id_prefix = "document"
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("A PDF, JPEG, PNG or WebP file."))


class PlanForm(_PrefixedForm):
    id_prefix = "plan"
    domain = forms.ChoiceField(label=_("Domain"), choices=GuidanceDomain.choices)
    goals = forms.CharField(
        label=_("Goals agreed with the person"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


ACTIVITY_YEARS = 5
"""An activity or appointment further than this from today is a typing error."""


class ActivityForm(_PrefixedForm):
    id_prefix = "activity"
    domain = forms.ChoiceField(label=_("Domain"), choices=GuidanceDomain.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=GuidanceActivity.Kind.choices)
    happens_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    summary = forms.CharField(label=_("What"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        happens_at, kind = data.get("happens_at"), data.get("kind")
        if happens_at is None:
            return data
        now = timezone.now()
        if kind == GuidanceActivity.Kind.ACTIVITY and happens_at > now + timedelta(hours=1):
            self.add_error(
                "happens_at",
                _(
                    "An activity is something that was done: this date is in the future. "
                    "Plan an appointment instead."
                ),
            )
        if abs((happens_at - now).days) > ACTIVITY_YEARS * 366:
            self.add_error(
                "happens_at",
                _("This date is more than %(years)s years away. Check the year.") % {"years": ACTIVITY_YEARS},
            )
        return data


class ContactForm(_PrefixedForm):
    id_prefix = "contact"
    role = forms.ChoiceField(label=_("Role"), choices=ContactRole.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    details = forms.CharField(label=_("How to reach them"), max_length=500, required=False)


class LinkForm(_PrefixedForm):
    id_prefix = "link"
    other = forms.IntegerField(label=_("Number of the other case"), min_value=1)
    kind = forms.ChoiceField(
        label=pgettext_lazy("relation between two cases", "Link"), choices=LinkKind.choices
    )


class DateReasonForm(_PrefixedForm):
    id_prefix = "closing"
    on = PastDateField(label=_("Date"))
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WorkersForm(_PrefixedForm):
    id_prefix = "workers"
    workers = forms.ModelMultipleChoiceField(
        label=_("Social workers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, centre: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["workers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = User.objects.filter(
            memberships__organisation=centre,
            memberships__role=Role.SOCIAL_WORKER,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
