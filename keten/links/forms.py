from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keten.links.kinds import TYPED_KINDS, IdentifierKind
from keten.links.normalise import NotAnIdentifier, normalise

COUNTRIES = [
    ("BE", _("Belgium")),
    ("NL", _("the Netherlands")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("LU", _("Luxembourg")),
    ("GB", _("the United Kingdom")),
    ("RO", _("Romania")),
    ("BG", _("Bulgaria")),
    ("PL", _("Poland")),
]


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(kind, IdentifierKind(kind).label) for kind in TYPED_KINDS]
    )
    value = forms.CharField(label=_("Identifier"), max_length=300)
    country = forms.ChoiceField(
        label=_("Country (for a phone number without +, a plate or an address)"),
        choices=COUNTRIES,
        initial="BE",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data and "value" in data:
            try:
                normalise(data["kind"], data["value"], data.get("country") or "BE")
            except NotAnIdentifier as problem:
                self.add_error("value", str(problem.message))
        return data


class NetworkFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Link through"),
        choices=IdentifierKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    since = forms.DateField(
        label=_("Records from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Records until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("refer", _("We will refer our record")), ("no_referral", _("We will not refer"))]
    )
