"""Forms of the referral pages. They check input only; the rules live in services and permissions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.accounts.models import Membership, Organisation
from keten.accounts.roles import OrganisationKind
from keten.cases.models import Case
from keten.referrals.models import PHASE_CHOICES, LegalBasis, Outcome
from keten.referrals.permissions import (
    DEFAULT_EXPIRY_DAYS,
    RECEIVING_KINDS,
    SCOPE_LABELS,
    SCOPES_BY_SOURCE,
    Action,
    Scope,
    policy,
)

DATE = forms.DateInput(attrs={"type": "date"})


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({dict(OrganisationKind.choices).get(obj.kind, obj.kind)})"


class ReferralForm(forms.Form):
    to_organisation = PartnerChoiceField(queryset=Organisation.objects.none(), label=_("Refer to"))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why you refer, and what you ask of them. No names here: the scope decides what they see."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What they may see"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents to share"), widget=forms.CheckboxSelectMultiple, choices=[], required=False
    )
    expires_on = forms.DateField(
        label=_("Access ends after"),
        widget=DATE,
        help_text=_("After this day the organisation no longer sees anything of it."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis, when the person did not agree"),
        choices=[(v, label) for v, label in LegalBasis.choices if v != LegalBasis.HOTLINE_MANDATE],
        required=False,
    )
    reporter_contact_shared = forms.BooleanField(
        label=_("The reporter agreed that their contact details go with the report"),
        help_text=_(
            "Leave this empty unless the reporter said so. Without it, the partner never sees how "
            "to reach the reporter."
        ),
        required=False,
    )

    def __init__(
        self, *args: Any, source_kind: str, membership: Membership, case: Case | None, **kwargs: Any
    ):
        kwargs.setdefault(
            "initial", {"expires_on": timezone.localdate() + timedelta(days=DEFAULT_EXPIRY_DAYS)}
        )
        super().__init__(*args, **kwargs)
        field = self.fields["to_organisation"]
        field.queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(kind__in=RECEIVING_KINDS, is_active=True)
            .exclude(pk=membership.organisation_id)
            .order_by("kind", "name")
        )
        scopes = SCOPES_BY_SOURCE[source_kind]
        self.fields["scopes"].choices = [(s.value, SCOPE_LABELS[s]) for s in scopes]  # type: ignore[attr-defined]
        if case is not None and Scope.DOCUMENTS in scopes:
            self.fields["documents"].choices = [  # type: ignore[attr-defined]
                (str(d.pk), f"{d.title or d.pk} ({d.extension})") for d in case.documents.all()
            ]
        else:
            del self.fields["documents"]
        if not policy.may(membership, Action.RECORD_LEGAL_BASIS):
            del self.fields["legal_basis"]
        if source_kind != "report":
            del self.fields["reporter_contact_shared"]


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason, if you decline"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you decline it."))
        return data


class ConsentForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("What the person agreed to share"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(s.value, SCOPE_LABELS[s]) for s in SCOPES_BY_SOURCE["case"]],
    )
    recipient_kind = forms.ChoiceField(
        label=_("With every organisation of this kind"),
        choices=[("", "—"), *[(k, label) for k, label in OrganisationKind.choices if k in RECEIVING_KINDS]],
        required=False,
    )
    recipient = forms.ModelChoiceField(
        label=_("Or with this organisation only"),
        queryset=Organisation.objects.filter(kind__in=RECEIVING_KINDS, is_active=True),
        required=False,
    )
    given_on = forms.DateField(label=_("Agreed on"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("recipient_kind") and not data.get("recipient"):
            self.add_error("recipient_kind", _("Say with whom the person agreed to share."))
        given_on = data.get("given_on")
        if given_on and given_on > timezone.localdate():
            self.add_error("given_on", _("This day is in the future."))
        return data


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=[])
    started_on = forms.DateField(label=_("From"), widget=DATE)
    ended_on = forms.DateField(label=_("Until"), widget=DATE, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)

    def __init__(self, *args: Any, membership: Membership | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owned = policy.grant(membership).phases
        self.phase_choices = [(v, label) for v, label in PHASE_CHOICES if v in owned]
        self.fields["phase"].choices = self.phase_choices  # type: ignore[attr-defined]
        today = timezone.localdate().isoformat()
        for name in ("started_on", "ended_on"):
            self.fields[name].widget.attrs["max"] = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The chain records what happened: a phase that has not begun, or an end still to
        # come, is not a fact yet (and would count in the statistics).
        today = timezone.localdate()
        if data.get("started_on") and data["started_on"] > today:
            self.add_error("started_on", _("The start date cannot be after today."))
        if data.get("ended_on") and data["ended_on"] > today:
            self.add_error("ended_on", _("The end date cannot be after today."))
        elif data.get("ended_on") and data.get("started_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("The end comes before the start."))
        return data
